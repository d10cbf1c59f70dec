"""The kept search's insertion with a price (``plan --previous``): a branch no route can take goes in along an
ejection chain (one branch out of a route into a second, that one's branch into a third) before a van opens."""

from __future__ import annotations

from logistics_opt.planning.template import Search, _eject, _insert

#: Which branches each route may hold, and how many stops it may have (a stand-in for capacity and time).
ALLOWED = {0: {"a", "x"}, 1: {"a", "b"}, 2: {"b", "c"}, 3: {"a", "b", "c", "x"}}
ROOM = {0: 1, 1: 1, 2: 2, 3: 9}


class Rules(Search):
    """A search whose route costs 10 a stop (an opened van 100 more), infeasible beyond its room or rules."""

    def __init__(self) -> None:
        self.price = _Free()  # a price is given: the insertion tries chains

    def cost(self, vehicle: int, bids: list[str]) -> float | None:
        if len(bids) > ROOM[vehicle] or not set(bids) <= ALLOWED[vehicle]:
            return None
        return 10.0 * len(bids) + (100.0 if vehicle == 3 and bids else 0.0)


class _Free:
    """No change costs anything."""

    def van(self, branch: str, van: str) -> float:
        return 0.0

    def late(self, branch: str, day: str, at: float) -> float:
        return 0.0


def _week() -> tuple[dict[int, list[str]], dict[int, float]]:
    master = {0: ["a"], 1: ["b"], 2: ["c"], 3: []}
    search = Rules()
    return master, {v: search.cost(v, b) or 0.0 for v, b in master.items()}


def test_one_branch_out_is_not_enough_and_a_chain_of_two_is() -> None:
    master, costs = _week()
    search = Rules()
    assert _eject(search, master, costs, "x", depth=1) is None  # x into 0 puts a out, and a fits nowhere else
    added, routes = _eject(search, master, costs, "x", depth=2) or (None, {})
    assert added == 10.0  # one stop more in the week, no van opened
    assert routes[0][0] == ["x"] and routes[1][0] == ["a"] and sorted(routes[2][0]) == ["b", "c"]


def test_the_insertion_takes_the_chain_before_it_opens_a_van() -> None:
    master, costs = _week()
    assert _insert(Rules(), master, costs, "x")
    assert master[3] == [] and master[0] == ["x"] and master[1] == ["a"] and sorted(master[2]) == ["b", "c"]
