"""The web app's last resort: an unexpected error is the one JSON error shape, never a traceback."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from tests.web.asgi import WebClient


def test_an_unexpected_error_is_a_json_500_and_is_logged(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    client = WebClient(tmp_path, extra_modules=("tests.web.boom",))
    with caplog.at_level(logging.ERROR, logger="loosen.web"):
        r = client.request("GET", "/api/boom")
    assert r.status_code == 500
    assert r.json() == {
        "ok": False,
        "error": "Something went wrong inside loosen; see its log.",
        "status": 500,
    }
    assert "Traceback" not in r.text and "a bug" not in r.text
    assert "RuntimeError: a bug" in caplog.text
