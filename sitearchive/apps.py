from django.apps import AppConfig


class SiteArchiveConfig(AppConfig):
    """The whole public site as one archive of the API's JSON, and back
    (``export_site`` / ``import_site``); uses ``api`` and ``articles``. No models."""

    name = "sitearchive"
    verbose_name = "Site archive"
