"""What the articles app contributes to the reader-page caches (see ``apps.py``).

Which navigation item a path is, when the next scheduled article goes public, and
which cached story an article address will read: the caching machinery asks these
through ``caching.registry`` and knows nothing of articles itself.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest

from newsroom.addresses import reverse

from .models import Article, Pin
from .views import story_key


def nav_item(path: str) -> str | None:
    """The navigation item of Newest, Search or a section ("section:<slug>") from its
    path: the site header marks the current item, and leaves its search form out of the
    search page."""
    if path == reverse("articles:newest"):
        return "newest"
    if path == reverse("articles:search"):
        return "search"
    section = reverse("articles:section", kwargs={"slug": "-"}).removesuffix("-/")
    if path.startswith(section) and path.count("/") == section.count("/") + 1:
        return "section:" + path.removeprefix(section).strip("/")
    return None


def next_publication() -> datetime.datetime | None:
    """When the next scheduled article goes public (pages change then, with no edit)."""
    return (
        Article.objects.scheduled()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )


def next_pin_end() -> datetime.datetime | None:
    """When the next lead story drops off Newest (it changes then, with no edit)."""
    return (
        Pin.objects.active()
        .filter(until__isnull=False)
        .order_by("until")
        .values_list("until", flat=True)
        .first()
    )


def story_prefetch(request: HttpRequest) -> list[str]:
    """An article page's story, fetched with the page (a miss on other paths is free:
    it travels in the same round trip)."""
    return [story_key(request.path, preview=False)]
