"""``logistics-opt init DIR``: a data-folder template to start a network of one's own.

The folder gets ``branches.csv``, ``requests.csv``, ``fleet.csv`` (or, with ``xlsx``, one workbook
``data.xlsx`` with a sheet per table), ``settings.toml`` and a ``README.md``. Each table has its
header, example rows and a note on every column: in the CSVs as ``#`` lines above the header (the
loader skips them), in the workbook as a comment on each header cell and a ``notes`` sheet. The
template is valid as it is: ``validate`` accepts it and ``plan`` plans it. Nothing is overwritten:
the folder must be new or empty, and it is written atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import InputError
from ..files import atomic_folder, write_text


@dataclass(frozen=True)
class Column:
    name: str
    note: str
    examples: tuple[object, ...]


BRANCHES = (
    Column("id", "required; a short unique code, used in requests.csv and fleet.csv", ("HUB", "ZST-01", "ZST-02")),
    Column("name", "required; the name on the route sheets", ("Sorting hub", "Library Zeist", "Library Driebergen")),
    Column(
        "organisation",
        "required except for hubs; the library organisation that pays for the branch",
        ("Hub", "Library Zeist", "Library Zeist"),
    ),
    Column("town", "the town or village (shown on route sheets and the map)", ("Bunnik", "Zeist", "Driebergen")),
    Column("lat", "required; latitude in decimal degrees (52.0893, not 52 5' 21)", (52.0670, 52.0893, 52.0525)),
    Column("lon", "required; longitude in decimal degrees", (5.1990, 5.2336, 5.2811)),
    Column(
        "kind",
        "required; hub (where the vans start and sort), branch or service_point",
        ("hub", "branch", "service_point"),
    ),
    Column("service_min", "minutes a van stops there; empty: default_service_min from settings.toml", ("", 15, "")),
    Column("visits_per_week", "visits a week today; empty: every working day", ("", "", 2)),
    Column("days", "fixed visit days such as mon+thu; empty: any (must match visits_per_week)", ("", "", "mon+thu")),
    Column("open", "opening time HH:MM; empty: open when the vans drive", ("", "09:00", "")),
    Column("close", "closing time HH:MM; empty: open when the vans drive", ("", "", "")),
    Column("storage_crates", "crates that fit in the branch's back room (for optimised frequencies)", ("", 12, 4)),
    Column("min_visits_per_week", "at least this many visits a week when frequencies are optimised", ("", "", "")),
    Column(
        "max_days_between_visits", "at most this many working days between visits (optimised frequencies)", ("", "", "")
    ),
)
REQUESTS = (
    Column("origin", "required; id of the branch (or hub) the items come from", ("HUB", "ZST-02")),
    Column("destination", "required; id of the branch (or hub) the items go to", ("ZST-01", "ZST-01")),
    Column("items", "required; items a week on this flow (books, DVDs ...), a whole number", (120, 35)),
    Column(
        "kind",
        "what the flow is: reservation, new_stock or return (for the reports only)",
        ("new_stock", "reservation"),
    ),
)
FLEET = (
    Column("type", "required; a name for this kind of van", ("diesel_van", "electric_van")),
    Column("count", "required; how many such vans there are (0: none, kept for scenarios)", (2, 1)),
    Column("capacity_crates", "required; crates a van carries", (70, 60)),
    Column("cost_per_km", "required; EUR per km driven (fuel or power, wear)", (0.38, 0.22)),
    Column("cost_per_hour", "required; EUR per hour of the driver's shift", (32.00, 32.00)),
    Column("fixed_cost_per_day", "required; EUR a day for a van that drives (lease, insurance)", (40.00, 55.00)),
    Column("co2_g_per_km", "required; grams of CO2 per km", (259, 88)),
    Column("shift_start", "required; when the shift starts, HH:MM", ("07:30", "07:30")),
    Column("shift_end", "required; when the van must be back at the hub, HH:MM", ("16:30", "16:30")),
    Column("depot", "the hub id the van starts from; empty when there is one hub", ("HUB", "HUB")),
    Column("max_trips", "trips a day: above 1 the van may return to the hub to reload; empty: 1", (1, 1)),
    Column("reload_min", "minutes a reload at the hub takes; empty: 20 (an estimate)", (20, 20)),
    Column("energy_per_km", "where co2_g_per_km comes from: litres of fuel or kWh a km; may be empty", (0.081, 0.235)),
    Column("energy_unit", "the unit of energy_per_km: l or kWh", ("l", "kWh")),
    Column("wtw_g_per_unit", "g CO2e per litre or kWh, well-to-wheel (co2_g_per_km = energy x this)", (3200, 374)),
    Column("co2_source", "where wtw_g_per_unit comes from", ("TLN 3.2 kg/l", "CE Delft 2021 374 g/kWh")),
)
TABLES: dict[str, tuple[Column, ...]] = {"branches": BRANCHES, "requests": REQUESTS, "fleet": FLEET}
PURPOSE = {
    "branches": "every place the vans drive to, one row each: the hub and the library branches and service points",
    "requests": "the items sent each week from one place to another (they travel through the hub)",
    "fleet": "the vans, one row per kind of van",
}

SETTINGS_TOML = """\
# settings.toml: the settings of the whole network. Lines starting with # are notes.
# Every key may be left out; the value shown is then the default.

