"""The reports every run folder gets, and the run-folder writer that puts them in.

:mod:`..runs` writes a run folder with whatever writers it is given; this module names them, so the
run folder never imports a report and the reports never import what writes them.
"""

from __future__ import annotations

from pathlib import Path

from ..changes import PREVIOUS_PLAN, write_changes_csv
from ..plan import Plan
from ..runs import Writer, write_run_folder
from .calendar import write_calendar
from .gpx import write_gpx
from .map_html import write_map_html
from .maps import write_day_maps, write_geojson
from .national_map import write_national_map
from .route_sheets_html import write_route_sheets
from .route_sheets_xlsx import write_route_sheets_xlsx
from .tables import write_route_sheet_csv, write_summary_csv
from .timetable import write_timetable_csv
from .timetable_html import write_timetable_html


def report_writers() -> list[Writer]:
    """The reports every run folder gets besides plan.json and inputs/, each in the plan's language
    (``meta.language``: ``--lang`` or ``settings.toml``)."""
    return [
        write_route_sheet_csv,
        write_summary_csv,
        write_calendar,
        write_timetable_csv,
        write_timetable_html,
        write_route_sheets,
        write_route_sheets_xlsx,
        write_map_html,
        write_day_maps,
        write_geojson,
        write_gpx,
        write_national_map,
    ]


def change_writers(plan: Plan) -> list[Writer]:
    """The reports of a run made from another run's plan (kept as ``inputs/previous_plan.json``):
    ``changes.csv``."""
    return [write_changes_csv] if PREVIOUS_PLAN in plan.stored_inputs else []


def write_run(plan: Plan, data_dir: Path, out_dir: Path, extra: dict[str, str] | None = None) -> None:
    """Write plan.json, inputs/ (the exact data used), ``extra`` files and every report of
    :func:`report_writers` (and :func:`change_writers`) atomically into ``out_dir`` (:func:`..runs.write_run_folder`)."""
    write_run_folder(plan, data_dir, out_dir, report_writers() + change_writers(plan), extra)
