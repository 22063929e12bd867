from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from caching.registry import nav_state

from .sitewide import get_sitewide


def site(request: HttpRequest) -> dict:
    """``site``: name, tagline, sections and footer links, loaded only if a template asks;
    ``nav``: which navigation item this page is (the header fragment varies on it)."""
    return {
        "site": SimpleLazyObject(get_sitewide),
        "nav": SimpleLazyObject(lambda: nav_state(request.path)),
    }
