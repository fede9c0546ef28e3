"""Fourteen labelled workdays through loosen, loosen before issue 9, and three baselines.

    .venv/bin/python bench/workdays.py            # loosen, the three baselines, and --before
    .venv/bin/python bench/workdays.py --no-before
    .venv/bin/python bench/workdays.py --trace "03 reader"   # every prompt of one day

The days (``bench/workday_days.py``) are what the user really does, second by second; loosen
runs over what the desktop reports of them through the day simulator (``loosen.simulation``: the
real Runner and Coach, a fake clock and fake adapters). ``--before`` runs the same days against
commit 8084ace (the service before issue 9) in a subprocess: its sources are extracted with
``git archive`` to ``/tmp/loosen-before`` and put first on ``PYTHONPATH``; this tree's simulator is
loaded by file path, and the old ``Runner`` is wrapped (``detectors=`` mapped to its ``on_call``:
microphone or full screen, and ``on_dnd``; it had no media or inhibitor detector).

The scripted user (:func:`make_user`, seeded per day): at the desk and not in a meeting or call,
takes a prompted break 75 % of the time (5 to 8 minutes), snoozes 20 % (and takes the next
prompt), ignores 5 % (a reminder follows); ignores every prompt inside a real meeting or call or
while away; answers "did you get up?" truthfully from the ground truth. The breaks taken are laid
over the labels (``Result.away`` for loosen).

Columns (ground truth = the day's labels with the breaks the user took laid over them):

* **prompts**: break offers shown (loosen: notifications of kind "break"; a baseline: each time its
  break is due or a snooze ends). Reminders of an unanswered prompt are not counted here.
* **in busy**: interruptions (break offers, reminders, heads-ups, "did you get up?", nudges) at an
  instant the user was really in a meeting (calendar, in a room, or overrunning its calendar end),
  the workshop, a call, or watching full-screen video.
* **after brk**: break offers at most 10 min after a real break ended, or inside one past its 5th
  minute; a real break is any stretch of 5 min or more not sitting (away, lunch, suspended, a
  taken break, off hours).
* **>75 unprompted**: sitting stretches (from one real break to the next) are split at every
  break offer and reminder; a piece counts when it is longer than 75 min and, after its 75th
  minute, the user was at the desk, outside any meeting, call and full screen, for 5 min running
  inside the day's working hours (so a prompt could have reached them politely and did not).
* **longest max / mean**: the longest such piece of each day (wall time, minutes): the largest
  over the 14 days and the mean of the 14.
* **as breaks (min, %)**: ground-truth sitting seconds the model counted as rest: for loosen the
  natural-break spans it recorded and the gaps between its bouts; for a baseline the idle stretches
  that reset it. % of all sitting; **explained %**: of the sitting in meetings, calls, the workshop,
  full-screen video and media (the stillness that evidence explains); **reading min**: still
  reading at the desk (no evidence explains it). The per-activity split is printed below the table.
* **on time**: due breaks offered on time / due breaks. In each sitting stretch a break is due at
  every 60 min from its start; it counts if the user was still sitting 15 min later or an offer
  came; it is on time when an offer came within ±15 min of it, or, when a meeting, call or
  full-screen block (merged across gaps under 3 min) lies within those ±15 min, in the 15 min
  before that block or the 5 min after its real end.
* **asked**: "did you get up?" questions.
* **wake/h**: wake-ups per simulated hour (12.5 h a day). loosen: the Runner's own count in the
  simulator; baselines: a model (see ``bench/workday_baselines.py``).
"""

from __future__ import annotations

import argparse
import importlib.util
import itertools
import json
import os
import random
import re
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import workday_baselines  # noqa: E402
from bench.workday_days import (  # noqa: E402
    BLOCKING,
    BREAK,
    CALL,
    EXPLAINED,
    NAMES,
    OVERRUN,
    READING,
    REMOTE,
    SITTING,
    WORKSHOP,
    Plan,
    days,
    runs,
    to_day,
)

