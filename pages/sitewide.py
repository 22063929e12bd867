"""What every public page shows around its content, read once and kept in the cache.

Site settings, the section navigation and the footer links change rarely but appear on
every page; caching them keeps each page's query count down to its own content.
Any save or delete of those models calls :func:`invalidate` (see ``pages.apps``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache

from articles.models import Section

from .models import Link, SiteSettings

CACHE_KEY = "newsroom:sitewide:v1"
CACHE_SECONDS = 60 * 60


@dataclass(frozen=True)
class Sitewide:
    settings: SiteSettings
    sections: list[Section]
    footer_links: list[Link]


def get_sitewide() -> Sitewide:
    from newsroom.page_cache import prefetched

    sitewide = prefetched(CACHE_KEY)
    if sitewide is None:
        sitewide = cache.get(CACHE_KEY)
    if sitewide is None:
        sitewide = Sitewide(
            settings=SiteSettings.load(),
            sections=list(Section.objects.all()),
            footer_links=list(Link.objects.filter(in_footer=True)),
        )
        cache.set(CACHE_KEY, sitewide, CACHE_SECONDS)
    return sitewide


def _forget() -> None:
    cache.delete(CACHE_KEY)


def invalidate(using: str | None = None, **_signal_kwargs) -> None:
    from newsroom.page_cache import now_and_after_commit

    now_and_after_commit(_forget, using)
