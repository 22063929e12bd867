"""What an app server checks before it takes its first request."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key() -> None:
    """No server without a key: sessions, CSRF tokens and preview links are signed with it,
    and an empty one would only fail later, on the first request that needs it."""
    try:
        settings.SECRET_KEY  # noqa: B018 - Django raises when it is empty
    except ImproperlyConfigured as exc:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.") from exc
