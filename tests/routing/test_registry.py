"""The engine registry behind --engine."""

from __future__ import annotations

import pytest

from logistics_opt.routing import get_engine


def test_unknown_engine_is_refused() -> None:
    """get_engine names the engines it knows."""
    with pytest.raises(ValueError, match="ortools, pyvrp, best"):
        get_engine("gurobi")
