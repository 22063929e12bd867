"""The site's own settings and chrome, for apps that must not import the app storing them.

Apps depend one way (``pages`` uses ``articles``, never the reverse), yet feeds, sitemaps
and structured data in ``articles`` need the site's name, tagline, default disclaimer
and share image. ``pages`` provides them here from its ``AppConfig.ready()``, as apps
register with ``caching``; ``articles`` asks for them through :func:`get_sitewide`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from django.core.exceptions import ImproperlyConfigured


class SiteSettingsLike(Protocol):
    """What other apps read of the site settings."""

    name: str
    tagline: str
    default_disclaimer: Any
    social_image: Any
    social_image_id: int | None


class SitewideLike(Protocol):
    settings: SiteSettingsLike
    sections: list
    footer_links: list


_provider: Callable[[], SitewideLike] | None = None


def provide(provider: Callable[[], SitewideLike]) -> None:
    """Register the function returning the site's settings and chrome (one per site)."""
    global _provider
    _provider = provider


def get_sitewide() -> SitewideLike:
    if _provider is None:
        raise ImproperlyConfigured("No app provides the site settings: is 'pages' installed?")
    return _provider()
