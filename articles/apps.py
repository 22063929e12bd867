from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_save


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
        post_migrate.connect(database_triggers, sender=self, dispatch_uid="sqlite-fts")

        # What readers see, changed by any path (admin, importer, shell), makes stale
        # what shows it (docs/caching.md): an article's edit, its page and wherever it
        # is listed or linked; the site chrome and what every card shows, everything.
        # Bulk writes that send no signal call caching.version.bump() themselves.
        from taggit.models import Tag

        from . import dependencies as shows

        pre_save.connect(shows.remember_placement, sender=Article, dispatch_uid="placement")
        caching.invalidate_on(
            Article,
            dependencies=shows.article_changed,
            delete_dependencies=shows.article_deleted,
        )
        caching.invalidate_on(ArticlePhoto, Correction, dependencies=shows.part_changed)
        caching.invalidate_on(ArticleRedirect, dependencies=shows.redirect_changed)
        caching.invalidate_on(Photo, dependencies=shows.photo_changed)
        caching.invalidate_on(
            TaggedArticle,
            dependencies=shows.tagging_changed,
            relation_dependencies=shows.tags_changed,
        )
        caching.invalidate_on(
            ArticleAuthor,
            dependencies=shows.credit_changed,
            relation_dependencies=shows.credits_changed,
        )
        caching.invalidate_on(Pin, dependencies=shows.pin_changed)
        # Names every story page and card may show, and videos in bodies: everything.
        caching.invalidate_on(Author, Disclaimer, Section, Source, Tag, Video)
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


def database_triggers(sender, using: str = "default", **kwargs) -> None:
    """What triggers keep (SQLite's search index, the listings' tallies) survives a
    migration that rebuilt a table."""
    from django.db import connections

    from . import search, tally

    search.ensure_sqlite_fts(connections[using])
    tally.ensure(connections[using])
