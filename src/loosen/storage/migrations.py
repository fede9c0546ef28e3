"""Ordered schema migrations of the history database.

``MIGRATIONS[0]`` is schema version 1, ``MIGRATIONS[1]`` version 2, and so on. Each migration is a
function of the connection; :class:`loosen.storage.history.History` runs each one in its own
``BEGIN IMMEDIATE`` transaction, together with the row that records it in ``schema_migrations``,
so a migration is applied entirely or not at all. Opening a database applies the ones it lacks, in
order.

To change the schema, append a function to ``MIGRATIONS`` (usually a call to :func:`run_script`);
never edit or reorder one that has shipped. A migration must not commit, roll back, or use
``executescript`` (which commits): it runs inside the caller's transaction. Foreign keys stay on
during migrations (``PRAGMA foreign_keys`` cannot change inside a transaction), so a table rebuild
must copy rows in an order that keeps every reference valid.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence

Migration = Callable[[sqlite3.Connection], None]


def run_script(con: sqlite3.Connection, sql: str) -> None:
    """Run the ``;``-separated statements of ``sql`` inside the caller's transaction.

    Unlike ``executescript`` this does not commit first. Statements are split where SQLite says a
    statement is complete, so a ``;`` inside a string literal or a trigger body is kept.
    """
    pending = ""
    for piece in sql.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            con.execute(pending)
            pending = ""
    rest = pending.rstrip(";").strip()
    if rest:
        con.execute(rest)


def _m1_sessions_screening_checkins(con: sqlite3.Connection) -> None:
    """Routine sessions with their steps, screening answers, symptom check-ins."""
    run_script(
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
    run_script(
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


MIGRATIONS: Sequence[Migration] = (
    _m1_sessions_screening_checkins,  # version 1
    _m2_bouts_and_events,  # version 2
)
