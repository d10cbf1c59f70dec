"""Visits: what each scheduled visit must move by the accumulation rule (the checker's own reading
of it), that every scheduled visit happens once or is listed with a reason, and the week's volumes."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from typing import Any

from ..data.model import Network

FIELDS = ("deliver", "pickup", "deliver_items", "pickup_items")


def expected_visits(network: Network, schedule: dict[str, list[str]]) -> dict[tuple[str, str], dict[str, int]]:
    """(branch, day) -> items and crates that visit must move, by the accumulation rule."""
    s = network.settings
    wd = list(s.working_days)
    sent: Counter[str] = Counter()
    recv: Counter[str] = Counter()
    for r in network.requests:
        sent[r.origin] += r.items
        recv[r.destination] += r.items
    out = {}
    for bid, days in schedule.items():
        pos = sorted({wd.index(d) for d in days if d in wd})  # check_plan reports days off and repeats
        if not pos:
            continue
        gaps = [(pos[k] - pos[k - 1]) % len(wd) or len(wd) for k in range(len(pos))]

        def split(total: int, gaps: list[int] = gaps) -> list[int]:
            exact = [total * g / sum(gaps) for g in gaps]
            whole = [int(math.floor(x)) for x in exact]
            left = total - sum(whole)
            for k in sorted(range(len(gaps)), key=lambda k: (whole[k] - exact[k], k))[:left]:
                whole[k] += 1
            return whole

        dl, pk = split(recv[bid]), split(sent[bid])
        for k, p in enumerate(pos):
            out[(bid, wd[p])] = {
                "deliver_items": dl[k],
                "pickup_items": pk[k],
                "deliver": math.ceil(dl[k] / s.items_per_crate - 1e-9) if dl[k] else 0,
                "pickup": math.ceil(pk[k] / s.items_per_crate - 1e-9) if pk[k] else 0,
            }
    return out


def _served(plan: dict[str, Any]) -> tuple[Counter[tuple[str, str]], dict[tuple[str, str], Counter[str]]]:
    """Per (branch, day): how many stops, and what they moved."""
    seen: Counter[tuple[str, str]] = Counter()
    moved: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for r in plan.get("routes", []):
        for x in r["stops"]:
            key = (x["branch"], r["day"])
            seen[key] += 1
            for f in FIELDS:
                moved[key][f] += x.get(f, 0)
    return seen, moved


def check_visits(
    plan: dict[str, Any],
    network: Network,
    expect: dict[tuple[str, str], dict[str, int]],
    covered: set[tuple[str, str]] | frozenset[tuple[str, str]] = frozenset(),
) -> list[str]:
    """Every stop on a scheduled day; every scheduled visit once (or listed as unassigned with a reason). The
    ``covered`` visits (a re-planned day's, :mod:`.disruption`) are checked by their own rules, not by the
    accumulation rule."""
    errs: list[str] = []
    for ri, r in enumerate(plan.get("routes", [])):
        for x in r["stops"]:
            if (x["branch"], r["day"]) not in expect and (x["branch"], r["day"]) not in covered:
                errs.append(
                    f"route {ri + 1} ({r.get('day')} {r.get('vehicle')}): {x['branch']} visited on "
                    f"{r['day']}, not one of its scheduled days"
                )
    unassigned = Counter((u["branch"], u["day"]) for u in plan.get("unassigned", []))
    for u in plan.get("unassigned", []):
        if not u.get("reason"):
            errs.append(f"unassigned {u['branch']} on {u['day']} has no reason")
    seen, moved = _served(plan)
    biggest = max((v.capacity_crates for v in network.fleet if v.count > 0), default=0)
    for key, want in expect.items():
        if unassigned[key] or key in covered:
            continue  # listed with its reason (parts of a split visit may be served)
        if seen[key] == 0:
            errs.append(f"{key[0]} on {key[1]}: neither visited nor unassigned (expected once)")
            continue
        if seen[key] > 1 and max(want["deliver"], want["pickup"]) <= biggest:
            errs.append(f"{key[0]} on {key[1]}: visited {seen[key]}x, though one van holds its crates (expected once)")
        for f in FIELDS:
            if moved[key][f] != want[f]:
                errs.append(f"{key[0]} on {key[1]}: {f} = {moved[key][f]}, the accumulation rule gives {want[f]}")
    return errs + _weekly_volumes(plan, network, {b for b, _ in covered})


def _weekly_volumes(plan: dict[str, Any], network: Network, skip: set[str]) -> list[str]:
    """Whatever is served moves all the branch's items (when nothing is unassigned; ``skip``: branches whose
    visits a re-plan changed)."""
    if plan.get("unassigned"):
        return []
    errs = []
    moved_in: Counter[str] = Counter()
    moved_out: Counter[str] = Counter()
    for r in plan.get("routes", []):
        for x in r["stops"]:
            moved_in[x["branch"]] += x.get("deliver_items", 0)
            moved_out[x["branch"]] += x.get("pickup_items", 0)
    for bid, (snt, rcv) in network.weekly_items().items():
        if bid in skip:
            continue
        if moved_out[bid] != snt or moved_in[bid] != rcv:
            errs.append(
                f"{bid}: moves {moved_out[bid]} out / {moved_in[bid]} in a week, the requests say {snt} / {rcv}"
            )
    return errs
