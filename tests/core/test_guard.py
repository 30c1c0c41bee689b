"""core/guard.py: the shared counter, the fill-time token, the honeypot and the keyed hashes."""

import hashlib
import hmac

import pytest
import time_machine
from django.core import signing
from django.core.cache import cache
from django.db import DatabaseError

from core import guard
from core.models import RateCounter

LIMIT = (3, 600)
START = 1_700_000_400  # a multiple of 600: the start of a window


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


# --- The counter -------------------------------------------------------------------------------

def test_counter_allows_the_limit_then_refuses():
    with time_machine.travel(START + 10, tick=False):
        assert [guard.rate_limited("t", "form_ip", "k", LIMIT) for _ in range(5)] == [False] * 3 + [True] * 2


def test_counter_lives_in_the_shared_cache_not_in_the_process():
    with time_machine.travel(START + 10, tick=False):
        for _ in range(2):
            guard.rate_limited("t", "form_ip", "k", LIMIT)
        # Any worker or host reading the same cache (Redis in production) sees the same figure under this key.
        assert cache.get(f"t:rl:form_ip:k:{START // 600}") == 2
        cache.set(f"t:rl:form_ip:k:{START // 600}", 3, 600)  # another worker's hit
        assert guard.rate_limited("t", "form_ip", "k", LIMIT)
        cache.clear()
        assert not guard.rate_limited("t", "form_ip", "k", LIMIT)


def test_counters_are_per_prefix_name_and_key():
    with time_machine.travel(START + 10, tick=False):
        for _ in range(3):
            guard.rate_limited("t", "form_ip", "a", LIMIT)
        assert guard.rate_limited("t", "form_ip", "a", LIMIT)
        assert not guard.rate_limited("t", "form_ip", "b", LIMIT)
        assert not guard.rate_limited("t", "form_site", "a", LIMIT)
        assert not guard.rate_limited("other", "form_ip", "a", LIMIT)


def test_fixed_window():
    with time_machine.travel(START, tick=False) as traveller:
        for _ in range(3):
            assert not guard.rate_limited("t", "form_ip", "k", LIMIT)
        traveller.move_to(START + 599)
        assert guard.rate_limited("t", "form_ip", "k", LIMIT)  # same window
        traveller.move_to(START + 600)
        assert not guard.rate_limited("t", "form_ip", "k", LIMIT)  # a new window starts from zero


def test_counter_evicted_between_add_and_incr_starts_again(monkeypatch):
    monkeypatch.setattr(guard.cache, "add", lambda *args, **kwargs: False)  # added, then evicted at once
    with time_machine.travel(START + 10, tick=False):
        assert not guard.rate_limited("t", "form_ip", "k", (1, 600))
        assert cache.get(f"t:rl:form_ip:k:{START // 600}") == 1


class _DownCache:
    def add(self, *args, **kwargs):
        raise ConnectionError("cache is down")


def test_cache_down_counts_in_the_database(monkeypatch, db):
    monkeypatch.setattr(guard, "cache", _DownCache())
    with time_machine.travel(START + 10, tick=False):
        assert [guard.rate_limited("t", "form_ip", "k", LIMIT) for _ in range(5)] == [False] * 3 + [True] * 2
        assert not guard.rate_limited("t", "form_ip", "other", LIMIT)
    assert RateCounter.objects.get(key="t:rl:form_ip:k").hits == 5
    with time_machine.travel(START + 600, tick=False):  # the next window starts from zero
        assert not guard.rate_limited("t", "form_ip", "k", LIMIT)


def test_neither_cache_nor_database_fails_closed(monkeypatch, db):
    def database_down(*args):
        raise DatabaseError("database is down too")

    monkeypatch.setattr(guard, "cache", _DownCache())
    monkeypatch.setattr(guard, "_count_in_database", database_down)
    assert guard.rate_limited("t", "form_ip", "k", LIMIT)  # refused, not unlimited


# --- Fill time ---------------------------------------------------------------------------------

SALT = "tests.fill-time"
FORM = "comment:7"
MAX_AGE = 6 * 3600  # settings.PORTAL_FORM_TOKEN_MAX_AGE's default


def test_fill_token_in_time_is_accepted():
    with time_machine.travel(START, tick=False):
        assert guard.fill_time_ok(guard.fill_token(SALT, FORM, START - 3), SALT, FORM, 3)
        assert guard.fill_time_ok(guard.fill_token(SALT, FORM, START - MAX_AGE), SALT, FORM, 3)