items_per_crate = 35            # items (books, DVDs ...) in one crate
detour_factor = 1.3             # road km / straight-line km, when no road matrix is given
speed_kmh = 45.0                # mean van speed, km/h
handling_min_per_crate = 0.5    # minutes to carry one crate in or out
working_days = ["mon", "tue", "wed", "thu", "fri"]   # the days the vans drive (mon ... sun)
default_service_min = 10        # minutes a van stops at a branch without service_min
break_after_min = 330           # a driver working longer than this (minutes) takes a break
break_min = 30                  # minutes of that break
# max_days_between_visits = 2   # optimised frequencies: at most this many working days between visits
# min_visits_per_week = 1       # optimised frequencies: at least this many visits a week
# language = "nl"               # route sheets, calendar, map and report in Dutch (en: English, the default)

# Master routes: a branch keeps its van and its time all week (plan --consistent turns it on with these
# values where this table is left out).
# [consistency]
# same_van = true               # a branch is served by the same named van on every day it is visited
# max_arrival_spread_min = 60   # latest start of service at a branch over the week minus the earliest

# plan --previous RUN_DIR: what each change against the earlier run costs, in EUR added to the week when
# the search weighs keeping a branch as it was (ESTIMATES; all three prices 0: plan as if from scratch).
# [stability]
# move_van_eur = 15             # per branch moved to another van (a phone call, a driver learning a stop)
# move_day_eur = 25             # per branch moved to another day (the branch re-plans staff and readers)
# late_eur_per_15min = 5        # per 15 minutes a van comes outside the window the branch was promised
# late_cap_eur = 25             # day by day, the most one visit's late price comes to (hours moved: one call)

# With a reservation log (reservations.csv, see README.md): which branch supplies a reservation, and
# whether returned items go home.
# [supply]
# rule = "as_today"             # as_today (the first holder), nearest_copy or soonest
# floating = []                 # organisations whose items stay where they are returned; true: all
# rebalance_share = 0.1         # share of the returns floating removes that still go home (ESTIMATE)
"""

#: reservations.csv, optional: not written in the template (its requests.csv has branch-to-branch rows).
RESERVATIONS = (
    Column("requester", "required; the branch where the reader collects the item", ("ZST-01",)),
    Column(
        "holders",
        "required; the branches holding a copy, separated by `;`, in the library system's order "
        "(the first supplies today)",
        ("ZST-02;ZST-03",),
    ),
    Column("owner", "the branch a returned item goes back to; empty: the branch that supplied it", ("",)),
    Column("day", "the weekday the reservation is placed (mon ... sun); empty: spread over the working days", ("",)),
    Column("items", "how many such reservations a week; empty: 1", (1,)),
)

#: hours.csv, optional: not written in the template (the branches' own open/close hold every day).
HOURS = (
    Column("branch", "required; the branch (not a hub)", ("ZST-01",)),
    Column("day", "required; the weekday: mon ... sun", ("wed",)),
    Column("open", "opening time that day, HH:MM; empty: no opening time", ("13:00",)),
    Column(
        "close",
        "closing time that day, HH:MM; empty: no closing time; open and close both empty: shut all day",
        ("17:00",),
    ),
)


def csv_table(stem: str) -> str:
    """The CSV with its notes as ``#`` lines above the header (no commas or quotes in the notes)."""
    cols = TABLES[stem]
    lines = [
        f"# {stem}.csv: {PURPOSE[stem]}.",
        "# Lines starting with # are notes: logistics-opt skips them. Replace the example rows with yours.",
        "# Columns:",
    ]
    lines += [f"#   {c.name}: {c.note}".replace(",", ";").replace('"', "'") for c in cols]
    lines.append(",".join(c.name for c in cols))
    n = len(cols[0].examples)
    lines += [",".join(_text(c.examples[k]) for c in cols) for k in range(n)]
    return "\n".join(lines) + "\n"


