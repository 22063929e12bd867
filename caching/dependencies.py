"""What a cached value was built from, recorded while it is built, and checked when read.

Code that renders public content says what it shows: ``depends_on("article:42")`` for a
card, ``depends_on("list:section:3")`` for a section's page of ids. The names are the
apps' (``articles.dependencies`` builds them); the machinery only records them. Each
value being built (a page in the page cache, a fragment in ``memoize``) collects what
its code declares, and the values it reuses bring theirs along: a page is stamped with
everything its cards, story and listing were built from.

A **stamp** is ``((name, version), ...)``; it is fresh while every version is current.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .version import CONTENT, SITE, current_state, versions

Stamp = tuple[tuple[str, int], ...]

# The values being built in this request, innermost last: each collects its dependencies.
_collecting: ContextVar[tuple[set[str], ...]] = ContextVar("collecting", default=())


def depends_on(*names: str) -> None:
    """What is being built shows these (a card its article, a listing its list)."""
    for collected in _collecting.get():
        collected.update(names)


@contextmanager
def collecting() -> Iterator[set[str]]:
    """Collect the dependencies declared while building one value (and pass them on to
    whatever is being built around it)."""
    collected: set[str] = set()
    token = _collecting.set((*_collecting.get(), collected))
    try:
        yield collected
    finally:
        _collecting.reset(token)


def stamp(names: Iterable[str], *, page: bool = False) -> Stamp | None:
    """The stamp to store a value built from ``names`` under, or ``None`` when one of them
    moved since the request began (the value may hold rows from before the edit).

    ``site`` is in every stamp. A page whose code declared nothing (not even ``site``)
    depends on every change: forgetting to declare costs speed, never correctness.
    """
    names = set(names)
    if page and not names:
        names.add(CONTENT)
    names.add(SITE)
    state = current_state()
    if not state.storable():
        return None
    current = versions(names)
    if any(current[name] > state.clock or current[name] < 0 for name in names):
        return None
    return tuple(sorted((name, current[name]) for name in names))


def fresh(stamps: Iterable[Stamp], values: dict | None = None) -> list[bool]:
    """Whether each stamp is current; the versions they name are read in one round trip
    (``values`` may hold some of them already)."""
    stamps = list(stamps)
    current = versions({name for item in stamps for name, _ in item}, values)
    return [all(current[name] == version for name, version in item) for item in stamps]


def reused(item: Stamp) -> None:
    """A value stamped ``item`` is part of what is being built: so are its dependencies
    (``site`` is in every stamp anyway, and must not count as a declaration)."""
    depends_on(*(name for name, _ in item if name != SITE))
