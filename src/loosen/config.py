"""Settings: defaults < settings file < ``LOOSEN_<SECTION>_<KEY>`` environment < CLI flags.

Loading never writes. Every problem in the file or the environment is reported at once
(:class:`loosen.errors.SettingsError`), each naming the file or variable, the key and the value.
The keys are documented in ``docs/config.md``.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any, Literal

from msgspec import Meta, Struct, field

from loosen.errors import Problem, SettingsError
from loosen.i18n import _
from loosen.schema import check, decode, read_toml
from loosen.values import CLOCK_TIME_PATTERN, ROUTINE_ID_PATTERN


class PlayerSettings(Struct, frozen=True, forbid_unknown_fields=True):
    animation: bool = True
    sound: bool = True
    voice: bool = True


RoutineId = Annotated[str, Meta(pattern=ROUTINE_ID_PATTERN)]


class RoutineSettings(Struct, frozen=True, forbid_unknown_fields=True):
    default: RoutineId = "glutes"
    profile: Literal["adult", "older-adult"] = "adult"


Minutes = Annotated[int, Meta(ge=1, le=24 * 60)]
ClockTime = Annotated[str, Meta(pattern=CLOCK_TIME_PATTERN)]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


class BreakSettings(Struct, frozen=True, forbid_unknown_fields=True):
    interval_minutes: Annotated[int, Meta(ge=20, le=180)] = 60
    routine: RoutineId = "desk-short"
    open_in: Literal["browser", "terminal"] = "browser"
    screen: bool = True
    escalate_after: Annotated[int, Meta(ge=0, le=60)] = 2
    strict: bool = False
    heads_up_seconds: Annotated[int, Meta(ge=0, le=600)] = 60
    snooze_minutes: Annotated[int, Meta(ge=1, le=60)] = 5
    max_snoozes: Annotated[int, Meta(ge=0, le=10)] = 2
    skips_per_day: Annotated[int, Meta(ge=0, le=24)] = 3
    repeat_minutes: Annotated[int, Meta(ge=1, le=120)] = 10
    nudge_minutes: Annotated[int, Meta(ge=0, le=120)] = 0
    defer_ceiling_minutes: Annotated[int, Meta(ge=0, le=240)] = 30
    pause_media: bool = True
    lock_screen: bool = False
    sound: bool = True
    volume: Annotated[int, Meta(ge=0, le=100)] = 60


class ActivitySettings(Struct, frozen=True, forbid_unknown_fields=True):
    away_minutes: Annotated[int, Meta(ge=1, le=30)] = 5
    ask_minutes: Annotated[int, Meta(ge=1, le=30)] = 3
    quiet_minutes: Annotated[int, Meta(ge=1, le=60)] = 15
    idle_source: Literal["auto", "x11", "mutter", "wayland", "freedesktop", "none"] = "auto"


class HoursSettings(Struct, frozen=True, forbid_unknown_fields=True):
    enabled: bool = False
    start: ClockTime = "09:00"
    end: ClockTime = "18:00"
    days: Annotated[list[Day], Meta(min_length=1)] = field(
        default_factory=lambda: ["mon", "tue", "wed", "thu", "fri"]
    )


class ServiceSettings(Struct, frozen=True, forbid_unknown_fields=True):
    port: Annotated[int, Meta(ge=0, le=65535)] = 0
    notifications: Literal["auto", "desktop", "terminal"] = "auto"


class TraySettings(Struct, frozen=True, forbid_unknown_fields=True):
    enabled: bool = True
    show_minutes: bool = False
    backend: Literal["auto", "dbus", "pystray"] = "auto"


Word = Annotated[str, Meta(min_length=1, max_length=40)]


class CalendarSettings(Struct, frozen=True, forbid_unknown_fields=True):
    tentative_blocks: bool = True
    all_day_blocks: bool = False
    walking_words: Annotated[list[Word], Meta(max_length=20)] = field(
        default_factory=lambda: ["walk", "walking"]
    )
    prerun_words: Annotated[list[Word], Meta(max_length=20)] = field(
        default_factory=lambda: ["run", "running", "gym", "hiit", "workout", "training"]
    )
    prerun_minutes: Annotated[int, Meta(ge=0, le=120)] = 15
    interruptible_words: Annotated[list[Word], Meta(max_length=20)] = field(
        default_factory=lambda: [
            "focus",
            "deep work",
            "heads down",
            "do not book",
            "blocked",
            "no meetings",
        ]
    )


#: "" follows the system's language; else a language loosen has a catalog for (a test keeps
#: this list equal to loosen.i18n.languages.LANGUAGES plus English)
Language = Literal["", "en", "de", "es", "fr", "it", "ja", "nl", "pl", "pt_BR", "zh_CN"]


class UiSettings(Struct, frozen=True, forbid_unknown_fields=True):
    language: Language = ""


class Settings(Struct, frozen=True, forbid_unknown_fields=True):
    player: PlayerSettings = field(default_factory=PlayerSettings)
    routine: RoutineSettings = field(default_factory=RoutineSettings)
    breaks: BreakSettings = field(default_factory=BreakSettings)
    activity: ActivitySettings = field(default_factory=ActivitySettings)
    hours: HoursSettings = field(default_factory=HoursSettings)
    service: ServiceSettings = field(default_factory=ServiceSettings)
    calendar: CalendarSettings = field(default_factory=CalendarSettings)
    tray: TraySettings = field(default_factory=TraySettings)
    ui: UiSettings = field(default_factory=UiSettings)


ENV_PREFIX = "LOOSEN_"
_RESERVED_ENV = {"LOOSEN_CONFIG_DIR", "LOOSEN_DATA_DIR", "LOOSEN_DEBUG", "LOOSEN_LOCALE_DIR"}


def _error(problems: list[Problem]) -> SettingsError:
    return SettingsError(problems)


def _env_value(text: str) -> Any:
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def _from_environ(environ: Mapping[str, str]) -> tuple[dict[str, dict[str, Any]], list[Problem]]:
    sections = set(Settings.__struct_fields__)
    data: dict[str, dict[str, Any]] = {}
    problems: list[Problem] = []
    for name, value in sorted(environ.items()):
        if not name.startswith(ENV_PREFIX) or name in _RESERVED_ENV:
            continue
        rest = name[len(ENV_PREFIX) :].lower()
        section, _sep, key = rest.partition("_")
        label = f"environment variable {name}"
        if section not in sections or not key:
            problems.append(
                Problem(
                    label,
                    "",
                    _(
                        "Unknown setting; expected LOOSEN_<SECTION>_<KEY>, "
                        "e.g. LOOSEN_PLAYER_SOUND=false."
                    ),
                )
            )
            continue
        data.setdefault(section, {})[key] = _env_value(value)
    for section, values in data.items():
        for key, value in values.items():
            name = f"{ENV_PREFIX}{section.upper()}_{key.upper()}"
            problems += check({section: {key: value}}, Settings, f"environment variable {name}")
    return data, problems


MAX_SETTINGS_BYTES = 256 * 1024
"""The largest settings file loosen reads (every key with its comment is about 3 KB)."""


def settings_too_big(path: Path) -> Problem | None:
    """The problem with a settings file over :data:`MAX_SETTINGS_BYTES`, else None."""
    try:
        size = path.stat().st_size
    except OSError:
        return None  # reading it says what is wrong
    if size <= MAX_SETTINGS_BYTES or not path.is_file():
        return None
    return Problem(
        str(path),
        "",
        _(
            "The file is %(size)s bytes; a settings file may be at most "
            "%(MAX_SETTINGS_BYTES)s bytes, so loosen did not read it; remove "
            "what does not belong in it."
        )
        % {"size": format(size, ","), "MAX_SETTINGS_BYTES": format(MAX_SETTINGS_BYTES, ",")},
    )


def load_settings(path: Path, environ: Mapping[str, str]) -> Settings:
    """The effective settings; a missing file means defaults."""
    raw: dict[str, Any] = {}
    problems: list[Problem] = []
    if path.exists():
        too_big = settings_too_big(path)
        if too_big is not None:
            raise SettingsError([too_big])
        raw = read_toml(path, str(path), _error)
        problems += check(raw, Settings, str(path))
    env, env_problems = _from_environ(environ)
    problems += env_problems
    if problems:
        raise SettingsError(problems)
    merged: dict[str, Any] = {k: dict(v) if isinstance(v, dict) else v for k, v in raw.items()}
    for section, values in env.items():
        merged.setdefault(section, {}).update(values)
    settings = decode(merged, Settings, str(path), _error)
    cross = _cross_checks(settings, str(path))
    if cross:
        raise SettingsError(cross)
    return settings


def _cross_checks(s: Settings, label: str) -> list[Problem]:
    out = []
    if s.activity.ask_minutes >= s.activity.away_minutes:
        out.append(
            Problem(
                label,
                "activity.ask_minutes",
                _(
                    "Found %(ask_minutes)s; it must be less than activity.away_minutes "
                    "(%(away_minutes)s)."
                )
                % {"ask_minutes": s.activity.ask_minutes, "away_minutes": s.activity.away_minutes},
            )
        )
    if s.activity.quiet_minutes < s.activity.away_minutes:
        out.append(
            Problem(
                label,
                "activity.quiet_minutes",
                _(
                    "Found %(quiet_minutes)s; it must be at least activity.away_minutes "
                    "(%(away_minutes)s)."
                )
                % {
                    "quiet_minutes": s.activity.quiet_minutes,
                    "away_minutes": s.activity.away_minutes,
                },
            )
        )
    if s.hours.start >= s.hours.end:
        out.append(
            Problem(
                label,
                "hours.end",
                _('Found "%(end)s"; it must be later than hours.start ("%(start)s").')
                % {"end": s.hours.end, "start": s.hours.start},
            )
        )
    return out
