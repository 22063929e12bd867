"""Shared steps for the browser tests."""

import time


def wait_until(page, expression: str, timeout: float = 10.0) -> None:
    """Poll a JavaScript expression until it is true.

    Playwright's own ``wait_for_function`` evaluates its predicate with ``eval``, which
    our Content-Security-Policy (no 'unsafe-eval') rightly refuses; ``evaluate`` is not
    subject to the page's policy.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if page.evaluate(expression):
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"timed out after {timeout}s waiting for: {expression}")
