from django.apps import AppConfig


class CachingConfig(AppConfig):
    """Listed before the apps that register into it; it knows none of them."""

    name = "caching"
    verbose_name = "Caching"

    def ready(self) -> None:
        from django.core import checks

        from . import checks as guard

        checks.register(guard.every_reader_model_is_accounted_for)
