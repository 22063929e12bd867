"""What the reprint desk keeps: each import of a captured page, photos it found, and the
wire: partners' feeds and the inbox of the stories they carry."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.utils import parse_tags

from articles.models import Article, Section, Source

from .feeds import FeedFormat


class ImportFormat(models.TextChoices):
    TEXT = "text", _("Plain text")
    HTML = "html", _("HTML")


class ImportRecord(models.Model):
    """One import of a captured page: what came in, and every repair made to it.

    The original text is kept so an editor can compare, and each repair can be undone
    from the admin (see ``reprints.importer.undo_repair``).
    """

    Format = ImportFormat

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="imports"
    )
    origin = models.CharField(
        _("imported from"), max_length=1000, help_text=_("The file name or the address fetched.")
    )
    format = models.CharField(_("format"), max_length=4, choices=ImportFormat.choices)
    encoding = models.CharField(_("encoding"), max_length=40, blank=True)
    original_text = models.TextField(_("original text"))
    repairs = models.JSONField(_("repairs"), default=list, blank=True)
    # What the page said, kept apart from the article (which editors change) so that a
    # re-import finds the same article: by original URL, else by source, title and date.
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title = models.CharField(_("headline as imported"), max_length=300)
    original_url = models.URLField(_("original URL"), max_length=1000, blank=True)
    original_published_at = models.DateTimeField(
        _("original publication date"), null=True, blank=True
    )
    original_updated_at = models.DateTimeField(
        _("original update date"),
        null=True,
        blank=True,
        help_text=_("When the page said the outlet last updated the story."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("imported by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("imported"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        verbose_name = _("import record")
        verbose_name_plural = _("import records")
        constraints = [
            models.CheckConstraint(
                condition=Q(format__in=ImportFormat.values), name="import_record_format_valid"
            ),
        ]
        indexes = [models.Index(fields=["source", "title"], name="import_record_match_idx")]

    def __str__(self) -> str:
        return f"{self.origin} ({timezone.localtime(self.created_at):%Y-%m-%d %H:%M})"


class PendingFigure(models.Model):
    """A photo the imported page showed, waiting for its image file.

    Captions and credits are data, so they are kept even when the picture itself did
    not come with the page; uploading the image turns this into a ``Photo``.
    """

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        related_name="pending_figures",
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    caption = models.TextField(_("caption"), blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    alt_text = models.CharField(_("alt text"), max_length=300, blank=True)
    image_url = models.CharField(
        _("original image address"),
        max_length=1000,
        blank=True,
        help_text=_("Where the page had the image: find the file there or ask the outlet."),
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("photo awaiting its image")
        verbose_name_plural = _("photos awaiting their image")

    def __str__(self) -> str:
        return self.caption[:80] or self.image_url[-80:] or str(_("photo"))


# --- the wire: partners' feeds and the inbox of their items ---------------------------------


class FeedHealth(models.TextChoices):
    """What the feed list shows at a glance; derived from a feed's state, never stored."""

    PAUSED = "paused", _("paused")
    WAITING = "waiting", _("not fetched yet")
    OK = "ok", _("ok")
    FAILING = "failing", _("failing")


