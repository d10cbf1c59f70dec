"""What a supply rule changes, per scenario and per organisation: crates moved, items moved, and the
share of the baseline's items that no longer travel (runs whose data has a reservation log).

Items moved are the items the vans collect in a week (every item leaves a branch or the hub once), from
the run's own flows (:attr:`.runs.RunRecord.network`: with a log, derived as the run derived them). An
organisation's items are those its branches send: the loans they supply and the returns they send
home, so the returns that floating keeps at a branch count for the organisation that keeps them.
"""

from __future__ import annotations

from typing import Any

from ..runs import RunRecord
from ..wording import Labels
from .render import fmt

COLUMNS = ("crates_moved", "items_moved", "items_no_longer_travel_pct")


def has_log(runs: list[RunRecord]) -> bool:
    return any(r.network.reservations is not None for r in runs)


def items_by_organisation(run: RunRecord) -> dict[str, int]:
    """Items a week each organisation's branches send (the hub's new stock is not an organisation's)."""
    org = {b.id: b.organisation for b in run.network.stops}
    out: dict[str, int] = {}
    for r in run.network.requests:
        if r.origin in org:
            out[org[r.origin]] = out.get(org[r.origin], 0) + r.items
    return out


def items_moved(run: RunRecord) -> int:
    return sum(r.items for r in run.network.requests)


def no_longer_travel(items: int, base_items: int) -> float | None:
    """Percent of the baseline's items that no longer travel (negative: more travel)."""
    return round(100 * (base_items - items) / base_items, 1) if base_items else None


def supply_columns(run: RunRecord, base: RunRecord) -> dict[str, Any]:
    """The run's crates moved (delivered and collected), items moved, and the share no longer travelling."""
    s = run.plan["summary"]
    items = items_moved(run)
    return {
        "crates_moved": int(s.get("crates_delivered", 0) + s.get("crates_collected", 0)),
        "items_moved": items,
        "items_no_longer_travel_pct": no_longer_travel(items, items_moved(base)),
    }


def supply_table(rows: list[dict[str, Any]], L: Labels) -> tuple[list[str], list[list[str]]]:
    """Per scenario: crates moved, km, EUR/week, lead time, items moved and the share no longer travelling,
    with the cost difference against the baseline and its verdict."""
    keys = ("rep.scenario", "rep.crates_moved", "rep.km", "rep.eur_week", "rep.lead_mean", "rep.items_moved")
    header = [L(k) for k in keys] + [L(k) for k in ("rep.no_longer", "rep.saving_week", "rep.difference_col")]
    base = rows[0]
    out = []
    for r in rows:
        out.append(
            [
                r["scenario"],
                f"{fmt(r['crates_moved'], 0)} ({r['crates_moved'] - base['crates_moved']:+d})",
                fmt(r["distance_km"], 1),
                fmt(r["cost_eur_week"], 2),
                fmt(r["lead_time_mean_days"], 2),
                fmt(r["items_moved"], 0),
                fmt(r["items_no_longer_travel_pct"], 1),
                fmt(r["saving_eur_week"], 2),
                L(f"rep.v.{r['difference']}"),
            ]
        )
    return header, out


def organisation_table(runs: list[RunRecord], L: Labels) -> tuple[list[str], list[list[str]]]:
    """Organisation x scenario: the percent of the organisation's baseline items that no longer travel
    (``runs[0]`` is the baseline)."""
    sent = {r.name: items_by_organisation(r) for r in runs}
    base = sent[runs[0].name]
    header = [L("rep.organisation"), L("rep.items_week")] + [r.name for r in runs[1:]]
    rows = []
    for org in sorted(base):
        row = [org, fmt(base[org], 0)]
        row += [fmt(no_longer_travel(sent[r.name].get(org, 0), base[org]), 1) for r in runs[1:]]
        rows.append(row)
    return header, rows
