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

from loosen.cells import cells
from loosen.core.routine import Routine, RoutineItem, routine_duration
from loosen.i18n import N_, _, ngettext, pgettext
from loosen.i18n.formats import day_and_time
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


POSITIONS = {"floor": N_("floor"), "chair": N_("chair"), "standing": N_("standing")}
OUTCOMES = {"completed": N_("completed"), "stopped": N_("stopped"), "quit": N_("quit")}


def position_text(position: str) -> str:
    return _(POSITIONS[position]) if position in POSITIONS else position


def dose_text(item: RoutineItem) -> str:
    seconds = f"{item.seconds:g}"
    if item.move.kind == "reps" and item.reps is not None:
        if item.sides:
            return ngettext("%(n)s rep/side", "%(n)s reps/side", item.reps) % {"n": item.reps}
        return ngettext("%(n)s rep", "%(n)s reps", item.reps) % {"n": item.reps}
    if item.move.kind == "hold":
        if item.sides:
            return _("hold %(seconds)s s/side") % {"seconds": seconds}
        return _("hold %(seconds)s s") % {"seconds": seconds}
    if item.sides:
        return _("%(seconds)s s/side") % {"seconds": seconds}
    return _("%(seconds)s s") % {"seconds": seconds}


def _table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> list[str]:
    widths = [max(cells(r[i]) for r in [header, *rows]) for i in range(len(header))]
    out = []
    for r in [header, *rows]:
        out.append(
            "  ".join(c + " " * (w - cells(c)) for c, w in zip(r, widths, strict=True)).rstrip()
        )
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
                pgettext("list separator", ", ").join(position_text(p) for p in r.positions),
                _("built-in") if r.source == "built-in" else _("yours"),
                r.name,
            ]
        )
    lines = _table(rows, [_("ROUTINE"), _("LENGTH"), _("WHERE"), _("SOURCE"), _("NAME")])
    for e in broken:
        n = len(e.error.problems) if e.error else 0
        lines.append(
            ngettext(
                "%(id)s: %(file)s has %(n)s problem; run `loosen routines validate %(file)s`.",
                "%(id)s: %(file)s has %(n)s problems; run `loosen routines validate %(file)s`.",
                n,
            )
            % {"id": e.id, "file": e.source, "n": n}
        )
    lines.append("")
    lines.append(
        _("Your own routines go in %(folder)s (see docs/routines.md).") % {"folder": user_dir}
    )
    lines.append(
        _("Show one with `loosen routines show NAME`; start it with `loosen stretch NAME`.")
    )
    return visible("\n".join(lines))


def routine_detail(r: Routine) -> str:
    where = pgettext("list separator", ", ").join(position_text(p) for p in r.positions)
    head = {"name": r.name, "id": r.id, "length": clock_text(routine_duration(r)), "where": where}
    lines = [_("%(name)s (%(id)s): %(length)s, %(where)s") % head]
    if r.summary:
        lines.append(r.summary)
    timing = {"transition": f"{r.transition:g}", "switch": f"{r.side_switch:g}"}
    if r.warm_up:
        lines.append(
            _(
                "%(transition)s s between moves, %(switch)s s to switch sides; a warm-up: no "
                "long static holds."
            )
            % timing
        )
    else:
        lines.append(_("%(transition)s s between moves, %(switch)s s to switch sides.") % timing)
    for note in r.notes:
        lines.append(note)
    for n, item in enumerate(r.items, 1):
        m = item.move
        lines.append("")
        said = {"n": n, "name": m.name, "dose": dose_text(item), "where": position_text(m.position)}
        if item.sides:
            lines.append(_("%(n)s. %(name)s: %(dose)s, both sides (%(where)s)") % said)
        else:
            lines.append(_("%(n)s. %(name)s: %(dose)s (%(where)s)") % said)
        lines.append("   " + _("Cue: %(cue)s") % {"cue": m.cue})
        for i, step in enumerate(m.steps, 1):
            lines.append(f"   {i}) {step}")
        if m.feel:
            lines.append("   " + _("Feel: %(feel)s") % {"feel": m.feel})
        if m.mistakes:
            lines.append("   " + _("Avoid: %(mistakes)s") % {"mistakes": " ".join(m.mistakes)})
        if m.easier:
            lines.append("   " + _("Easier: %(easier)s") % {"easier": m.easier})
        if m.harder:
            lines.append("   " + _("Harder: %(harder)s") % {"harder": m.harder})
        if m.caution:
            lines.append("   " + _("Caution: %(caution)s") % {"caution": m.caution})
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
    return day_and_time(dt.astimezone())


def history_table(sessions: Sequence[SessionRecord]) -> str:
    if not sessions:
        return _("No routines yet. Start one with `loosen stretch`.")
    rows = []
    for s in sessions:
        done = sum(1 for st in s.steps if st.status == "done")
        rows.append(
            [
                _local(s.started_at),
                s.routine_id,
                _(OUTCOMES[s.outcome]) if s.outcome in OUTCOMES else s.outcome,
                f"{done}/{len(s.steps)}",
                clock_text((s.ended_at - s.started_at).total_seconds()),
            ]
        )
    header = [_("STARTED"), _("ROUTINE"), _("OUTCOME"), _("STEPS DONE"), _("TIME")]
    # the history may hold anything a routine file once said: never a raw control character
    return visible("\n".join(_table(rows, header)))


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
        _("settings file:  %(path)s") % {"path": paths.settings_file}
        + ("" if paths.settings_file.exists() else " " + _("(not created; defaults in use)")),
        _("your routines:  %(path)s") % {"path": paths.routines_dir},
        _("history:        %(path)s") % {"path": paths.history_db},
        "",
    ]
    for section, values in data["settings"].items():
        lines.append(f"[{section}]")
        for key, value in values.items():
            shown = json.dumps(value) if not isinstance(value, bool) else str(value).lower()
            lines.append(f"{key} = {shown}")
        lines.append("")
    return visible("\n".join(lines).rstrip())
