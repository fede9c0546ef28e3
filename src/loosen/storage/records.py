"""Plain records that go in and out of the history store (no sqlite import here)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from loosen.core.session import StepOutcome

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

    @classmethod
    def played(cls, o: StepOutcome) -> StepRecord:
        """A move step as a player's session ended it (seconds kept to the millisecond)."""
        return cls(
            move_id=o.step.move.id,
            move_name=o.step.move.name,
            side=o.step.side,
            status=o.status,
            planned_seconds=o.step.duration,
            done_seconds=round(o.spent, 3),
        )


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
