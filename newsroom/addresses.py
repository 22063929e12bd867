"""``reverse()`` for reader pages, remembered per process.

Django's ``reverse()`` looks up the URL configuration, the language and the script
prefix and walks the resolver's patterns on every call: a cold article page asked it
sixteen times for a handful of addresses (section, source, authors, Newest, the
navigation), about a tenth of the page's Python time. The answer depends only on those
three, the current app and the arguments, so it is kept under all of them. The
resolver object is part of the key, so whatever empties Django's URL caches
(``clear_url_caches``, a changed ``ROOT_URLCONF``) leaves nothing stale here.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

from django.urls import get_resolver, get_script_prefix, get_urlconf
from django.urls import reverse as django_reverse
from django.utils.translation import get_language


@functools.lru_cache(maxsize=4096)
def _reverse(resolver, prefix, language, viewname, args, kwargs, current_app) -> str:
    return django_reverse(viewname, args=args, kwargs=dict(kwargs), current_app=current_app)


def reverse(
    viewname: str,
    args: Sequence | None = None,
    kwargs: Mapping | None = None,
    current_app: str | None = None,
) -> str:
    """``django.urls.reverse()`` with the same arguments, computed once."""
    return _reverse(
        get_resolver(get_urlconf()),
        get_script_prefix(),
        get_language(),
        viewname,
        tuple(args or ()),
        tuple(sorted((kwargs or {}).items())),
        current_app,
    )
