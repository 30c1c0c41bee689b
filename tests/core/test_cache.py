"""core/cache.py: Redis errors answered as misses, short timeouts, the circuit breaker; CACHE_URL selecting it; the
database counter the rate limiter falls back to, exact under concurrent writers."""

import logging
import socket
import time

import pytest
import time_machine

from core import cache as core_cache
from core import guard
from core.models import RateCounter
from portal.settings.base import cache_settings
from tests.news.test_ratings import _race, in_thread, racing_database


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again at once: connections are refused


@pytest.fixture
def down():
    return core_cache.ResilientRedisCache(f"redis://127.0.0.1:{_closed_port()}/0", {"OPTIONS": {"retry_seconds": 60}})


def test_every_operation_answers_a_miss_when_redis_is_down(down):
    assert down.get("k") is None and down.get("k", "default") == "default"
    assert down.get_many(["a", "b"]) == {}
    assert down.set("k", 1) is None
    assert down.add("k", 1) is False and down.touch("k") is False and down.delete("k") is False
    assert down.has_key("k") is False
    assert down.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert down.delete_many(["a"]) is None and down.clear() is False
    assert down.get_or_set("k", 7) == 7
    with pytest.raises(ValueError):
        down.incr("k")


def test_the_breaker_spares_redis_after_a_failure_and_logs_once(down, monkeypatch, caplog):
    calls = []
    connect = down._cache.get_client
    monkeypatch.setattr(down._cache, "get_client", lambda *a, **k: calls.append(1) or connect(*a, **k))
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        for _ in range(20):
            assert down.get("k") is None
    assert len(calls) == 1  # one attempt; the other 19 did not touch the network
    assert len([r for r in caplog.records if "failed" in r.getMessage()]) == 1
    with pytest.raises(core_cache.CacheUnavailable):
        core_cache.strict(down).add("k", 0, 10)  # the rate limiter is told, at once
    assert len(calls) == 1
    assert down.ping() is False and len(calls) == 2  # /healthz's check is a real attempt, breaker or not


def test_the_breaker_lets_redis_back_in_after_its_pause(down):
    down.breaker.retry_seconds = 0.05
    down.get("k")
    assert down.breaker.is_open()
    time.sleep(0.06)
    assert not down.breaker.is_open()


def test_a_hanging_redis_costs_one_short_timeout():
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()  # accepts connections (in the kernel's backlog) and never answers, like a stopped Redis
    try:
        hanging = core_cache.ResilientRedisCache(
            f"redis://127.0.0.1:{listener.getsockname()[1]}/0",
            {"OPTIONS": {"socket_timeout": 0.2, "socket_connect_timeout": 0.2, "retry_seconds": 60}},
        )
        started = time.monotonic()
        assert [hanging.get("k") for _ in range(10)] == [None] * 10
        assert time.monotonic() - started < 0.6
    finally:
        listener.close()


def test_local_memory_has_no_strict_view_and_is_always_up(settings):
    from django.core.cache import caches

    assert core_cache.strict(caches["default"]) is caches["default"]
    assert core_cache.cache_state("default") == "ok"


def test_cache_url_selects_the_resilient_backend():
    redis = cache_settings({"BACKEND": "django.core.cache.backends.redis.RedisCache",
                            "LOCATION": "rediss://:secret@10.0.0.5:6379/0"}, 0.3, 5.0)
    assert redis == {"BACKEND": "core.cache.ResilientRedisCache", "LOCATION": "rediss://:secret@10.0.0.5:6379/0",
                     "OPTIONS": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3, "retry_seconds": 5.0}}
    own = cache_settings({"BACKEND": "x", "LOCATION": "redis://h/0", "OPTIONS": {"socket_timeout": 1}}, 0.3, 5.0)
    assert own["OPTIONS"]["socket_timeout"] == 1  # set in CACHE_URL itself: kept
    local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "portal"}
    assert cache_settings(local, 0.3, 5.0) == local
    backend = core_cache.ResilientRedisCache("rediss://:secret@10.0.0.5:6379/0", {})
    assert "secret" not in backend.breaker.name


# --- The database counter ----------------------------------------------------------------------------------------

@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_database_counter_is_exact_under_concurrent_writers(tmp_path):
    threads, each = 8, 25
    window_start = int(time.time()) // 600 * 600

    def hits():
        for _ in range(each):
            guard._count_in_database("t:rl:form_site:all", window_start, 600)

    with racing_database(tmp_path):  # PostgreSQL itself; on SQLite a file in WAL mode, as in production
        assert _race([hits] * threads) == []
        assert in_thread(lambda: RateCounter.objects.get().hits) == threads * each


@pytest.mark.django_db
def test_database_counter_prunes_past_windows(monkeypatch):
    monkeypatch.setattr(guard, "_rate_counter_pruned", [0.0])
    RateCounter.objects.create(key="old", window_start=1_000, expires_at=1_605, hits=3)
    with time_machine.travel(1_700_000_410, tick=False):
        assert guard._count_in_database("t:rl:form_ip:k", 1_700_000_400, 600) == 1
        assert guard._count_in_database("t:rl:form_ip:k", 1_700_000_400, 600) == 2
    assert list(RateCounter.objects.values_list("key", "hits")) == [("t:rl:form_ip:k", 2)]
