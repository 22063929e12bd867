"""WordPress's shortlinks (``/?p=123``) of imported posts, answered with a 301.

The path is the site's root, which is Newest here and never a 404, so the answer is
given before the page cache and the view: only a request whose query is exactly
``p=<number>`` costs a query.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from articles.redirects import redirect_for

SHORTLINK = re.compile(r"p=\d{1,19}")


class ShortlinkMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        query = request.META.get("QUERY_STRING", "")
        if request.method in {"GET", "HEAD"} and request.path == "/" and SHORTLINK.fullmatch(query):
            response = redirect_for(f"/?{query}")
            if response is not None:
                return response
        return self.get_response(request)
