"""What every public page shows around its content: the site chrome, and its cache keys.

Site settings, the section navigation and the footer links change rarely but appear on
every page; keeping them in the cache keeps each page's query count down to its own
content. They depend on ``site`` only, which an edit of a section, a link or the
settings moves (``caching.version``), so such an edit makes them fresh; and they are
kept even with FRAGMENT_CACHE off, since every page reads them.

``base.html`` renders the chrome as two ``{% fragment %}`` blocks: the footer, and the
header, which varies on ``nav`` (which navigation item the page is, from its path:
``caching.registry.nav_state``). All three values are fetched with a request's first
round trip to the cache (``chrome_keys``, registered in ``pages.apps``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from articles.models import Section
from caching.fragments import fragment_key, memoize, template_fragment_key
from caching.registry import nav_state
from newsroom.addresses import reverse

from .models import Link, SiteSettings

# The names of base.html's {% fragment %} blocks.
HEADER_FRAGMENT = "header"
FOOTER_FRAGMENT = "footer"


@dataclass(frozen=True)
class Sitewide:
    settings: SiteSettings
    sections: list[Section]
    footer_links: list[Link]


def sitewide_key() -> str:
    return fragment_key("sitewide")


def _settings() -> SiteSettings:
    """The settings row, or its defaults until someone saves them in the admin (which
    creates the row): a reader's request writes nothing, so it can read from a replica,
    and building the chrome is never itself a content change. What the row points to
    (the default disclaimer, the social image) comes in the same query."""
    related = [field.name for field in SiteSettings._meta.concrete_fields if field.is_relation]
    row = SiteSettings.objects.select_related(*related).filter(pk=SiteSettings.SINGLETON_ID).first()
    return row or SiteSettings(pk=SiteSettings.SINGLETON_ID, **SiteSettings.defaults())


def _load() -> Sitewide:
    return Sitewide(
        settings=_settings(),
        sections=list(Section.objects.all()),
        footer_links=list(Link.objects.filter(in_footer=True)),
    )


def get_sitewide() -> Sitewide:
    return memoize(sitewide_key(), _load, always=True)


def nav_item(path: str) -> str | None:
    """The Links page is an item of the site's navigation."""
    return "links" if path == reverse("pages:links") else None


def chrome_keys(request: HttpRequest) -> list[str]:
    """The chrome every HTML page of this path renders: its data, header and footer."""
    return [
        sitewide_key(),
        template_fragment_key(HEADER_FRAGMENT, nav_state(request.path)),
        template_fragment_key(FOOTER_FRAGMENT),
    ]
