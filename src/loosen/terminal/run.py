"""`loosen stretch`: pick the routine, adapt it to the user, play it, and save what was done."""

from __future__ import annotations

import contextlib
import sys
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

import click

from loosen.core.routine import adapt_for, apply_profile, build_timeline
from loosen.errors import LoosenError
from loosen.i18n import _

if TYPE_CHECKING:
    from loosen.app import App
    from loosen.core.routine import Routine
    from loosen.storage.records import SessionRecord
    from loosen.terminal.player import PlayResult


def _flags(app: App) -> tuple[str, ...] | None:
    """The user's screening flags; asks on first run when a terminal is there to answer."""
    from loosen.core.advice import DISCLAIMER
    from loosen.terminal.safety import ask_screening, interactive, wrapped

    with app.history() as h:
        record = h.latest_screening()
    if record is None:
        if not interactive():
            click.echo(wrapped(_(DISCLAIMER)))
            click.echo(_("(Run `loosen screening` in a terminal to adapt the routines to you.)"))
            click.echo("")
            return None
        record = ask_screening(app)
    return tuple(flag for flag, yes in record.answers.items() if yes)


def prepare(app: App, name: str | None) -> Routine:
    settings = app.settings
    routine = app.catalog.get(name or settings.routine.default)
    flags = _flags(app) or ()
    routine = adapt_for(routine, flags, app.catalog.library, _)
    if not routine.items:
        raise LoosenError(
            _(
                'Every move of "%(id)s" is ruled out by your screening answers; try '
                "`loosen stretch desk-short` or change your answers with `loosen "
                "screening`."
            )
            % {"id": routine.id}
        )
    return apply_profile(routine, settings.routine.profile)


def to_record(routine: Routine, result: PlayResult, started_wall: datetime) -> SessionRecord:
    from loosen.storage.records import SessionRecord, StepRecord

    session = result.session
    steps = tuple(StepRecord.played(o) for o in session.outcomes(result.ended_at))
    ended = started_wall + timedelta(seconds=result.ended_at - session.started_at)
    return SessionRecord(
        routine_id=routine.id,
        routine_name=routine.name,
        started_at=started_wall,
        ended_at=ended,
        outcome=result.ended,
        steps=steps,
        source="terminal",
    )


def run_stretch(app: App, name: str | None, *, animation: bool, quiet: bool, plain: bool) -> int:
    from loosen.terminal.hangup import Tolerant, ended_by_signals
    from loosen.terminal.keys import Keys
    from loosen.terminal.player import Player, PlayerOptions
    from loosen.terminal.safety import checkin_during_routine

    settings = app.settings
    routine = prepare(app, name)
    if plain and routine.notes:
        for note in routine.notes:
            click.echo(note)
    options = PlayerOptions(
        animation=animation and settings.player.animation,
        bell=not quiet and settings.player.sound,
        voice=not quiet and settings.player.voice,
        plain=plain or not sys.stdout.isatty(),
    )
    keys = Keys()
    started_wall = app.clock.now()
    from loosen.core.credit import credit_steps

    out = Tolerant(sys.stdout)
    with ended_by_signals() as signals:  # a closed terminal, a logout: saved as a quit
        with keys:
            player = Player(
                build_timeline(routine),
                app.catalog.keyframes,
                clock=app.clock,
                keys=keys,
                out=out,  # type: ignore[arg-type]  # a text stream that cannot fail
                options=options,
                on_check=lambda: checkin_during_routine(app, routine.id),
            )
            result = player.run()
        record = to_record(routine, result, started_wall)
        with app.history() as h:
            h.record_session(record)
    verdict = credit_steps(record.steps)
    if not result.interrupted and not signals:
        out.write(verdict.why(_) + "\n")  # the player's last line
    _tell_service(app, started_wall, verdict.counts)
    if signals:
        return 128 + signals[0]
    return 130 if result.interrupted else 0


def _tell_service(app: App, since: datetime, counts: bool) -> None:
    """A routine really done is a break; one quit early is not: tell the running service."""
    from loosen.errors import LoosenError
    from loosen.service.client import command

    with contextlib.suppress(LoosenError):  # no service, or it refused: the session is saved
        if counts:
            command(app, "break-done", {"since": since.isoformat()})
        else:
            command(app, "break-abandoned", {})
