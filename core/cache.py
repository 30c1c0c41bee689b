"""Redis as an accelerator, never a single point of failure: the cache backend CACHE_URL=redis://… selects.

`ResilientRedisCache` is Django's RedisCache with three changes:

- short socket timeouts (connect and read, PORTAL_CACHE_TIMEOUT_SECONDS, 0.3 s by default) and no retries, so a
  Redis that is gone or hangs (SIGSTOP, a full network queue) costs a fraction of a second, not Redis' own 10 s;
- a connection or timeout error is a miss: `get` answers its default, `get_many` {}, `add`/`touch`/`delete`/
  `has_key` False, `set_many` every key as failed, `incr` ValueError (as for a missing key), `set` nothing; a
  warning is logged at most once a minute per process (with how many failures it stood for);
- a per-process circuit breaker: after a failure nothing is sent to Redis for PORTAL_CACHE_RETRY_SECONDS (5 s by
  default), so a hanging Redis costs each worker one timeout every few seconds, not one per call. The breaker is
  shared by every thread and backend instance of the process that use the same Redis.

So pages are rendered uncached (Wagtail's site root paths, the page cache, the visit block's figures all come from
the database) instead of failing. Two callers need to know that the cache did not answer, and use:

- `strict(store)`: the rate limiter (core/guard.py); raises `CacheUnavailable` instead of answering a miss, at once
  while the breaker is open;
- `cache_state(alias)`: /healthz; a real PING that bypasses the breaker, bounded by the socket timeouts.
"""

import logging
import threading
import time

from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from redis.backoff import NoBackoff
from redis.exceptions import RedisError, ResponseError
from redis.retry import Retry

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT_SECONDS = 0.3
DEFAULT_RETRY_SECONDS = 5.0
WARNING_EVERY = 60  # seconds between two warnings of one process about one Redis
_MISSING = object()


class CacheUnavailable(Exception):  # noqa: N818 - reads better at the call site than CacheUnavailableError
    """The cache could not answer (Redis down, hanging, or the breaker open after such a failure)."""


class Breaker:
    """One per Redis per process: open for `retry_seconds` after a failure; a warning at most every minute."""

    def __init__(self, name, retry_seconds):
        self.name = name
        self.retry_seconds = retry_seconds
        self.open_until = 0.0
        self.down = False
        self._lock = threading.Lock()
        self._last_warning = float("-inf")
        self._unlogged = 0

    def is_open(self):
        return time.monotonic() < self.open_until

    def failed(self, operation, error, trip=True):
        now = time.monotonic()
        if trip:
            self.open_until = now + self.retry_seconds
            self.down = True
        with self._lock:
            if now - self._last_warning < WARNING_EVERY:
                self._unlogged += 1
                return
            self._last_warning, unlogged, self._unlogged = now, self._unlogged, 0
        logger.warning(
            "cache %s: %s failed (%s: %s)%s; %s", self.name, operation, type(error).__name__, error,
            f", {unlogged} more failures since the last warning" if unlogged else "",
            f"served as misses, next try in {self.retry_seconds:g} s" if trip else "served as a miss",
        )

    def succeeded(self):
        if self.down:
            self.down = False
            logger.warning("cache %s: answering again", self.name)


_breakers = {}
_breakers_lock = threading.Lock()


def breaker_for(name, retry_seconds):
    with _breakers_lock:
        found = _breakers.get(name)
        if found is None:
            found = _breakers[name] = Breaker(name, retry_seconds)
        found.retry_seconds = retry_seconds
        return found


class ResilientRedisCache(RedisCache):
    """Django's RedisCache with short timeouts, errors as misses and a circuit breaker (see the module)."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS") or {})
        retry_seconds = float(options.pop("retry_seconds", DEFAULT_RETRY_SECONDS))
        options.setdefault("socket_connect_timeout", DEFAULT_TIMEOUT_SECONDS)
        options.setdefault("socket_timeout", DEFAULT_TIMEOUT_SECONDS)
        options.setdefault("retry", Retry(NoBackoff(), 0))  # one attempt: the breaker decides when to try again
        super().__init__(server, {**params, "OPTIONS": options})
        # Redacted: the address may carry a password.
        name = ",".join(s.rpartition("@")[2] for s in self._servers)
        self.breaker = breaker_for(name, retry_seconds)

    def _attempt(self, operation, call, args, kwargs, fallback, strict=False):
        if self.breaker.is_open():
            if strict:
                raise CacheUnavailable(f"{operation}: the cache failed less than {self.breaker.retry_seconds:g} s ago")
            return fallback
        try:
            result = call(*args, **kwargs)
        except (RedisError, OSError) as error:
            # Unreachable, too slow, not Redis: the breaker opens. Redis' own refusals (OOM, READONLY) come fast:
            # a miss, no more.
            self.breaker.failed(operation, error, trip=not isinstance(error, ResponseError))
            if strict:
                raise CacheUnavailable(f"{operation}: {error}") from error
            return fallback
        self.breaker.succeeded()
        return result

    def add(self, *args, **kwargs):
        return self._attempt("add", super().add, args, kwargs, False)

    def get(self, key, default=None, version=None):
        return self._attempt("get", super().get, (key, default, version), {}, default)

    def set(self, *args, **kwargs):
        return self._attempt("set", super().set, args, kwargs, None)

    def touch(self, *args, **kwargs):
        return self._attempt("touch", super().touch, args, kwargs, False)

    def delete(self, *args, **kwargs):
        return self._attempt("delete", super().delete, args, kwargs, False)

    def get_many(self, *args, **kwargs):
        return self._attempt("get_many", super().get_many, args, kwargs, {})

    def has_key(self, *args, **kwargs):
        return self._attempt("has_key", super().has_key, args, kwargs, False)

    def incr(self, key, delta=1, version=None):
        result = self._attempt("incr", super().incr, (key, delta, version), {}, _MISSING)
        if result is _MISSING:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return result

    def set_many(self, data, *args, **kwargs):
        return self._attempt("set_many", super().set_many, (data, *args), kwargs, list(data))

    def delete_many(self, *args, **kwargs):
        return self._attempt("delete_many", super().delete_many, args, kwargs, None)

    def clear(self):
        return self._attempt("clear", super().clear, (), {}, False)

    @property
    def strict(self):
        return _Strict(self)

    def ping(self):
        """True when Redis answers a PING now: bypasses the breaker, bounded by the socket timeouts."""
        try:
            return bool(self._cache.get_client(None, write=True).ping())
        except (RedisError, OSError):
            return False


class _Strict:
    """The backend's operations, raising CacheUnavailable instead of answering a miss."""

    def __init__(self, backend):
        self._backend = backend

    def __getattr__(self, operation):
        unguarded = getattr(RedisCache, operation).__get__(self._backend)

        def call(*args, **kwargs):
            return self._backend._attempt(operation, unguarded, args, kwargs, None, strict=True)

        return call


def strict(store):
    """`store` for callers that must know when the cache did not answer: a ResilientRedisCache raises
    CacheUnavailable instead of answering a miss; any other backend (local memory) is returned as it is."""
    return getattr(store, "strict", store)


def cache_state(alias):
    """"ok" or "down" for /healthz: a real round trip for Redis, bounded by the short timeouts; a cache in the
    process's own memory is always "ok"."""
    ping = getattr(caches[alias], "ping", None)
    if ping is None:
        return "ok"
    return "ok" if ping() else "down"