BEFORE_COMMIT = "8084ace"
BEFORE_DIR = Path("/tmp/loosen-before")
REACTION = 20
INTERRUPTIONS = ("break", "reminder", "heads-up", "ask-moved", "nudge")
BUSY_FOR_USER = frozenset({REMOTE, OVERRUN, CALL, WORKSHOP})  # the user will not answer in these


# -- the scripted user -------------------------------------------------------------------------
def make_user(plan: Plan, seed: int, sim: ModuleType) -> Callable[[Any], Any]:
    """A deterministic user for ``plan``; answers are ``sim``'s classes (TakeBreak, Press)."""
    rng = random.Random(seed)
    breaks: list[tuple[int, int]] = []
    snoozed = [False]

    def away(i: int) -> bool:
        return any(a <= i < b for a, b in breaks)

    def available(i: int) -> bool:
        lab = plan.labels[i]
        return bool(plan.desk[i]) and lab in SITTING and lab not in BUSY_FOR_USER and not away(i)

    def take(i: int) -> Any:
        minutes = rng.randint(5, 8)
        breaks.append((i + REACTION, i + REACTION + minutes * 60))
        snoozed[0] = False
        return sim.TakeBreak(minutes=minutes)

    def user(note: Any) -> Any:
        i = plan.index(note.at)
        if i >= plan.n or not available(i):
            return None
        if note.kind in ("break", "reminder") and "yes" in note.buttons and was_up(note):
            return sim.Press("yes")  # "I was up then": the prompt asks about the quiet it names
        if note.kind in ("break", "reminder"):
            if snoozed[0]:
                return take(i)
            x = rng.random()
            if x < 0.75:
                return take(i)
            if x < 0.95 and "snooze" in note.buttons:
                snoozed[0] = True
                return sim.Press("snooze")
            if x < 0.95:
                return take(i)
            return None
        if note.kind == "ask-moved":
            return sim.Press("yes" if got_up(i) else "no")
        return None

    def was_up(note: Any) -> bool:
        """Whether the user was away from the desk in the quiet the prompt names ("no keyboard
        or mouse from 14:39 to 14:49"), as a person reading it would know."""
        clock = r"(\d{1,2}):(\d\d)\s*([AP]M)?"
        found = re.search(rf"from {clock} to {clock}", note.body)
        if found is None:
            return False
        h1, m1, p1, h2, m2, p2 = found.groups()

        def hour(h: str, pm: str | None) -> int:
            return int(h) % 12 + (12 if pm == "PM" else 0) if pm else int(h)

        h1, m1, h2, m2 = hour(h1, p1), int(m1), hour(h2, p2), int(m2)
        day0 = plan.at(0).replace(hour=0, minute=0, second=0)
        a = plan.index(day0 + timedelta(hours=h1, minutes=m1))
        b = plan.index(day0 + timedelta(hours=h2, minutes=m2))
        up = sum(1 for k in range(max(a, 0), min(b + 60, plan.n)) if plan.labels[k] not in SITTING)
        return up >= 60

    def got_up(i: int) -> bool:
        """Whether the user left the desk in the quiet that ended just before ``i``."""
        j = i
        while j > 0 and plan.inp[j]:
            j -= 1  # back over the input that ended the quiet
        while j > 0 and not (plan.inp[j] and not away(j)):
            j -= 1
        return any(plan.labels[k] not in SITTING or away(k) for k in range(j + 1, i + 1))

    return user


# -- loosen through the simulator --------------------------------------------------------------
def _secs(plan: Plan, iso: str | datetime) -> int:
    at = datetime.fromisoformat(iso) if isinstance(iso, str) else iso
    return max(0, min(plan.n, plan.index(at)))


