"""Settings saves that once answered 500 or kept the service busy: each is a clear 4xx now."""

from __future__ import annotations

from pathlib import Path

from tests.web.test_settings_api import Client


def test_a_time_with_a_trailing_newline_is_refused_and_saving_still_works(tmp_path: Path) -> None:
    client = Client(tmp_path)
    r = client.call("PUT", "/api/settings", {"hours": {"start": "09:00\n"}})
    assert r.status_code == 400
    assert r.json()["problems"] == [
        {
            "key": "hours.start",
            "value": "09:00\n",
            "error": 'hours.start: Found "09:00\\n"; expected a 24-hour time in quotes, '
            'like "09:00".',
        }
    ]
    assert not client.file.exists()
    r = client.call("PUT", "/api/settings", {"hours": {"start": "08:30"}})
    assert r.status_code == 200, r.text
    assert 'start = "08:30"' in client.file.read_text()


def test_a_number_too_large_for_json_is_a_400_in_the_error_shape(tmp_path: Path) -> None:
    client = Client(tmp_path)
    r = client.request(
        "PUT",
        "/api/settings",
        content=b'{"breaks": {"interval_minutes": 1e400}}',
    )
    assert r.status_code == 400
    assert r.json() == {
        "ok": False,
        "error": "The request body is not valid JSON: the number 1e400 is too large.",
        "status": 400,
    }


def test_a_long_routine_id_is_refused(tmp_path: Path) -> None:
    client = Client(tmp_path)
    r = client.call("PUT", "/api/settings", {"breaks": {"routine": "a" * 65}})
    assert r.status_code == 400
    assert r.json()["problems"][0]["error"] == (
        'breaks.routine: Found "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa..."; expected an id of '
        "lowercase letters, digits and hyphens (at most 64)."
    )
    assert client.call("PUT", "/api/settings", {"breaks": {"routine": "a" * 64}}).status_code == 200


def test_a_huge_settings_file_is_not_read_nor_rewritten(tmp_path: Path) -> None:
    client = Client(tmp_path)
    client.file.parent.mkdir(parents=True)
    big = "# a comment\n" * 500_000  # 6 MB: parsing it took the service seconds
    client.file.write_text(big)
    body = client.call("GET", "/api/settings").json()
    assert body["file"]["editable"] is False
    assert body["problems"][0]["error"] == (
        f"{client.file}: The file is 6,000,000 bytes; a settings file may be at most 262,144 "
        "bytes, so loosen did not read it; remove what does not belong in it."
    )
    r = client.call("PUT", "/api/settings", {"breaks": {"interval_minutes": 30}})
    assert r.status_code == 409
    assert client.file.read_text() == big


def test_a_file_with_a_byte_order_mark_is_edited_and_keeps_it(tmp_path: Path) -> None:
    client = Client(tmp_path)
    client.file.parent.mkdir(parents=True)
    client.file.write_bytes(b"\xef\xbb\xbf# mine\n[breaks]\ninterval_minutes = 45\n")
    body = client.call("GET", "/api/settings").json()
    assert body["problems"] == [] and body["file"]["editable"] is True
    r = client.call("PUT", "/api/settings", {"breaks": {"interval_minutes": 50}})
    assert r.status_code == 200, r.text
    assert client.file.read_bytes() == b"\xef\xbb\xbf# mine\n[breaks]\ninterval_minutes = 50\n"
