"""What views say may be cached, and the HTTP validators they send.

The page cache stores only what a view marked ``Cache-Control: public`` with
``public_cache``: anything private, personal, unpublished or setting a cookie is never
kept, whatever the URL.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from functools import wraps

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from .dependencies import depends_on

CACHEABLE_STATUSES = {200, 301, 410}


def public_cache(
    max_age: int, stale_while_revalidate: int = 0, shows: Iterable[str] = ()
) -> Callable:
    """Mark a view's responses public for ``max_age`` seconds (unless it said otherwise,
    e.g. a staff preview marked private), which also lets the page cache keep them.

    ``shows`` names what every answer of the view is built from, for a view whose pages
    always show the same things (``caching.dependencies``; ``site`` for pages of the
    site chrome only); views whose pages vary declare it as they build them.
    """
    shows = tuple(shows)

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            depends_on(*shows)
            response = view(request, *args, **kwargs)
            if response.status_code in CACHEABLE_STATUSES and not is_private(response):
                options = {"public": True, "max_age": max_age}
                if stale_while_revalidate:
                    options["stale_while_revalidate"] = stale_while_revalidate
                patch_cache_control(response, **options)
                # Signed-in staff get private answers at the same address.
                patch_vary_headers(response, ["Cookie"])
            return response

        return wrapped

    return decorator


def is_private(response: HttpResponse) -> bool:
    control = response.get("Cache-Control", "")
    return "private" in control or "no-store" in control or "no-cache" in control


def last_modified(moments: list[datetime.datetime | None]) -> datetime.datetime | None:
    """The latest of some modification times, for a ``Last-Modified`` header."""
    present = [moment for moment in moments if moment is not None]
    return max(present) if present else None
