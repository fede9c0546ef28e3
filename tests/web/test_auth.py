"""Sign-ins: one fresh value per login, honoured only on the per-user host name, the newest kept."""

from __future__ import annotations

from loosen.web.auth import COOKIE, MAX_SESSIONS, Access

WEB = {"host": "abc.localhost:4321"}


def test_each_login_gets_its_own_value_and_only_the_newest_are_kept() -> None:
    access = Access("token", "abc.localhost")
    first = access.new_session()
    others = [access.new_session() for _ in range(MAX_SESSIONS - 1)]
    assert len({first, *others}) == MAX_SESSIONS
    assert access.allows(WEB, {COOKIE: first})
    access.new_session()  # one more: the oldest is forgotten
    assert not access.allows(WEB, {COOKIE: first})
    assert all(access.allows(WEB, {COOKIE: v}) for v in others)


def test_a_cookie_counts_only_on_the_per_user_name_and_the_token_everywhere() -> None:
    access = Access("token", "abc.localhost")
    value = access.new_session()
    for host in ("127.0.0.1:4321", "localhost:4321", "x.abc.localhost:4321", "abc.localhost.evil"):
        assert not access.allows({"host": host}, {COOKIE: value}), host
    assert access.allows({"host": "127.0.0.1:4321", "authorization": "Bearer token"}, {})
    assert not access.allows({**WEB, "authorization": "Bearer nope"}, {COOKIE: "nope"})
    # a fresh service (a restart) knows none of the old values
    assert not Access("token", "abc.localhost").allows(WEB, {COOKIE: value})