class Feed(models.Model):
    """One feed of a partner ``Source``, polled by ``manage.py ingest`` into the inbox.

    The state fields (validators, last results, back-off) are written by the poller with
    ``UPDATE``s of their own, so an editor saving the form meanwhile loses nothing.
    """

    Format = FeedFormat
    Health = FeedHealth

    source = models.ForeignKey(
        Source, verbose_name=_("source"), on_delete=models.CASCADE, related_name="feeds"
    )
    url = models.URLField(
        _("feed address"),
        max_length=1000,
        help_text=_("RSS, Atom, JSON Feed or IPTC ninjs: the kind is recognised by itself."),
    )
    title = models.CharField(_("title"), max_length=300, blank=True, editable=False)
    format = models.CharField(
        _("format"), max_length=10, choices=FeedFormat.choices, blank=True, editable=False
    )
    active = models.BooleanField(_("active"), default=True, help_text=_("Polled when due."))
    auto_import = models.BooleanField(
        _("import as drafts by itself"),
        default=False,
        help_text=_(
            "For a trusted partner: new items become draft articles without an editor's "
            "click (never published). Otherwise they wait in the wire's inbox."
        ),
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("default section"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    tags = models.CharField(
        _("default tags"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated; given to each article imported from this feed."),
    )
    poll_minutes = models.PositiveIntegerField(
        _("poll every (minutes)"),
        default=15,
        validators=[MinValueValidator(1)],
        help_text=_("After failures the wait doubles each time, up to a day."),
    )
    next_poll_at = models.DateTimeField(_("next poll"), default=timezone.now, editable=False)
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    content_hash = models.CharField(max_length=64, blank=True, editable=False)
    last_fetched_at = models.DateTimeField(_("last fetch"), null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True, editable=False)
    last_result = models.CharField(_("last result"), max_length=300, blank=True, editable=False)
    last_error = models.TextField(_("last error"), blank=True, editable=False)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True, editable=False)
    consecutive_failures = models.PositiveIntegerField(
        _("failures in a row"), default=0, editable=False
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["source__name", "url"]
        verbose_name = _("partner feed")
        verbose_name_plural = _("partner feeds")
        constraints = [
            models.UniqueConstraint(fields=["url"], name="feed_url_unique"),
            models.CheckConstraint(
                condition=Q(format__in=["", *FeedFormat.values]), name="feed_format_valid"
            ),
            models.CheckConstraint(condition=Q(poll_minutes__gte=1), name="feed_poll_minutes_min"),
        ]
        indexes = [models.Index(fields=["active", "next_poll_at"], name="feed_due_idx")]

    def __str__(self) -> str:
        return f"{self.source.name}: {self.title or self.url}"

    @property
    def health(self) -> FeedHealth:
        if not self.active:
            return FeedHealth.PAUSED
        if self.consecutive_failures:
            return FeedHealth.FAILING
        if self.last_fetched_at is None:
            return FeedHealth.WAITING
        return FeedHealth.OK

    def tag_list(self) -> list[str]:
        return parse_tags(self.tags)


class ItemStatus(models.TextChoices):
    NEW = "new", _("new")
    IMPORTED = "imported", _("imported")
    IGNORED = "ignored", _("ignored")
    FAILED = "failed", _("failed")


class IngestItem(models.Model):
    """A story a partner's feed carried: waiting in the inbox, imported, ignored or failed.

    Each story is here once, credited to the feed that brought it first: ``guid_key`` and
    ``link_key`` (``reprints.identity``) are unique across all feeds. ``claim`` and
    ``claimed_until`` let one process at a time import it without holding a transaction
    while it fetches the page; a claim left by a process that died expires.
    """

    Status = ItemStatus

    feed = models.ForeignKey(
        Feed, verbose_name=_("feed"), on_delete=models.CASCADE, related_name="items"
    )
    guid = models.CharField(_("guid"), max_length=1000)
    guid_key = models.CharField(max_length=64, editable=False)
    link = models.CharField(_("link"), max_length=2000, blank=True)
    link_key = models.CharField(max_length=64, blank=True, editable=False)
    title = models.CharField(_("title"), max_length=500)
    summary = models.TextField(_("summary"), blank=True)
    content = models.TextField(
        _("full text"), blank=True, help_text=_("The story as the feed carried it, if it did.")
    )
    author = models.CharField(_("author"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=35, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.NEW
    )
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("arrived"), default=timezone.now, editable=False)
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    claim = models.CharField(max_length=32, blank=True, editable=False)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"
        verbose_name = _("wire item")
        verbose_name_plural = _("wire")
        constraints = [
            models.UniqueConstraint(fields=["guid_key"], name="ingest_item_guid_unique"),
            models.UniqueConstraint(
                fields=["link_key"], condition=~Q(link_key=""), name="ingest_item_link_unique"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ItemStatus.values), name="ingest_item_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="ingest_item_status_idx"),
            models.Index(fields=["feed", "created_at"], name="ingest_item_feed_idx"),
            models.Index(fields=["created_at"], name="ingest_item_created_idx"),  # the inbox
        ]

    def __str__(self) -> str:
        return self.title
