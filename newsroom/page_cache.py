"""Whole-page caching for anonymous readers, invalidated at once on every app server.

Every cached page's key carries the *content version*, one counter in the shared cache
(Redis in production). Any change readers could see bumps it (``bump()``, wired to the
content models' save/delete signals in ``articles.apps``), so every app server misses
on its next request and renders fresh. Scheduled articles need no job: the version also
moves when the next scheduled publication time passes, and no page is cached, or sent
with a ``max-age``, beyond that moment.

Only responses a view marked ``Cache-Control: public`` (``public_cache``) are stored;
anything private, personal, unpublished or setting a cookie never is.
"""

from __future__ import annotations

import datetime
import hashlib
import time
from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from django.utils.cache import (
    get_max_age,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

# The content state read once per request (set by the middleware), so the page cache and
# every fragment of the page agree on one version without asking Redis again.
_request_state: ContextVar[tuple[int, float] | None] = ContextVar("content_state", default=None)
_MISSING = object()

VERSION_KEY = "newsroom:content:version"
NEXT_CHANGE_KEY = "newsroom:content:next-change"
NO_SCHEDULED_CHANGE = 0.0
CACHEABLE_STATUSES = {200, 301, 410}


# --- the content version ----------------------------------------------------------------


def bump(**_signal_kwargs) -> None:
    """Something readers see changed: every cached page is stale from now on."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet (or evicted): start from the clock, never reuse
        cache.set(VERSION_KEY, int(time.time() * 1000), timeout=None)
    cache.delete(NEXT_CHANGE_KEY)


def _next_scheduled_change() -> float:
    from articles.models import Article

    moment = (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    return moment.timestamp() if moment else NO_SCHEDULED_CHANGE


def content_state(values: dict | None = None) -> tuple[int, float]:
    """The current content version and when the next scheduled article goes live.

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


def current_state() -> tuple[int, float]:
    """The content state of this request (read once), or read now outside a request."""
    return _request_state.get() or content_state()


# --- fragments and derived values, keyed by the content version --------------------------


def fragments_enabled() -> bool:
    return settings.NEWSROOM_FRAGMENT_CACHE


def fragment_key(*parts: object) -> str:
    version, _ = current_state()
    return f"newsroom:fragment:{version}:" + ":".join(str(part) for part in parts)


def memoize(parts: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()``, remembered until the content changes (any edit bumps the version).

    For values derived from public content that every request would otherwise redo:
    counts, related articles, rendered cards. Exact, never stale: the key carries the
    content version. Off (computed every time) with NEWSROOM_FRAGMENT_CACHE=False.
    """
    if not fragments_enabled():
        return compute()
    key = fragment_key(*parts)
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, settings.NEWSROOM_PAGE_CACHE_SECONDS)
    return value


def seconds_until(next_change: float) -> float | None:
    if next_change == NO_SCHEDULED_CHANGE:
        return None
    return max(next_change - time.time(), 0.0)


# --- views say what may be cached ---------------------------------------------------------


def public_cache(max_age: int, stale_while_revalidate: int = 0) -> Callable:
    """Mark a view's responses public for ``max_age`` seconds (unless it said otherwise,
    e.g. a staff preview marked private), which also lets the page cache keep them."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            response = view(request, *args, **kwargs)
            if response.status_code in CACHEABLE_STATUSES and not _private(response):
                options = {"public": True, "max_age": max_age}
                if stale_while_revalidate:
                    options["stale_while_revalidate"] = stale_while_revalidate
                patch_cache_control(response, **options)
                # Signed-in staff get private answers at the same address.
                patch_vary_headers(response, ["Cookie"])
            return response

        return wrapped

    return decorator


def _private(response: HttpResponse) -> bool:
    control = response.get("Cache-Control", "")
    return "private" in control or "no-store" in control or "no-cache" in control


# --- the middleware -----------------------------------------------------------------------


class PageCacheMiddleware:
    """Serve anonymous GETs from the page cache; mark signed-in responses private."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
        readable = request.method == "GET" and not signed_in and settings.NEWSROOM_PAGE_CACHE
        key = self.key(request) if readable else None
        state, entry = None, None
        if readable:
            # One round trip: the content state and this page, kept with the version it
            # was built under (a page of an older version is simply not used).
            values = cache.get_many([VERSION_KEY, NEXT_CHANGE_KEY, key])
            state, entry = content_state(values), values.get(key)
        elif fragments_enabled():
            state = content_state()
        token = _request_state.set(state)
        try:
            if not readable:
                return self.not_cached(request, signed_in)
            version, next_change = state
            if entry is not None and entry[0] == version:
                response = entry[1]
                self.bound_max_age(response, next_change)
                response["X-Page-Cache"] = "hit"
                return response
            return self.fill(request, key, version, next_change)
        finally:
            _request_state.reset(token)

    def not_cached(self, request: HttpRequest, signed_in: bool) -> HttpResponse:
        response = self.get_response(request)
        if signed_in:
            # Whatever a signed-in person sees stays between them and us.
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response

    def fill(self, request: HttpRequest, key: str, version: int, next_change: float):
        response = self.get_response(request)
        if self.storable(response):
            self.bound_max_age(response, next_change)
            if not response.has_header("ETag"):
                set_response_etag(response)
            timeout = self.timeout(response, next_change)
            if timeout:
                cache.set(key, (version, response), timeout)
        response["X-Page-Cache"] = "miss"
        return response

    @staticmethod
    def key(request: HttpRequest) -> str:
        url = request.build_absolute_uri()
        return f"newsroom:page:{hashlib.sha256(url.encode()).hexdigest()}"

    @staticmethod
    def storable(response: HttpResponse) -> bool:
        return (
            response.status_code in CACHEABLE_STATUSES
            and not response.streaming
            and not response.cookies
            and "public" in response.get("Cache-Control", "")
            and not _private(response)
            and "'nonce-" not in response.get("Content-Security-Policy", "")
        )

    @staticmethod
    def timeout(response: HttpResponse, next_change: float) -> int:
        limit = settings.NEWSROOM_PAGE_CACHE_SECONDS
        remaining = seconds_until(next_change)
        if remaining is not None:
            limit = min(limit, int(remaining))
        return max(limit, 0)

    @staticmethod
    def bound_max_age(response: HttpResponse, next_change: float) -> None:
        """Downstream caches may not keep a page past the next scheduled publication."""
        remaining = seconds_until(next_change)
        max_age = get_max_age(response)
        if remaining is not None and max_age is not None and remaining < max_age:
            patch_cache_control(response, max_age=int(remaining))


def last_modified(moments: list[datetime.datetime | None]) -> datetime.datetime | None:
    """The latest of some modification times, for a ``Last-Modified`` header."""
    present = [moment for moment in moments if moment is not None]
    return max(present) if present else None
