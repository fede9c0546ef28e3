"""What speaking a language costs: CLI start-up and the service's memory, English against a
full catalog (issue 13).

No translation is complete yet, so the "full catalog" is the test pseudo-locale ``xa``: every
message of the template translated, a third longer than English (as German is), compiled as
loosen ships its catalogs. Runs alternate English and ``xa`` so a busy machine biases neither.

    .venv/bin/python bench/i18n.py [--runs 30] [--settle 15]

Prints the median CPU time (user + system) of `loosen --version`, `loosen routines` and
`loosen routines show glutes`, the PSS of an idle service (no display, no D-Bus: the same for
both) after ``--settle`` seconds, and what opening the catalog and importing Babel cost a process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.conftest import Home
from tests.i18n import pseudo
from tests.service.conftest import Service

from bench.service import pss_kb, tree


def run_ms(cmd: list[str], env: dict[str, str]) -> float:
    """The child's CPU time (user + system): less at the mercy of other work than wall time."""
    import resource

    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, env=env, capture_output=True, check=True)
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (r1.ru_utime + r1.ru_stime - r0.ru_utime - r0.ru_stime) * 1000


def startup(runs: int, envs: dict[str, dict[str, str]]) -> None:
    loosen = os.path.join(os.path.dirname(sys.executable), "loosen")
    cases = [
        ("loosen --version", [loosen, "--version"]),
        ("loosen routines", [loosen, "routines"]),
        ("loosen routines show glutes", [loosen, "routines", "show", "glutes"]),
    ]
    print(f"{'command':30} " + " ".join(f"{name:>14}" for name in envs) + "   (median CPU ms)")
    for label, cmd in cases:
        times: dict[str, list[float]] = {name: [] for name in envs}
        for env in envs.values():
            run_ms(cmd, env)  # warm the file cache
        for _ in range(runs):
            for name, env in envs.items():
                times[name].append(run_ms(cmd, env))
        cols = " ".join(f"{statistics.median(t):14.1f}" for t in times.values())
        print(f"{label:30} {cols}")


def service_pss(settle: float, envs: dict[str, dict[str, str]], root: Path) -> None:
    print(f"\nidle service after {settle:g} s, PSS MB (process and children)")
    for name, extra in envs.items():
        home = Home(root / f"svc-{name}" / "c", root / f"svc-{name}" / "d")
        s = Service(home, {"DISPLAY": "", "DBUS_SESSION_BUS_ADDRESS": "", **extra})
        s.start()
        try:
            time.sleep(settle)
            print(f"  {name:12} {pss_kb(tree(s.pid)) / 1024:6.1f}")
        finally:
            s.stop()


def imports(locale_dir: Path) -> None:
    code = """
import sys, time
from pathlib import Path
def rss():
    return int(open('/proc/self/status').read().split('VmRSS:')[1].split()[0])
from loosen import i18n
import loosen.i18n.mo
from loosen.i18n import build
ids = [m.id for m in build.read(build.TEMPLATE) if m.id and isinstance(m.id, str)]
t1, r1 = time.perf_counter(), rss()
i18n.activate('xa', Path(sys.argv[1]))
shown = [i18n._(m) for m in ids[:100]]
t2, r2 = time.perf_counter(), rss()
import babel.dates, babel.numbers
babel.dates.format_date(__import__('datetime').date.today(), 'short', locale='de')
t3, r3 = time.perf_counter(), rss()
n = len(ids)
print(f"  open the full catalog ({n} messages), 100 lookups "
      f"{1000*(t2-t1):6.1f} ms {r2-r1:6d} kB RSS")
print(f"  Babel: import dates and numbers, format a date   "
      f"{1000*(t3-t2):6.1f} ms {r3-r2:6d} kB RSS")
"""
    print("\nin one process (first import, cold for the process, warm file cache)")
    subprocess.run([sys.executable, "-c", code, str(locale_dir)], check=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--settle", type=float, default=15.0)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        locale_dir = pseudo.make(root / "locale", "xa")
        base = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("LOOSEN_", "LC_", "LANG"))},
            "LOOSEN_CONFIG_DIR": tmp + "/c",
            "LOOSEN_DATA_DIR": tmp + "/d",
        }
        envs = {
            "English": {**base, "LANG": "C.UTF-8"},
            "full catalog": {**base, "LANG": "xa.UTF-8", "LOOSEN_LOCALE_DIR": str(locale_dir)},
        }
        startup(args.runs, envs)
        svc = {
            "English": {"LANG": "C.UTF-8"},
            "full catalog": {"LANG": "xa.UTF-8", "LOOSEN_LOCALE_DIR": str(locale_dir)},
        }
        service_pss(args.settle, svc, root)
        imports(locale_dir)


if __name__ == "__main__":
    main()
