from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Site pages and settings"

    def ready(self) -> None:
        from articles.models import Disclaimer, Section

        # Signals, not save() overrides: admin bulk deletes and the shell must also
        # refresh what every page shows.
        from newsroom import page_cache

        from . import sitewide
        from .models import Link, SiteSettings

        for model in (SiteSettings, Section, Link, Disclaimer):
            post_save.connect(sitewide.invalidate, sender=model, dispatch_uid=f"sitewide-{model}")
            post_delete.connect(
                sitewide.invalidate, sender=model, dispatch_uid=f"sitewide-del-{model}"
            )
        for model in (SiteSettings, Link):  # articles.apps covers the article models
            post_save.connect(page_cache.bump, sender=model, dispatch_uid=f"page-cache-{model}")
            post_delete.connect(
                page_cache.bump, sender=model, dispatch_uid=f"page-cache-del-{model}"
            )
