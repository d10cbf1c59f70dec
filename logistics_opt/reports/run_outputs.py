"""The report files every run folder gets besides plan.json and the CSVs.

:func:`logistics_opt.pipeline.write_run` calls each writer in :data:`WRITERS` with the plan dict and
the temporary run folder, in which ``inputs/`` has already been copied. Writers read coordinates and
branch details from ``folder / "inputs"``; they never solve.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from .map_html import write_map_html
from .maps import write_day_maps, write_geojson
from .route_sheets_html import write_route_sheets
from .route_sheets_xlsx import write_route_sheets_xlsx

Writer = Callable[[dict[str, Any], Path], None]

WRITERS: list[Writer] = [write_route_sheets, write_route_sheets_xlsx, write_map_html, write_day_maps, write_geojson]
"""Each writes in the plan's language (``meta.language``: ``--lang`` or ``settings.toml``)."""
