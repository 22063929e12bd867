"""Token authentication: ``Authorization: Token nr_<prefix>_<secret>`` (or ``Bearer``).

Tokens travel in the Authorization header only (never in a query string, which ends up
in logs). The prefix finds one row; the key's hash is compared in constant time.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from .models import ApiToken, split_key

SCHEMES = (b"token", b"bearer")


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() not in SCHEMES:
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            key = header[1].decode("ascii")
        except UnicodeDecodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from exc
        token = self.find(key)
        if token is None:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        token.touch()
        return token.user, token

    @staticmethod
    def find(key: str) -> ApiToken | None:
        prefix = split_key(key)
        if prefix is None:
            return None
        token = ApiToken.objects.usable().select_related("user").filter(prefix=prefix).first()
        if token is None or not token.matches(key) or not token.user.is_staff:
            return None
        return token

    def authenticate_header(self, request) -> str:
        # A 401 (not 403) for a bad token, with the scheme to use.
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema) -> dict:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token nr_…`: a key created for you in the admin (API tokens).",
        }
