"""The client's address, as login throttling and the contact form's rate limit see it."""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR, or with NEWSROOM_TRUSTED_PROXY_COUNT proxies in front, the address the
    outermost trusted proxy saw.

    Each proxy appends the address it received from to X-Forwarded-For, so with N trusted
    proxies the client is the N-th entry from the right; entries left of it are whatever
    the client chose to send and are never believed.
    """
    proxies = settings.NEWSROOM_TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [
            part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part
        ]
        if len(forwarded) >= proxies:
            address = _valid(forwarded[-proxies])
            if address:
                return address
    return _valid(request.META.get("REMOTE_ADDR", ""))
