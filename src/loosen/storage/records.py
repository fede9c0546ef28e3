"""Plain records that go in and out of the history store (no sqlite import here)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

StepStatus = Literal["done", "skipped", "not-reached"]
SessionOutcome = Literal["completed", "quit", "stopped"]  # stopped = ended by a check-in


@dataclass(frozen=True, slots=True)
class StepRecord:
    move_id: str
    move_name: str
    side: Literal["right", "left"] | None
    status: StepStatus
    planned_seconds: float
    done_seconds: float


@dataclass(frozen=True, slots=True)
class SessionRecord:
    routine_id: str
    routine_name: str
    started_at: datetime
    ended_at: datetime
    outcome: SessionOutcome
    steps: tuple[StepRecord, ...]
    source: str = "terminal"
    id: int | None = None


@dataclass(frozen=True, slots=True)
class ScreeningRecord:
    answered_at: datetime
    answers: Mapping[str, bool]


@dataclass(frozen=True, slots=True)
class CheckinRecord:
    at: datetime
    answers: Mapping[str, bool]
    tier: int | None
    context: str | None = None
    id: int | None = None
