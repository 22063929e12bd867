from django.apps import AppConfig


class ReprintsConfig(AppConfig):
    """Importing other outlets' pages as credited drafts, by hand or from partners' feeds
    (the wire); depends on ``articles`` only."""

    name = "reprints"
    verbose_name = "Reprints"

    def ready(self) -> None:
        from articles import credit
        from caching import registry as caching

        from . import importer
        from .models import Feed, ImportRecord, IngestItem, PendingFigure

        # An imported story is a reprint even before anyone types its original URL.
        credit.register_origin_check(importer.was_imported)
        # What readers see of an import is its article, which the articles app registers.
        caching.exempt(
            ImportRecord, PendingFigure, reason="the reprint desk's records, shown to staff only"
        )
        caching.exempt(
            Feed,
            IngestItem,
            reason="the wire's feeds and inbox, shown to staff only; an import's article "
            "is registered by the articles app",
        )
