"""Labels: both languages have the same keys and the same format fields; lookups fail loudly."""

from __future__ import annotations

import string

import pytest

from logistics_opt.errors import LogisticsError
from logistics_opt.wording import (
    LABELS,
    LANGUAGES,
    Labels,
    check_language,
    distances_text,
    local_figures,
    plan_language,
    text,
)


def fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_languages_have_the_same_keys() -> None:
    """Every label exists in every language: a report never falls back to another language."""
    assert tuple(LABELS) == LANGUAGES  # the data layer accepts exactly the languages there are labels for
    keys = {lang: set(LABELS[lang]) for lang in LANGUAGES}
    assert keys["en"] == keys["nl"], keys["en"] ^ keys["nl"]


def test_languages_have_the_same_fields() -> None:
    """A label takes the same {fields} in every language, so a format call works in both."""
    for key, template in LABELS["en"].items():
        assert fields(template) == fields(LABELS["nl"][key]), key


def test_dutch_words_a_driver_reads() -> None:
    """The Dutch route-sheet words are proper Dutch."""
    nl = Labels("nl")
    assert (nl("sheet.title"), nl("col.arrival"), nl("col.departure")) == ("Routeblad", "Aankomst", "Vertrek")
    assert (nl("col.deliver"), nl("col.pickup")) == ("Kratten afleveren", "Kratten ophalen")
    assert [nl.day(d) for d in ("mon", "tue", "wed", "thu", "fri")] == [
        "maandag",
        "dinsdag",
        "woensdag",
        "donderdag",
        "vrijdag",
    ]
    assert nl("sheet.crates", drop=3, collect=2) == "3 kratten afleveren, 2 ophalen"


def test_lookup() -> None:
    """Unknown languages are one-line errors; unknown keys raise KeyError; the plan's language is used."""
    assert text("EN", "col.town") == "town" and check_language(None) == "en"
    with pytest.raises(LogisticsError, match="unknown language 'fr'"):
        Labels("fr")
    with pytest.raises(KeyError):
        text("nl", "no.such.key")
    assert plan_language({"meta": {"language": "nl"}}) == "nl" and plan_language({}) == "en"
    assert Labels("nl").day("holiday") == "holiday"


def test_dutch_figures() -> None:
    """Dutch labels write number fields with a decimal comma and a thousands point; text and
    times are left alone; English keeps its own marks."""
    nl, en = Labels("nl"), Labels("en")
    assert nl("sheet.km", km=132.64) == "132,6 km" and en("sheet.km", km=132.64) == "132.6 km"
    assert nl("natmap.hub", hub="HUB-1.2", cost=12345.6, n=3) == "HUB-1.2: EUR 12.346 bussen, 3 routes"
    assert nl("sheet.shift", start="07:30", end="16:23", hub="HUB-BUNNIK") == "07:30-16:23 vanaf HUB-BUNNIK"
    assert local_figures("-1,640.06", "nl") == "-1.640,06" and local_figures("-1,640.06", "en") == "-1,640.06"


def test_distances_named_in_each_language() -> None:
    """meta.distances named from its fields: crow-fly, a road network (dated or not, with a drive-time
    factor) and a road matrix; a plan from before the fields keeps its stored label."""
    crow = {"kind": "crow-fly", "detour_factor": 1.3, "speed_kmh": 45.0}
    assert distances_text(crow) == "crow-fly x 1.3 at 45 km/h"
    assert distances_text(crow, "nl") == "hemelsbreed x 1,3 bij 45 km/u"
    roads = {"kind": "roads", "source": "utrecht.osm.pbf", "osm_timestamp": "2026-11-02T21:14:03Z"}
    assert distances_text(roads) == "road network utrecht.osm.pbf (OSM data of 2026-11-02)"
    slow = roads | {"osm_timestamp": None, "road_time_factor": 1.2}
    assert distances_text(slow, "nl") == (
        "wegennet utrecht.osm.pbf (datum van de OSM-gegevens staat niet in het bestand), rijtijden x 1,2"
    )
    assert distances_text({"kind": "matrix", "source": "/data/osrm/km.csv"}, "nl") == "afstandsmatrix km.csv"
    assert (
        distances_text({"kind": "crow-fly", "label": "crow-fly x 1.2 at 40 km/h"}, "nl") == "crow-fly x 1.2 at 40 km/h"
    )
    assert distances_text({}) == "crow-fly x detour factor"
