from django.apps import AppConfig


class ReprintsConfig(AppConfig):
    """Importing other outlets' pages as credited drafts; depends on ``articles`` only."""

    name = "reprints"
    verbose_name = "Reprints"

    def ready(self) -> None:
        from articles import credit

        from . import importer

        # An imported story is a reprint even before anyone types its original URL.
        credit.register_origin_check(importer.was_imported)
