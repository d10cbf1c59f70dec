"""What each organisation is told: a page per library organisation for the comparison's baseline run.

``organisations/<name>.md`` and ``.html`` (one :class:`~.render.Doc` for both, in the report's
language) give the organisation's weekly and yearly cost share, its crates, and its transport
emissions by ISO 14083 (:mod:`.emissions`): CO2e well-to-wheel per vehicle type, the emission
factors and their sources from ``fleet.csv``, allocated by the cost's key (items x km from the hub),
the intensity per item and per crate moved, the method and the boundary.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..files import write_text
from ..runs import RunRecord
from ..wording import Labels
from .allocation import Share
from .emissions import OrgEmission, VehicleEmission, organisation_emissions, vehicle_emissions
from .render import Doc, fmt

#: The pages' folder inside the comparison's output folder.
FOLDER = "organisations"


def page_names(organisations: list[str]) -> dict[str, str]:
    """Organisation -> a safe file stem (lower-case letters, digits and dashes; unique)."""
    out: dict[str, str] = {}
    for o in organisations:
        stem = re.sub(r"[^a-z0-9]+", "-", o.lower()).strip("-") or "organisation"
        name, k = stem, 2
        while name in out.values():
            name, k = f"{stem}-{k}", k + 1
        out[o] = name
    return out


def page_links(shares: list[Share]) -> list[tuple[str, str]]:
    """(organisation, its page's HTML file relative to the report) for the baseline's organisations."""
    names = page_names([s.organisation for s in shares])
    return [(s.organisation, f"{FOLDER}/{names[s.organisation]}.html") for s in shares]


def _cost_table(doc: Doc, s: Share, e: OrgEmission, weeks: float, L: Labels) -> None:
    keys = ["rep.branches", "rep.items_week", "org.crates_week", "rep.item_km", "rep.share", "rep.eur_week"]
    doc.table(
        [L(k) for k in keys + ["rep.eur_year", "rep.eur_item"]],
        [
            [
                str(s.branches),
                f"{s.items_week:,}",
                f"{e.crates_week:,}",
                f"{s.item_km:,.0f}",
                f"{100 * s.share:.1f}",
                f"{s.cost_eur_week:,.2f}",
                f"{s.cost_eur_week * weeks:,.0f}",
                f"{s.eur_per_item:.3f}",
            ]
        ],
    )


def _emission_table(doc: Doc, e: OrgEmission, vehicles: list[VehicleEmission], weeks: float, L: Labels) -> None:
    keys = ["org.vehicle_type", "org.routes", "org.km_network", "org.g_km", "org.kg_network"]
    rows = [
        [
            v.vehicle_type,
            str(v.routes),
            fmt(v.km),
            fmt(v.g_per_km),
            fmt(v.kg_co2e, 2),
            fmt(e.kg_by_type[v.vehicle_type], 2),
            fmt(e.kg_by_type[v.vehicle_type] * weeks, 0),
        ]
        for v in vehicles
    ]
    total = sum(v.kg_co2e for v in vehicles)
    rows.append(
        [L("org.total"), str(sum(v.routes for v in vehicles)), fmt(sum(v.km for v in vehicles)), "-"]
        + [fmt(total, 2), fmt(e.kg_week, 2), fmt(e.kg_week * weeks, 0)]
    )
    doc.table([L(k) for k in keys + ["org.kg_week", "org.kg_year"]], rows)


def _factor_table(doc: Doc, vehicles: list[VehicleEmission], L: Labels) -> None:
    keys = ["org.vehicle_type", "org.energy_km", "org.unit", "org.wtw_unit", "org.g_km", "org.source"]
    doc.table(
        [L(k) for k in keys],
        [
            [
                v.vehicle_type,
                "-" if v.energy_per_km is None else f"{v.energy_per_km:g}",
                v.energy_unit or "-",
                "-" if v.wtw_g_per_unit is None else f"{v.wtw_g_per_unit:g}",
                fmt(v.g_per_km),
                v.source or "-",
            ]
            for v in vehicles
        ],
    )
    undocumented = [v.vehicle_type for v in vehicles if not v.documented]
    if undocumented:
        doc.note(L("org.undocumented", types=", ".join(undocumented)))


def organisation_doc(
    s: Share, e: OrgEmission, vehicles: list[VehicleEmission], run: str, weeks: float, L: Labels
) -> Doc:
    """One organisation's page."""
    doc = Doc(L("org.title", org=s.organisation), lang=L.lang)
    doc.note(L("org.run", name=run, weeks=weeks))
    doc.heading(2, L("org.h_cost"))
    _cost_table(doc, s, e, weeks, L)
    doc.note(L("org.key", share=100 * s.share))
    doc.heading(2, L("org.h_co2"))
    doc.note(L("org.method"))
    _emission_table(doc, e, vehicles, weeks, L)
    doc.heading(3, L("org.h_intensity"))
    doc.table(
        [L("org.kg_week"), L("org.kg_year"), L("org.g_item"), L("org.g_crate")],
        [[fmt(e.kg_week, 2), fmt(e.kg_week * weeks, 0), fmt(e.g_per_item, 1), fmt(e.g_per_crate, 1)]],
    )
    doc.note(L("org.intensity_note"))
    doc.heading(3, L("org.h_factors"))
    _factor_table(doc, vehicles, L)
    doc.heading(2, L("org.h_boundary"))
    doc.note(L("org.boundary"))
    return doc


def write_pages(folder: Path, base: RunRecord, shares: list[Share], weeks: float, L: Labels) -> list[Path]:
    """Write each organisation's page of the baseline run ``base`` into ``folder``/organisations (Markdown and
    HTML); the files written."""
    vehicles = vehicle_emissions(base.plan, base.network.fleet)
    emissions = {e.organisation: e for e in organisation_emissions(base.plan, base.network, shares, vehicles)}
    names = page_names([s.organisation for s in shares])
    out = []
    for s in shares:
        doc = organisation_doc(s, emissions[s.organisation], vehicles, base.name, weeks, L)
        for ext, text in (("md", doc.to_markdown()), ("html", doc.to_html())):
            path = folder / FOLDER / f"{names[s.organisation]}.{ext}"
            write_text(path, text)
            out.append(path)
    return out
