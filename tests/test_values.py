"""One validator for the values users write: what it accepts, every user of the value can use.

Fuzzed with Hypothesis against the code that uses each value: a clock time the loader accepts
builds the service's break policy; a routine id the loader accepts is one the routine catalog,
the web API and the routine-file check accept too, and it is short.
"""

from __future__ import annotations

import re
from datetime import time

import msgspec.inspect as mi
from hypothesis import example, given
from hypothesis import strategies as st

from loosen.config import Settings
from loosen.move_specs import ID_PATTERN
from loosen.schema import check
from loosen.service.app import policy_from
from loosen.values import ROUTINE_ID_MAX, clock_time, is_routine_id
from loosen.web.player_api import NAME
from loosen.web.routines_api import ID

TIMES = st.one_of(
    st.text(max_size=8),
    st.from_regex(r"\A[0-9]{1,3}:[0-9]{1,3}\s?\Z"),
    st.builds(
        lambda h, m, tail: f"{h:02d}:{m:02d}{tail}",
        st.integers(0, 30),
        st.integers(0, 70),
        st.sampled_from(["", "\n", " ", "\r\n", ":00", "\x00"]),
    ),
)
IDS = st.one_of(
    st.text(max_size=80),
    st.from_regex(r"\A[a-z0-9][a-z0-9-]{0,80}\n?\Z"),
)


def _settings_with(section: str, key: str, value: object) -> Settings | None:
    """The settings the loader would build with this one value, or None when it refuses it."""
    raw = {section: {key: value}}
    if check(raw, Settings, "settings.toml"):
        return None
    import msgspec

    return msgspec.convert(raw, Settings, strict=True)


@given(TIMES)
@example("09:00\n")
@example("23:59")
@example("24:00")
def test_every_time_the_loader_accepts_builds_the_break_policy(text: str) -> None:
    for key in ("start", "end"):
        settings = _settings_with("hours", key, text)
        if settings is None:
            continue
        policy = policy_from(settings)  # what `loosen start` does with it
        used = policy.hours.start if key == "start" else policy.hours.end
        assert used == time(int(text[:2]), int(text[3:5]))
        assert clock_time(text) == used
        assert re.fullmatch(r"[0-2][0-9]:[0-5][0-9]", text)


@given(IDS)
@example("a" * 10_000_000)
@example("glutes\n")
@example("desk-short")
def test_every_routine_id_the_loader_accepts_is_a_valid_bounded_id(text: str) -> None:
    accepted = [
        _settings_with("breaks", "routine", text) is not None,
        _settings_with("routine", "default", text) is not None,
        is_routine_id(text),
        re.search(ID_PATTERN, text) is not None,  # routine files and the catalog
        ID.match(text) is not None,  # the routines API
        NAME.match(text) is not None,  # the player API
    ]
    assert len(set(accepted)) == 1, accepted  # one verdict
    if accepted[0]:
        assert 1 <= len(text) <= ROUTINE_ID_MAX
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", text)


def _patterns(t: mi.Type, out: list[str]) -> list[str]:
    if isinstance(t, mi.StructType):
        for f in t.fields:
            _patterns(f.type, out)
    elif isinstance(t, mi.ListType):
        _patterns(t.item_type, out)
    elif isinstance(t, mi.StrType) and t.pattern is not None:
        out.append(t.pattern)
    return out


def test_every_settings_pattern_is_anchored_at_both_ends_with_z() -> None:
    # msgspec applies a pattern with re.search, and `$` matches before a final newline
    patterns = _patterns(mi.type_info(Settings), [])
    assert patterns
    for p in patterns:
        assert p.startswith("^") and p.endswith("\\Z"), p


def test_a_time_with_a_trailing_newline_stops_loosen_start_with_one_sentence(home) -> None:
    home.config.mkdir(parents=True)
    (home.config / "settings.toml").write_text('[hours]\nenabled = true\nstart = "09:00\\n"\n')
    r = home.run("start")
    assert r.code == 1
    assert "Traceback" not in r.err
    assert r.err == (
        f'loosen: {home.config / "settings.toml"}: hours.start: Found "09:00\\n"; '
        'expected a 24-hour time in quotes, like "09:00".\n'
    )


def test_a_toml_time_is_shown_as_toml_writes_it_with_the_form_expected(home) -> None:
    home.config.mkdir(parents=True)
    path = home.config / "settings.toml"
    path.write_text("[hours]\nstart = 09:00:00\n")
    r = home.run("config")
    assert r.code == 1
    assert "datetime" not in r.err
    assert r.err == (
        f"loosen: {path}: hours.start: Found 09:00:00 (a TOML time, not text in quotes); "
        'expected a 24-hour time in quotes, like "09:00".\n'
    )


def test_a_settings_file_with_a_utf8_byte_order_mark_is_read(home) -> None:
    home.config.mkdir(parents=True)
    path = home.config / "settings.toml"
    path.write_bytes(b"\xef\xbb\xbf[breaks]\ninterval_minutes = 45\n")
    r = home.run("config", "--json")
    assert r.code == 0, r.err
    assert '"interval_minutes": 45' in r.out


def test_a_settings_file_over_the_size_limit_is_refused_in_one_sentence(home) -> None:
    home.config.mkdir(parents=True)
    path = home.config / "settings.toml"
    path.write_text("# padding\n" * 500_000)  # 5 MB
    r = home.run("start")
    assert r.code == 1
    assert r.err == (
        f"loosen: {path}: The file is 5,000,000 bytes; a settings file may be at most 262,144 "
        "bytes, so loosen did not read it; remove what does not belong in it.\n"
    )
