"""Error pages that need no database: a 503 while it is away, the 500 page otherwise."""

from __future__ import annotations

import logging
import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers

logger = logging.getLogger("newsroom.errors")

# What a database that cannot be reached (or went away mid-request) raises.
DATABASE_UNAVAILABLE = (OperationalError, InterfaceError)


def service_unavailable() -> HttpResponse:
    """503 with Retry-After, from a standalone template (no site settings, no query)."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(settings.NEWSROOM_RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: Django calls it for any exception no view or middleware handled, with
    the exception still being handled, so ``sys.exc_info()`` tells what happened."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_UNAVAILABLE):
        # One short line, whichever way the error came (Django logs most with a traceback).
        logger.error("database unavailable", extra={"error": f"{type(error).__name__}: {error}"})
        return service_unavailable()
    return HttpResponseServerError(render_to_string("500.html"))


def login_locked_out(request: HttpRequest, original_response=None, credentials=None):
    """django-axes' lockout response (AXES_LOCKOUT_CALLABLE): a page that says what
    happened, for how long, and who can lift it; 429 like axes' own."""
    from axes.helpers import get_client_username, get_cool_off

    cool_off = get_cool_off(request)
    context = {
        "failure_limit": settings.AXES_FAILURE_LIMIT,
        "username": get_client_username(request, credentials) or "",
        "minutes": round(cool_off.total_seconds() / 60) if cool_off else None,
    }
    response = HttpResponse(render_to_string("lockout.html", context, request), status=429)
    if cool_off:
        response["Retry-After"] = str(int(cool_off.total_seconds()))
    return response
