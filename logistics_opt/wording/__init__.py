"""Every user-facing label of the route sheets, calendar, maps, charts and reports, per language.

Languages: ``en`` (default) and ``nl`` (Dutch, as a Dutch driver or coordinator reads it). A label
is looked up by key with :func:`text` (or through a :class:`Labels` bound to one language) and may
take ``str.format`` fields; the wording itself is in :mod:`.en` and :mod:`.nl`. Both
languages have exactly the same keys and fields (tested), so a report never falls back to another
language. In Dutch, figures are written the Dutch way, with a decimal comma and a thousands point
(``1.234,5``): in the labels' fields and, through :func:`local_figures`, in the reports' tables.
Column names of the machine-readable CSVs (``route_sheet.csv`` ...) are not labels: they stay
English so scripts keep working.
"""

from __future__ import annotations

import string
from pathlib import Path
from typing import Any

from ..codes import DEFAULT_LANGUAGE, LANGUAGES, WEEKDAYS
from ..errors import LogisticsError
from ..plan_meta import meta_of
from .en import EN
from .nl import NL

LABELS: dict[str, dict[str, str]] = {"en": EN, "nl": NL}  # one per code of :data:`..codes.LANGUAGES` (tested)


def check_language(lang: str | None) -> str:
    """``lang`` lower-cased, or the default for None/empty; an error naming the choices if unknown."""
    code = (lang or DEFAULT_LANGUAGE).strip().lower()
    if code not in LABELS:
        raise LogisticsError(f"unknown language '{lang}' (expected {' or '.join(LANGUAGES)})")
    return code


#: Figures written the English way (``1,234.5``) read in Dutch as ``1.234,5``.
_DUTCH = str.maketrans({",": ".", ".": ","})


def local_figures(figure: str, lang: str) -> str:
    """A figure written the English way (``1,234.5``), written the way ``lang`` writes figures."""
    return figure.translate(_DUTCH) if lang == "nl" else figure


class _Figures(string.Formatter):
    """``str.format`` that writes the number fields of a label the way its language writes figures."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        out = super().format_field(value, format_spec)
        number = isinstance(value, (int, float)) and not isinstance(value, bool)
        return local_figures(out, self.lang) if number else out


def text(lang: str, key: str, **fields: Any) -> str:
    """The label ``key`` in ``lang``, with ``fields`` filled in (a KeyError names an unknown key)."""
    code = check_language(lang)
    template = LABELS[code][key]
    return _Figures(code).format(template, **fields) if fields else template


class Labels:
    """Labels of one language: ``L = Labels("nl"); L("col.arrival"); L.day("mon")``."""

    def __init__(self, lang: str | None = None, dates: dict[str, str] | None = None) -> None:
        self.lang = check_language(lang)
        self.dates = dict(dates or {})  # a named week (``meta.week``): weekday key -> YYYY-MM-DD

    def dated(self, day: str) -> str:
        """A weekday as a name with its date when the plan names its week (``Tuesday 2026-05-26``,
        ``dinsdag 26-05-2026``), else as :meth:`day`."""
        if day not in self.dates:
            return self.day(day)
        year, month, dom = (int(x) for x in self.dates[day].split("-"))
        return text(self.lang, "day.dated", day=self.day(day), year=str(year), month=month, dom=dom)

    def __call__(self, key: str, **fields: Any) -> str:
        return text(self.lang, key, **fields)

    def day(self, day: str) -> str:
        """A weekday key (``mon``) as a name (``Monday``, ``maandag``); unknown keys come back as given."""
        return text(self.lang, f"day.{day}") if day in WEEKDAYS else day

    def reason(self, unserved: dict[str, Any]) -> str:
        """Why a visit was not served (a plan's ``unassigned[]`` entry), in this language; plans from
        before reasons had codes keep their English ``reason``."""
        code = unserved.get("reason_code")
        if not code:
            return str(unserved["reason"])
        fields = dict(unserved.get("reason_fields") or {})
        if "day" in fields:
            fields["day"] = self.day(fields["day"])
        return self(f"why.{code}", **fields)

    def short_day(self, day: str) -> str:
        """A weekday key as its abbreviation (``Mon``, ``ma``)."""
        return text(self.lang, f"dayshort.{day}") if day in WEEKDAYS else day


def plan_language(plan: dict[str, Any]) -> str:
    """The language a plan's reports are written in: ``meta.language`` (set from ``--lang`` or
    ``settings.toml``), else the default."""
    return check_language(meta_of(plan).language)


def plan_labels(plan: dict[str, Any], lang: str | None = None) -> Labels:
    """The labels of a plan's reports: ``lang`` (default: the plan's language), with the dates of the week
    the plan names (``meta.week``), if any."""
    week = meta_of(plan).week
    return Labels(lang or plan_language(plan), week.dates if week else None)


def distances_text(src: dict[str, Any], lang: str = DEFAULT_LANGUAGE) -> str:
    """How a plan's distances were made (its ``meta.distances``), in ``lang``: ``crow-fly x 1.3 at
    45 km/h``, ``road network FILE (OSM data of DATE)`` or ``road matrix FILE``. Plans written
    before the fields were recorded keep their stored English ``label``."""
    kind = src.get("kind")
    if kind == "crow-fly" and "detour_factor" in src:
        return text(lang, "dist.crow_fly", detour=src["detour_factor"], speed=src["speed_kmh"])
    if kind == "roads" and "source" in src and "osm_timestamp" in src:
        stamp = src["osm_timestamp"]
        date = text(lang, "dist.osm_date", date=stamp[:10]) if stamp else text(lang, "dist.osm_undated")
        label = text(lang, "dist.roads", file=src["source"], date=date)
        factor = src.get("road_time_factor", 1.0)
        return label if factor == 1.0 else text(lang, "dist.time_factor", label=label, factor=factor)
    if kind == "matrix" and "source" in src:
        return text(lang, "dist.matrix", file=Path(src["source"]).name)
    return str(src.get("label") or text(lang, "dist.unknown"))


def distances_label(distances: dict[str, Any]) -> str:
    """The English name of a run's ``meta.distances``: its ``label`` in plan.json, which readers of
    plans from before the made-from fields were recorded take as the distances' name."""
    return distances_text(distances, DEFAULT_LANGUAGE)
