"""Expanding a large calendar: 5,000 events of which 200 are recurring series, next 7 days.

Target (issue 5): under 200 ms. The calendar is generated here (a year of one-off meetings around
"now" plus weekly and daily series with exceptions) and parsed once; the figure is the median of
the expansion of the next 7 days, which is what the service does every 15 minutes.

    .venv/bin/python bench/big_calendar.py [--runs 7]

(Not named calendar.py: run as a script, that name would shadow the standard library's calendar
module for icalendar and dateutil.)
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import UTC, datetime, timedelta

from loosen.adapters.calendar.ics import expand, parse

FMT = "%Y%m%dT%H%M%SZ"


def make(now: datetime, singles: int = 4800, series: int = 200) -> bytes:
    rng = random.Random(5)
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//loosen bench//EN"]
    for i in range(singles):
        start = now + timedelta(days=rng.randint(-180, 180), hours=rng.randint(8, 17))
        lines += [
            "BEGIN:VEVENT",
            f"UID:single-{i}",
            f"SUMMARY:Meeting {i}",
            f"DTSTART:{start:{FMT}}",
            f"DTEND:{start + timedelta(minutes=30):{FMT}}",
            "END:VEVENT",
        ]
    for i in range(series):
        start = (now - timedelta(days=rng.randint(30, 300))).replace(
            hour=9 + i % 8, minute=0, second=0, microsecond=0
        )
        freq = "DAILY" if i % 4 == 0 else "WEEKLY"
        ex = start + timedelta(days=7 * rng.randint(1, 20))
        lines += [
            "BEGIN:VEVENT",
            f"UID:series-{i}",
            f"SUMMARY:Series {i}",
            f"DTSTART:{start:{FMT}}",
            f"DTEND:{start + timedelta(minutes=45):{FMT}}",
            f"RRULE:FREQ={freq}",
            f"EXDATE:{ex:{FMT}}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines).encode()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    now = datetime.now(UTC).replace(microsecond=0)
    data = make(now)
    t0 = time.perf_counter()
    cal = parse(data)
    parse_ms = (time.perf_counter() - t0) * 1000
    times = []
    result = None
    for _ in range(args.runs):
        t0 = time.perf_counter()
        result = expand(cal, now, now + timedelta(days=7))
        times.append((time.perf_counter() - t0) * 1000)
    med = statistics.median(times)
    assert result is not None
    print(f"calendar: {len(data) // 1024} KiB, 5000 events (200 recurring series)")
    print(f"parse once: {parse_ms:.0f} ms")
    print(
        f"expand next 7 days: {med:.0f} ms median of {args.runs} "
        f"({len(result.blocks)} busy blocks) — target 200 ms: {'OK' if med < 200 else 'OVER'}"
    )


if __name__ == "__main__":
    main()
