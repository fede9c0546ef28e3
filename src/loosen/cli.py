"""The ``loosen`` command line. Thin: each command calls library code and renders the result.

``main()`` is the error boundary: a :class:`~loosen.errors.LoosenError` is printed as its message
and exits 1, a usage error exits 2, Ctrl-C exits 130; a traceback is shown only with ``--debug``.
Heavy modules are imported inside the commands that need them, so ``loosen --version`` and
``loosen routines`` start fast (see ``bench/``).
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

import click

from loosen import __version__
from loosen.i18n import _, ngettext
from loosen.safetext import visible_line

if TYPE_CHECKING:
    from loosen.app import App


def _app(ctx: click.Context) -> App:
    from loosen.app import App

    obj = ctx.find_root().obj
    if obj is None:
        obj = App.from_environ(os.environ)
        ctx.find_root().obj = obj
    return obj  # type: ignore[no-any-return]


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(_("%(prog)s, version %(version)s") % {"prog": "loosen", "version": __version__})
        ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "-V",
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
@click.option("--debug", is_flag=True, help="Show tracebacks for errors.")
def cli(debug: bool) -> None:
    """loosen: notices how long you sit, and walks you through a movement break.

    Start with `loosen stretch` for the guided glute and hip routine.
    """


# -- routines -------------------------------------------------------------------------------------
@cli.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def routines(ctx: click.Context, as_json: bool) -> None:
    """List the routines (built-in and your own); see also `show`, `validate` and `import`."""
    if ctx.invoked_subcommand is not None:
        return
    from loosen import render

    app = _app(ctx)
    entries = app.catalog.entries
    if as_json:
        click.echo(render.to_json([render.entry_json(e) for e in entries]))
        return
    click.echo(render.routine_list(entries, app.paths.routines_dir))


@routines.command("show")
@click.argument("name")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def routines_show(ctx: click.Context, name: str, as_json: bool) -> None:
    """Print every move of routine NAME with its steps (NAME may be a file path)."""
    from loosen import render

    routine = _app(ctx).catalog.get(name)
    if as_json:
        click.echo(render.to_json(render.routine_json(routine)))
    else:
        click.echo(render.routine_detail(routine))


@routines.command("validate")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=str))
@click.pass_context
def routines_validate(ctx: click.Context, files: tuple[str, ...]) -> None:
    """Check routine FILES and report every problem; exit 1 if any has one."""
    from pathlib import Path

    from loosen.core.routine import routine_duration
    from loosen.errors import RoutineFileError
    from loosen.render import clock_text

    catalog = _app(ctx).catalog
    bad = 0
    for f in files:
        try:
            routine = catalog.load_file(Path(f))
        except RoutineFileError as exc:
            bad += 1
            n = len(exc.problems)
            click.echo(
                visible_line(
                    ngettext("%(file)s: %(n)s problem:", "%(file)s: %(n)s problems:", n)
                    % {"file": f, "n": n}
                ),
                err=True,
            )
            for p in exc.problems:
                click.echo(f"  {visible_line(str(p))}", err=True)
            continue
        click.echo(
            visible_line(
                ngettext(
                    "%(file)s: OK: %(name)s, %(n)s move, %(length)s.",
                    "%(file)s: OK: %(name)s, %(n)s moves, %(length)s.",
                    len(routine.items),
                )
                % {
                    "file": f,
                    "name": routine.name,
                    "n": len(routine.items),
                    "length": clock_text(routine_duration(routine)),
                }
            )
        )
    if bad:
        sys.exit(1)


@routines.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=str))
@click.option("--replace", is_flag=True, help="Overwrite your routine of the same name.")
@click.pass_context
def routines_import(ctx: click.Context, file: str, replace: bool) -> None:
    """Check routine FILE and copy it into your routines folder (named after the file)."""
    from pathlib import Path

    from loosen.core.routine import routine_duration
    from loosen.errors import RoutineFileError
    from loosen.render import clock_text
    from loosen.routine_import import import_routine
    from loosen.schema import read_text

    catalog = _app(ctx).catalog
    try:
        text = read_text(Path(file), file, RoutineFileError)
        done = import_routine(catalog, file, text, replace=replace)
    except RoutineFileError as exc:
        n = len(exc.problems)
        click.echo(
            visible_line(
                ngettext(
                    "%(file)s: %(n)s problem; nothing was imported:",
                    "%(file)s: %(n)s problems; nothing was imported:",
                    n,
                )
                % {"file": file, "n": n}
            ),
            err=True,
        )
        for p in exc.problems:
            click.echo(f"  {visible_line(str(p))}", err=True)
        sys.exit(1)
    r = done.routine
    click.echo(
        visible_line(
            (
                ngettext(
                    "Replaced %(id)s: %(name)s, %(n)s move, %(length)s, saved as %(path)s.",
                    "Replaced %(id)s: %(name)s, %(n)s moves, %(length)s, saved as %(path)s.",
                    len(r.items),
                )
                if done.replaced
                else ngettext(
                    "Imported %(id)s: %(name)s, %(n)s move, %(length)s, saved as %(path)s.",
                    "Imported %(id)s: %(name)s, %(n)s moves, %(length)s, saved as %(path)s.",
                    len(r.items),
                )
            )
            % {
                "id": r.id,
                "name": r.name,
                "n": len(r.items),
                "length": clock_text(routine_duration(r)),
                "path": done.path,
            }
        )
    )
    click.echo(_("Start it with `loosen stretch %(id)s`.") % {"id": r.id})


# -- stretch --------------------------------------------------------------------------------------
@cli.command()
@click.argument("routine", required=False)
@click.option("--no-animation", is_flag=True, help="Do not draw the moving figure.")
@click.option("--quiet", is_flag=True, help="No bell and no spoken cues.")
@click.option(
    "--plain", is_flag=True, help="One line per step; no full screen (screen readers, pipes)."
)
@click.pass_context
def stretch(
    ctx: click.Context, routine: str | None, no_animation: bool, quiet: bool, plain: bool
) -> None:
    """Guide ROUTINE in the terminal (default: the one in settings, `glutes`).

    Keys: space pause/resume, right or n skip, left or b back, ! something feels wrong, q quit.
    """
    from loosen.terminal.run import run_stretch

    code = run_stretch(_app(ctx), routine, animation=not no_animation, quiet=quiet, plain=plain)
    if code:
        sys.exit(code)


# -- history --------------------------------------------------------------------------------------
@cli.command()
@click.option(
    "--limit",
    default=10,
    show_default=True,
    type=click.IntRange(1, 10000),
    help="How many sessions to show.",
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def history(ctx: click.Context, limit: int, as_json: bool) -> None:
    """Show your recent routine sessions, newest first."""
    from loosen import render

    sessions = _app(ctx).recent_sessions(limit)
    if as_json:
        click.echo(render.to_json([render.session_json(s) for s in sessions]))
    else:
        click.echo(render.history_table(sessions))


@cli.command("restore")
@click.pass_context
def restore_command(ctx: click.Context) -> None:
    """Put back the newest good backup of a damaged history database (loosen stopped).

    The service backs the database up once a day; the damaged files are moved aside, not deleted.
    """
    from loosen.service.runtime import RuntimeFile, runtime_dir
    from loosen.storage.backup import restore

    app = _app(ctx)
    probe = RuntimeFile(runtime_dir(app.environ, app.paths.data_dir))
    probe.acquire()  # says where the running service is: it must be stopped first
    try:
        done = restore(app.paths.history_db)
    finally:
        probe.release_lock_only()
    moved = ", ".join(str(p) for p in done.moved_aside) or "nothing"
    click.echo(
        visible_line(
            _(
                "Restored %(history_db)s from its backup of %(taken_at)s UTC "
                "(%(backup)s); the damaged files were moved aside (%(moved)s). "
                "Start loosen again with `loosen start`."
            )
            % {
                "history_db": app.paths.history_db,
                "taken_at": format(done.taken_at, "%Y-%m-%d %H:%M"),
                "backup": done.backup,
                "moved": moved,
            }
        )
    )


# -- safety ---------------------------------------------------------------------------------------
@cli.command()
@click.pass_context
def check(ctx: click.Context) -> None:
    """Something feels wrong? Answer a few questions and get advice on what to do."""
    from loosen.terminal.safety import run_checkin

    run_checkin(_app(ctx), context=None)


@cli.command()
@click.pass_context
def screening(ctx: click.Context) -> None:
    """Answer (again) the short safety questions that adapt the routines to you."""
    from loosen.terminal.safety import run_screening

    run_screening(_app(ctx))


# -- settings -------------------------------------------------------------------------------------
@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def config(ctx: click.Context, as_json: bool) -> None:
    """Show the effective settings and where loosen keeps its files."""
    from loosen import render

    app = _app(ctx)
    settings = app.settings
    if as_json:
        click.echo(render.to_json(render.config_json(app.paths, settings)))
    else:
        click.echo(render.config_text(app.paths, settings))


def _register_service_commands() -> None:
    from loosen import cli_calendar, cli_service

    cli_service.register(cli)
    cli_calendar.register(cli)


_register_service_commands()


def _speak() -> None:
    """Choose the language (``[ui] language``, else the system's) and speak it in click too."""
    from loosen.i18n.startup import start
    from loosen.paths import settings_file

    if start(os.environ, settings_file=settings_file(os.environ)).language != "en":
        from loosen.i18n.click_text import translate_cli

        translate_cli(cli)


def main(argv: list[str] | None = None) -> None:
    """Entry point and error boundary."""
    from loosen.errors import LoosenError
    from loosen.private import use_private_umask

    use_private_umask()  # folders 0700, files 0600, whatever creates them
    _speak()
    args = sys.argv[1:] if argv is None else argv
    debug = "--debug" in args or os.environ.get("LOOSEN_DEBUG") == "1"
    try:
        result: Any = cli.main(args=args, prog_name="loosen", standalone_mode=False)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.exceptions.Abort:
        click.echo(_("Interrupted."), err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        click.echo(_("Interrupted."), err=True)
        sys.exit(130)
    except LoosenError as exc:
        if debug:
            raise
        from loosen.safetext import visible

        for line in visible(str(exc)).splitlines():  # a message may quote a file's text
            click.echo(_("loosen: %(line)s") % {"line": line}, err=True)
        sys.exit(1)
    if isinstance(result, int) and result:
        sys.exit(result)
