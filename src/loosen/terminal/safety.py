"""The first-run screening and the "something feels wrong" check-in, asked in the terminal."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Literal

import click

from loosen.core.advice import (
    DISCLAIMER,
    EMERGENCY_MESSAGE,
    SCREENING,
    Advice,
    advise,
    questions_in_order,
    screening_advice,
)
from loosen.i18n import _

if TYPE_CHECKING:
    from loosen.app import App
    from loosen.storage.records import ScreeningRecord


def wrapped(text: str) -> str:
    """Paragraphs wrapped to the terminal (at most 88 columns, easier to read)."""
    import shutil

    from loosen.cells import wrap

    width = min(88, shutil.get_terminal_size((80, 24)).columns - 1)
    return "\n".join("\n".join(wrap(p, width)) if p else "" for p in text.split("\n"))


def interactive() -> bool:
    return sys.stdin.isatty()


def ask_screening(app: App) -> ScreeningRecord:
    """Show the disclaimer, ask the screening questions, save and return the answers."""
    from loosen.storage.records import ScreeningRecord

    click.echo(wrapped(_(DISCLAIMER)))
    click.echo("")
    click.echo(_("A few questions so loosen can leave out or swap moves that may not suit you."))
    click.echo(
        _("Your answers stay on this computer; change them any time with `loosen screening`.")
    )
    answers: dict[str, bool] = {}
    for n, q in enumerate(SCREENING, 1):
        answers[q.flag] = click.confirm(
            wrapped(f"[{n}/{len(SCREENING)}] {_(q.question)}"), default=False
        )
    record = ScreeningRecord(answered_at=app.clock.now(), answers=answers)
    with app.history() as h:
        h.save_screening(record)
    flagged = [q for q in SCREENING if answers[q.flag]]
    click.echo("")
    if flagged:
        for q in flagged:
            click.echo(f"- {_(q.why)}")
        extra = screening_advice(answers, _)
        if extra:
            click.echo(extra)
    else:
        click.echo(_("Thanks. All routines are open to you."))
    click.echo("")
    return record


def run_screening(app: App) -> None:
    if not interactive():
        raise click.UsageError(_("`loosen screening` asks questions; run it in a terminal."))
    ask_screening(app)


def ask_checkin(app: App, context: str | None) -> Advice:
    """Ask the red-flag questions, most serious first; record and show the advice."""
    from loosen.storage.records import CheckinRecord

    click.echo(_("Something feels wrong? Answer yes or no. Your answers stay on this computer."))
    answers: dict[str, bool] = {}
    symptoms = questions_in_order()
    worst: int | None = None
    for n, s in enumerate(symptoms, 1):
        if worst is not None and (worst == 1 or s.tier > worst):
            break  # a more serious answer already decides the advice
        answers[s.id] = click.confirm(
            wrapped(f"[{n}/{len(symptoms)}] {_(s.question)}"), default=False
        )
        if answers[s.id]:
            worst = s.tier if worst is None else min(worst, s.tier)
    advice = advise(answers)
    with app.history() as h:
        h.record_checkin(
            CheckinRecord(at=app.clock.now(), answers=answers, tier=advice.tier, context=context)
        )
    if advice.pause_reminders_today:
        _pause_service_today(app)
    if advice.tier == 1:
        click.clear()
        click.echo(wrapped(_(EMERGENCY_MESSAGE)))
    else:
        click.echo("")
        click.echo(_(advice.title))
        click.echo(wrapped(_(advice.message)))
    return advice


def _pause_service_today(app: App) -> None:
    """Tier 2: no movement reminders for the rest of the day (the service also checks this when
    it starts)."""
    import contextlib

    from loosen.errors import LoosenError
    from loosen.service.client import command

    with contextlib.suppress(LoosenError):  # no service running: it reads the check-in at start
        command(app, "pause", {"until": "tomorrow"})


def run_checkin(app: App, context: str | None) -> None:
    if not interactive():
        raise click.UsageError(_("`loosen check` asks questions; run it in a terminal."))
    ask_checkin(app, context)


def checkin_during_routine(
    app: App, routine_id: str
) -> Literal["continue", "skip-move", "stop", "emergency"]:
    """The check-in opened with `!` from the player; says what the routine should do next."""
    click.clear()
    advice = ask_checkin(app, f"routine:{routine_id}")
    if advice.tier == 1:
        return "emergency"
    if advice.ends_routine:
        click.echo("")
        click.echo(_("The routine has ended."))
        return "stop"
    if advice.tier == 3:
        if click.confirm(_("Skip this move and go on with the next one?"), default=True):
            return "skip-move"
        return "stop"
    click.echo("")
    click.confirm(_("Going on with the routine. Ready?"), default=True, show_default=False)
    return "continue"
