"""The report charts (matplotlib, Agg backend), as PNG bytes, labelled in the report's language."""

from __future__ import annotations

import io
from typing import Any

from ..wording import Labels


def _png(fig: Any) -> bytes:
    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight", dpi=100)
    plt.close(fig)
    return buf.getvalue()


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def chart_cost_co2(rows: list[dict[str, Any]], base_name: str, L: Labels | None = None) -> bytes:
    """Horizontal bars: weekly cost and weekly CO2 per scenario (the baseline in a darker colour)."""
    L = L or Labels()
    plt = _plt()
    names = [r["scenario"] for r in rows][::-1]
    colours = ["#555555" if n == base_name else "#4c72b0" for n in names]
    fig, (a1, a2) = plt.subplots(1, 2, figsize=(10, 0.45 * len(rows) + 1.5), sharey=True)
    spreads = [r.get("cost_spread_eur") or 0.0 for r in rows][::-1]
    # The noise band: from the best repeat (the bar) to the dearest.
    a1.barh(
        names,
        [r["cost_eur_week"] for r in rows][::-1],
        color=colours,
        xerr=[[0.0] * len(spreads), spreads] if any(spreads) else None,
        capsize=3,
    )
    a1.set_xlabel(L("chart.cost_axis"))
    a1.set_title(L("chart.cost"))
    a2.barh(names, [r["co2_kg"] for r in rows][::-1], color=["#555555" if n == base_name else "#55a868" for n in names])
    a2.set_xlabel(L("chart.co2_axis"))
    a2.set_title(L("chart.co2"))
    for ax in (a1, a2):
        ax.grid(True, axis="x", lw=0.3)
    return _png(fig)


def chart_cost_lead_time(rows: list[dict[str, Any]], L: Labels | None = None) -> bytes | None:
    """Scatter of weekly cost against mean lead time; None when no run has lead times."""
    L = L or Labels()
    pts = [r for r in rows if r["lead_time_mean_days"] is not None]
    if not pts:
        return None
    plt = _plt()
    fig, ax = plt.subplots(figsize=(7, 5))
    ax.scatter([r["lead_time_mean_days"] for r in pts], [r["cost_eur_week"] for r in pts], color="#c44e52", zorder=3)
    # Runs with the same lead time (all current-practice runs) stack their labels 11 points apart.
    groups: dict[float, list[dict[str, Any]]] = {}
    for r in pts:
        groups.setdefault(round(r["lead_time_mean_days"], 2), []).append(r)
    for group in groups.values():
        group.sort(key=lambda r: r["cost_eur_week"])
        for k, r in enumerate(group):
            dy = 11 * (k - (len(group) - 1) / 2) if len(group) > 1 else 4
            ax.annotate(
                r["scenario"],
                (r["lead_time_mean_days"], r["cost_eur_week"]),
                xytext=(14, dy),
                textcoords="offset points",
                fontsize=8,
                va="center",
                arrowprops={"arrowstyle": "-", "lw": 0.4, "color": "#888888"} if len(group) > 1 else None,
            )
    ax.set_xlabel(L("chart.lead_axis"))
    ax.set_ylabel(L("chart.cost_week"))
    ax.set_title(L("chart.cost_service"))
    ax.grid(True, lw=0.3)
    return _png(fig)


def chart_frontier(rows: list[dict[str, Any]], L: Labels | None = None) -> bytes:
    """Weekly cost against the service limit, and against the mean lead time when known."""
    L = L or Labels()
    plt = _plt()
    ok = [r for r in rows if r["cost_eur_week"] is not None]
    lead = [r for r in ok if r["lead_time_mean_days"] is not None]
    fig, axes = plt.subplots(1, 2 if lead else 1, figsize=(11 if lead else 6, 4.5), squeeze=False)
    a = axes[0][0]
    a.plot([r["max_days_between_visits"] for r in ok], [r["cost_eur_week"] for r in ok], "o-", color="#4c72b0")
    a.set_xticks([r["max_days_between_visits"] for r in ok])
    a.set_xlabel(L("chart.limit_axis"))
    a.set_ylabel(L("chart.cost_week"))
    a.set_title(L("chart.cost_limit"))
    a.grid(True, lw=0.3)
    if lead:
        b = axes[0][1]
        lead = sorted(lead, key=lambda r: r["lead_time_mean_days"])
        b.plot([r["lead_time_mean_days"] for r in lead], [r["cost_eur_week"] for r in lead], "o-", color="#c44e52")
        for r in lead:
            b.annotate(
                L("chart.max", n=r["max_days_between_visits"]),
                (r["lead_time_mean_days"], r["cost_eur_week"]),
                xytext=(4, 4),
                textcoords="offset points",
                fontsize=8,
            )
        b.set_xlabel(L("chart.lead_axis"))
        b.set_title(L("chart.cost_lead"))
        b.grid(True, lw=0.3)
    return _png(fig)
