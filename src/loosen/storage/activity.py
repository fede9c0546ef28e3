"""Sitting bouts and service events in the history database (migration 2).

One writer (the service); every write is one ``BEGIN IMMEDIATE`` transaction, so a kill -9 loses
nothing committed. The open bout's ``last_active_at`` is checkpointed on each observation, which is
what lets a restarted service continue the bout (``Restore``).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from loosen.storage.history import History, _dt, _ts


@dataclass(frozen=True, slots=True)
class Bout:
    started_at: datetime
    ended_at: datetime | None
    end_reason: str | None
    last_active_at: datetime


@dataclass(frozen=True, slots=True)
class Event:
    at: datetime
    kind: str
    data: Mapping[str, object]


class ActivityLog:
    """Bout and event rows on top of a :class:`History` connection."""

    def __init__(self, history: History) -> None:
        self.h = history
        self.con = history._con

    def start_bout(self, at: datetime) -> None:
        self.h._write(
            [
                (
                    "UPDATE bouts SET ended_at = ?, end_reason = 'superseded' "
                    "WHERE ended_at IS NULL",
                    (_ts(at),),
                ),
                (
                    "INSERT INTO bouts (started_at, last_active_at) VALUES (?, ?)",
                    (_ts(at), _ts(at)),
                ),
            ]
        )

    def end_bout(self, at: datetime, reason: str) -> None:
        self.h._write(
            [
                (
                    "UPDATE bouts SET ended_at = max(started_at, ?), end_reason = ? "
                    "WHERE ended_at IS NULL",
                    (_ts(at), reason),
                )
            ]
        )

    def checkpoint(self, at: datetime) -> None:
        self.h._write(
            [
                ("UPDATE bouts SET last_active_at = ? WHERE ended_at IS NULL", (_ts(at),)),
            ]
        )

    def record(self, at: datetime, kind: str, data: Mapping[str, object]) -> None:
        self.h._write(
            [
                (
                    "INSERT INTO events (at, kind, data_json) VALUES (?, ?, ?)",
                    (_ts(at), kind, json.dumps(dict(data), sort_keys=True, default=str)),
                )
            ]
        )

    def open_bout(self) -> Bout | None:
        with self.h._reading() as con:
            row = con.execute(
                "SELECT started_at, ended_at, end_reason, last_active_at FROM bouts "
                "WHERE ended_at IS NULL ORDER BY id DESC LIMIT 1"
            ).fetchone()
        return _bout(row) if row else None

    def bouts_between(self, start: datetime, end: datetime) -> list[Bout]:
        """Bouts that overlap [start, end), oldest first (the open one included)."""
        with self.h._reading() as con:
            rows = con.execute(
                "SELECT started_at, ended_at, end_reason, last_active_at FROM bouts "
                "WHERE started_at < ? AND (ended_at IS NULL OR ended_at > ?) ORDER BY started_at",
                (_ts(end), _ts(start)),
            ).fetchall()
        return [_bout(r) for r in rows]

    def events_between(
        self, start: datetime, end: datetime, kind: str | None = None
    ) -> list[Event]:
        sql = "SELECT at, kind, data_json FROM events WHERE at >= ? AND at < ?"
        params: tuple[object, ...] = (_ts(start), _ts(end))
        if kind is not None:
            sql += " AND kind = ?"
            params += (kind,)
        with self.h._reading() as con:
            rows = con.execute(sql + " ORDER BY at, id", params).fetchall()
        return [Event(_dt(at), k, json.loads(d)) for at, k, d in rows]

    def last_event(self, kind: str) -> Event | None:
        with self.h._reading() as con:
            row = con.execute(
                "SELECT at, kind, data_json FROM events WHERE kind = ? ORDER BY at DESC, id DESC "
                "LIMIT 1",
                (kind,),
            ).fetchone()
        return Event(_dt(row[0]), row[1], json.loads(row[2])) if row else None


def _bout(row: tuple[str, str | None, str | None, str]) -> Bout:
    return Bout(_dt(row[0]), _dt(row[1]) if row[1] else None, row[2], _dt(row[3]))
