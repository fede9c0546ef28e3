"""`loosen calendar`: subscribe to calendars and check what loosen makes of them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import click

from loosen.i18n import _
from loosen.safetext import visible, visible_line

if TYPE_CHECKING:
    from loosen.app import App


def _app(ctx: click.Context) -> App:
    from loosen.cli import _app as root_app

    return root_app(ctx)


def check_text(
    result: Any,
    problem: str | None,
    now: datetime,
    notes: tuple[str, ...] = (),
    all_day_blocks: bool = False,
) -> str:
    from loosen.adapters.calendar.ics import summarize
    from loosen.adapters.calendar.repair import clean

    today = now.astimezone().date()
    todays = [b for b in result.blocks if b.start.astimezone().date() == today]
    later = [b for b in result.blocks if b.start.astimezone().date() != today]
    from loosen.i18n.formats import WEEKDAYS

    local = now.astimezone()
    day = f"{_(WEEKDAYS[local.weekday()])} {local:%d} {local:%b}"
    lines = [_("Today (%(day)s):") % {"day": day}]
    nothing = "  " + _("nothing busy")
    lines += ["  " + s[11:] for s in summarize(todays)] or [nothing]
    lines.append(_("The rest of the week:"))
    lines += ["  " + s for s in summarize(later)] or [nothing]
    if result.skipped:
        lines.append(_("Not used:"))
        lines += [f"  {clean(s.title)}: {clean(s.reason)}" for s in result.skipped]
    if problem:
        lines.append(_("Note: %(note)s.") % {"note": clean(problem)})
    lines += [_("Note: %(note)s") % {"note": clean(n)} for n in notes]
    if all_day_blocks:
        lines.append(_("Free (transparent) and cancelled events never block a break."))
    else:
        lines.append(_("All-day, free (transparent) and cancelled events never block a break."))
    return "\n".join(lines)


def rules_from(app: App) -> Any:
    from loosen.adapters.calendar.ics import Rules

    c = app.settings.calendar
    return Rules(
        tentative_blocks=c.tentative_blocks,
        all_day_blocks=c.all_day_blocks,
        walking_words=tuple(w.lower() for w in c.walking_words),
        prerun_words=tuple(w.lower() for w in c.prerun_words),
    )


def register(cli: click.Group) -> None:
    @cli.group()
    def calendar() -> None:
        """Calendars: no break prompt inside a meeting, and meetings count as sitting."""

    @calendar.command("add")
    @click.argument("source")
    @click.pass_context
    def calendar_add(ctx: click.Context, source: str) -> None:
        """Subscribe to SOURCE: a local .ics file or an https:// or webcal:// address."""
        from loosen.adapters.calendar.source import display
        from loosen.adapters.calendar.subscriptions import Subscriptions

        app = _app(ctx)
        sub = Subscriptions(app.paths.data_dir).add(source)
        click.echo(
            _("Subscribed to %(display)s. `loosen calendar check` shows its week.")
            % {"display": visible_line(display(sub.spec))}
        )

    @calendar.command("list")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON.")
    @click.pass_context
    def calendar_list(ctx: click.Context, as_json: bool) -> None:
        """The calendars loosen follows."""
        from loosen.adapters.calendar.source import display
        from loosen.adapters.calendar.subscriptions import Subscriptions
        from loosen.render import to_json

        subs = Subscriptions(_app(ctx).paths.data_dir).all()
        if as_json:
            click.echo(to_json([{"source": display(s.spec), "added_at": s.added_at} for s in subs]))
        elif not subs:
            click.echo(_("No calendars yet. Add one with `loosen calendar add PATH|URL`."))
        else:
            for i, s in enumerate(subs, 1):
                click.echo(
                    _("%(i)s. %(display)s (added %(value)s)")
                    % {"i": i, "display": visible_line(display(s.spec)), "value": s.added_at[:10]}
                )

    @calendar.command("remove")
    @click.argument("source")
    @click.pass_context
    def calendar_remove(ctx: click.Context, source: str) -> None:
        """Stop following SOURCE (its path, address, or number in `loosen calendar list`)."""
        from loosen.adapters.calendar.source import display
        from loosen.adapters.calendar.subscriptions import Subscriptions

        sub = Subscriptions(_app(ctx).paths.data_dir).remove(source)
        click.echo(_("Removed %(display)s.") % {"display": visible_line(display(sub.spec))})

    @calendar.command("busy", hidden=True)
    @click.option("--from", "start", required=True, help="ISO 8601 instant.")
    @click.option("--to", "end", required=True, help="ISO 8601 instant.")
    @click.pass_context
    def calendar_busy(ctx: click.Context, start: str, end: str) -> None:
        """Busy blocks of every subscribed calendar between two instants, as JSON (used by the
        service, so that calendar parsing never stays in its memory)."""
        from loosen.adapters.calendar.subscriptions import Subscriptions
        from loosen.render import to_json

        try:
            a, b = datetime.fromisoformat(start), datetime.fromisoformat(end)
        except ValueError:
            raise click.BadParameter(_("--from and --to must be ISO 8601 instants.")) from None
        app = _app(ctx)
        reads = Subscriptions(app.paths.data_dir).read_each(a, b, rules_from(app))
        blocks = sorted(((r.key, x) for r in reads for x in r.blocks), key=lambda kx: kx[1].start)
        click.echo(
            to_json(
                {
                    "busy": [
                        {
                            "start": x.start.isoformat(),
                            "end": x.end.isoformat(),
                            "title": x.title,
                            "sitting": x.sitting,
                            "prerun": x.prerun,
                            "calendar": key,
                        }
                        for key, x in blocks
                    ],
                    "problems": [p for r in reads for p in r.problems],
                    # a calendar that could not be read at all: the service keeps its last blocks
                    "calendars": [{"key": r.key, "failed": r.failed} for r in reads],
                }
            )
        )

    @calendar.command("check")
    @click.argument("source")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON.")
    @click.pass_context
    def calendar_check(ctx: click.Context, source: str, as_json: bool) -> None:
        """Today's and this week's busy blocks in SOURCE, and every event not used, with why."""
        from loosen.adapters.calendar.subscriptions import week_of
        from loosen.render import to_json

        app = _app(ctx)
        now = datetime.now(UTC)
        rules = rules_from(app)
        result, problem, notes = week_of(source, app.paths.data_dir / "calendar-cache", rules, now)
        if as_json:
            click.echo(
                to_json(
                    {
                        "busy": [
                            {
                                "start": b.start.isoformat(),
                                "end": b.end.isoformat(),
                                "title": b.title,
                                "sitting": b.sitting,
                            }
                            for b in result.blocks
                        ],
                        "not_used": [
                            {"title": s.title, "reason": s.reason} for s in result.skipped
                        ],
                        "note": problem,
                        "notes": list(notes),
                    }
                )
            )
        else:
            click.echo(visible(check_text(result, problem, now, notes, rules.all_day_blocks)))
