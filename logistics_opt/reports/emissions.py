"""Transport emissions of a plan and each organisation's share, by ISO 14083:2023 (GLEC Framework v3).

Well-to-wheel CO2e of the vans' routes: per vehicle type, the km the week's plan drives times the
fleet's g CO2e per km (``co2_g_per_km``, which ``fleet.csv`` documents as energy per km x the
well-to-wheel factor of that energy, with its source). A type's kg are the plan's own route figures,
which the checker recomputes from the km. An organisation is allocated the network's CO2e by the
same key as the cost (:mod:`.allocation`: items x km from the hub), so its kg add up, over the
organisations, to the plan's total. The boundary is the vans' routes: the hub's own energy is
outside it (no sourced figure was found), and so is a night trunk between hubs.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..data.model import Network, VehicleType
from .allocation import Share

#: A documented g/km may differ from energy per km x factor by this much before the page says so.
DERIVED_TOLERANCE_G = 0.5


@dataclass(frozen=True)
class VehicleEmission:
    """One vehicle type's week: km driven and kg CO2e well-to-wheel, with the factors behind them."""

    vehicle_type: str
    routes: int
    km: float
    g_per_km: float  # fleet.csv's co2_g_per_km, as the plan used it
    kg_co2e: float  # the plan's routes, km x g_per_km / 1000 each
    energy_per_km: float | None = None
    energy_unit: str = ""
    wtw_g_per_unit: float | None = None
    source: str = ""

    @property
    def derived_g_per_km(self) -> float | None:
        """Energy per km x its well-to-wheel factor; None when the data does not document them."""
        if self.energy_per_km is None or self.wtw_g_per_unit is None:
            return None
        return self.energy_per_km * self.wtw_g_per_unit

    @property
    def documented(self) -> bool:
        """The g/km is energy per km x factor (within half a gram)."""
        d = self.derived_g_per_km
        return d is not None and abs(d - self.g_per_km) <= DERIVED_TOLERANCE_G


@dataclass(frozen=True)
class OrgEmission:
    """One organisation's allocated kg CO2e a week, per vehicle type, and its intensity."""

    organisation: str
    share: float  # 0..1, the cost's allocation key
    kg_by_type: dict[str, float]
    items_week: int
    crates_week: int

    @property
    def kg_week(self) -> float:
        return sum(self.kg_by_type.values())

    @property
    def g_per_item(self) -> float | None:
        return 1000 * self.kg_week / self.items_week if self.items_week else None

    @property
    def g_per_crate(self) -> float | None:
        return 1000 * self.kg_week / self.crates_week if self.crates_week else None


def _fleet_type(fleet: tuple[VehicleType, ...], name: str) -> VehicleType | None:
    return next((v for v in fleet if v.type == name), None)


def vehicle_emissions(plan: dict[str, Any], fleet: tuple[VehicleType, ...]) -> list[VehicleEmission]:
    """The plan's routes summed per vehicle type, in the fleet's order (types that drive)."""
    acc: dict[str, list[float]] = {}
    for r in plan["routes"]:
        vt = _fleet_type(fleet, r["vehicle_type"])
        km = float(r["distance_km"])
        kg = r.get("co2_kg", km * (vt.co2_g_per_km if vt else 0.0) / 1000)
        a = acc.setdefault(r["vehicle_type"], [0, 0.0, 0.0])
        a[0] += 1
        a[1] += km
        a[2] += float(kg)
    order = [v.type for v in fleet] + sorted(t for t in acc if _fleet_type(fleet, t) is None)
    out = []
    for t in (t for t in order if t in acc):
        vt = _fleet_type(fleet, t)
        n, km, kg = acc[t]
        out.append(
            VehicleEmission(
                t,
                int(n),
                round(km, 3),
                vt.co2_g_per_km if vt else (1000 * kg / km if km else 0.0),
                round(kg, 3),
                vt.energy_per_km if vt else None,
                vt.energy_unit if vt else "",
                vt.wtw_g_per_unit if vt else None,
                vt.co2_source if vt else "",
            )
        )
    return out


def crates_by_organisation(plan: dict[str, Any], network: Network) -> dict[str, int]:
    """Crates delivered plus collected a week at each organisation's branches."""
    org = {b.id: b.organisation for b in network.stops}
    out: dict[str, int] = {}
    for r in plan["routes"]:
        for s in r["stops"]:
            if s["branch"] in org:
                o = org[s["branch"]]
                out[o] = out.get(o, 0) + int(s.get("deliver", 0)) + int(s.get("pickup", 0))
    return out


def organisation_emissions(
    plan: dict[str, Any], network: Network, shares: list[Share], vehicles: list[VehicleEmission] | None = None
) -> list[OrgEmission]:
    """Each organisation's share of the plan's CO2e, by the cost's key (``shares``), in ``shares``' order."""
    vehicles = vehicle_emissions(plan, network.fleet) if vehicles is None else vehicles
    crates = crates_by_organisation(plan, network)
    return [
        OrgEmission(
            s.organisation,
            s.share,
            {v.vehicle_type: v.kg_co2e * s.share for v in vehicles},
            s.items_week,
            crates.get(s.organisation, 0),
        )
        for s in shares
    ]


def total_kg(vehicles: list[VehicleEmission]) -> float:
    """The plan's kg CO2e a week over all vehicle types."""
    return sum(v.kg_co2e for v in vehicles)
