"""Master routes' promises (``[consistency]`` in settings.toml, ``--consistent``), on the checker's own times.

A plan made with consistency on carries a ``consistency`` object: the promises (``same_van``,
``max_arrival_spread_min``) and per branch its van and its window (``from``, ``to``, HH:MM). The van
waits at a branch's door until the window opens, so a branch opens at the later of its opening time that day
and its window's ``from`` on each day (:func:`with_promised_openings`; :mod:`.routes` then recomputes every stop's
times with those waits). Here, on those recomputed times: the promises are the ones the data and
the run asked for, every branch is served by its one van on every day it is visited (``same_van``),
and its service starts within its window, the latest start of the week at most
``max_arrival_spread_min`` after the earliest. A re-planned run (``replan``) excuses only the visits its
disruption moved (:mod:`.disruption`): every other visit of the branch is held to the promise.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from typing import Any

from ..data.model import Consistency, Network
from .reading import meta_value

#: Minutes: the solver's and the checker's floating-point sums of the same legs may differ by this.
SPREAD_TOL = 0.01


def clock(hhmm: str) -> float:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


def asked_promises(plan: dict[str, Any], network: Network) -> Consistency | None:
    """The promises the plan must keep: the data's ``[consistency]`` table, else the defaults when the run
    was made with ``--consistent``, else none."""
    if network.settings.consistency is not None:
        return network.settings.consistency
    if meta_value(plan, "parameters", "consistent"):
        return Consistency()
    return None


def with_promised_openings(
    plan: dict[str, Any], network: Network, unwaited: Collection[tuple[str, str]] = ()
) -> Network:
    """The network as the plan's vans meet it: a branch with a window opens at the later of its opening
    time and the window's ``from``, except on the (branch, day) visits in ``unwaited`` (a re-planned day's
    stops the breakdown moved: :mod:`.disruption`), which keep that day's own hours."""
    windows = (plan.get("consistency") or {}).get("branches") or {}
    opens = {
        bid: clock(w["from"]) for bid, w in windows.items() if isinstance(w, dict) and isinstance(w.get("from"), str)
    }
    timed = network.opening_no_earlier(opens)
    if not opens or not unwaited:
        return timed
    ids = {b.id for b in network.branches}
    own = {(b, d): network.hours_on(network.branch(b), d) for b, d in unwaited if b in ids}
    return replace(timed, hours={**timed.hours, **own})


def check_consistency(
    plan: dict[str, Any], network: Network, begins: dict[int, list[float]], moved: Collection[tuple[str, str]] = ()
) -> list[str]:
    """Violations of the promises. ``begins`` holds the start of service at each stop of each route (by
    route index), as :func:`.routes.check_routes` recomputed it. The (branch, day) visits in ``moved`` (a
    re-planned day's, :mod:`.disruption`) are not held to the promise; every other visit is."""
    asked = asked_promises(plan, network)
    found = plan.get("consistency")
    if found is None:
        return [] if asked is None else ["consistency: the run promises master routes but the plan has no consistency"]
    errs = _promises(found, asked)
    if errs:
        return errs
    promised = Consistency(bool(found["same_van"]), float(found["max_arrival_spread_min"]))
    windows = found.get("branches") or {}
    vans: dict[str, set[str]] = {}
    starts: dict[str, list[float]] = {}
    for ri, r in enumerate(plan.get("routes", [])):
        for x, begin in zip(r["stops"], begins.get(ri, [])):
            if (x["branch"], r["day"]) in moved:
                continue
            vans.setdefault(x["branch"], set()).add(r["vehicle"])
            starts.setdefault(x["branch"], []).append(begin)
    for bid in sorted(vans):
        errs += [f"consistency: {bid}: {e}" for e in _branch(windows.get(bid), vans[bid], starts[bid], promised)]
    return errs


def _promises(found: Any, asked: Consistency | None) -> list[str]:
    """The plan's promises are well formed and, when the run asked for some, the ones it asked for."""
    if (
        not isinstance(found, dict)
        or not isinstance(found.get("same_van"), bool)
        or not isinstance(found.get("max_arrival_spread_min"), (int, float))
        or not isinstance(found.get("branches", {}), dict)
    ):
        return ["consistency: expected same_van, max_arrival_spread_min and branches"]
    if asked is not None and (
        found["same_van"] != asked.same_van
        or abs(found["max_arrival_spread_min"] - asked.max_arrival_spread_min) > 1e-9
    ):
        return [
            f"consistency: the plan promises same_van = {found['same_van']}, max_arrival_spread_min = "
            f"{found['max_arrival_spread_min']}; the run asks {asked.same_van}, {asked.max_arrival_spread_min:g}"
        ]
    return []


def _branch(window: Any, vans: set[str], starts: list[float], promised: Consistency) -> list[str]:
    """One branch's stops over the week against its promised van and window."""
    if not isinstance(window, dict) or not isinstance(window.get("from"), str) or not isinstance(window.get("to"), str):
        return ["visited but has no promised window"]
    errs = []
    if promised.same_van and vans != {window.get("van")}:
        errs.append(f"served by {', '.join(sorted(vans))}, promised {window.get('van')} on every day")
    lo, hi = clock(window["from"]), clock(window["to"])
    early, late = min(starts), max(starts)
    if early < lo - SPREAD_TOL or late > hi + SPREAD_TOL:
        errs.append(f"service starts {early:.1f}-{late:.1f} min, outside its window {window['from']}-{window['to']}")
    if late - early > promised.max_arrival_spread_min + SPREAD_TOL:
        errs.append(
            f"service starts over {late - early:.1f} min of the week, more than the promised "
            f"{promised.max_arrival_spread_min:g}"
        )
    return errs