def test_fill_token_too_fast():
    with time_machine.travel(START, tick=False):
        assert not guard.fill_time_ok(guard.fill_token(SALT, FORM), SALT, FORM, 3)
        assert not guard.fill_time_ok(guard.fill_token(SALT, FORM, START - 2), SALT, FORM, 3)


def test_fill_token_expired():
    with time_machine.travel(START, tick=False):
        assert not guard.fill_time_ok(guard.fill_token(SALT, FORM, START - MAX_AGE - 1), SALT, FORM, 3)
        assert not guard.fill_time_ok(guard.fill_token(SALT, FORM, START - 100), SALT, FORM, 3, max_age=60)


def test_fill_token_max_age_is_the_declared_setting_of_hours(settings):
    assert settings.PORTAL_FORM_TOKEN_MAX_AGE == MAX_AGE  # hours, not the two days it was
    settings.PORTAL_FORM_TOKEN_MAX_AGE = 600
    with time_machine.travel(START, tick=False):
        assert guard.fill_time_ok(guard.fill_token(SALT, FORM, START - 600), SALT, FORM, 3)
        assert not guard.fill_time_ok(guard.fill_token(SALT, FORM, START - 601), SALT, FORM, 3)


def test_fill_token_is_bound_to_its_form():
    with time_machine.travel(START, tick=False):
        token = guard.fill_token(SALT, "comment:7", START - 60)
        assert guard.fill_time_ok(token, SALT, "comment:7", 3)
        for other_form in ("comment:8", "comment:70", "comment:", "question", ""):
            assert not guard.fill_time_ok(token, SALT, other_form, 3), other_form
        assert not guard.fill_time_ok(token, "another.room", "comment:7", 3)


@pytest.mark.parametrize("token", [
    None, "", "garbage", "1700000000",
    signing.dumps(1_700_000_000, salt="another.room", compress=False),  # another room's token
    signing.dumps(1_700_000_000, salt=SALT, compress=False),  # the room's, bound to no form (as before)
    signing.dumps("not a number", salt=f"{SALT}\x1f{FORM}", compress=False),
])
def test_fill_token_forged_or_missing(token):
    with time_machine.travel(START, tick=False):
        assert not guard.fill_time_ok(token, SALT, FORM, 3)


def test_fill_token_tampered():
    with time_machine.travel(START, tick=False):
        token = guard.fill_token(SALT, FORM, START - 60)
        value, signature = token.split(":", 1)
        forged = guard.fill_token(SALT, FORM, START - 3600).split(":", 1)[0] + ":" + signature
        assert not guard.fill_time_ok(forged, SALT, FORM, 3)
        assert guard.fill_time_ok(token, SALT, FORM, 3)


# --- Honeypot and guard fields -----------------------------------------------------------------

def test_honeypot():
    assert not guard.honeypot_filled({})
    assert not guard.honeypot_filled({"website": ""})
    assert not guard.honeypot_filled({"website": "  "})
    assert guard.honeypot_filled({"website": "  "}, strip=False)
    assert guard.honeypot_filled({"website": "http://spam.example"})


def test_add_guard_fields_keeps_the_names_and_refreshes_the_token():
    from django import forms

    class Form(forms.Form):
        name = forms.CharField()

    unbound = guard.add_guard_fields(Form(), "fresh")
    assert set(guard.GUARD_FIELDS) == {"website", "rendered"} <= set(unbound.fields)
    assert unbound.initial["rendered"] == "fresh" and unbound.submitted_token == ""
    bound = guard.add_guard_fields(Form({"name": "A", "rendered": "old", "website": ""}), "fresh")
    assert bound.submitted_token == "old" and bound.data["rendered"] == "fresh"


# --- Keyed hashes ------------------------------------------------------------------------------

def test_keyed_hash_is_stable_namespaced_and_hides_the_value(settings):
    settings.SECRET_KEY = "k" * 50
    value = guard.keyed_hash("room", "ip", "203.0.113.9")
    assert value == guard.keyed_hash("room", "ip", "203.0.113.9") and len(value) == 40
    assert "203.0.113.9" not in value
    assert value != guard.keyed_hash("other-room", "ip", "203.0.113.9")
    assert len(guard.keyed_hash("room", "x", length=32)) == 32
    # The same formula as before the move, so stored visitor hashes still match.
    key = hashlib.sha256(f"room:{settings.SECRET_KEY}".encode()).digest()
    assert value == hmac.new(key, b"ip\x1f203.0.113.9", hashlib.sha256).hexdigest()[:40]
