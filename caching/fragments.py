"""Values derived from public content, kept until the content changes: never stale.

Each entry is stored as ``(version, value)``; an entry of an older content version is
a miss, so keys carry no version and a page's fragments can be fetched together with
the page (the middleware's first round trip, ``registry.register_prefetch``). Any edit
anywhere makes every fragment fresh again: exact, with nothing to purge.

Every cached value has one key builder, in the module that owns the value (a card's in
``articles.cards``, the site chrome's in ``pages.sitewide``); builders call
``fragment_key`` here, so all keys share one namespace.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache

from .version import current_state

T = TypeVar("T")

MISSING = object()
MAX_READABLE_KEY = 160  # Django warns past 250 characters, its prefixes included
SAFE_KEY = re.compile(r"[!-~]*")  # printable ASCII, no space

# What the request's first round trip brought back (the page, the chrome, its parts).
_prefetched: ContextVar[dict | None] = ContextVar("prefetched", default=None)


def fragments_enabled() -> bool:
    """FRAGMENT_CACHE: on in production and in the test suite; off to measure a cold site."""
    return settings.NEWSROOM_FRAGMENT_CACHE


def fragment_key(*parts: object) -> str:
    """The cache key of a fragment named by ``parts``. Call it from the one builder of a
    value (``card_key(pk)``), never with parts typed at the place of use.

    Parts may come from the address a visitor typed (a path, a slug): a key that is long
    or holds spaces, control or non-ASCII characters is hashed, as memcached and Django's
    key checks require; plain keys stay readable when inspecting the cache.
    """
    name = ":".join(str(part) for part in parts)
    if len(name) > MAX_READABLE_KEY or not SAFE_KEY.fullmatch(name):
        name = "sha256:" + hashlib.sha256(name.encode()).hexdigest()
    return "newsroom:fragment:" + name


def template_fragment_key(name: str, *vary_on: object) -> str:
    """The key of a ``{% fragment name var... %}`` block: its name and the values of the
    variables it varies on (as ``make_template_fragment_key`` names ``{% cache %}``)."""
    return fragment_key("template", name, *vary_on)


@contextmanager
def prefetched_values(values: dict) -> Iterator[None]:
    """Within this block (one request), reads look in ``values`` before the cache."""
    token = _prefetched.set(values)
    try:
        yield
    finally:
        _prefetched.reset(token)


def _fresh(entry: Any) -> Any:
    if isinstance(entry, tuple) and len(entry) == 2 and entry[0] == current_state()[0]:
        return entry[1]
    return MISSING


def fragment_get_many(keys: list[str]) -> dict[str, Any]:
    """Current-version values of these fragments (the request's prefetch first)."""
    prefetched = _prefetched.get() or {}
    found = {key: prefetched[key] for key in keys if key in prefetched}
    rest = [key for key in keys if key not in found]
    if rest:
        found.update(cache.get_many(rest))
    values = {key: _fresh(entry) for key, entry in found.items()}
    return {key: value for key, value in values.items() if value is not MISSING}


def fragment_get(key: str) -> Any:
    """The current value of a fragment, or ``MISSING``."""
    return fragment_get_many([key]).get(key, MISSING)


def fragment_set_many(values: dict[str, Any]) -> None:
    version = current_state()[0]
    entries = {key: (version, value) for key, value in values.items()}
    cache.set_many(entries, settings.NEWSROOM_PAGE_CACHE_SECONDS)


def memoize(key: str, compute: Callable[[], T], *, always: bool = False) -> T:
    """``compute()``, remembered under ``key`` until the content changes.

    For values derived from public content that every request would otherwise redo:
    counts, pages of ids, rendered cards, stories and template fragments. Off (computed
    every time) with FRAGMENT_CACHE=False, unless ``always``: the site chrome every page
    reads is kept even then, and the query budgets count on it.
    """
    if not (always or fragments_enabled()):
        return compute()
    value = fragment_get(key)
    if value is MISSING:
        value = compute()
        fragment_set_many({key: value})
    return value


def peek(key: str) -> Any:
    """A memoized value if there is a current one, else ``None`` (nothing computed)."""
    if not fragments_enabled():
        return None
    value = fragment_get(key)
    return None if value is MISSING else value
