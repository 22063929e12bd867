from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save


class ArticlesConfig(AppConfig):
    name = "articles"
    verbose_name = "Articles"

    def ready(self) -> None:
        from django.conf import settings
        from PIL import Image

        # Pillow's own decompression-bomb guard, for every image opened in this process
        # (uploads are also checked against the setting before decoding: articles.images).
        Image.MAX_IMAGE_PIXELS = settings.NEWSROOM_PHOTO_MAX_PIXELS

        from newsroom import page_cache

        from . import search
        from .models import (
            Article,
            ArticlePhoto,
            ArticleRedirect,
            Correction,
            Disclaimer,
            Photo,
            Section,
            Source,
            TaggedArticle,
        )

        # Search keywords follow tags and sources whichever way they change.
        m2m_changed.connect(search.tags_changed, sender=TaggedArticle, dispatch_uid="kw-tags")
        post_save.connect(source_saved, sender=Source, dispatch_uid="kw-source")
        post_migrate.connect(sqlite_fts, sender=self, dispatch_uid="sqlite-fts")

        # Anything readers see, changed by any path (admin, importer, shell): every cached
        # page on every app server is stale at once. Signals, because they are the one
        # place all those paths meet; bulk updates that skip them call bump() themselves.
        from taggit.models import Tag

        for model in (Article, ArticlePhoto, ArticleRedirect, Correction, Disclaimer, Photo,
                      Section, Source, TaggedArticle, Tag):  # fmt: skip
            uid = f"page-cache-{model._meta.label}"
            post_save.connect(page_cache.bump, sender=model, dispatch_uid=f"{uid}-save")
            post_delete.connect(page_cache.bump, sender=model, dispatch_uid=f"{uid}-delete")


def source_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created or raw:
        return
    from . import search

    search.refresh_keywords(instance.articles.all())


def sqlite_fts(sender, using: str = "default", **kwargs) -> None:
    from django.db import connections

    from . import search

    search.ensure_sqlite_fts(connections[using])
