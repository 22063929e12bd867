from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .sitewide import get_sitewide


def site(request: HttpRequest) -> dict:
    """``site``: name, tagline, sections and footer links, loaded only if a template asks."""
    return {"site": SimpleLazyObject(get_sitewide)}
