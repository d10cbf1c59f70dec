"""``national_map.png``: a plan with several hubs on one map (no tile server).

Each branch is a dot in the colour of the hub whose vans serve it; the hubs are stars, labelled
with their week's van cost; the night trunk is a line between two hubs, as thick as the crates it
carries a week (both directions). Written only for plans with a ``trunk`` section.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from ..data.model import Network
from ..data.read import load_network
from ..wording import Labels, plan_language
from .hub_costs import hub_costs


def national_map(plan: dict[str, Any], network: Network, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    L = Labels(plan_language(plan))
    served = {s["branch"]: r["depot"] for r in plan["routes"] for s in r["stops"]}
    hubs = list(network.hubs)
    colour = {h.id: plt.get_cmap("tab10")(k % 10) for k, h in enumerate(hubs)}
    fig, ax = plt.subplots(figsize=(9, 10), dpi=100)
    for h in hubs:
        mine = [b for b in network.stops if served.get(b.id) == h.id]
        ax.scatter([b.lon for b in mine], [b.lat for b in mine], s=7, color=colour[h.id], zorder=2)
    lost = [b for b in network.stops if b.id not in served]
    if lost:
        ax.scatter(
            [b.lon for b in lost],
            [b.lat for b in lost],
            s=12,
            c="#999999",
            marker="x",
            zorder=2,
            label=L("natmap.not_served", n=len(lost)),
        )
    where = {h.id: (h.lon, h.lat) for h in hubs}
    pairs: dict[tuple[str, str], int] = {}
    for f in (plan.get("trunk") or {}).get("flows", []):
        key = tuple(sorted((f["from"], f["to"])))
        pairs[key] = pairs.get(key, 0) + f["crates"]
    most = max(pairs.values(), default=1)
    for (a, b), n in sorted(pairs.items()):
        (x0, y0), (x1, y1) = where[a], where[b]
        ax.plot([x0, x1], [y0, y1], "-", color="#444444", lw=0.5 + 5 * n / most, alpha=0.45, zorder=1)
    costs = hub_costs(plan)
    for h in hubs:
        c = costs.get(h.id, {})
        ax.scatter(
            [h.lon],
            [h.lat],
            marker="*",
            s=320,
            color=colour[h.id],
            edgecolor="k",
            zorder=5,
            label=L("natmap.hub", hub=h.id, cost=c.get("cost_eur", 0), n=int(c.get("routes", 0))),
        )
        ax.annotate(h.town or h.id, (h.lon, h.lat), xytext=(6, 6), textcoords="offset points", fontsize=8)
    lat0 = sum(b.lat for b in network.branches) / len(network.branches)
    ax.set_aspect(1.0 / math.cos(math.radians(lat0)))
    ax.set_xlabel(L("daymap.lon"))
    ax.set_ylabel(L("daymap.lat"))
    s = plan.get("summary", {})
    vans, trunk, crates = s.get("cost_eur", 0), s.get("trunk_cost_eur", 0), s.get("trunk_crates", 0)
    ax.set_title(L("natmap.title", vans=vans, trunk=trunk, crates=crates))
    ax.grid(True, lw=0.3, alpha=0.5)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.06), fontsize=7, ncol=2, frameon=False)
    fig.savefig(path, bbox_inches="tight")
    plt.close(fig)


def write_national_map(plan: dict[str, Any], folder: Path) -> None:
    """Run-folder writer: ``folder/national_map.png`` when the plan has several hubs."""
    if plan.get("trunk") is None:
        return
    national_map(plan, load_network(folder / "inputs"), folder / "national_map.png")
