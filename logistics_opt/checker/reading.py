"""The checker's own reading of ``plan.json``'s ``meta`` (it shares no code with the writer's typed
:mod:`..plan_meta`): a value by its path, with a default where an older or hand-made file lacks it."""

from __future__ import annotations

from typing import Any


def meta_value(plan: dict[str, Any], *path: str, default: Any = None) -> Any:
    """``meta_value(plan, "distances", "stored_matrix")``: the value at that path under ``meta``, or
    ``default`` where a level is missing or not a table."""
    node: Any = plan.get("meta")
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return default
        node = node[key]
    return node
