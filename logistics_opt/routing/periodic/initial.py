"""Phase 1 of the periodic search: CP-SAT picks a first option per stop."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .model import PeriodicProblem, _Week

if TYPE_CHECKING:  # CP-SAT is imported when first used
    from ortools.sat.python.cp_model import LinearExpr


def initial_choice(
    problem: PeriodicProblem,
    seconds: float,
    seed: int = 0,
    neighbours: int = 6,
    travel_weight: float = 1.5,
    deterministic: bool = False,
) -> list[int]:
    """CP-SAT: one option per stop, minimising service + vans + nearest-neighbour travel proxy."""
    from ortools.sat.python import cp_model

    w = _Week(problem)
    t = problem.template
    T = problem.num_days
    stops = list(problem.stops)
    m = cp_model.CpModel()
    x = {}
    on: dict[tuple[int, int], list] = {}
    deliv: list[list[LinearExpr]] = [[] for _ in range(T)]
    pick: list[list[LinearExpr]] = [[] for _ in range(T)]
    work: list[list[LinearExpr]] = [[] for _ in range(T)]
    obj: list[LinearExpr] = []
    for k, node in enumerate(stops):
        opts = problem.options[k]
        lits = []
        for o, opt in enumerate(opts):
            lit = m.new_bool_var(f"x{node}_{o}")
            x[(k, o)] = lit
            lits.append(lit)
            svc_cost = sum(opt.service_s) * (w.time_coef[0] if w.time_coef else 0)
            if svc_cost:
                obj.append(int(svc_cost) * lit)
            for j, d in enumerate(opt.days):
                on.setdefault((node, d), []).append(lit)
                deliv[d].append(opt.delivery[j] * lit)
                pick[d].append(opt.pickup[j] * lit)
                work[d].append(opt.service_s[j] * lit)
        m.add_exactly_one(lits)
    depot_of = t.vehicles[0].depot if t.vehicles else 0
    scale = 1.0
    maxc = float(w.proxy.max()) or 1.0
    if maxc * travel_weight > 1e7:
        scale = 1e7 / (maxc * travel_weight)

    obj += _travel_terms(m, w, stops, on, depot_of, T, neighbours, travel_weight, scale)
    obj += _van_terms(m, w, t, deliv, pick, work, scale)
    m.minimize(sum(obj))
    solver = _solver(cp_model, seconds, seed, deterministic)
    status = solver.solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # No option set meets the vans' limits: fall back on the most frequent options
        # (the days' routing then names what cannot be served).
        return [max(range(len(o)), key=lambda i: len(o[i].days)) for o in problem.options]
    return [
        next(o for o in range(len(problem.options[k])) if solver.boolean_value(x[(k, o)])) for k in range(len(stops))
    ]


def _travel_terms(
    m, w: _Week, stops: list[int], on: dict, depot_of: int, T: int, neighbours: int, travel_weight: float, scale: float
) -> list:
    """The travel proxy: each visit pays the distance to its nearest co-visited neighbour that day
    (or the depot), as a staircase over its ``neighbours`` nearest stops."""

    def on_expr(node: int, d: int):
        return sum(on.get((node, d), []))

    obj = []
    for node in stops:
        c_dep = float(w.proxy[node, depot_of])
        others = [j for j in stops if j != node]
        near = sorted(others, key=lambda j: w.proxy[node, j])[:neighbours]
        near = [j for j in near if w.proxy[node, j] < c_dep]
        costs = [float(w.proxy[node, j]) for j in near] + [c_dep]
        for d in range(T):
            if (node, d) not in on:
                continue
            here = on_expr(node, d)
            obj.append(int(round(costs[0] * travel_weight * scale)) * here)
            for kk in range(1, len(costs)):
                step = costs[kk] - costs[kk - 1]
                if step <= 0:
                    continue
                u = m.new_bool_var("")
                m.add(u >= here - sum(on_expr(j, d) for j in near[:kk]))
                obj.append(int(round(step * travel_weight * scale)) * u)
    return obj


def _van_terms(m, w: _Week, t, deliv: list, pick: list, work: list, scale: float) -> list:
    """Vans per day, bounded below by crates and working time; each costs the fixed cost."""
    obj: list[LinearExpr] = []
    if not t.vehicles:
        return obj
    cap = max(v.capacity for v in t.vehicles)
    span = max(w.span_max)
    fixed = min(v.fixed_cost for v in t.vehicles)
    for d in range(len(deliv)):
        vans = m.new_int_var(0, len(t.vehicles), f"vans{d}")
        m.add(vans * cap >= sum(deliv[d]))
        m.add(vans * cap >= sum(pick[d]))
        m.add(vans * span >= sum(work[d]))
        if fixed:
            obj.append(int(round(fixed * scale)) * vans)
    return obj


def _solver(cp_model, seconds: float, seed: int, deterministic: bool):
    """CP-SAT for ``seconds``; reproducible runs count its deterministic time on one worker, which gives
    the same answer on any machine (the wall clock is then only a cap)."""
    solver = cp_model.CpSolver()
    if deterministic:
        solver.parameters.max_deterministic_time = max(0.1, seconds)
        solver.parameters.max_time_in_seconds = max(10.0, 20 * seconds)
        solver.parameters.num_workers = 1
    else:
        solver.parameters.max_time_in_seconds = max(0.1, seconds)
        solver.parameters.num_workers = 2
    solver.parameters.random_seed = seed
    return solver
