"""Subscriptions over real HTTP (a local server), and the `loosen calendar` commands."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from loosen.adapters.calendar.ics import Rules
from loosen.adapters.calendar.source import CalendarSource
from loosen.adapters.calendar.subscriptions import CalendarError, Subscriptions

NOW = datetime.now(UTC).replace(microsecond=0)


def ics(title: str, start: datetime) -> bytes:
    stamp = "%Y%m%dT%H%M%SZ"
    end = start + timedelta(hours=1)
    return "\r\n".join(
        [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//loosen tests//EN",
            "BEGIN:VEVENT",
            f"UID:{title}",
            f"SUMMARY:{title}",
            f"DTSTART:{start.strftime(stamp)}",
            f"DTEND:{end.strftime(stamp)}",
            "END:VEVENT",
            "END:VCALENDAR",
            "",
        ]
    ).encode()


class Server:
    def __init__(self) -> None:
        self.body = ics("Planning", NOW + timedelta(hours=2))
        self.status = 200
        self.requests: list[dict[str, str]] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                outer.requests.append(dict(self.headers))
                etag = '"v1-' + str(len(outer.body)) + '"'
                if outer.status != 200:
                    self.send_response(outer.status)
                    self.end_headers()
                    return
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("ETag", etag)
                self.send_header("Content-Type", "text/calendar")
                self.end_headers()
                self.wfile.write(outer.body)

            def log_message(self, *args: object) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/secret-token/basic.ics"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> Server:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server() -> Iterator[Server]:
    with Server() as s:
        yield s


def titles(subs: Subscriptions) -> tuple[list[str], list[str]]:
    blocks, problems = subs.busy(NOW - timedelta(hours=1), NOW + timedelta(days=7), Rules())
    return [b.title for b in blocks], problems


def test_a_subscription_is_fetched_then_revalidated_with_its_etag(server, tmp_path):
    subs = Subscriptions(tmp_path)
    subs.add(server.url)
    assert titles(subs) == (["Planning"], [])
    assert server.requests[-1].get("If-None-Match") == f'"v1-{len(server.body)}"'
    assert titles(subs) == (["Planning"], [])  # a 304: the cached copy is used


def test_when_the_server_fails_the_last_good_copy_keeps_working(server, tmp_path):
    subs = Subscriptions(tmp_path)
    subs.add(server.url)
    titles(subs)
    server.status = 500
    names, problems = titles(subs)
    assert names == ["Planning"]
    assert problems == [
        f"http://127.0.0.1:{server.httpd.server_address[1]}/… answered 500 "
        "Internal Server Error; using the last good copy"
    ]
    server.status = 200
    server.body = b"<html>oops</html>"
    names, problems = titles(subs)
    assert names == ["Planning"] and "not an iCalendar file" in problems[0]
    assert "secret-token" not in " ".join(problems)  # the secret address is never shown


def test_an_unreachable_address_is_refused_at_add_and_nothing_is_saved(tmp_path):
    subs = Subscriptions(tmp_path)
    with pytest.raises(CalendarError, match="cannot be reached"):
        subs.add("http://127.0.0.1:9/cal.ics")
    assert subs.all() == []


def test_webcal_means_https():
    src = CalendarSource("webcal://example.invalid/x.ics", Path("/tmp"))
    assert src.spec == "https://example.invalid/x.ics"


def test_the_calendar_commands(home, tmp_path):
    cal = tmp_path / "work.ics"
    cal.write_bytes(ics("Design review", NOW + timedelta(days=1)))
    r = home.run("calendar", "add", str(cal))
    assert r.code == 0 and r.out.startswith(f"Subscribed to {cal}.")
    again = home.run("calendar", "add", str(cal))
    assert (again.code, again.err) == (1, f"loosen: {cal} is already subscribed.\n")
    assert home.run("calendar", "list").out.startswith(f"1. {cal} (added ")
    assert json.loads(home.run("calendar", "list", "--json").out)[0]["source"] == str(cal)
    checked = json.loads(home.run("calendar", "check", str(cal), "--json").out)
    assert [b["title"] for b in checked["busy"]] == ["Design review"]
    text = home.run("calendar", "check", str(cal)).out
    assert "Design review" in text and text.splitlines()[0].startswith("Today (")
    assert home.run("calendar", "remove", "1").out == f"Removed {cal}.\n"
    assert home.run("calendar", "list").out.startswith("No calendars yet.")
    bad = tmp_path / "bad.ics"
    bad.write_text("nope")
    r = home.run("calendar", "add", str(bad))
    assert r.code == 1 and r.err.startswith(f"loosen: Not added: {bad}: this is not an iCalendar")
    assert "Traceback" not in r.err


def test_calendar_settings_change_what_blocks(home, tmp_path):
    cal = tmp_path / "walks.ics"
    cal.write_bytes(ics("Stroll with Kim", NOW + timedelta(days=1)))
    checked = json.loads(home.run("calendar", "check", str(cal), "--json").out)
    assert [b["sitting"] for b in checked["busy"]] == [True]
    home.config.mkdir(parents=True, exist_ok=True)
    (home.config / "settings.toml").write_text('[calendar]\nwalking_words = ["stroll"]\n')
    checked = json.loads(home.run("calendar", "check", str(cal), "--json").out)
    assert [b["sitting"] for b in checked["busy"]] == [False]
    (home.config / "settings.toml").write_text('[calendar]\nwalking_words = "stroll"\n')
    r = home.run("calendar", "check", str(cal))
    assert r.code == 1 and "calendar.walking_words" in r.err
