"""Per-address rate limits in Django's cache: fixed windows, one counter per limit.

With Redis as the cache the limits hold across every worker and server; with the local
memory cache, each worker counts on its own. If the cache cannot count (Redis down, key
evicted), the request is let through: a lost counter must not silence readers.
"""

from __future__ import annotations

import contextlib
import time

from django.core.cache import cache


def hit(scope: str, ident: str, limits: list[tuple[int, int]]) -> int:
    """Count one use of ``scope`` by ``ident``; return 0 if every limit still holds, else
    the seconds until the latest exceeded window ends (for Retry-After).

    A refused use is not counted: a reader who waits as told gets their turn, and a bot
    that keeps trying stays refused without using up anything.
    """
    now = int(time.time())
    counted, wait = [], 0
    for count, seconds in limits:
        window = now // seconds
        key = f"throttle:{scope}:{seconds}:{ident}:{window}"
        cache.add(key, 0, timeout=seconds)
        try:
            used = cache.incr(key)
        except ValueError:
            continue
        counted.append(key)
        if used > count:
            wait = max(wait, (window + 1) * seconds - now)
    if wait:
        for key in counted:
            with contextlib.suppress(ValueError):  # expired meanwhile: nothing to undo
                cache.decr(key)
    return wait
