"""docs/plan-format.md's schema: valid itself, the shipped example follows it, and it rejects a broken plan."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from tests.factories import ROOT

SCHEMA = json.loads((ROOT / "docs" / "plan.schema.json").read_text(encoding="utf-8"))
EXAMPLE = json.loads((ROOT / "docs" / "example-plan.json").read_text(encoding="utf-8"))


def test_the_schema_is_a_valid_schema_and_the_example_follows_it() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    jsonschema.validate(EXAMPLE, SCHEMA)


@pytest.mark.parametrize(
    "breakage",
    [
        lambda p: p.pop("routes"),
        lambda p: p["routes"][0].update(start="7:3"),
        lambda p: p["routes"][0]["stops"][0].update(deliver=-1),
        lambda p: p["unassigned"].append({"branch": "A", "day": "mon", "reason": ""}),
        lambda p: p["routes"][0].update(day="monday"),
    ],
    ids=["no routes", "time not HH:MM", "negative crates", "unassigned without a reason", "unknown day"],
)
def test_the_schema_rejects_a_broken_plan(breakage) -> None:
    plan = copy.deepcopy(EXAMPLE)
    breakage(plan)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(plan, SCHEMA)
