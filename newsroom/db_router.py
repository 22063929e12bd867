"""Read replicas for readers; the primary for everything else.

Anonymous GET requests (the bulk of the traffic) read from a replica listed in
DATABASE_REPLICA_URLS. Writes, the admin, signed-in people, non-GET requests and work
outside a request (commands, the importer) always use the primary, so editors read what
they just wrote.
"""

from __future__ import annotations

import random
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest, HttpResponse

_reader_request: ContextVar[bool] = ContextVar("newsroom_reader_request", default=False)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints) -> str:
        replicas = settings.NEWSROOM_DATABASE_REPLICAS
        if replicas and _reader_request.get():
            return random.choice(replicas)  # noqa: S311 - load spreading, not security
        return "default"

    def db_for_write(self, model, **hints) -> str:
        return "default"

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # replicas hold the same data as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints) -> bool:
        return db == "default"


class ReplicaReadsMiddleware:
    """Marks anonymous GETs as readers' requests, which the router may send to replicas."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reader = (
            request.method in {"GET", "HEAD"}
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and not request.path.startswith(settings.NEWSROOM_ADMIN_PATH)
        )
        token = _reader_request.set(reader)
        try:
            return self.get_response(request)
        finally:
            _reader_request.reset(token)