def run_loosen(
    plan: Plan, seed: int, sim: ModuleType, policy: Any = None, *, watching: bool = False
) -> dict[str, Any]:
    day = to_day(plan, sim)
    more = {"watching": True} if watching else {}  # the 8084ace simulator has no watching source
    r = sim.simulate_day(day, make_user(plan, seed, sim), policy=policy, **more)
    rest = [
        (_secs(plan, d["start"]), _secs(plan, d["end"])) for _, d in r.events_of("natural-break")
    ]
    bouts = sorted((_secs(plan, a), plan.n if b is None else _secs(plan, b)) for a, b, _ in r.bouts)
    t = 0
    for a, b in bouts:
        if a > t:
            rest.append((t, a))
        t = max(t, b)
    if t < plan.n:
        rest.append((t, plan.n))
    return {
        "prompts": [(plan.index(n.at), n.kind) for n in r.notes],
        "rest": rest,
        "away": [(_secs(plan, a), _secs(plan, b)) for a, b in r.away],
        "wakeups": r.wakeups,
        "wake_per_h": r.wakeups / (plan.n / 3600),
    }


def seed_of(plan: Plan) -> int:
    return 77 + int(plan.name[:2])


def _before_worker() -> None:
    """In the subprocess: loosen is commit 8084ace's; run every day and print JSON."""
    import loosen

    assert str(BEFORE_DIR) in loosen.__file__, loosen.__file__
    import loosen.service.runner as runner_mod

    # this tree's simulator and its simulated desktop, over the old service
    desk = importlib.util.spec_from_file_location(
        "loosen.simulated_desktop", ROOT / "src/loosen/simulated_desktop.py"
    )
    assert desk is not None and desk.loader is not None
    sys.modules["loosen.simulated_desktop"] = importlib.util.module_from_spec(desk)
    desk.loader.exec_module(sys.modules["loosen.simulated_desktop"])
    spec = importlib.util.spec_from_file_location(
        "loosen_simulation_now", ROOT / "src/loosen/simulation.py"
    )
    assert spec is not None and spec.loader is not None
    sim = importlib.util.module_from_spec(spec)
    sys.modules["loosen_simulation_now"] = sim
    spec.loader.exec_module(sim)

    old = runner_mod.Runner

    def run_sync(detect: Callable[[], Any]) -> str:
        coro = detect()  # the simulator's detectors never await
        try:
            coro.send(None)
        except StopIteration as stop:
            return str(stop.value or "")
        raise RuntimeError("a detector awaited")

    class Before(old):  # type: ignore[misc, valid-type]
        def __init__(self, *a: Any, detectors: Any = None, **kw: Any) -> None:
            det = dict(detectors or {})

            def on_call() -> str:  # the old service: microphone, then a full-screen window
                for k in ("call", "fullscreen"):
                    if k in det:
                        why = run_sync(det[k])
                        if why:
                            return why
                return ""

            async def on_dnd() -> str:
                return await det["dnd"]() if "dnd" in det else ""

            super().__init__(*a, on_call=on_call, on_dnd=on_dnd, **kw)

    runner_mod.Runner = Before  # type: ignore[misc]
    out = {}
    for plan in days():
        try:
            out[plan.name] = run_loosen(plan, seed_of(plan), sim)
        except Exception as exc:  # noqa: BLE001 (report it, measure the other days)
            out[plan.name] = {"error": f"{type(exc).__name__}: {exc}"}
    print(json.dumps(out))


def start_before() -> subprocess.Popen[str]:
    if not (BEFORE_DIR / "src/loosen/__init__.py").exists():
        BEFORE_DIR.mkdir(parents=True, exist_ok=True)
        archive = subprocess.run(
            ["git", "-C", str(ROOT), "archive", BEFORE_COMMIT, "src"],
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(BEFORE_DIR)], input=archive, check=True)
    env = dict(os.environ, PYTHONPATH=str(BEFORE_DIR / "src"))
    return subprocess.Popen(
        [sys.executable, str(Path(__file__).resolve()), "--worker"],
        env=env,
        stdout=subprocess.PIPE,
        text=True,
        cwd=str(ROOT),
    )


# -- metrics -----------------------------------------------------------------------------------
def _in(spans: Sequence[tuple[int, int]], i: int) -> bool:
    return any(a <= i < b for a, b in spans)


def truth(plan: Plan, away: Sequence[tuple[int, int]]) -> tuple[bytearray, bytearray]:
    labels = bytearray(plan.labels)
    desk = bytearray(plan.desk)
    for a, b in away:
        labels[a:b] = bytes([BREAK]) * (b - a)
        desk[a:b] = bytes(b - a)
    return labels, desk


