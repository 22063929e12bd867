from django.apps import AppConfig


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = "Site pages and settings"

    def ready(self) -> None:
        from caching import registry as caching
        from newsroom import site

        from . import sitewide
        from .models import ContactMessage, Link, SiteSettings

        # The settings and links show on every page (the articles app registers the
        # sections and disclaimers the chrome also shows); docs/caching.md.
        caching.invalidate_on(SiteSettings, Link)
        caching.exempt(ContactMessage, reason="readers' messages, read by staff in the admin")
        caching.register_nav(sitewide.nav_item)
        caching.register_prefetch(sitewide.chrome_keys)
        site.provide(sitewide.get_sitewide)
