"""CLI commands of the background service: start, stop, status, pause ... doctor, stats, autostart.

Commands that change the service talk to it over its local API (``loosen.service.client``);
`stats` reads the history database directly and works without the service.
"""

from __future__ import annotations

import os
import re
import sys
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

import click

from loosen.i18n import N_, _, ngettext, npgettext
from loosen.safetext import visible

if TYPE_CHECKING:
    from loosen.app import App


def _app(ctx: click.Context) -> App:
    from loosen.cli import _app as root_app

    return root_app(ctx)


def _hm(seconds: float) -> str:
    m = int(seconds // 60)
    if m >= 60:
        return _("%(hours)s h %(minutes)s min") % {"hours": m // 60, "minutes": f"{m % 60:02d}"}
    return _("%(minutes)s min") % {"minutes": m}


def _local(iso: str | None) -> str:
    from loosen.i18n.formats import time_of_day

    return time_of_day(datetime.fromisoformat(iso).astimezone()) if iso else "-"


def status_text(s: dict[str, Any]) -> str:
    from loosen.i18n.formats import weekday_and_time

    lines = []
    mode = s["mode"]
    if s.get("paused_until"):
        until = weekday_and_time(datetime.fromisoformat(s["paused_until"]).astimezone())
        lines.append(_("Paused until %(when)s.") % {"when": until})
    if mode == "sitting":
        sat = {"time": _hm(s["sitting_seconds"]), "since": _local(s["bout_started_at"])}
        if s.get("next_break_at"):
            lines.append(
                _("Sitting for %(time)s (since %(since)s). Next break at %(next)s.")
                % {**sat, "next": _local(s["next_break_at"])}
            )
        else:
            lines.append(_("Sitting for %(time)s (since %(since)s).") % sat)
        if s.get("prompt_open"):
            lines.append(_("A break is due now: `loosen break`, `loosen snooze` or `loosen skip`."))
    elif mode == "away":
        lines.append(_("Away from the keyboard: this counts as a break."))
    elif mode == "on-break":
        lines.append(_("On a break. `loosen stretch` guides the routine."))
    elif mode == "locked":
        lines.append(_("The screen is locked."))
    else:
        lines.append(_("Starting: waiting for the first sign of activity."))
    busy = s.get("busy_now")
    if busy:
        said = {"title": busy["title"], "until": _local(busy["until"])}
        if not busy["sitting"]:
            line = _("Walking meeting: %(title)s until %(until)s; no reminders until it ends.")
        else:
            line = _("In a meeting: %(title)s until %(until)s; no reminders until it ends.")
        lines.append(line % said)
    placed = s.get("next_break_placed")
    if placed:
        said = {"time": _local(placed["at"]), "title": placed["title"] or _("a busy block")}
        if placed["how"] == "before":
            lines.append(_("The next break moves to %(time)s, before %(title)s.") % said)
        else:
            lines.append(_("The next break moves to %(time)s, after %(title)s.") % said)
    if s.get("storage_problem"):
        lines.append(_("History: %(problem)s") % {"problem": s["storage_problem"]})
    for problem in s.get("calendar_problems", []):
        lines.append(_("Calendar: %(problem)s.") % {"problem": problem})
    if not s.get("in_working_hours", True):
        lines.append(_("Outside working hours: no reminders now, sitting is still counted."))
    t = s["today"]
    taken, natural = t["breaks_taken"], t["natural_breaks"]
    snoozed, skipped = t["snoozed"], t["skipped"]
    lines.append(
        _(
            "Today: %(sitting)s sitting, longest bout %(longest)s; %(taken)s, %(natural)s, "
            "%(snoozed)s, %(skipped)s."
        )
        % {
            "sitting": _hm(t["sitting_seconds"]),
            "longest": _hm(t["longest_bout_seconds"]),
            "taken": ngettext("%(n)s break taken", "%(n)s breaks taken", taken) % {"n": taken},
            "natural": npgettext("break count", "%(n)s natural", "%(n)s natural", natural)
            % {"n": natural},
            "snoozed": npgettext("break count", "%(n)s snoozed", "%(n)s snoozed", snoozed)
            % {"n": snoozed},
            "skipped": npgettext("break count", "%(n)s skipped", "%(n)s skipped", skipped)
            % {"n": skipped},
        }
    )
    act = s["activity"]
    if act["visible"]:
        lines.append(_("Activity: %(source)s (%(note)s).") % act)
    elif act.get("note"):
        lines.append(
            _(
                "Activity: cannot be seen here (%(note)s); loosen counts time as a plain timer. "
                "Lock the screen or run `loosen moved` when you get up. `loosen doctor` says more."
            )
            % act
        )
    else:
        lines.append(
            _(
                "Activity: cannot be seen here; loosen counts time as a plain timer. Lock the "
                "screen or run `loosen moved` when you get up. `loosen doctor` says more."
            )
        )
    lines.append(_("Notifications: %(notifications)s.") % {"notifications": s["notifications"]})
    return "\n".join(lines)


DURATION = re.compile(r"^(?:(\d+)h)?(?:(\d+)m)?\Z")


def parse_duration(text: str) -> dict[str, Any]:
    if text == "until-tomorrow":
        return {"until": "tomorrow"}
    m = DURATION.match(text)
    if not text or m is None or not (m.group(1) or m.group(2)):
        raise click.BadParameter(
            _('"%(text)s" is not a duration; use e.g. 30m, 1h, 1h30m or until-tomorrow.')
            % {"text": text}
        )
    minutes = int(m.group(1) or 0) * 60 + int(m.group(2) or 0)
    if not 1 <= minutes <= 24 * 60:
        raise click.BadParameter(_('"%(text)s" must be between 1m and 24h.') % {"text": text})
    return {"minutes": minutes}


PAGES = {
    "dashboard": "/",
    "routines": "/routines",
    "history": "/history",
    "settings": "/settings",
    "checkin": "/checkin",
}


def web_path(page: str) -> str:
    """The web app's path for PAGE; any other word is taken as a routine to play."""
    if page in PAGES:
        return PAGES[page]
    return "/routine/" + quote(page, safe="")


def register(cli: click.Group) -> None:
    @cli.command()
    @click.option("--detach", is_flag=True, help="Run in the background and return.")
    @click.pass_context
    def start(ctx: click.Context, detach: bool) -> None:
        """Start the background service (in the foreground; Ctrl-C stops it)."""
        app = _app(ctx)
        app.settings  # noqa: B018 (validate settings before anything starts)
        if detach:
            from loosen.service.detach import start_detached

            rt = start_detached(app)
            click.echo(
                _("loosen is running in the background (pid %(pid)s, %(url)s).")
                % {"pid": rt.pid, "url": rt.url}
            )
            return
        from loosen.service.__main__ import command

        # the same process goes on as the service program, without click and the CLI's modules
        sys.stdout.flush()
        sys.stderr.flush()
        argv = command()
        if ctx.find_root().params.get("debug"):
            os.environ["LOOSEN_DEBUG"] = "1"
        if sys.platform == "win32":  # no real exec there: run it and pass its status on
            import subprocess

            sys.exit(subprocess.run(argv, check=False).returncode)
        os.execv(argv[0], argv)

    @cli.command()
    @click.pass_context
    def stop(ctx: click.Context) -> None:
        """Stop the background service."""
        from loosen.service.client import command

        click.echo(visible(command(_app(ctx), "stop")["message"]))

    @cli.command()
    @click.option("--json", "as_json", is_flag=True, help="Print JSON.")
    @click.pass_context
    def status(ctx: click.Context, as_json: bool) -> None:
        """How long you have been sitting, the next break, and today so far."""
        from loosen.render import to_json
        from loosen.service.client import call

        s = call(_app(ctx), "GET", "/api/status")
        s.pop("ok", None)
        click.echo(to_json(s) if as_json else visible(status_text(s)))

    @cli.command()
    @click.argument("duration", default="30m")
    @click.pass_context
    def pause(ctx: click.Context, duration: str) -> None:
        """Pause reminders for DURATION (30m, 1h, 1h30m, until-tomorrow).

        Sitting is still counted while paused."""
        from loosen.service.client import command

        click.echo(visible(command(_app(ctx), "pause", parse_duration(duration))["message"]))

    def simple(name: str, help_text: str) -> None:
        @cli.command(name=name, help=help_text)
        @click.pass_context
        def cmd(ctx: click.Context) -> None:
            from loosen.service.client import command

            click.echo(visible(command(_app(ctx), name)["message"]))

    simple("resume", N_("Resume reminders after a pause."))
    simple("snooze", N_("Put off the break that is due (a few times at most)."))
    simple("skip", N_("Skip the break that is due (a few a day at most)."))
    simple("break", N_("Take a break now (then `loosen stretch` for the routine)."))

    @cli.command()
    @click.option(
        "--yes",
        "answer",
        flag_value=True,
        default=None,
        help="Yes, I got up during the gap loosen asked about.",
    )
    @click.option("--no", "answer", flag_value=False, help="No, I stayed seated.")
    @click.pass_context
    def moved(ctx: click.Context, answer: bool | None) -> None:
        """I just moved: end the sitting bout now (or answer loosen's "did you get up?")."""
        from loosen.service.client import command

        app = _app(ctx)
        if answer is None:
            click.echo(visible(command(app, "moved")["message"]))
        else:
            click.echo(visible(command(app, "answer", {"moved": answer})["message"]))

    @cli.command(name="open")
    @click.argument("page", default="dashboard")
    @click.option("--print", "print_only", is_flag=True, help="Print the address; open nothing.")
    @click.pass_context
    def open_(ctx: click.Context, page: str, print_only: bool) -> None:
        """Open the web app in your browser (PAGE: dashboard, routines, history, settings,
        checkin, or a routine's name to play it).

        The browser is started on a private file that forwards it to a one-time address (a
        ticket that works for a minute), so no secret shows in any program's command line;
        the browser then keeps a cookie until the service stops.
        """
        from loosen.service import forward
        from loosen.service.client import call, runtime
        from loosen.service.runtime import runtime_dir

        app = _app(ctx)
        path = web_path(page)
        rt = runtime(app)
        ticket = call(app, "POST", "/api/ticket", {})["ticket"]
        url = f"{rt.web_url}/login?" + urlencode({"ticket": ticket, "next": path})
        if print_only:
            click.echo(url)
            return
        import webbrowser

        folder = forward.folder_for_browser(
            runtime_dir(app.environ, app.paths.data_dir), app.environ
        )
        file = forward.write(folder, ticket, url)
        if not webbrowser.open(file.as_uri()):
            forward.remove(folder, ticket)
            click.echo(
                _("No browser could be started here; open this address within a minute:\n%(url)s")
                % {"url": url}
            )

    @cli.command()
    @click.pass_context
    def doctor(ctx: click.Context) -> None:
        """Which activity, lock/suspend and notification mechanisms work here, and why not."""
        import asyncio

        from loosen.service.doctor import diagnose

        ok = asyncio.run(diagnose(_app(ctx), lambda line: click.echo(visible(line))))
        if not ok:
            sys.exit(1)

    @cli.command()
    @click.option("--week", "span", flag_value=7, default=True, help="The last 7 days (default).")
    @click.option("--month", "span", flag_value=30, help="The last 30 days.")
    @click.option("--json", "as_json", is_flag=True, help="Print JSON.")
    @click.pass_context
    def stats(ctx: click.Context, span: int, as_json: bool) -> None:
        """Sitting per day, longest bout, long bouts, breaks and adherence."""
        from loosen.render import to_json
        from loosen.service.stats import stats_json, stats_table

        rows = stats_json(_app(ctx), int(span))
        click.echo(to_json(rows) if as_json else stats_table(rows))

    @cli.group()
    def autostart() -> None:
        """Start the service with your session (systemd user unit, XDG autostart, launchd,
        Windows Startup)."""

    @autostart.command("enable")
    @click.pass_context
    def autostart_enable(ctx: click.Context) -> None:
        """Start loosen when you log in."""
        from loosen.service.autostart import enable

        click.echo(visible(enable(os.environ)))

    @autostart.command("disable")
    @click.pass_context
    def autostart_disable(ctx: click.Context) -> None:
        """Stop starting loosen when you log in."""
        from loosen.service.autostart import disable

        click.echo(visible(disable(os.environ)))
