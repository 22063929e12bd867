"""Absolute addresses on SITE_URL, for everything read away from the site.

Feeds, sitemaps, structured data, canonical links, preview links and robots.txt are
read by crawlers, feed readers and people who copy them elsewhere, where a path alone
means nothing. The site's address is a setting, not the request's Host header, which a
client chooses.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings


def absolute_url(url: str) -> str:
    """``url`` on SITE_URL; a URL that is already absolute (object storage) as it is."""
    return url if urlsplit(url).scheme else settings.SITE_URL + url