def day_metrics(plan: Plan, out: dict[str, Any]) -> dict[str, Any]:
    labels, desk = truth(plan, out["away"])
    n = plan.n
    w0, w1 = plan.work
    sitting = bytearray(1 if x in SITTING else 0 for x in labels)
    notes = [(i, k) for i, k in out["prompts"]]
    offers = sorted(i for i, k in notes if k == "break")
    splits = sorted(i for i, k in notes if k in ("break", "reminder"))
    m: dict[str, Any] = {}
    m["prompts"] = len(offers)
    m["in_busy"] = [
        (i, k) for i, k in notes if k in INTERRUPTIONS and i < n and labels[i] in BLOCKING
    ]
    m["asked"] = sum(1 for _, k in notes if k == "ask-moved")
    real = [(a, b) for a, b in runs(sitting, 0) if b - a >= 300]
    m["after_break"] = [i for i in offers if any(a + 300 <= i <= b + 600 for a, b in real)]
    # sitting stretches between real breaks
    stretches = []
    t = 0
    for a, b in [*real, (n, n)]:
        if a > t:
            stretches.append((t, a))
        t = b
    free = [0] * n  # seconds running at the desk, sitting, outside any blocking activity
    for i in range(n):
        ok = desk[i] and sitting[i] and labels[i] not in BLOCKING
        free[i] = (free[i - 1] + 1 if i else 1) if ok else 0
    pieces = []
    for s, e in stretches:
        cuts = [s, *(p for p in splits if s < p < e), e]
        pieces += list(itertools.pairwise(cuts))
    m["over75"] = [
        (a, b)
        for a, b in pieces
        if b - a > 4500 and any(free[i] >= 300 and w0 <= i < w1 for i in range(a + 4500, b))
    ]
    m["longest"] = max((b - a for a, b in pieces), default=0) / 60
    # sitting counted as rest, by activity
    rest = bytearray(n)
    for a, b in out["rest"]:
        rest[a:b] = b"\x01" * max(0, b - a)
    by = [0] * len(NAMES)
    total = [0] * len(NAMES)
    for i in range(n):
        if sitting[i]:
            total[labels[i]] += 1
            if rest[i]:
                by[labels[i]] += 1
    m["rest_by"] = by
    m["sit_by"] = total
    # due breaks
    blocking = [(a, b) for a, b in runs([1 if x in BLOCKING else 0 for x in labels])]
    merged: list[tuple[int, int]] = []
    for a, b in blocking:
        if merged and a - merged[-1][1] < 180:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    due = ontime = 0
    late = []
    for s, e in stretches:
        d = s + 3600
        while d < e:
            ok = any(d - 900 <= i <= d + 900 for i in offers)
            for a, b in merged:
                if a <= d + 900 and b >= d - 900:
                    ok = ok or any(a - 900 <= i <= a or b <= i <= b + 300 for i in offers)
            if ok or e > d + 900:
                due += 1
                ontime += ok
                if not ok:
                    late.append(d)
            d += 3600
    m["due"], m["ontime"], m["late"] = due, ontime, late
    m["wake_per_h"] = out["wake_per_h"]
    return m


def summarize(per_day: dict[str, dict[str, Any]]) -> dict[str, Any]:
    ms = list(per_day.values())
    rest_by = [sum(m["rest_by"][k] for m in ms) for k in range(len(NAMES))]
    sit_by = [sum(m["sit_by"][k] for m in ms) for k in range(len(NAMES))]
    expl_rest = sum(rest_by[k] for k in EXPLAINED)
    expl_sit = sum(sit_by[k] for k in EXPLAINED)
    longest = [m["longest"] for m in ms]
    due = sum(m["due"] for m in ms)
    return {
        "prompts": sum(m["prompts"] for m in ms),
        "in_busy": sum(len(m["in_busy"]) for m in ms),
        "after_break": sum(len(m["after_break"]) for m in ms),
        "over75": sum(len(m["over75"]) for m in ms),
        "longest_max": max(longest),
        "longest_mean": sum(longest) / len(longest),
        "rest_min": sum(rest_by) / 60,
        "rest_pct": 100 * sum(rest_by) / max(1, sum(sit_by)),
        "expl_pct": 100 * expl_rest / max(1, expl_sit),
        "reading_min": rest_by[READING] / 60,
        "rest_by": rest_by,
        "sit_by": sit_by,
        "due": due,
        "ontime": sum(m["ontime"] for m in ms),
        "asked": sum(m["asked"] for m in ms),
        "wake_per_h": sum(m["wake_per_h"] for m in ms) / len(ms),
    }


