from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Site pages and settings"

    def ready(self) -> None:
        from articles.models import Disclaimer, Section

        from . import sitewide
        from .models import Link, SiteSettings

        # Signals, not save() overrides: admin bulk deletes and the shell must also
        # refresh what every page shows.
        for model in (SiteSettings, Section, Link, Disclaimer):
            post_save.connect(sitewide.invalidate, sender=model, dispatch_uid=f"sitewide-{model}")
            post_delete.connect(
                sitewide.invalidate, sender=model, dispatch_uid=f"sitewide-del-{model}"
            )
