"""Plain-text and JSON renderings for the CLI's read commands (no rich: they must start fast).

Every string from a user's file goes out through ``visible`` (plain text) or ``to_json``: a
control character that slipped past validation is shown as an escape, never sent raw.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from loosen.core.routine import Routine, RoutineItem, routine_duration
from loosen.safetext import CONTROL, visible

if TYPE_CHECKING:
    from loosen.config import Settings
    from loosen.paths import Paths
    from loosen.routines import CatalogEntry
    from loosen.storage.records import SessionRecord


def clock_text(seconds: float) -> str:
    """``445`` -> ``"7:25"``; an hour or more -> ``"1:02:05"``."""
    s = max(0, round(seconds))
    h, rest = divmod(s, 3600)
    m, sec = divmod(rest, 60)
    return f"{h}:{m:02d}:{sec:02d}" if h else f"{m}:{sec:02d}"


def to_json(data: Any) -> str:
    # json escapes C0 controls itself; C1 controls and direction overrides are escaped here
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return CONTROL.sub(lambda m: f"\\u{ord(m[0]):04x}", text)


def dose_text(item: RoutineItem) -> str:
    per = "/side" if item.sides else ""
    if item.move.kind == "reps" and item.reps is not None:
        return f"{item.reps} reps{per}"
    if item.move.kind == "hold":
        return f"hold {item.seconds:g} s{per}"
    return f"{item.seconds:g} s{per}"


def _table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> list[str]:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out = []
    for r in [header, *rows]:
        out.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    return out


def routine_list(entries: Sequence[CatalogEntry], user_dir: Path) -> str:
    rows = []
    broken = []
    for e in entries:
        if e.routine is None:
            broken.append(e)
            continue
        r = e.routine
        rows.append(
            [
                r.id,
                clock_text(routine_duration(r)),
                ", ".join(r.positions),
                "built-in" if r.source == "built-in" else "yours",
                r.name,
            ]
        )
    lines = _table(rows, ["ROUTINE", "LENGTH", "WHERE", "SOURCE", "NAME"])
    for e in broken:
        n = len(e.error.problems) if e.error else 0
        lines.append(
            f"{e.id}: {e.source} has {n} problem{'s' if n != 1 else ''}; "
            f"run `loosen routines validate {e.source}`."
        )
    lines.append("")
    lines.append(f"Your own routines go in {user_dir} (see docs/routines.md).")
    lines.append("Show one with `loosen routines show NAME`; start it with `loosen stretch NAME`.")
    return visible("\n".join(lines))


def routine_detail(r: Routine) -> str:
    lines = [
        f"{r.name} ({r.id}): {clock_text(routine_duration(r))}, {', '.join(r.positions)}",
    ]
    if r.summary:
        lines.append(r.summary)
    lines.append(
        f"{r.transition:g} s between moves, {r.side_switch:g} s to switch sides"
        + ("; a warm-up: no long static holds" if r.warm_up else "")
        + "."
    )
    for note in r.notes:
        lines.append(note)
    for n, item in enumerate(r.items, 1):
        m = item.move
        lines.append("")
        sides = ", both sides" if item.sides else ""
        lines.append(f"{n}. {m.name}: {dose_text(item)}{sides} ({m.position})")
        lines.append(f"   Cue: {m.cue}")
        for i, step in enumerate(m.steps, 1):
            lines.append(f"   {i}) {step}")
        if m.feel:
            lines.append(f"   Feel: {m.feel}")
        if m.mistakes:
            lines.append("   Avoid: " + " ".join(m.mistakes))
        if m.easier:
            lines.append(f"   Easier: {m.easier}")
        if m.harder:
            lines.append(f"   Harder: {m.harder}")
        if m.caution:
            lines.append(f"   Caution: {m.caution}")
    return visible("\n".join(lines))


def move_json(item: RoutineItem) -> dict[str, Any]:
    m = item.move
    return {
        "id": m.id,
        "name": m.name,
        "position": m.position,
        "kind": m.kind,
        "seconds": item.seconds,
        "reps": item.reps,
        "sides": item.sides,
        "cue": m.cue,
        "targets": list(m.targets),
        "steps": list(m.steps),
        "feel": m.feel,
        "mistakes": list(m.mistakes),
        "easier": m.easier,
        "harder": m.harder,
        "caution": m.caution,
        "skip_if": list(m.skip_if),
        "alternative": m.alternative,
        "props": list(m.props),
        "animation": {
            "keyframes": list(m.animation.keyframes),
            "style": m.animation.style,
            "period": m.animation.period,
        },
        "replaces": item.swapped_from.id if item.swapped_from else None,
    }


def routine_json(r: Routine) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "summary": r.summary,
        "source": r.source,
        "seconds": routine_duration(r),
        "positions": list(r.positions),
        "transition": r.transition,
        "side_switch": r.side_switch,
        "warm_up": r.warm_up,
        "notes": list(r.notes),
        "moves": [move_json(i) for i in r.items],
    }


def entry_json(e: CatalogEntry) -> dict[str, Any]:
    if e.routine is None:
        return {
            "id": e.id,
            "source": e.source,
            "ok": False,
            "problems": [str(p) for p in e.error.problems] if e.error else [],
        }
    r = e.routine
    return {
        "id": r.id,
        "name": r.name,
        "source": r.source,
        "ok": True,
        "seconds": routine_duration(r),
        "positions": list(r.positions),
        "moves": len(r.items),
    }


def _local(dt: datetime) -> str:
    return dt.astimezone().strftime("%Y-%m-%d %H:%M")


def history_table(sessions: Sequence[SessionRecord]) -> str:
    if not sessions:
        return "No routines yet. Start one with `loosen stretch`."
    rows = []
    for s in sessions:
        done = sum(1 for st in s.steps if st.status == "done")
        rows.append(
            [
                _local(s.started_at),
                s.routine_id,
                s.outcome,
                f"{done}/{len(s.steps)}",
                clock_text((s.ended_at - s.started_at).total_seconds()),
            ]
        )
    # the history may hold anything a routine file once said: never a raw control character
    return visible("\n".join(_table(rows, ["STARTED", "ROUTINE", "OUTCOME", "STEPS DONE", "TIME"])))


def session_json(s: SessionRecord) -> dict[str, Any]:
    return {
        "id": s.id,
        "routine_id": s.routine_id,
        "routine_name": s.routine_name,
        "source": s.source,
        "started_at": s.started_at.isoformat(),
        "ended_at": s.ended_at.isoformat(),
        "outcome": s.outcome,
        "steps": [
            {
                "move_id": st.move_id,
                "move_name": st.move_name,
                "side": st.side,
                "status": st.status,
                "planned_seconds": st.planned_seconds,
                "done_seconds": st.done_seconds,
            }
            for st in s.steps
        ],
    }


def config_json(paths: Paths, settings: Settings) -> dict[str, Any]:
    import msgspec

    return {
        "paths": {
            "settings_file": str(paths.settings_file),
            "routines_dir": str(paths.routines_dir),
            "history_db": str(paths.history_db),
        },
        "settings": msgspec.to_builtins(settings),
    }


def config_text(paths: Paths, settings: Settings) -> str:
    data = config_json(paths, settings)
    lines = [
        f"settings file:  {paths.settings_file}"
        + ("" if paths.settings_file.exists() else " (not created; defaults in use)"),
        f"your routines:  {paths.routines_dir}",
        f"history:        {paths.history_db}",
        "",
    ]
    for section, values in data["settings"].items():
        lines.append(f"[{section}]")
        for key, value in values.items():
            shown = json.dumps(value) if not isinstance(value, bool) else str(value).lower()
            lines.append(f"{key} = {shown}")
        lines.append("")
    return visible("\n".join(lines).rstrip())
