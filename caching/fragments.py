"""Values derived from public content, kept until what they show changes: never stale.

Each entry is stored as ``(stamp, value)``: the dependencies the value was built from
and their versions (``caching.dependencies``); an entry whose stamp is no longer current
is a miss. Keys carry no version, so a page's fragments can be fetched together with
the page (the middleware's first round trip, ``registry.register_prefetch``). An edit
makes fresh only the values that showed what it changed: exact, with nothing to purge.

Every cached value has one key builder, in the module that owns the value (a card's in
``articles.cards``, the site chrome's in ``pages.sitewide``); builders call
``fragment_key`` here, so all keys share one namespace.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache

from .dependencies import collecting, fresh, reused, stamp

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


def _is_entry(entry: Any) -> bool:
    return isinstance(entry, tuple) and len(entry) == 2 and isinstance(entry[0], tuple)


def fragment_get_many(keys: list[str]) -> dict[str, Any]:
    """Current values of these fragments (the request's prefetch first). What they were
    built from becomes a dependency of whatever is being built with them."""
    prefetched = _prefetched.get() or {}
    found = {key: prefetched[key] for key in keys if key in prefetched}
    rest = [key for key in keys if key not in found]
    if rest:
        found.update(cache.get_many(rest))
    entries = {key: entry for key, entry in found.items() if _is_entry(entry)}
    current = fresh([entry[0] for entry in entries.values()], prefetched)
    values = {}
    for (key, (item, value)), ok in zip(entries.items(), current, strict=True):
        if ok:
            reused(item)
            values[key] = value
    return values


def fragment_get(key: str) -> Any:
    """The current value of a fragment, or ``MISSING``."""
    return fragment_get_many([key]).get(key, MISSING)


def fragment_set_many(values: dict[str, tuple[Iterable[str], Any]]) -> None:
    """Keep ``{key: (dependencies, value)}``; a value whose dependencies moved while this
    request ran is not kept (it may show rows from before the edit)."""
    entries = {}
    for key, (names, value) in values.items():
        item = stamp(names)
        if item is not None:
            entries[key] = (item, value)
    if entries:
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
        with collecting() as names:  # what compute() declares is the value's stamp
            value = compute()
        fragment_set_many({key: (names, value)})
    return value


def peek(key: str) -> Any:
    """A memoized value if there is a current one, else ``None`` (nothing computed)."""
    if not fragments_enabled():
        return None
    value = fragment_get(key)
    return None if value is MISSING else value
