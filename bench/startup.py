"""CLI start-up time: `loosen --version` and `loosen routines`, median of N runs.

Target (issue 2): under 150 ms median on this machine. Compared side by side with a bare
`python -c pass` in the same run, since Python's own start-up is the floor.

    .venv/bin/python bench/startup.py [--runs 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

TARGET_MS = 150.0


def measure(cmd: list[str], runs: int, env: dict[str, str]) -> list[float]:
    subprocess.run(cmd, env=env, capture_output=True, check=True)  # warm the file cache
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, env=env, capture_output=True, check=True)
        out.append((time.perf_counter() - t0) * 1000)
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    args = ap.parse_args()
    loosen = os.path.join(os.path.dirname(sys.executable), "loosen")
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "LOOSEN_CONFIG_DIR": tmp + "/c", "LOOSEN_DATA_DIR": tmp + "/d"}
        cases = [
            ("python -c pass (floor)", [sys.executable, "-c", "pass"], None),
            ("loosen --version", [loosen, "--version"], TARGET_MS),
            ("loosen routines", [loosen, "routines"], TARGET_MS),
            ("loosen routines show glutes", [loosen, "routines", "show", "glutes"], TARGET_MS),
            ("loosen history", [loosen, "history"], TARGET_MS),
        ]
        print(f"{'command':32} {'median ms':>10} {'p90 ms':>8} {'target':>8}  verdict")
        for name, cmd, target in cases:
            ms = measure(cmd, args.runs, env)
            med = statistics.median(ms)
            p90 = sorted(ms)[int(len(ms) * 0.9) - 1]
            verdict = "" if target is None else ("OK" if med < target else "OVER")
            tgt = "" if target is None else f"{target:.0f}"
            print(f"{name:32} {med:10.1f} {p90:8.1f} {tgt:>8}  {verdict}")


if __name__ == "__main__":
    main()
