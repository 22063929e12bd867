from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The JSON API: public reads of what readers see, token-authenticated staff writes.

    It uses ``articles`` and ``reprints``; neither knows it exists (DESIGN.md).
    """

    name = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from caching import registry as caching

        from .models import ApiToken

        caching.exempt(ApiToken, reason="staff credentials, never shown to readers")
