"""click in the active language: our help texts, and click's own words around them.

click marks its messages for gettext's default domain (``from gettext import gettext as _``)
and takes help texts as they were written at import. :func:`translate_cli` runs once, after the
language is chosen: it points click's modules at loosen's catalog and replaces the help texts of
every command and option with their translations. The messages of click that loosen's users
see are listed below so that they are extracted into loosen's template (they keep click's
``{name}`` placeholders; everywhere else loosen uses ``%(name)s``).
"""

from __future__ import annotations

import inspect
import sys

import click

from loosen.i18n import N_, _, ngettext

CLICK_MESSAGES = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Positional arguments"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"),
    N_("Aborted!"),
    N_("Missing command."),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing parameter: {param_name}"),
    N_("No such option {name!r}."),
    N_("No such command {name!r}."),
    N_("Option {name!r} does not take a value."),
    N_("Argument {name!r} takes {nargs} values."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("default: {default}"),
    N_("env var: {var}"),
    N_("required"),
    N_("deprecated"),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a directory."),
    N_("Could not open file {filename!r}: {message}"),
    N_("Do you want to continue?"),
    N_("Error: invalid input"),
)

_CLICK_MODULES = (
    "click.core",
    "click.decorators",
    "click.exceptions",
    "click.formatting",
    "click.parser",
    "click.termui",
    "click.types",
    "click.utils",
)


def _help(text: str | None) -> str | None:
    if not text:
        return text
    head, sep, tail = inspect.cleandoc(text).partition("\f")
    return _(head.rstrip()) + sep + tail


def _walk(cmd: click.Command) -> None:
    cmd.help = _help(cmd.help)
    cmd.short_help = _help(cmd.short_help)
    cmd.epilog = _help(cmd.epilog)
    for param in cmd.params:
        if isinstance(param, click.Option):
            param.help = _help(param.help)
    if isinstance(cmd, click.Group):
        for sub in cmd.commands.values():
            _walk(sub)


def translate_cli(cli: click.Command) -> None:
    """Speak the active language in ``cli``'s help and in click's own messages."""
    for name in _CLICK_MODULES:
        module = sys.modules.get(name)
        if module is not None and hasattr(module, "_"):
            module._ = _  # type: ignore[attr-defined]
            if hasattr(module, "ngettext"):
                module.ngettext = ngettext  # type: ignore[attr-defined]
    _walk(cli)
