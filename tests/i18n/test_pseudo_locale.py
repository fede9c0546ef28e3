"""Every surface speaks the catalog's language: with a pseudo-locale that translates every
message visibly (⟦...⟧), no English message of the template may be left on the screen."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import click

from loosen.core.busy import Busy
from loosen.core.observations import Notify
from tests.conftest import Home
from tests.i18n.pseudo import leaks, outside, source_messages


def command_paths() -> list[list[str]]:
    from loosen.cli import cli

    out: list[list[str]] = []

    def walk(cmd: click.Command, path: list[str]) -> None:
        out.append(path)
        if isinstance(cmd, click.Group):
            for name, sub in cmd.commands.items():
                walk(sub, [*path, name])

    walk(cli, [])
    return out


def in_pseudo(home: Home, pseudo_dir: Path, lang: str = "xa") -> dict[str, str]:
    return {
        "LANG": f"{lang}.UTF-8",
        "LANGUAGE": "",
        "LC_ALL": "",
        "LOOSEN_LOCALE_DIR": str(pseudo_dir),
    }


def test_every_commands_help_is_translated(home: Home, pseudo_dir: Path) -> None:
    env = in_pseudo(home, pseudo_dir)
    paths = command_paths()
    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(lambda p: home.run(*p, "--help", env=env), paths))
    messages = source_messages()
    for path, r in zip(paths, results, strict=True):
        shown = " ".join(["loosen", *path])
        assert r.code == 0, (shown, r.err)
        assert "⟦Usage:⟧" in r.out and "⟦Options⟧" in r.out, shown
        assert "⟦Show this message" in r.out.replace("messagemessage", "message"), shown
        assert leaks(r.out, "xa", messages) == [], shown
        # what is left is the command line itself: names, options and metavariables
        words = {w.strip("[].,:()") for w in outside(r.out, "xa").split()}
        english = sorted(w for w in words if w.isalpha() and w.islower() and len(w) > 3)
        names = {"loosen", "json", "debug", "help", "version", "limit", "replace", "plain", "quiet"}
        assert set(english) <= names | {p for path in paths for p in path} | {
            "animation",
            "detach",
            "print",
            "days",
            "week",
            "from",
            "only",
            "scope",
            "range",
        }, (shown, english)


def test_a_usage_error_is_translated(home: Home, pseudo_dir: Path) -> None:
    r = home.run("routines", "--nope", env=in_pseudo(home, pseudo_dir))
    assert r.code == 2
    assert "⟦Error: ⟦No such option" in r.err.replace("optionoption", "option")
    assert leaks(r.err, "xa") == []


def test_a_notification_is_translated(speak_xa: None) -> None:
    from loosen.service.wording import Wording, buttons_for, texts

    start = datetime(2026, 12, 7, 14, 0, tzinfo=UTC)
    notes = [
        Notify("break", timedelta(minutes=52), can_snooze=True, can_skip=True),
        Notify("heads-up", timedelta(minutes=51)),
        Notify("reminder", timedelta(minutes=62)),
        Notify("ask-moved", timedelta(0), gap=(start, start + timedelta(minutes=4))),
        Notify(
            "break",
            timedelta(minutes=40),
            before=Busy(start, start + timedelta(hours=1), title="Standup"),
        ),
    ]
    for n in notes:
        title, body = texts(n, Wording(), lambda dt: dt)
        assert title.startswith("⟦") and body.startswith("⟦"), (title, body)
        assert leaks(f"{title}\n{body}", "xa") == []
        for _, label in buttons_for(n):
            assert label.startswith("⟦"), label
    assert "14:00" in texts(notes[-1], Wording(), lambda dt: dt)[1]


def content_messages() -> list[str]:
    """Every text of the built-in moves and routines."""
    from loosen.i18n.extract import content_texts

    folder = Path(__file__).resolve().parents[2] / "src" / "loosen" / "content"
    out = []
    for f in [folder / "moves.toml", *sorted((folder / "routines").glob("*.toml"))]:
        out += [" ".join(text.split()) for _, text, _ in content_texts(f.read_text("utf-8"))]
    return out


def test_a_move_card_is_translated(home: Home, pseudo_dir: Path) -> None:
    r = home.run("routines", "show", "glutes", env=in_pseudo(home, pseudo_dir))
    assert r.code == 0, r.err
    assert "⟦Glutes and hipships⟧ (glutes)" in r.out
    assert "⟦Cue: ⟦" in r.out and "⟦Feel: ⟦" in r.out
    assert leaks(r.out, "xa", source_messages() + content_messages()) == []
    names = {w for w in outside(r.out, "xa").split() if w.isalpha() and len(w) > 2}
    assert names <= {"glutes"}, names


def test_the_tray_menu_and_tooltip_are_translated(speak_xa: None) -> None:
    from loosen.adapters.tray.view import Item, menu, texts, today_line

    status = {
        "mode": "sitting",
        "sitting_seconds": 42 * 60,
        "next_break_at": "2026-12-07T15:10:00+00:00",
        "paused_until": None,
        "today": {"sitting_seconds": 3 * 3600, "breaks_taken": 2},
        "activity": {"visible": False},
    }
    title, detail = texts(status, lambda dt: dt)
    assert title.startswith("⟦") and "15:10" in title
    assert detail.startswith("⟦")

    def labels(item: Item) -> list[str]:
        out = [str(item.props["label"])] if "label" in item.props else []
        for child in item.children:
            out += labels(child)
        return out

    shown = labels(menu(status, [("glutes", "⟦Glutes⟧")], 5, today_line(status)))
    assert shown and all(label.startswith("⟦") for label in shown), shown


def test_the_version_line_is_translated(home: Home, pseudo_dir: Path) -> None:
    r = home.run("--version", env=in_pseudo(home, pseudo_dir))
    assert r.out.startswith("⟦loosen, version 0")
    assert home.run("--version").out.startswith("loosen, version ")