def _text(v: object) -> str:
    return f"{v:.4f}".rstrip("0").rstrip(".") if isinstance(v, float) else str(v)


def readme(xlsx: bool) -> str:
    """README.md of the template folder: what each file and column means, and what to run."""
    tables = "data.xlsx (one sheet per table)" if xlsx else "branches.csv, requests.csv and fleet.csv"
    out = [
        "# Data folder",
        "",
        f"This folder holds {tables} and settings.toml: the network logistics-opt plans.",
        "Replace the example rows with your own, then run:",
        "",
        "    logistics-opt validate .",
        "    logistics-opt plan . --out out",
        "",
        "Tables may be CSV (comma or semicolon, decimal point or comma) or Excel; lines starting with `#` "
        "are notes. Times are HH:MM, coordinates decimal degrees.",
        "",
    ]
    for stem, cols in TABLES.items():
        out += [
            f"## {stem}",
            "",
            PURPOSE[stem][0].upper() + PURPOSE[stem][1:] + ".",
            "",
            "| column | meaning |",
            "|---|---|",
        ]
        out += [f"| `{c.name}` | {c.note} |" for c in cols]
        out.append("")
    out += [
        "## reservations (optional)",
        "",
        "A reservation log, `reservations.csv`, one row per reservation of a typical week (or per group of "
        "identical ones). With it, the flows between branches come from the log under `[supply]` in "
        "settings.toml: the loan from the supplying branch to the requester, and the return from the "
        "requester to the owner. requests.csv then keeps only the hub's flows (new stock, returns to the "
        "hub); a row between two branches there is an error.",
        "",
        "| column | meaning |",
        "|---|---|",
    ]
    out += [f"| `{c.name}` | {c.note} |" for c in RESERVATIONS]
    out += [
        "",
        "## hours (optional)",
        "",
        "Opening hours per weekday, `hours.csv`: one row per branch and day whose hours differ from its "
        "`open` and `close` in branches.csv (for example `ZST-01,wed,13:00,17:00`: shut on Wednesday "
        "mornings). A day without a row keeps the branch's own hours. A branch is never visited on a day "
        "it is shut; fixed `days` that name such a day are an error.",
        "",
        "| column | meaning |",
        "|---|---|",
    ]
    out += [f"| `{c.name}` | {c.note} |" for c in HOURS]
    out.append("")
    return "\n".join(out)


def workbook_bytes() -> bytes:
    """data.xlsx: a sheet per table (notes as header-cell comments) and a notes sheet."""
    import io

    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    for stem, cols in TABLES.items():
        ws = wb.create_sheet(stem)
        for j, c in enumerate(cols, start=1):
            cell = ws.cell(row=1, column=j, value=c.name)
            cell.font = Font(bold=True)
            cell.comment = Comment(c.note, "logistics-opt")
            ws.column_dimensions[cell.column_letter].width = max(12, len(c.name) + 2)
            for k, v in enumerate(c.examples, start=2):
                ws.cell(row=k, column=j, value=None if v == "" else v)
        ws.freeze_panes = "A2"
    notes = wb.create_sheet("notes")
    notes.append(["table", "column", "meaning"])
    for stem, cols in TABLES.items():
        for c in cols:
            notes.append([stem, c.name, c.note])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def write_template(folder: str | Path, xlsx: bool = False) -> list[Path]:
    """Write the template into ``folder`` (new or empty); returns the files written."""
    folder = Path(folder)
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise InputError(str(folder), "not an empty folder: init writes a new data folder and overwrites nothing")
    names = ["settings.toml", "README.md"] + (["data.xlsx"] if xlsx else [f"{s}.csv" for s in TABLES])
    with atomic_folder(folder) as tmp:
        write_text(tmp / "settings.toml", SETTINGS_TOML)
        write_text(tmp / "README.md", readme(xlsx))
        if xlsx:
            (tmp / "data.xlsx").write_bytes(workbook_bytes())
        else:
            for stem in TABLES:
                write_text(tmp / f"{stem}.csv", csv_table(stem))
    return [folder / n for n in names]
