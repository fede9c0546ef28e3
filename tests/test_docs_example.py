"""The simulated-day example in docs/testing.md runs as written, and says what it promises."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_example_day_in_docs_testing_md_runs_and_keeps_meetings_and_calls_free() -> None:
    text = (ROOT / "docs" / "testing.md").read_text()
    code = re.search(r"```python\n(.*?)```", text, re.S)
    assert code is not None
    out = io.StringIO()
    scope: dict[str, object] = {}
    with contextlib.redirect_stdout(out):
        exec(compile(code.group(1), "docs/testing.md", "exec"), scope)
    printed = out.getvalue().splitlines()
    assert any(" break Time to move" in line for line in printed)  # a break offered
    assert re.fullmatch(r"\d+ wake-ups; \d+ natural breaks", printed[-1])
    result = scope["result"]
    day = scope["day"]
    assert result.prompts_inside([*day.calendar, *day.call]) == []  # type: ignore[attr-defined]


def test_the_simulator_is_importable_from_loosen_testing() -> None:
    from loosen import simulation, testing

    assert testing.simulate_day is simulation.simulate_day
    assert testing.Day is simulation.Day
