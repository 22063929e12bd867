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
import os
import time
from collections.abc import Callable
from contextvars import ContextVar
from functools import wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.cache import (
    get_max_age,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

# The content state read once per request (set by the middleware), so the page cache and
# every fragment of the page agree on one version without asking Redis again; and what
# that same round trip brought back (the page, the site chrome, the page's own parts).
_request_state: ContextVar[tuple[int, float] | None] = ContextVar("content_state", default=None)
_request_values: ContextVar[dict | None] = ContextVar("prefetched", default=None)
_MISSING = object()

VERSION_KEY = "newsroom:content:version"
NEXT_CHANGE_KEY = "newsroom:content:next-change"
NO_SCHEDULED_CHANGE = 0.0
CACHEABLE_STATUSES = {200, 301, 410}


# --- the content version ----------------------------------------------------------------


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


def bump(using: str | None = None, **_signal_kwargs) -> None:
    """Something readers see changed: every cached page is stale from now on."""
    now_and_after_commit(_advance, using)


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
    """A fragment's cache key. Entries are (version, value): one of an older version is a
    miss, so keys need no version and a page's fragments can be fetched with the page."""
    return "newsroom:fragment:" + ":".join(str(part) for part in parts)


def _fresh(entry: Any) -> Any:
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == current_state()[0]:
        return entry[1]
    return _MISSING


def fragment_get_many(keys: list[str]) -> dict[str, Any]:
    """Current-version values of these fragments (the request's prefetch first)."""
    prefetched = _request_values.get() or {}
    found = {key: prefetched[key] for key in keys if key in prefetched}
    rest = [key for key in keys if key not in found]
    if rest:
        found.update(cache.get_many(rest))
    values = {key: _fresh(entry) for key, entry in found.items()}
    return {key: value for key, value in values.items() if value is not _MISSING}


def fragment_get(key: str) -> Any:
    return fragment_get_many([key]).get(key, _MISSING)


def fragment_set_many(values: dict[str, Any]) -> None:
    version = current_state()[0]
    entries = {key: (version, value) for key, value in values.items()}
    cache.set_many(entries, settings.NEWSROOM_PAGE_CACHE_SECONDS)


def memoize(parts: tuple, compute: Callable[[], Any]) -> Any:
    """``compute()``, remembered until the content changes (any edit bumps the version).

    For values derived from public content that every request would otherwise redo:
    counts, related articles, rendered cards and fragments. Exact, never stale: each entry
    carries the content version. Off (computed every time) with FRAGMENT_CACHE=False.
    """
    if not fragments_enabled():
        return compute()
    key = fragment_key(*parts)
    value = fragment_get(key)
    if value is _MISSING:
        value = compute()
        fragment_set_many({key: value})
    return value


def peek(parts: tuple) -> Any:
    """A memoized value if there is a current one, else ``None`` (nothing computed)."""
    if not fragments_enabled():
        return None
    value = fragment_get(fragment_key(*parts))
    return None if value is _MISSING else value


def prefetched(key: str) -> Any:
    """A raw value this request's first round trip brought back, or ``None``."""
    return (_request_values.get() or {}).get(key)


def nav_state(path: str) -> str:
    """Which navigation item a path is (it varies the header), from the path alone, so
    the header can be fetched in the request's first round trip."""
    from django.urls import reverse

    if path == reverse("articles:newest"):
        return "newest"
    for name in ("pages:links", "articles:search"):
        if path == reverse(name):
            return name
    section = reverse("articles:section", kwargs={"slug": "-"}).removesuffix("-/")
    if path.startswith(section) and path.count("/") == section.count("/") + 1:
        return "section:" + path.removeprefix(section).strip("/")
    return ""


def prefetch_keys(request: HttpRequest) -> list[str]:
    """The fragments almost every page of this path uses."""
    from pages.sitewide import CACHE_KEY as SITEWIDE_KEY

    return [
        SITEWIDE_KEY,
        fragment_key("template", "header", nav_state(request.path)),
        fragment_key("template", "footer"),
        fragment_key("page-parts", request.path, False),
    ]


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
        state, entry, values = None, None, {}
        if readable:
            # One round trip: the content state and this page, kept with the version it
            # was built under (a page of an older version is simply not used).
            values = cache.get_many([VERSION_KEY, NEXT_CHANGE_KEY, key])
            entry = values.get(key)
        if (readable or fragments_enabled()) and not self.current(entry, values):
            # The page will be built: fetch the fragments most pages need in one go.
            keys = prefetch_keys(request) if fragments_enabled() else []
            keys += [] if readable else [VERSION_KEY, NEXT_CHANGE_KEY]
            values.update(cache.get_many(keys))
        if readable or fragments_enabled():
            state = content_state(values)
        token = _request_state.set(state)
        values_token = _request_values.set(values)
        try:
            if not readable:
                return self.not_cached(request, signed_in)
            version, next_change = state
            if entry is not None and entry[0] == version:
                response = self.from_entry(entry)
                if response is not None:
                    self.bound_max_age(response, next_change)
                    response["X-Page-Cache"] = "hit"
                    return response
            return self.fill(request, key, version, next_change)
        finally:
            _request_state.reset(token)
            _request_values.reset(values_token)

    @staticmethod
    def current(entry, values: dict) -> bool:
        """Whether ``entry`` is a page of the version in ``values`` (cheap: no DB)."""
        return entry is not None and entry[0] == values.get(VERSION_KEY)

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
                cache.set(key, (version, self.to_entry(key, version, response)), timeout)
        response["X-Page-Cache"] = "miss"
        return response

    # Large pages (sitemap files run to megabytes) are kept on each app server's disk and
    # sent with sendfile; Redis holds only their headers. A server that lacks the file
    # (it has not built this version yet) builds it once.

    @staticmethod
    def to_entry(key: str, version: int, response: HttpResponse):
        if len(response.content) < settings.NEWSROOM_PAGE_CACHE_FILE_BYTES:
            return response
        folder = Path(settings.NEWSROOM_PAGE_CACHE_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        stem = key.rsplit(":", 1)[-1]
        name = f"{stem}-{version}"
        temporary = folder / f".{name}.{os.getpid()}"
        temporary.write_bytes(response.content)
        temporary.replace(folder / name)
        for older in folder.glob(f"{stem}-*"):
            if older.name != name:
                older.unlink(missing_ok=True)
        headers = {k: v for k, v in response.items() if k.lower() != "content-length"}
        return {"file": name, "status": response.status_code, "headers": headers}

    @staticmethod
    def from_entry(entry) -> HttpResponse | None:
        stored = entry[1]
        if not isinstance(stored, dict):
            return stored
        try:
            handle = open(Path(settings.NEWSROOM_PAGE_CACHE_DIR) / stored["file"], "rb")  # noqa: SIM115 - FileResponse closes it
        except OSError:
            return None
        response = FileResponse(handle, status=stored["status"])
        for header, value in stored["headers"].items():
            response[header] = value
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
