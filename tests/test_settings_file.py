"""The settings file as the settings page saves it: comments kept, all problems, atomic writes."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import msgspec
import pytest

from loosen.config import BreakSettings, Settings, load_settings
from loosen.errors import SettingsError
from loosen.settings_file import NEW_FILE_HEADER, edit, fields, read_file, save
from loosen.settings_help import HELP, SECTIONS

ROOT = Path(__file__).resolve().parents[1]

COMMENTED = """\
# my loosen settings
[player]
sound = false   # quiet office

[breaks]
# my physio wants me up more often
interval_minutes = 45 # every 45 min
routine = "desk"

# hours come later
"""


def problems_of(exc: pytest.ExceptionInfo[SettingsError]) -> list[tuple[str, str]]:
    return [(p.path, p.message) for p in exc.value.problems]


@pytest.fixture
def settings(tmp_path: Path) -> Path:
    path = tmp_path / "config" / "settings.toml"
    path.parent.mkdir()
    path.write_text(COMMENTED)
    return path


# -- comments and layout ---------------------------------------------------------------------------
def test_a_changed_key_keeps_its_place_and_comment_and_everything_else_stays(
    settings: Path,
) -> None:
    saved = save(settings, {"breaks": {"interval_minutes": 30}}, {})
    assert saved.changed == ("breaks.interval_minutes",)
    assert settings.read_text() == COMMENTED.replace("= 45 #", "= 30 #")


def test_a_new_key_goes_after_the_last_key_of_its_table_and_a_new_table_at_the_end(
    settings: Path,
) -> None:
    save(settings, {"breaks": {"snooze_minutes": 10}, "hours": {"days": ["mon", "wed"]}}, {})
    assert settings.read_text() == (
        "# my loosen settings\n"
        "[player]\n"
        "sound = false   # quiet office\n"
        "\n"
        "[breaks]\n"
        "# my physio wants me up more often\n"
        "interval_minutes = 45 # every 45 min\n"
        'routine = "desk"\n'
        "snooze_minutes = 10\n"
        "\n"
        "# hours come later\n"
        "\n"
        "[hours]\n"
        'days = ["mon", "wed"]\n'
    )
    assert load_settings(settings, {}).breaks.snooze_minutes == 10


def test_dotted_keys_and_inline_tables_are_edited_where_they_are(tmp_path: Path) -> None:
    text = "breaks.interval_minutes = 45  # dotted\nplayer = { sound = false }\n"
    out = edit(text, {"breaks": {"interval_minutes": 30}, "player": {"sound": True}})
    assert out == "breaks.interval_minutes = 30  # dotted\nplayer = { sound = true }\n"


def test_windows_line_endings_stay_windows_line_endings() -> None:
    out = edit("[breaks]\r\ninterval_minutes = 45\r\n", {"breaks": {"snooze_minutes": 3}})
    assert out == "[breaks]\r\ninterval_minutes = 45\r\nsnooze_minutes = 3\r\n"


def test_tables_loosen_does_not_know_are_kept_by_the_editor() -> None:
    text = "[breaks]\ninterval_minutes = 45\n\n[x-my-notes]\nwhy = 'physio'  # 2026\n"
    out = edit(text, {"breaks": {"interval_minutes": 50}})
    assert out == text.replace("45", "50")


# -- only what changed -----------------------------------------------------------------------------
def test_values_already_in_the_file_or_defaults_not_in_it_are_not_written(settings: Path) -> None:
    before = settings.stat().st_mtime_ns
    saved = save(settings, {"breaks": {"interval_minutes": 45, "snooze_minutes": 5}}, {})
    assert saved.changed == ()
    assert settings.read_text() == COMMENTED and settings.stat().st_mtime_ns == before


def test_a_setting_set_back_to_its_default_stays_written(settings: Path) -> None:
    save(settings, {"player": {"sound": True}}, {})
    assert "sound = true   # quiet office\n" in settings.read_text()


def test_a_missing_file_is_created_with_a_header_and_the_changed_keys_only(tmp_path: Path) -> None:
    path = tmp_path / "new" / "config" / "settings.toml"
    saved = save(path, {"breaks": {"interval_minutes": 50}}, {})
    assert saved.changed == ("breaks.interval_minutes",)
    assert path.read_text() == NEW_FILE_HEADER + "\n[breaks]\ninterval_minutes = 50\n"
    assert path.stat().st_mode & 0o777 == 0o600  # private from the first write


# -- every problem, and nothing written -----------------------------------------------------------
def test_every_problem_is_reported_at_once_and_nothing_is_written(settings: Path) -> None:
    with pytest.raises(SettingsError) as exc:
        save(
            settings,
            {
                "breaks": {"interval_minutes": 5, "snoze_minutes": 3},
                "activity": {"ask_minutes": 9},
                "hours": {"start": "9am", "days": []},
                "nonsense": {"a": 1},
            },
            {},
        )
    assert problems_of(exc) == [
        (
            "nonsense",
            "Unknown key. Known keys: player, routine, breaks, activity, hours, service, calendar, "
            "tray, ui.",
        ),
        (
            "breaks.snoze_minutes",
            'Unknown key. Did you mean "snooze_minutes"? Known keys: '
            + ", ".join(BreakSettings.__struct_fields__)
            + ".",
        ),
        (
            "breaks.interval_minutes",
            "Found 5; expected a whole number at least 20 and at most 180.",
        ),
        ("hours.start", 'Found "9am"; expected a 24-hour time in quotes, like "09:00".'),
        ("hours.days", "Has 0 entries; expected at least 1."),
        # the loader's rules across keys, for the values that were valid
        ("activity.ask_minutes", "Found 9; it must be less than activity.away_minutes (5)."),
    ]
    assert all(p.file == str(settings) for p in exc.value.problems)
    assert settings.read_text() == COMMENTED
    assert os.listdir(settings.parent) == ["settings.toml"]


def test_a_value_of_the_wrong_kind_is_named_with_its_key(settings: Path) -> None:
    with pytest.raises(SettingsError) as exc:
        save(settings, {"player": {"sound": "yes"}, "breaks": {"max_snoozes": 1.5}}, {})
    assert problems_of(exc) == [
        ("player.sound", 'Found "yes"; expected true or false.'),
        ("breaks.max_snoozes", "Found 1.5; expected a whole number at least 0 and at most 10."),
    ]


def test_a_setting_from_the_environment_is_not_saved_to_the_file(settings: Path) -> None:
    with pytest.raises(SettingsError) as exc:
        save(settings, {"breaks": {"snooze_minutes": 9}}, {"LOOSEN_BREAKS_SNOOZE_MINUTES": "7"})
    assert problems_of(exc) == [
        (
            "breaks.snooze_minutes",
            "Found 9, but the environment variable LOOSEN_BREAKS_SNOOZE_MINUTES sets this "
            "setting and wins over the file; change or unset that variable instead.",
        )
    ]
    assert settings.read_text() == COMMENTED


# -- files with problems already ---------------------------------------------------------------
def test_a_file_that_is_not_valid_toml_is_never_rewritten(settings: Path) -> None:
    broken = "[breaks]\ninterval_minutes = = 30\n"
    settings.write_text(broken)
    state = read_file(settings, {})
    assert not state.editable
    assert [p.path for p in state.problems] == ["line 2, column 20"]
    with pytest.raises(SettingsError) as exc:
        save(settings, {"breaks": {"interval_minutes": 30}}, {})
    assert "This is not valid TOML" in exc.value.problems[0].message
    assert exc.value.problems[-1].message.startswith(
        "loosen will not rewrite a settings file it cannot read as TOML, so nothing was saved"
    )
    assert settings.read_text() == broken


def test_a_file_that_is_not_utf8_is_never_rewritten(settings: Path) -> None:
    settings.write_bytes(b"[player]\nsound = false # caf\xe9\n")
    with pytest.raises(SettingsError) as exc:
        save(settings, {"player": {"sound": True}}, {})
    assert exc.value.problems[0].message == (
        "The file is not UTF-8 text; loosen will not rewrite it."
    )
    assert settings.read_bytes() == b"[player]\nsound = false # caf\xe9\n"


def test_a_bad_value_already_in_the_file_blocks_saving_until_it_is_corrected(
    settings: Path,
) -> None:
    settings.write_text(COMMENTED.replace("= 45", "= 5"))
    assert [p.path for p in read_file(settings, {}).problems] == ["breaks.interval_minutes"]
    with pytest.raises(SettingsError) as exc:
        save(settings, {"player": {"sound": True}}, {})
    assert problems_of(exc) == [
        ("breaks.interval_minutes", "Found 5; expected a whole number at least 20 and at most 180.")
    ]
    assert "sound = false" in settings.read_text()
    save(settings, {"breaks": {"interval_minutes": 25}}, {})  # corrected from the page
    assert "interval_minutes = 25 # every 45 min" in settings.read_text()


def test_an_unknown_key_in_the_file_blocks_saving_and_is_left_to_the_user(
    settings: Path,
) -> None:
    settings.write_text(COMMENTED + "[breaks_extra]\nx = 1\n")
    with pytest.raises(SettingsError) as exc:
        save(settings, {"player": {"sound": True}}, {})
    assert problems_of(exc)[0][0] == "breaks_extra"
    assert problems_of(exc)[0][1].startswith("Unknown key.")
    assert settings.read_text().endswith("[breaks_extra]\nx = 1\n")


# -- atomic writes -------------------------------------------------------------------------------
def test_the_file_keeps_its_mode(settings: Path) -> None:
    settings.chmod(0o600)
    save(settings, {"breaks": {"interval_minutes": 30}}, {})
    assert settings.stat().st_mode & 0o777 == 0o600


def test_a_symlinked_settings_file_stays_a_symlink(tmp_path: Path, settings: Path) -> None:
    dotfiles = tmp_path / "dotfiles" / "loosen.toml"
    dotfiles.parent.mkdir()
    settings.rename(dotfiles)
    settings.symlink_to(dotfiles)
    save(settings, {"breaks": {"interval_minutes": 30}}, {})
    assert settings.is_symlink()
    assert "interval_minutes = 30 # every 45 min" in dotfiles.read_text()


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary_file(
    settings: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def full_disk(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(OSError, match="No space left"):
        save(settings, {"breaks": {"interval_minutes": 30}}, {})
    assert settings.read_text() == COMMENTED
    assert os.listdir(settings.parent) == ["settings.toml"]


# -- one table for the page and the docs ----------------------------------------------------------
def test_every_setting_has_help_and_a_form_of_input() -> None:
    defaults = msgspec.to_builtins(Settings())
    listed = {f.name: f for f in fields()}
    assert set(listed) == {f"{s}.{k}" for s, keys in defaults.items() for k in keys} == set(HELP)
    assert set(SECTIONS) == set(defaults)
    kinds = {name: f.kind for name, f in listed.items()}
    assert kinds["breaks.interval_minutes"] == "int"
    interval = listed["breaks.interval_minutes"]
    assert (interval.minimum, interval.maximum, interval.unit) == (20, 180, "min")
    assert kinds["player.sound"] == "bool"
    assert kinds["breaks.routine"] == kinds["routine.default"] == "routine"
    assert kinds["hours.start"] == "time"
    assert kinds["calendar.walking_words"] == "words"
    assert listed["hours.days"].choices == ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    sources = ("auto", "x11", "mutter", "wayland", "freedesktop", "none")
    assert listed["activity.idle_source"].choices == sources


def test_the_reference_tables_in_docs_config_md_are_this_table() -> None:
    doc = (ROOT / "docs" / "config.md").read_text()
    defaults = msgspec.to_builtins(Settings())
    for name, h in HELP.items():
        section, key = name.split(".")
        default = tomllib_repr(defaults[section][key])
        row = f"| `{key}` | {h.form} | `{default}` | {h.meaning} |"
        part = doc.split(f"## `[{section}]`", 1)[1].split("\n## ", 1)[0]
        assert row in part.splitlines(), f"docs/config.md has another row for {name}:\n{row}"


def tomllib_repr(value: object) -> str:
    import json

    text = str(value).lower() if isinstance(value, bool) else json.dumps(value)
    assert tomllib.loads(f"v = {text}")["v"] == value
    return text


def test_a_new_key_after_a_multiline_value_and_before_a_commented_table() -> None:
    text = (
        "[hours]\n"
        'days = [\n  "mon",\n  # not tuesdays\n  "wed",\n]\n'
        "\n"
        "# breaks: my physio's advice\n"
        "[breaks]\n"
        "interval_minutes = 45\n"
    )
    out = edit(text, {"hours": {"start": "08:30"}})
    assert out == text.replace('"wed",\n]\n', '"wed",\n]\nstart = "08:30"\n')


def test_a_new_key_in_a_table_with_a_header_comment_and_subtable() -> None:
    text = "[breaks] # mine\ninterval_minutes = 45\n\n# later\n[breaks.extra]\nx = 1\n"
    out = edit(text, {"breaks": {"snooze_minutes": 3}})
    assert out == text.replace("= 45\n", "= 45\nsnooze_minutes = 3\n")
