"""Write docs/cli.md from the CLI's own --help texts (tests/cli/test_docs.py keeps them equal).

.venv/bin/python scripts/gen_cli_docs.py
"""

from __future__ import annotations

from pathlib import Path

import click

from loosen.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def _walk(cmd: click.Command, path: list[str]) -> list[tuple[list[str], click.Command]]:
    out = [(path, cmd)]
    if isinstance(cmd, click.Group):
        for name in sorted(cmd.list_commands(click.Context(cmd))):
            sub = cmd.get_command(click.Context(cmd), name)
            if sub is not None:
                out += _walk(sub, [*path, name])
    return out


def render() -> str:
    parts = [
        "# Command line\n",
        "Generated from `--help` by `scripts/gen_cli_docs.py`; a test keeps it current.\n",
        "Exit status: 0 success, 1 error (the message says what and where), 2 usage error, "
        "130 interrupted.\n",
    ]
    for path, cmd in _walk(cli, ["loosen"]):
        with click.Context(cmd, info_name=" ".join(path), terminal_width=100) as ctx:
            text = cmd.get_help(ctx)
        parts.append(f"## `{' '.join(path)}`\n\n```\n{text}\n```\n")
    return "\n".join(parts)


if __name__ == "__main__":
    (ROOT / "docs" / "cli.md").write_text(render())
