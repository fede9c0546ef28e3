"""Ordered schema migrations of the history database.

Each migration is a function run in its own ``BEGIN IMMEDIATE`` transaction and recorded in
``schema_migrations``; opening a database applies the ones it lacks, in order. Add new ones at the
end; never edit one that has shipped.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

Migration = Callable[[sqlite3.Connection], None]


def _script(con: sqlite3.Connection, sql: str) -> None:
    """Run ``;``-separated statements inside the caller's transaction (executescript would
    commit it)."""
    for statement in sql.split(";"):
        if statement.strip():
            con.execute(statement)


def _m1_sessions_screening_checkins(con: sqlite3.Connection) -> None:
    _script(
        con,
        """
        CREATE TABLE sessions (
            id            INTEGER PRIMARY KEY,
            routine_id    TEXT NOT NULL,
            routine_name  TEXT NOT NULL,
            source        TEXT NOT NULL,
            started_at    TEXT NOT NULL,
            ended_at      TEXT NOT NULL,
            outcome       TEXT NOT NULL CHECK (outcome IN ('completed', 'quit', 'stopped'))
        );
        CREATE INDEX sessions_started_at ON sessions (started_at);
        CREATE TABLE session_steps (
            session_id      INTEGER NOT NULL REFERENCES sessions (id) ON DELETE CASCADE,
            position        INTEGER NOT NULL,
            move_id         TEXT NOT NULL,
            move_name       TEXT NOT NULL,
            side            TEXT CHECK (side IN ('right', 'left')),
            status          TEXT NOT NULL CHECK (status IN ('done', 'skipped', 'not-reached')),
            planned_seconds REAL NOT NULL,
            done_seconds    REAL NOT NULL,
            PRIMARY KEY (session_id, position)
        );
        CREATE TABLE screenings (
            id           INTEGER PRIMARY KEY,
            answered_at  TEXT NOT NULL,
            answers_json TEXT NOT NULL
        );
        CREATE TABLE checkins (
            id           INTEGER PRIMARY KEY,
            at           TEXT NOT NULL,
            tier         INTEGER CHECK (tier IN (1, 2, 3)),
            context      TEXT,
            answers_json TEXT NOT NULL
        );
        CREATE INDEX checkins_at ON checkins (at);
        """,
    )


def _m2_bouts_and_events(con: sqlite3.Connection) -> None:
    """Sitting bouts (one open at a time, checkpointed) and the break service's events."""
    _script(
        con,
        """
        CREATE TABLE bouts (
            id             INTEGER PRIMARY KEY,
            started_at     TEXT NOT NULL,
            ended_at       TEXT,
            end_reason     TEXT,
            last_active_at TEXT NOT NULL
        );
        CREATE INDEX bouts_started_at ON bouts (started_at);
        CREATE UNIQUE INDEX bouts_one_open ON bouts (ended_at IS NULL) WHERE ended_at IS NULL;
        CREATE TABLE events (
            id        INTEGER PRIMARY KEY,
            at        TEXT NOT NULL,
            kind      TEXT NOT NULL,
            data_json TEXT NOT NULL DEFAULT '{}'
        );
        CREATE INDEX events_at ON events (at);
        CREATE INDEX events_kind_at ON events (kind, at)
        """,
    )


MIGRATIONS: Sequence[Migration] = (_m1_sessions_screening_checkins, _m2_bouts_and_events)