COLUMNS = (
    ("prompts", "prompts"),
    ("in busy", "in_busy"),
    ("after brk", "after_break"),
    (">75 unprompted", "over75"),
    ("longest max", "longest_max"),
    ("longest mean", "longest_mean"),
    ("as breaks min (%)", "rest"),
    ("explained %", "expl_pct"),
    ("reading min", "reading_min"),
    ("on time", "ontime"),
    ("asked", "asked"),
    ("wake/h", "wake_per_h"),
)


def cell(s: dict[str, Any], key: str) -> str:
    if key == "rest":
        return f"{s['rest_min']:.0f} ({s['rest_pct']:.1f} %)"
    if key == "ontime":
        pct = 100 * s["ontime"] / max(1, s["due"])
        return f"{s['ontime']}/{s['due']} ({pct:.0f} %)"
    if key in ("longest_max", "longest_mean", "reading_min"):
        return f"{s[key]:.0f}"
    if key == "expl_pct":
        return f"{s[key]:.1f}"
    if key == "wake_per_h":
        return f"{s[key]:.1f}"
    return str(s[key])


def table(rows: list[tuple[str, dict[str, Any]]]) -> str:
    head = "| model | " + " | ".join(h for h, _ in COLUMNS) + " |"
    sep = "| --- | " + " | ".join("---:" for _ in COLUMNS) + " |"
    lines = [head, sep]
    for name, s in rows:
        lines.append(f"| {name} | " + " | ".join(cell(s, k) for _, k in COLUMNS) + " |")
    return "\n".join(lines)


def breakdown(rows: list[tuple[str, dict[str, Any]]]) -> str:
    sit = rows[0][1]["sit_by"]
    kinds = [k for k in range(len(NAMES)) if sit[k]]
    head = "| sitting counted as breaks, min | " + " | ".join(NAMES[k] for k in kinds) + " |"
    sep = "| --- | " + " | ".join("---:" for _ in kinds) + " |"
    lines = [
        head,
        sep,
        "| (sitting, min, in loosen's day) | " + " | ".join(f"{sit[k] / 60:.0f}" for k in kinds),
    ]
    lines[-1] += " |"
    for name, s in rows:
        lines.append(
            f"| {name} | " + " | ".join(f"{s['rest_by'][k] / 60:.0f}" for k in kinds) + " |"
        )
    return "\n".join(lines)


def hhmm(plan: Plan, i: int) -> str:
    return plan.at(i).strftime("%H:%M:%S")


def misses(name: str, plans: list[Plan], per_day: dict[str, dict[str, Any]]) -> list[str]:
    out = []
    for p in plans:
        m = per_day[p.name]
        for i, k in m["in_busy"]:
            out.append(f"{name} {p.name}: {k} at {hhmm(p, i)} inside {NAMES[p.labels[i]]}")
        for a, b in m["over75"]:
            out.append(
                f"{name} {p.name}: {(b - a) / 60:.0f} min unprompted {hhmm(p, a)}-{hhmm(p, b)}"
            )
        for d in m["late"]:
            out.append(f"{name} {p.name}: break due {hhmm(p, d)} not offered on time")
        for i in m["after_break"]:
            out.append(f"{name} {p.name}: offer at {hhmm(p, i)} within 10 min of a real break")
    return out


