from django.apps import AppConfig


class WordpressConfig(AppConfig):
    """Moving a WordPress site in (``manage.py import_wordpress``); uses ``articles``,
    and the reprint importer's safe fetcher for uploads not given as files."""

    name = "wordpress"
    verbose_name = "WordPress import"

    def ready(self) -> None:
        from caching import registry as caching

        from .models import ImportedPhoto, ImportedPost

        # Readers see the articles and photos an import made; the articles app registers those.
        caching.exempt(
            ImportedPost,
            ImportedPhoto,
            reason="the WordPress import's records of what it made, read by the importer only",
        )
