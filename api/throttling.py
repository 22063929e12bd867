"""The anonymous rate limit: requests per client address, counted in Django's cache."""

from __future__ import annotations

from django.conf import settings
from rest_framework.throttling import AnonRateThrottle

from newsroom.client_ip import client_ip


class AnonymousRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle with our rate setting and our idea of the client address
    (``TRUSTED_PROXY_COUNT``, as login throttling and the contact form use). A refused
    request answers 429 with ``Retry-After``."""

    def get_rate(self) -> str | None:
        # Read per request, so a settings change (or a test) applies at once.
        return settings.NEWSROOM_API_ANON_RATE or None

    def allow_request(self, request, view) -> bool:
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request, view)

    def get_ident(self, request) -> str:
        return client_ip(request) or "unknown"
