"""Project-wide middleware: request ids with one log line per request, and staff session expiry."""

from __future__ import annotations

import logging
import re
import time
import uuid

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse

from .client_ip import client_ip
from .logfmt import request_id

logger = logging.getLogger("newsroom.request")

HEADER = "X-Request-ID"
# An id from the proxy in front is kept, so its logs and ours line up; anything that does
# not look like an id (too long, spaces, control characters) is replaced, not logged.
_VALID_ID = re.compile(r"[A-Za-z0-9._:@-]{1,128}")


class RequestIdMiddleware:
    """Give each request an id (the incoming X-Request-ID or a new one), put it on every
    log record made while the request runs and on the response, and log the request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.headers.get(HEADER, "")
        rid = incoming if _VALID_ID.fullmatch(incoming) else uuid.uuid4().hex
        request.request_id = rid
        token = request_id.set(rid)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = rid
            logger.info(
                "request",
                extra={
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - started) * 1000, 1),
                    "client": client_ip(request) or "-",
                },
            )
            return response
        finally:
            request_id.reset(token)


# Session keys; timestamps in whole seconds since the epoch.
SIGNED_IN_AT = "newsroom_signed_in_at"
LAST_SEEN_AT = "newsroom_last_seen_at"
# Writing the session on every request would cost a database write per page view.
LAST_SEEN_GRANULARITY = 60


class StaffSessionExpiryMiddleware:
    """Sign staff out after NEWSROOM_SESSION_IDLE_SECONDS without a request, and in any case
    SESSION_COOKIE_AGE after signing in.

    Django's own expiry slides forward whenever the session is saved, so on its own an
    active session never ends; the sign-in time kept here does not move. Only signed-in
    sessions are looked at: readers have none, and cost nothing here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if SESSION_KEY in session:
            now = int(time.time())
            signed_in = session.get(SIGNED_IN_AT, now)
            last_seen = session.get(LAST_SEEN_AT, now)
            idle = now - last_seen > settings.NEWSROOM_SESSION_IDLE_SECONDS
            too_old = now - signed_in > settings.SESSION_COOKIE_AGE
            if idle or too_old:
                logger.info(
                    "session expired",
                    extra={"reason": "idle" if idle else "age", "user_id": session[SESSION_KEY]},
                )
                logout(request)
            else:
                if SIGNED_IN_AT not in session:
                    session[SIGNED_IN_AT] = now
                if now - session.get(LAST_SEEN_AT, 0) >= LAST_SEEN_GRANULARITY:
                    session[LAST_SEEN_AT] = now
        response = self.get_response(request)
        # Just signed in: start both clocks now rather than on the next request.
        if SESSION_KEY in request.session and SIGNED_IN_AT not in request.session:
            now = int(time.time())
            request.session[SIGNED_IN_AT] = now
            request.session[LAST_SEEN_AT] = now
        return response
