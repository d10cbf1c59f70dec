"""Scenario changes on a reservation log: the same operations :mod:`.apply` makes on requests.

- ``close``: a closed branch's reservations are collected at its substitute, its copies are held
  there and its items go home there (a holder named twice keeps its first place);
- ``like``: a new branch places the reservations its model places, and holds a copy wherever its
  model does (right after it in the holders' order);
- ``[volume]``: a reservation's items x ``factor`` x the requester's organisation and branch-kind
  factors x the factor of its kind, rounded half up (a row that comes to 0 items is dropped). A
  reservation makes a loan (``reservation``) and a return (``reservation_return``), so either kind's
  factor scales it; given both, they must agree.
"""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Any

from ..data.model import LOAN_KIND, RETURN_KIND, Network, Reservation
from ..errors import InputError


def _unique(ids: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def close_in_log(net: Network, to: dict[str, str]) -> Network:
    """Every closed branch (``to``: closed id -> substitute) replaced by its substitute in the log."""
    if net.reservations is None:
        return net
    log = tuple(
        replace(
            r,
            requester=to.get(r.requester, r.requester),
            holders=_unique(tuple(to.get(h, h) for h in r.holders)),
            owner=to.get(r.owner, r.owner) if r.owner else None,
        )
        for r in net.reservations
    )
    return replace(net, reservations=log)


def like_in_log(net: Network, new: str, like: str) -> Network:
    """The new branch places ``like``'s reservations and holds a copy wherever ``like`` does."""
    if net.reservations is None:
        return net

    def holding(r: Reservation) -> Reservation:
        if like not in r.holders or new in r.holders:
            return r
        k = r.holders.index(like) + 1
        return replace(r, holders=r.holders[:k] + (new,) + r.holders[k:])

    log = tuple(holding(r) for r in net.reservations)
    placed = tuple(replace(r, requester=new) for r in log if r.requester == like)
    return replace(net, reservations=log + placed)


def log_kind_factor(volume: dict[str, Any], file: str) -> float:
    """The factor of the log's reservations among ``[volume]``'s request kinds (1 when neither is named)."""
    kinds = volume.get("request_kind", {})
    given = {kinds[k] for k in (LOAN_KIND, RETURN_KIND) if k in kinds}
    if len(given) > 1:
        raise InputError(
            file,
            f"request_kind.{LOAN_KIND} and request_kind.{RETURN_KIND} differ; a reservation makes both its loan "
            "and its return, so they scale together",
            column=f"volume.request_kind.{RETURN_KIND}",
        )
    return float(given.pop()) if given else 1.0


def scale_log(net: Network, volume: dict[str, Any], file: str) -> Network:
    """The log's items scaled by ``[volume]`` (see the module docstring)."""
    if net.reservations is None:
        return net
    by_id = {b.id: b for b in net.branches}
    kind = log_kind_factor(volume, file)
    out = []
    for r in net.reservations:
        at = by_id[r.requester]
        f = (
            float(volume.get("factor", 1.0))
            * volume.get("organisation", {}).get(at.organisation, 1.0)
            * volume.get("branch_kind", {}).get(at.kind, 1.0)
            * kind
        )
        items = int(math.floor(r.items * f + 0.5))
        if items > 0:
            out.append(replace(r, items=items))
    return replace(net, reservations=tuple(out))