def trace(plan: Plan, out: dict[str, Any]) -> None:
    labels, _ = truth(plan, out["away"])
    print(f"{plan.name}: segments")
    for a, b in runs_of_labels(labels):
        print(f"  {hhmm(plan, a)}-{hhmm(plan, b)} {NAMES[labels[a]]}")
    print("notes:")
    for i, k in out["prompts"]:
        print(f"  {hhmm(plan, min(i, plan.n - 1))} {k} ({NAMES[labels[min(i, plan.n - 1)]]})")
    print("counted as rest:")
    for a, b in out["rest"]:
        print(f"  {hhmm(plan, a)}-{hhmm(plan, min(b, plan.n - 1))}")


def runs_of_labels(labels: bytearray) -> list[tuple[int, int]]:
    out = []
    a = 0
    for i in range(1, len(labels) + 1):
        if i == len(labels) or labels[i] != labels[a]:
            out.append((a, i))
            a = i
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--no-before", action="store_true", help="skip the run against 8084ace")
    ap.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--trace", metavar="DAY", help='print one day for loosen ("03 reader")')
    ap.add_argument("--misses", action="store_true", help="list every miss of loosen")
    ap.add_argument(
        "--what-if",
        action="store_true",
        help="also loosen with other policies (quiet_away 5 or 10 min; defer_ceiling 15 min)",
    )
    args = ap.parse_args()
    if args.worker:
        _before_worker()
        return
    t0 = time.perf_counter()
    before = None if args.no_before else start_before()
    import loosen.simulation as sim

    plans = days()
    results: dict[str, dict[str, dict[str, Any]]] = {"loosen": {}}
    for p in plans:
        results["loosen"][p.name] = run_loosen(p, seed_of(p), sim)
    results["loosen, idle watches"] = {
        p.name: run_loosen(p, seed_of(p), sim, watching=True) for p in plans
    }
    if args.what_if:
        from datetime import timedelta

        from loosen.core.policy import BreakPolicy

        for label, pol in (
            ("what-if: quiet_away 5 min", BreakPolicy(quiet_away=timedelta(minutes=5))),
            ("what-if: quiet_away 10 min", BreakPolicy(quiet_away=timedelta(minutes=10))),
            ("what-if: defer_ceiling 15 min", BreakPolicy(defer_ceiling=timedelta(minutes=15))),
        ):
            results[label] = {p.name: run_loosen(p, seed_of(p), sim, pol) for p in plans}
    if args.trace:
        plan = next(p for p in plans if p.name == args.trace)
        trace(plan, results["loosen"][plan.name])
    for model in workday_baselines.MODELS:
        results[model] = {}
        for p in plans:
            user = make_user(p, seed_of(p), sim)
            results[model][p.name] = workday_baselines.run(p, model, user)
    errors: dict[str, str] = {}
    if before is not None:
        raw, _ = before.communicate(timeout=600)
        if before.returncode != 0:
            raise SystemExit(f"the run against {BEFORE_COMMIT} failed (exit {before.returncode})")
        got = json.loads(raw)
        errors = {k: v["error"] for k, v in got.items() if "error" in v}
        results["loosen before (8084ace)"] = {k: v for k, v in got.items() if "error" not in v}
    rows = []
    metrics: dict[str, dict[str, dict[str, Any]]] = {}
    for name, per in results.items():
        metrics[name] = {
            d: day_metrics(next(p for p in plans if p.name == d), o) for d, o in per.items()
        }
        rows.append((name, summarize(metrics[name])))
    order = ["loosen", "loosen before (8084ace)", *workday_baselines.MODELS]
    rows.sort(key=lambda r: order.index(r[0]) if r[0] in order else len(order))
    hours = sum(p.n for p in plans) / 3600
    print(f"{len(plans)} days, {hours:.0f} simulated hours\n")
    print(table(rows))
    print()
    print(breakdown(rows))
    for d, e in errors.items():
        print(f"\nbefore: {d} failed: {e}")
    if args.misses:
        print()
        for name in metrics:
            if name.startswith(("loosen", "what-if")):
                print("\n".join(misses(name, plans, metrics[name])))
    print(f"\n{time.perf_counter() - t0:.1f} s")


if __name__ == "__main__":
    main()
