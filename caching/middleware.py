"""Whole-page caching for anonymous readers, invalidated on every app server at once.

A page is kept as ``(stamp, response)`` under its absolute URL: the stamp names what
the page was built from (its articles, its listing: ``caching.dependencies``) and their
versions; after an edit of any of them the old copy is simply not used. No page is
kept, or sent with a ``max-age``, beyond the next scheduled change.

A request's first round trip to the cache brings back the clock, the site's version and
the page; a second the versions the page's stamp names. When the page must be built,
another brings the fragments most pages use (``registry.register_prefetch``), which
every fragment read then finds in memory.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.http import FileResponse, HttpRequest, HttpResponse
from django.utils.cache import (
    get_max_age,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)

from . import registry
from .dependencies import Stamp, collecting, fresh, stamp
from .fragments import fragments_enabled, prefetched_values
from .http import CACHEABLE_STATUSES, is_private
from .version import (
    STATE_KEYS,
    RequestState,
    read_state,
    request_state,
    seconds_until,
    version_key,
)


class PageCacheMiddleware:
    """Serve anonymous GETs from the page cache; mark signed-in responses private."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
        readable = request.method == "GET" and not signed_in and settings.NEWSROOM_PAGE_CACHE
        key = self.key(request) if readable else None
        state, entry, values = None, None, {}
        if readable:
            # One round trip: the clock, the site's version, the schedule and this page,
            # with the versions of what this page was built from last time (if known).
            values = cache.get_many([*STATE_KEYS, key, *self.learned_keys(key)])
            entry = values.get(key)
        else:
            # Signed-in staff, or no page cache: the state and the usual fragments (the
            # site chrome is kept even with FRAGMENT_CACHE off) in one round trip, not
            # one per fragment.
            values = cache.get_many([*STATE_KEYS, *registry.prefetch_keys(request)])
        if readable or fragments_enabled() or all(key in values for key in STATE_KEYS):
            state = read_state(values)
        # Otherwise (both caches off, and the schedule not known yet) the state is read
        # when first needed: a page with no chrome (an API answer, a redirect) needs none.
        with request_state(state), prefetched_values(values):
            if not readable:
                return self.not_cached(request, signed_in)
            if self.current(entry, values):
                self.learn(key, entry[0])
                response = self.from_entry(entry)
                if response is not None:
                    self.bound_max_age(response, state.next_change)
                    response["X-Page-Cache"] = "hit"
                    return response
            # The page will be built: fetch what most pages use in one go.
            values.update(cache.get_many(registry.prefetch_keys(request)))
            return self.fill(request, key, state)

    @staticmethod
    def current(entry: object, values: dict) -> bool:
        """Whether ``entry`` is a page built from what is still current (the versions its
        stamp names not in ``values`` already cost one more round trip)."""
        if not (isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], tuple)):
            return False
        return fresh([entry[0]], values)[0]

    # What each page was built from, as this process last saw it: a hit then needs one
    # round trip, not two. Bounded; a page that changes what it shows is relearned.
    _learned: dict[str, tuple[str, ...]] = {}
    LEARNED_PAGES = 20_000

    @classmethod
    def learned_keys(cls, key: str) -> list[str]:
        return [version_key(name) for name in cls._learned.get(key, ())]

    @classmethod
    def learn(cls, key: str, item: Stamp) -> None:
        names = tuple(name for name, _ in item)
        if cls._learned.get(key) != names:
            if len(cls._learned) >= cls.LEARNED_PAGES:
                del cls._learned[next(iter(cls._learned))]  # the oldest learned
            cls._learned[key] = names

    def not_cached(self, request: HttpRequest, signed_in: bool) -> HttpResponse:
        response = self.get_response(request)
        if signed_in:
            # Whatever a signed-in person sees stays between them and us.
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response

    def fill(self, request: HttpRequest, key: str, state: RequestState) -> HttpResponse:
        with collecting() as dependencies:  # what the page's code says it shows
            response = self.get_response(request)
        if self.storable(response):
            self.bound_max_age(response, state.next_change)
            if not response.has_header("ETag"):
                set_response_etag(response)
            timeout = self.timeout(state.next_change)
            item = stamp(dependencies, page=True)
            if timeout and item is not None:
                cache.set(key, (item, self.to_entry(key, item, response)), timeout)
                self.learn(key, item)
        response["X-Page-Cache"] = "miss"
        return response

    # Large pages (sitemap files run to megabytes) are kept on each app server's disk and
    # sent with sendfile; Redis holds only their headers. A server that lacks the file
    # (it has not built this version yet) builds it once.

    @staticmethod
    def to_entry(key: str, item: Stamp, response: HttpResponse) -> HttpResponse | dict:
        if len(response.content) < settings.NEWSROOM_PAGE_CACHE_FILE_BYTES:
            return response
        folder = Path(settings.NEWSROOM_PAGE_CACHE_DIR)
        folder.mkdir(parents=True, exist_ok=True)
        stem = key.rsplit(":", 1)[-1]
        # The same name on every server for the same build of the page.
        name = f"{stem}-{hashlib.sha256(repr(item).encode()).hexdigest()[:16]}"
        temporary = folder / f".{name}.{os.getpid()}"
        temporary.write_bytes(response.content)
        temporary.replace(folder / name)
        for older in folder.glob(f"{stem}-*"):
            if older.name != name:
                older.unlink(missing_ok=True)
        headers = {k: v for k, v in response.items() if k.lower() != "content-length"}
        return {"file": name, "status": response.status_code, "headers": headers}

    @staticmethod
    def from_entry(entry: tuple) -> HttpResponse | None:
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
        """The one key builder of a cached page: its absolute URL, hashed."""
        url = request.build_absolute_uri()
        return f"newsroom:page:{hashlib.sha256(url.encode()).hexdigest()}"

    @staticmethod
    def storable(response: HttpResponse) -> bool:
        return (
            response.status_code in CACHEABLE_STATUSES
            and not response.streaming
            and not response.cookies
            and "public" in response.get("Cache-Control", "")
            and not is_private(response)
            and "'nonce-" not in response.get("Content-Security-Policy", "")
        )

    @staticmethod
    def timeout(next_change: float) -> int:
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
