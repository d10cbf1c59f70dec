"""Feed N random mutations of a data folder to `logistics-opt validate`; count the outcomes.

Every outcome must be "accepted" or a one-line "Error:" (exit 1); anything else is a crash.

    python benchmarks/fuzz_inputs.py data/utrecht --count 300 --seed 1
"""

from __future__ import annotations

import argparse
import importlib.util
import random
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

from click.testing import CliRunner

from logistics_opt.cli import cli


def _load_mutations():
    """The test suite's mutations, ``tests/mutate.py``, loaded from their file (``tests`` is not installed)."""
    path = Path(__file__).resolve().parents[1] / "tests" / "mutate.py"
    spec = importlib.util.spec_from_file_location("mutate", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


mutate = _load_mutations()


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    outcomes: Counter[str] = Counter()
    messages: Counter[str] = Counter()
    crashes = []
    with tempfile.TemporaryDirectory() as tmp:
        for k in range(a.count):
            d = Path(tmp) / f"m{k}"
            shutil.copytree(a.data, d)
            name = rng.choice(["branches.csv", "requests.csv", "fleet.csv", "settings.toml"])
            p = d / name
            for _ in range(rng.randint(1, 3)):
                text = p.read_text(encoding="utf-8", errors="replace")
                p.write_text(
                    mutate.mutate_toml(text, rng) if name.endswith(".toml") else mutate.mutate_csv(text, rng),
                    encoding="utf-8",
                )
            r = CliRunner().invoke(cli, ["validate", str(d)])
            lines = r.output.strip().splitlines()
            if r.exit_code == 0:
                outcomes["accepted"] += 1
            elif (
                r.exit_code == 1
                and len(lines) == 1
                and lines[0].startswith("Error: ")
                and "internal error" not in lines[0]
            ):
                outcomes["clean error"] += 1
                messages[lines[0].split(": ", 2)[-1][:40]] += 1
            else:
                outcomes["CRASH"] += 1
                crashes.append((name, r.exit_code, r.output[-300:], repr(r.exception)))
            shutil.rmtree(d)
    print(f"{a.count} mutations of {a.data}: " + ", ".join(f"{k} {v}" for k, v in outcomes.most_common()))
    for m, n in messages.most_common(8):
        print(f"  {n:4d}  {m}")
    for c in crashes[:5]:
        print("CRASH", c)
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
