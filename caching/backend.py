"""A Redis cache that a Redis outage cannot take the site down with."""

from __future__ import annotations

import functools
import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

# The name operators already search the logs for (logger=newsroom.cache).
logger = logging.getLogger("newsroom.cache")

UNREACHABLE = (RedisConnectionError, RedisTimeoutError)

# Per process, per server: until when Redis is left alone after a failure.
_down_until: dict[str, float] = {}


def _bypassed(missing):
    """Run the method; while Redis is unreachable, answer ``missing(*args, **kwargs)``."""

    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if self._is_down():
                return missing(*args, **kwargs)
            try:
                result = method(self, *args, **kwargs)
            except UNREACHABLE as exc:
                self._went_down(exc)
                return missing(*args, **kwargs)
            self._came_back()
            return result

        return wrapper

    return decorate


def _miss_for_incr(key, *args, **kwargs):
    # Django's contract for a missing key; callers already handle it.
    raise ValueError(f"Key '{key}' not found (cache unavailable).")


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's Redis client, keeping one ``redis.Redis`` per connection pool.

    Django builds a new ``redis.Redis`` for every cache call, and redis-py fills a table
    of about 170 response callbacks each time: a third of a millisecond per cached page.
    The client object is thread-safe and holds no connection of its own, so one is kept.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._client(connection_pool=self._get_connection_pool(write))
            self._clients[index] = client
        return client


class ResilientRedisCache(RedisCache):
    """Django's RedisCache, where an unreachable Redis behaves like an empty cache.

    Reads miss, writes are dropped, and pages are built from the database instead. After a
    failure Redis is not tried again for ``OPTIONS["RETRY_AFTER"]`` seconds (default 5),
    so a dead server costs one connection attempt per process every few seconds, not one
    per cache lookup; a warning is logged each time it goes, and a line when it is back.
    """

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient
        self._options = dict(self._options)  # not the settings' own dict
        self._retry_after = float(self._options.pop("RETRY_AFTER", 5))
        self._server_key = ",".join(self._servers)

    def _is_down(self) -> bool:
        return _down_until.get(self._server_key, 0.0) > time.monotonic()

    def _went_down(self, exc: Exception) -> None:
        _down_until[self._server_key] = time.monotonic() + self._retry_after
        logger.warning(
            "cache unavailable, serving without it",
            extra={"error": f"{type(exc).__name__}: {exc}", "retry_in_s": self._retry_after},
        )

    def _came_back(self) -> None:
        if _down_until.pop(self._server_key, None) is not None:
            logger.info("cache available again")

    @_bypassed(lambda key, default=None, version=None: default)
    def get(self, key, default=None, version=None):
        return super().get(key, default, version)

    @_bypassed(lambda *args, **kwargs: None)
    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set(key, value, timeout, version)

    @_bypassed(lambda *args, **kwargs: False)
    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return super().add(key, value, timeout, version)

    @_bypassed(lambda *args, **kwargs: False)
    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return super().touch(key, timeout, version)

    @_bypassed(lambda *args, **kwargs: False)
    def delete(self, key, version=None):
        return super().delete(key, version)

    @_bypassed(lambda *args, **kwargs: {})
    def get_many(self, keys, version=None):
        return super().get_many(keys, version)

    @_bypassed(lambda *args, **kwargs: False)
    def has_key(self, key, version=None):
        return super().has_key(key, version)

    @_bypassed(_miss_for_incr)
    def incr(self, key, delta=1, version=None):
        return super().incr(key, delta, version)

    @_bypassed(lambda data, *args, **kwargs: list(data))
    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return super().set_many(data, timeout, version)

    @_bypassed(lambda *args, **kwargs: None)
    def delete_many(self, keys, version=None):
        return super().delete_many(keys, version)

    @_bypassed(lambda *args, **kwargs: False)
    def clear(self):
        return super().clear()
