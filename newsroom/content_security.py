"""The Content-Security-Policy header: one strict policy, loosened for the admin only.

Reader pages carry no inline styles or scripts, so CONTENT_SECURITY_POLICY (settings)
allows neither. The Django admin does write inline styles (a ``<style>`` element in change
lists, and style attributes in our own admin previews), so pages under the admin's path
get NEWSROOM_ADMIN_CSP_UPDATE added; scripts there stay nonce-only like everywhere else.
Keyed on the path rather than on per-view decorators because the admin's views are
Django's, and a path also covers its login, lockout and error pages.
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase


def is_admin_path(request: HttpRequest) -> bool:
    return request.path_info.startswith(settings.NEWSROOM_ADMIN_PATH)


class AdminAwareCSPMiddleware(CSPMiddleware):
    """django-csp's middleware, adding the admin's few extra sources on admin pages."""

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if not report_only and is_admin_path(request):
            update = dict(parts.update or {})
            for directive, sources in settings.NEWSROOM_ADMIN_CSP_UPDATE.items():
                update[directive] = [*update.get(directive, []), *sources]
            parts.update = update
        return parts
