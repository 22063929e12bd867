"""Versions of what readers see: one per dependency, so an edit invalidates only what shows it.

Every cached page and fragment is stored with a **stamp**: the dependencies it was built
from (``article:42``, ``list:section:3``: names the apps choose, see
``caching.dependencies``) and the version of each at the time. An entry whose stamp
names a version that has moved since is a miss; nothing is ever purged key by key.

* ``bump("article:42", ...)`` moves those dependencies. Every version is a value of one
  shared counter, the **clock**, so versions only ever grow, on every app server.
* ``site`` is in every stamp: ``bump()`` with no names moves it, and every cached page
  and fragment is stale at once (the site chrome, a restored backup, a bulk write).
* ``content`` moves with every bump: a page that declared no dependencies depends on it,
  so forgetting to declare one costs speed, never correctness.
* A value may only be stored if none of its dependencies moved after its request began
  (the clock read at the start): rows read before an edit never pass for current ones.
  Bumps inside a transaction run again when it commits, so a reader between the two
  drops what it kept.
* Time counts as a change: a scheduled article goes public with no edit. Apps register
  when their next such moment is (``registry.register_schedule``); no page is kept, or
  sent with a ``max-age``, beyond it, and ``site`` moves when it passes.

The clock, ``site`` and the next scheduled change are read once per request, in the same
round trip as the page (``caching.middleware``); other versions are read when a stamp
names them, many at once, and kept for the rest of the request.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import DatabaseError, transaction

from . import registry

SITE = "site"
CONTENT = "content"
CLOCK_KEY = "newsroom:content:clock"
NEXT_CHANGE_KEY = "newsroom:content:next-change"
NO_SCHEDULED_CHANGE = 0.0


def version_key(dependency: str) -> str:
    """The one key builder of a dependency's version."""
    return "newsroom:dep:" + dependency


VERSION_KEY = version_key(SITE)
# What a request reads first, with its page: the clock, the site and the schedule.
STATE_KEYS = [CLOCK_KEY, VERSION_KEY, NEXT_CHANGE_KEY]

ContentState = tuple[int, float]  # (site version, timestamp of the next scheduled change)


@dataclass
class RequestState:
    clock: int  # the clock when the request began: a later version was bumped during it
    next_change: float
    versions: dict[str, int] = field(default_factory=dict)  # read in this request

    @property
    def site(self) -> int:
        return self.versions[SITE]

    def storable(self) -> bool:
        return self.clock > 0


# This request's state: a one-item list, so a state first needed midway (both caches
# off) is still read only once per request.
_request_state: ContextVar[list[RequestState | None] | None] = ContextVar(
    "content_state", default=None
)


# --- writing -----------------------------------------------------------------------------


def _tick() -> int:
    """The next value of the clock. Started from the wall clock in milliseconds, so a
    cache that lost it (restarted, evicted) never hands out a version again."""
    try:
        return cache.incr(CLOCK_KEY)
    except ValueError:
        cache.add(CLOCK_KEY, int(time.time() * 1000), timeout=None)
        try:
            return cache.incr(CLOCK_KEY)
        except ValueError:  # the cache is down (it logs why)
            return 0


def _advance(dependencies: Iterable[str]) -> None:
    now = _tick()
    if not now:
        return
    moved = {version_key(name): now for name in {*dependencies, CONTENT}}
    cache.set_many(moved, timeout=None)
    cache.delete(NEXT_CHANGE_KEY)  # an edit may have scheduled or unscheduled something


class _OnCommit:
    """The dependencies a transaction moved, moved once more when it commits."""

    def __init__(self) -> None:
        self.dependencies: set[str] = set()

    def __call__(self) -> None:
        _advance(self.dependencies)


def bump(*dependencies: str, using: str | None = None) -> None:
    """These dependencies changed (``site`` when none are named: everything did).

    Runs now and, inside a transaction, once more when it commits: a reader between the
    two still sees the old rows and may cache them; the second bump drops that copy.
    However many rows the transaction saves, it bumps once on commit.
    """
    names = set(dependencies) or {SITE}
    _advance(names)
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        return
    pending = next(
        (func for _ids, func, _robust in connection.run_on_commit if isinstance(func, _OnCommit)),
        None,
    )
    if pending is None:
        pending = _OnCommit()
        transaction.on_commit(pending, using=using)
    pending.dependencies |= names


# --- reading -----------------------------------------------------------------------------


def _next_scheduled_change() -> float:
    moment = registry.next_scheduled_change()
    return moment.timestamp() if moment else NO_SCHEDULED_CHANGE


def read_state(values: dict | None = None) -> RequestState:
    """The clock, the site's version and when the next scheduled change is due.

    ``values`` may hold ``STATE_KEYS`` already, read in the same round trip as a page.
    """
    if values is None:
        values = cache.get_many(STATE_KEYS)
    clock, site, next_change = (values.get(key) for key in STATE_KEYS)
    if clock is None or site is None:
        bump()  # a new (or emptied) cache: start a version of everything
        values = cache.get_many(STATE_KEYS)
        clock, site = values.get(CLOCK_KEY), values.get(VERSION_KEY)
        if clock is None or site is None:  # the cache is down: serve, but keep nothing
            return RequestState(0, time.time(), {SITE: 0})
    state = RequestState(int(clock), NO_SCHEDULED_CHANGE, {SITE: int(site)})
    if next_change is None:
        try:
            next_change = _next_scheduled_change()
        except DatabaseError:
            # The database is down: pages that need it answer 503 anyway; the others
            # (robots.txt) are served, but nothing is cached until it is back.
            return RequestState(0, time.time(), {SITE: int(site)})
        cache.set(NEXT_CHANGE_KEY, next_change, timeout=None)
    if next_change != NO_SCHEDULED_CHANGE and time.time() >= next_change:
        bump()  # a scheduled article just went live
        return read_state()
    state.next_change = next_change
    return state


def content_state(values: dict | None = None) -> ContentState:
    """The site's version and the next scheduled change (see ``read_state``)."""
    state = read_state(values)
    return state.site, state.next_change


@contextmanager
def request_state(state: RequestState | None) -> Iterator[None]:
    """Within this block (one request), ``current_state()`` is ``state``; when ``None``,
    it is read on first use and then kept for the rest of the block."""
    token = _request_state.set([state])
    try:
        yield
    finally:
        _request_state.reset(token)


def current_state() -> RequestState:
    """The state of this request (read once), or read now outside a request."""
    held = _request_state.get()
    if held is None:
        return read_state()
    if held[0] is None:
        held[0] = read_state()
    return held[0]


def versions(dependencies: Iterable[str], values: dict | None = None) -> dict[str, int]:
    """The current versions of these dependencies, as this request sees them.

    Read many at once, and once per request. One never bumped (or lost by the cache)
    starts at the request's clock: ``add`` never overwrites a bump made meanwhile.
    """
    state = current_state()
    known = state.versions
    wanted = [name for name in dependencies if name not in known]
    if wanted:
        keys = {version_key(name): name for name in wanted}
        found = values if values is not None else {}
        missing_keys = [key for key in keys if key not in found]
        if missing_keys:
            found = {**found, **cache.get_many(missing_keys)}
        for key, name in keys.items():
            value = found.get(key)
            if value is None and state.storable():
                cache.add(key, state.clock, timeout=None)
                value = cache.get(key)
            known[name] = int(value) if value is not None else -1
    return known


def seconds_until(next_change: float) -> float | None:
    if next_change == NO_SCHEDULED_CHANGE:
        return None
    return max(next_change - time.time(), 0.0)
