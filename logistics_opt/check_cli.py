"""``logistics-opt check RUN_DIR``: re-run the independent checker on a written plan."""
from __future__ import annotations

from pathlib import Path

import click



@click.command()
@click.argument("run_dir", type=click.Path(file_okay=False, exists=True, path_type=Path))
def check(run_dir: Path) -> None:
    """Re-check RUN_DIR/plan.json against the data in RUN_DIR/inputs/.

    Recomputes every route (distances with geopy, times, breaks, loads, crates by the
    accumulation rule, shifts, fleet counts, weekly volumes, costs). Exit 0 when the plan
    holds, 1 with the violations listed when it does not.

    Example:

        logistics-opt check out
    """
    from .checker import check_plan
    from .reports.compare import load_run

    plan_path = run_dir / "plan.json"
    run = load_run(run_dir)
    plan, network = run.plan, run.network
    params = plan.get("meta", {}).get("parameters", {})
    if params.get("matrix"):
        raise click.ClickException("this plan used an external road matrix; check it with the same matrix "
                                   "(not supported by 'check' yet)")
    problems = check_plan(plan, network, frequency_rules=params.get("frequencies") == "optimise")
    if problems:
        for p in problems:
            click.echo(p)
        raise click.ClickException(f"{len(problems)} violations in {plan_path}")
    s = plan.get("summary", {})
    click.echo(f"{plan_path}: OK ({s.get('routes')} routes, EUR {s.get('cost_eur')}, "
               f"{s.get('distance_km')} km recomputed from inputs/)")
