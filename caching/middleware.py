"""Whole-page caching for anonymous readers, invalidated at once on every app server.

A page is kept as ``(version, response)`` under its absolute URL: after any edit the
version moves and the old copy is simply not used (``caching.version``). No page is
kept, or sent with a ``max-age``, beyond the next scheduled change.

One round trip to the cache per request brings back the content state and the page;
when the page must be built, a second brings the fragments most pages use
(``registry.register_prefetch``), which every fragment read then finds in memory.
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
from .fragments import fragments_enabled, prefetched_values
from .http import CACHEABLE_STATUSES, is_private
from .version import (
    NEXT_CHANGE_KEY,
    VERSION_KEY,
    ContentState,
    content_state,
    request_state,
    seconds_until,
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
            # One round trip: the content state and this page, kept with the version it
            # was built under (a page of an older version is simply not used).
            values = cache.get_many([VERSION_KEY, NEXT_CHANGE_KEY, key])
            entry = values.get(key)
        if (readable or fragments_enabled()) and not self.current(entry, values):
            # The page will be built: fetch what most pages use in one go.
            keys = registry.prefetch_keys(request)
            keys += [] if readable else [VERSION_KEY, NEXT_CHANGE_KEY]
            values.update(cache.get_many(keys))
        if readable or fragments_enabled():
            state = content_state(values)
        # With both caches off, the state is read when first needed (the site chrome).
        with request_state(state), prefetched_values(values):
            if not readable:
                return self.not_cached(request, signed_in)
            version, next_change = state
            if entry is not None and entry[0] == version:
                response = self.from_entry(entry)
                if response is not None:
                    self.bound_max_age(response, next_change)
                    response["X-Page-Cache"] = "hit"
                    return response
            return self.fill(request, key, (version, next_change))

    @staticmethod
    def current(entry: tuple | None, values: dict) -> bool:
        """Whether ``entry`` is a page of the version in ``values`` (cheap: no DB)."""
        return entry is not None and entry[0] == values.get(VERSION_KEY)

    def not_cached(self, request: HttpRequest, signed_in: bool) -> HttpResponse:
        response = self.get_response(request)
        if signed_in:
            # Whatever a signed-in person sees stays between them and us.
            patch_cache_control(response, private=True)
            patch_vary_headers(response, ["Cookie"])
        return response

    def fill(self, request: HttpRequest, key: str, state: ContentState) -> HttpResponse:
        version, next_change = state
        response = self.get_response(request)
        if self.storable(response):
            self.bound_max_age(response, next_change)
            if not response.has_header("ETag"):
                set_response_etag(response)
            timeout = self.timeout(next_change)
            if timeout:
                cache.set(key, (version, self.to_entry(key, version, response)), timeout)
        response["X-Page-Cache"] = "miss"
        return response

    # Large pages (sitemap files run to megabytes) are kept on each app server's disk and
    # sent with sendfile; Redis holds only their headers. A server that lacks the file
    # (it has not built this version yet) builds it once.

    @staticmethod
    def to_entry(key: str, version: int, response: HttpResponse) -> HttpResponse | dict:
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
