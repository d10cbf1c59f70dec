"""Labels: both languages have the same keys and the same format fields; lookups fail loudly."""

from __future__ import annotations

import string

import pytest

from logistics_opt.errors import LogisticsError
from logistics_opt.reports.labels import LABELS, LANGUAGES, Labels, check_language, plan_language, text


def fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_languages_have_the_same_keys() -> None:
    """Every label exists in every language: a report never falls back to another language."""
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
