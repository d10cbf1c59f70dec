"""Stops put into vans that are already on the road: cheapest insertion, then a light improvement.

Nothing is solved from scratch: each van keeps its stops in their order and its frozen prefix as it is; a
new stop goes into the place where it adds least to the van's cost (km x EUR/km + hours x EUR/hour, and a
spare van's fixed cost once it is sent out), checked by :meth:`.day.DayRoutes.cost`. A van that may reload
(``max_trips`` above 1) may also go back to its depot to unload just before the new stop. The improvement
then moves only the stops the re-plan added, one at a time, to a cheaper place (another van or another
position), while that saves money; the vans' own stops never change order.
"""

from __future__ import annotations

from dataclasses import dataclass

from .day import DayRoutes

SAVING_EUR = 0.005  # a move must save at least this much


@dataclass(frozen=True)
class Insertion:
    van: str
    node: int
    nodes: list[int]
    after: list[int]
    delta: float  # EUR added to the van's day


def _options(day: DayRoutes, van: str, node: int) -> list[tuple[list[int], list[int]]]:
    """Every way to put ``node`` into ``van`` after its frozen prefix: each position, and with a reload just before
    it where the van may make another trip."""
    v = day.vans[van]
    may_reload = len(v.after) < day.van_type(van).max_trips - 1
    out = []
    for p in range(v.frozen, len(v.nodes) + 1):
        nodes = v.nodes[:p] + [node] + v.nodes[p:]
        after = [k + 1 if p < k else k for k in v.after]
        out.append((nodes, after))
        if may_reload and p >= 1 and p not in after:
            out.append((nodes, sorted([*after, p])))
    return out


def best_insertion(day: DayRoutes, van: str, node: int, base: float) -> Insertion | None:
    """The cheapest place for ``node`` in ``van`` whose day still holds (None: nowhere)."""
    best: Insertion | None = None
    for nodes, after in _options(day, van, node):
        cost = day.cost(van, nodes, after)
        if cost is not None and (best is None or cost - base < best.delta - 1e-9):
            best = Insertion(van, node, nodes, after, cost - base)
    return best


def _apply(day: DayRoutes, ins: Insertion, costs: dict[str, float]) -> None:
    v = day.vans[ins.van]
    v.nodes, v.after = ins.nodes, ins.after
    costs[ins.van] += ins.delta


def insert_cheapest(day: DayRoutes, nodes: list[int], vans: list[str]) -> list[int]:
    """Insert ``nodes`` into ``vans``, always the cheapest insertion of all that are left first; returns the nodes
    no van can take."""
    costs = {v: _cost(day, v) for v in vans}
    best: dict[tuple[int, str], Insertion | None] = {}
    left = list(nodes)
    while left:
        for n in left:
            for v in vans:
                if (n, v) not in best:
                    best[(n, v)] = best_insertion(day, v, n, costs[v])
        found = [x for x in best.values() if x is not None and x.node in left]
        if not found:
            break
        pick = min(found, key=lambda x: (x.delta, x.node, x.van))
        _apply(day, pick, costs)
        left.remove(pick.node)
        best = {k: x for k, x in best.items() if k[1] != pick.van and k[0] in left}
    return left


def _cost(day: DayRoutes, van: str) -> float:
    c = day.cost(van)
    if c is None:
        raise ValueError(f"{day.day} {van}: the van's day does not hold before the re-plan")
    return c


def _without(day: DayRoutes, van: str, node: int) -> tuple[list[int], list[int]]:
    """The van's stops and reloads with ``node`` taken out (a reload left at the start or end is dropped)."""
    v = day.vans[van]
    i = v.nodes.index(node)
    nodes = v.nodes[:i] + v.nodes[i + 1 :]
    after = sorted({k - 1 if k > i else k for k in v.after} - {0})
    return nodes, [k for k in after if k < len(nodes)]


def improve(day: DayRoutes, movable: list[int], vans: list[str], rounds: int = 3) -> int:
    """Move each of the ``movable`` stops to its cheapest place over ``vans`` while that saves money; returns the
    moves made."""
    moves = 0
    for _ in range(rounds):
        moved = False
        for node in movable:
            holder = next((v for v in vans if node in day.vans[v].nodes), None)
            if holder is None:
                continue
            costs = {v: _cost(day, v) for v in vans}
            nodes, after = _without(day, holder, node)
            cut = day.cost(holder, nodes, after)
            if cut is None:
                continue
            old = day.vans[holder]
            keep = (old.nodes, old.after)
            old.nodes, old.after = nodes, after
            here = {**costs, holder: cut}
            options = [best_insertion(day, v, node, here[v]) for v in vans]
            best = min((x for x in options if x is not None), key=lambda x: x.delta, default=None)
            if best is None or cut + best.delta > costs[holder] - SAVING_EUR:
                old.nodes, old.after = keep
                continue
            _apply(day, best, here)
            moves += 1
            moved = True
        if not moved:
            break
    return moves
