"""The content version: one counter that every cached page and fragment is kept under.

Any change readers could see moves it (``bump()``, connected to the save and delete
signals of every model an app registers with ``registry.invalidate_on``), so every app
server misses on its next request and renders fresh: nothing is ever purged key by key.
It also moves, with no edit, when the next scheduled change an app registered
(``registry.register_schedule``) comes due, and nothing is kept beyond that moment.

The version is read once per request (by the page cache middleware, with the page and
its fragments in the same round trip) and every value of the request agrees on it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.cache import cache
from django.db import DatabaseError, transaction

from . import registry

VERSION_KEY = "newsroom:content:version"
NEXT_CHANGE_KEY = "newsroom:content:next-change"
NO_SCHEDULED_CHANGE = 0.0

ContentState = tuple[int, float]  # (version, timestamp of the next scheduled change)

# This request's state: a one-item list, so a state first needed midway (both caches
# off) is still read only once per request.
_request_state: ContextVar[list[ContentState | None] | None] = ContextVar(
    "content_state", default=None
)


def _advance() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): start from the clock, never reuse
        cache.set(VERSION_KEY, int(time.time() * 1000), timeout=None)
    cache.delete(NEXT_CHANGE_KEY)


def now_and_after_commit(action: Callable[[], None], using: str | None = None) -> None:
    """Run a cache invalidation now and, inside a transaction, once more when it commits.

    A reader between the two still sees the old rows and may cache them afresh; the second
    run drops that copy. However many rows the transaction saves, it runs once.
    """
    action()
    connection = transaction.get_connection(using)
    if connection.in_atomic_block and not any(
        func is action for _savepoints, func, _robust in connection.run_on_commit
    ):
        transaction.on_commit(action, using=using)


def bump(using: str | None = None, **_signal_kwargs: object) -> None:
    """Something readers see changed: every cached page and fragment is stale from now on."""
    now_and_after_commit(_advance, using)


def _next_scheduled_change() -> float:
    moment = registry.next_scheduled_change()
    return moment.timestamp() if moment else NO_SCHEDULED_CHANGE


def content_state(values: dict | None = None) -> ContentState:
    """The current content version and when the next scheduled change is due.

    ``values`` may hold the two keys already, read in the same round trip as a page.
    """
    if values is None:
        values = cache.get_many([VERSION_KEY, NEXT_CHANGE_KEY])
    version, next_change = values.get(VERSION_KEY), values.get(NEXT_CHANGE_KEY)
    if version is None:
        bump()
        version, next_change = cache.get(VERSION_KEY), None
        if version is None:  # the cache is down (it logs why): serve, but keep nothing
            return 0, time.time()
    if next_change is None:
        try:
            next_change = _next_scheduled_change()
        except DatabaseError:
            # The database is down: pages that need it answer 503 anyway; the others
            # (robots.txt) are served, but nothing is cached until it is back.
            return int(version), time.time()
        cache.set(NEXT_CHANGE_KEY, next_change, timeout=None)
    if next_change != NO_SCHEDULED_CHANGE and time.time() >= next_change:
        bump()  # a scheduled article just went live
        return content_state()
    return int(version), next_change


@contextmanager
def request_state(state: ContentState | None) -> Iterator[None]:
    """Within this block (one request), ``current_state()`` is ``state``; when ``None``,
    it is read on first use and then kept for the rest of the block."""
    token = _request_state.set([state])
    try:
        yield
    finally:
        _request_state.reset(token)


def current_state() -> ContentState:
    """The content state of this request (read once), or read now outside a request."""
    held = _request_state.get()
    if held is None:
        return content_state()
    if held[0] is None:
        held[0] = content_state()
    return held[0]


def seconds_until(next_change: float) -> float | None:
    if next_change == NO_SCHEDULED_CHANGE:
        return None
    return max(next_change - time.time(), 0.0)
