"""Search settings as objects (:mod:`logistics_opt.routing.settings`): today's values by default, a bad
value refused where it is built, and other values reaching the search without touching a module."""

from __future__ import annotations

import dataclasses

import pytest

from logistics_opt.routing import ortools_engine
from logistics_opt.routing.problem import SearchParams
from logistics_opt.routing.settings import (
    FleetSettings,
    OrtoolsSettings,
    PeriodicSettings,
    PyvrpSettings,
    SearchSettings,
    SisrSettings,
    WeekSettings,
)
from tests.factories import grid_problem


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda: SisrSettings(temp_start=0.0), "SisrSettings.temp_start = 0.0: expected a number above 0"),
        (lambda: SisrSettings(count_chunk=2.5), "SisrSettings.count_chunk = 2.5: expected a whole number at least 1"),
        (lambda: SisrSettings(blink=1.0), "SisrSettings.blink = 1.0: expected a share below 1"),
        (lambda: FleetSettings(share=1.5), "FleetSettings.share = 1.5: expected a number at least 0 and at most 1"),
        (lambda: OrtoolsSettings(rebuilds=("ruined", "other")), "OrtoolsSettings.rebuilds"),
        (lambda: OrtoolsSettings(rebuilds=()), "OrtoolsSettings.rebuilds = ()"),
        (lambda: OrtoolsSettings(first_solution="NEAREST"), "OrtoolsSettings.first_solution = 'NEAREST'"),
        (lambda: OrtoolsSettings(metaheuristic="TABU"), "OrtoolsSettings.metaheuristic = 'TABU'"),
        (lambda: OrtoolsSettings(compiled="yes"), "OrtoolsSettings.compiled = 'yes': expected True or False"),
        (lambda: PyvrpSettings(iterations_per_solution=0), "PyvrpSettings.iterations_per_solution = 0"),
        (lambda: PeriodicSettings(week_first_shares=(None, 2.0)), "PeriodicSettings.week_first_shares"),
        (lambda: PeriodicSettings(segment_s=float("nan")), "PeriodicSettings.segment_s = nan"),
        (lambda: PeriodicSettings(min_rounds=True), "PeriodicSettings.min_rounds = True"),
        (lambda: WeekSettings(reload_search_share=0.0), "WeekSettings.reload_search_share = 0.0"),
        (lambda: SearchSettings(sisr=FleetSettings()), "SearchSettings.sisr must be a SisrSettings"),
        (lambda: SearchParams(time_limit_s=0), "SearchParams.time_limit_s = 0"),
        (lambda: SearchParams(solution_limit=0), "SearchParams.solution_limit = 0"),
    ],
)
def test_a_bad_value_is_refused_where_it_is_built(make, message: str) -> None:
    with pytest.raises(ValueError) as e:
        make()
    assert str(e.value).startswith(message)


def test_the_defaults_are_valid_and_frozen() -> None:
    s = SearchSettings()
    assert s.ortools.compiled and s.ortools.rebuilds == ("ruined", "scratch") and s.sisr.iterations_per_round == 200
    assert OrtoolsSettings(first_solution="PARALLEL_CHEAPEST_INSERTION", metaheuristic="TABU_SEARCH")
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.sisr.temp_start = 2.0  # type: ignore[misc]


def test_with_values_reads_text_as_each_field_s_type() -> None:
    s = SearchSettings().with_values(
        {
            "sisr.temp_start": "0.1",
            "fleet.patience": "500",
            "ortools.compiled": "false",
            "ortools.rebuilds": "ruined,ruined",
            "periodic.week_first_shares": "none,0.2",
            "week.cap_shares": 2,
        }
    )
    assert s.sisr.temp_start == 0.1 and s.fleet.patience == 500 and s.ortools.compiled is False
    assert s.ortools.rebuilds == ("ruined", "ruined") and s.periodic.week_first_shares == (None, 0.2)
    assert s.week.cap_shares == 2 and SearchSettings().sisr.temp_start == 1.0  # the defaults are untouched
    for bad, says in (("sisr.nope", "unknown setting 'sisr.nope'"), ("nope.x", "unknown setting 'nope.x'")):
        with pytest.raises(ValueError, match=says):
            SearchSettings().with_values({bad: "1"})
    with pytest.raises(ValueError, match="FleetSettings.patience = 2.5"):
        SearchSettings().with_values({"fleet.patience": "2.5"})


def test_settings_reach_the_search_through_the_params() -> None:
    """Two rebuild rules where the default has two different ones: the day's searches follow the settings
    they are handed, and the module keeps nothing of them."""
    p = grid_problem(8, vans=4)
    same = SearchSettings(ortools=OrtoolsSettings(rebuilds=("scratch",)))
    runs = ortools_engine._runs(p, SearchParams(settings=same), 2)
    assert [r[2] for r in runs] == ["scratch", "scratch"]
    assert [r[2] for r in ortools_engine._runs(p, SearchParams(), 2)] == ["ruined", "scratch"]
    greedy = SearchSettings(ortools=OrtoolsSettings(greedy_above=3))
    assert ortools_engine.strategies(p, SearchParams(settings=greedy)) == ("GREEDY",)
