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

        from caching import registry as caching

        from . import reader_cache, search
        from .models import (
            Article,
            ArticleAuthor,
            ArticleAutosave,
            ArticleEvent,
            ArticlePhoto,
            ArticleRedirect,
            Author,
            Correction,
            Disclaimer,
            EditorialNote,
            Photo,
            Pin,
            Section,
            Source,
            TaggedArticle,
            Video,
        )

        # Search keywords follow tags and sources whichever way they change.
        m2m_changed.connect(search.tags_changed, sender=TaggedArticle, dispatch_uid="kw-tags")
        post_save.connect(source_saved, sender=Source, dispatch_uid="kw-source")
        post_save.connect(author_saved, sender=Author, dispatch_uid="kw-author")
        for signal, uid in ((post_save, "kw-credit"), (post_delete, "kw-uncredit")):
            signal.connect(search.credits_changed, sender=ArticleAuthor, dispatch_uid=uid)
        post_migrate.connect(sqlite_fts, sender=self, dispatch_uid="sqlite-fts")

        # What readers see, changed by any path (admin, importer, shell), makes every
        # cached page and fragment stale at once (docs/caching.md). Bulk writes that send
        # no signal call caching.version.bump() themselves.
        from taggit.models import Tag

        caching.invalidate_on(Article, ArticleAuthor, ArticlePhoto, ArticleRedirect, Author,
                              Correction, Disclaimer, Photo, Pin, Section, Source,
                              TaggedArticle, Tag, Video)  # fmt: skip
        caching.exempt(ArticleEvent, reason="the workflow's audit trail, shown to staff only")
        caching.exempt(EditorialNote, reason="internal notes between staff, never public")
        caching.exempt(ArticleAutosave, reason="one person's unsaved copy, read by their form only")
        caching.register_schedule(reader_cache.next_publication)
        caching.register_schedule(reader_cache.next_pin_end)
        caching.register_nav(reader_cache.nav_item)
        caching.register_prefetch(reader_cache.story_prefetch)


def source_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created or raw:
        return
    from . import search

    search.refresh_keywords(instance.articles.all())


def author_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    if created or raw:
        return
    from . import search

    search.refresh_keywords(instance.articles.all())


def sqlite_fts(sender, using: str = "default", **kwargs) -> None:
    from django.db import connections

    from . import search

    search.ensure_sqlite_fts(connections[using])
