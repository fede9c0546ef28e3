"""Docs that tests keep true: the CLI reference and the settings reference."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import msgspec

from loosen.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_cli_reference_matches_the_help_texts():
    spec = importlib.util.spec_from_file_location("gen", ROOT / "scripts" / "gen_cli_docs.py")
    assert spec and spec.loader
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    assert (ROOT / "docs" / "cli.md").read_text() == gen.render(), (
        "docs/cli.md is stale: run .venv/bin/python scripts/gen_cli_docs.py"
    )


def test_every_setting_is_documented():
    doc = (ROOT / "docs" / "config.md").read_text()
    for section, values in msgspec.to_builtins(Settings()).items():
        assert f"## `[{section}]`" in doc
        for key, default in values.items():
            assert f"| `{key}` |" in doc, key
            assert f"`{toml(default)}`" in doc, (key, toml(default))


def toml(value: object) -> str:
    import json

    if isinstance(value, bool):
        return str(value).lower()
    return json.dumps(value)


def test_every_built_in_move_is_listed_in_the_routine_docs():
    from loosen.routines import Catalog

    doc = (ROOT / "docs" / "routines.md").read_text()
    for move_id in Catalog(None).library:
        assert f"| `{move_id}` |" in doc, move_id
