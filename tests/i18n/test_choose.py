"""The language is chosen as every desktop program chooses it, and the setting wins."""

from __future__ import annotations

from pathlib import Path

import pytest

from loosen.i18n.choose import Choice, choose, normalize, system_preferences

AVAILABLE = ("de", "fr", "pt_BR", "zh_CN", "ja")


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("de_DE.UTF-8", "de_DE"),
        ("de-de.utf8@euro", "de_DE"),
        ("pt-BR", "pt_BR"),
        ("zh-Hans-CN", "zh_CN"),
        ("zh-Hans", "zh_CN"),
        ("C.UTF-8", "C"),
        ("POSIX", "POSIX"),
        ("", ""),
    ],
)
def test_locale_names_are_read_in_every_spelling(tag: str, expected: str) -> None:
    assert normalize(tag) == expected


def test_language_lists_preferences_before_the_locale() -> None:
    env = {"LANGUAGE": "fr_CA:de", "LANG": "ja_JP.UTF-8"}
    assert system_preferences(env, "linux") == ["fr_CA", "de", "ja_JP"]
    assert choose("", env, AVAILABLE, "linux") == Choice("fr", "fr_CA")


def test_lc_all_wins_over_lc_messages_and_lang() -> None:
    env = {"LC_ALL": "de_AT.UTF-8", "LC_MESSAGES": "fr_FR", "LANG": "ja_JP"}
    assert choose("", env, AVAILABLE, "linux") == Choice("de", "de_AT")
    env = {"LC_MESSAGES": "fr_FR", "LANG": "ja_JP"}
    assert choose("", env, AVAILABLE, "linux").language == "fr"


def test_the_c_locale_is_english_with_plain_formats_and_ignores_language() -> None:
    assert choose("", {"LANG": "C.UTF-8", "LANGUAGE": "de"}, AVAILABLE, "linux") == Choice(
        "en", None
    )
    assert choose("", {}, AVAILABLE, "linux") == Choice("en", None)


def test_a_language_without_a_catalog_falls_back_to_the_next_then_english() -> None:
    assert choose("", {"LANGUAGE": "sv:de", "LANG": "sv_SE"}, AVAILABLE, "linux").language == "de"
    assert choose("", {"LANG": "sv_SE.UTF-8"}, AVAILABLE, "linux") == Choice("en", "en")
    assert choose("", {"LANG": "pt_PT.UTF-8"}, AVAILABLE, "linux").language == "en"
    assert choose("", {"LANG": "pt_BR.UTF-8"}, AVAILABLE, "linux") == Choice("pt_BR", "pt_BR")


def test_english_users_get_their_own_formats() -> None:
    assert choose("", {"LANG": "en_US.UTF-8"}, AVAILABLE, "linux") == Choice("en", "en_US")


def test_the_setting_overrides_the_system_and_keeps_its_regional_formats() -> None:
    assert choose("de", {"LANG": "fr_FR.UTF-8"}, AVAILABLE, "linux") == Choice("de", "de")
    assert choose("de", {"LANG": "de_CH.UTF-8"}, AVAILABLE, "linux") == Choice("de", "de_CH")
    assert choose("en", {"LANG": "de_DE.UTF-8"}, AVAILABLE, "linux") == Choice("en", "en")
    assert choose("ja", {"LANG": "C"}, AVAILABLE, "linux") == Choice("ja", "ja")


@pytest.mark.parametrize(
    "environ",
    [
        {"HOME": "/home/ann"},
        {"HOME": "/home/ann", "XDG_CONFIG_HOME": "/srv/conf"},
        {"HOME": "/home/ann", "XDG_CONFIG_HOME": "  "},
        {"HOME": "/home/ann", "LOOSEN_CONFIG_DIR": "~/elsewhere"},
    ],
)
def test_the_quick_settings_path_is_the_one_platformdirs_gives(
    environ: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from loosen.paths import resolve_paths, settings_file

    for k in ("HOME", "XDG_CONFIG_HOME"):
        monkeypatch.delenv(k, raising=False)
    for k, v in environ.items():
        monkeypatch.setenv(k, v)
    assert settings_file(environ) == resolve_paths(environ).settings_file


def test_the_language_setting_is_read_from_the_settings_file(tmp_path: Path) -> None:
    from loosen.i18n.startup import setting_in_file

    f = tmp_path / "settings.toml"
    assert setting_in_file(f) == ""
    f.write_text('[player]\nsound = false\n\n[ui]\nlanguage = "de"\n')
    assert setting_in_file(f) == "de"
    f.write_text("[ui]\nlanguage = 3\n")
    assert setting_in_file(f) == ""
    f.write_text("this is not [toml\nlanguage")
    assert setting_in_file(f) == ""
