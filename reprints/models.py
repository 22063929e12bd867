"""What the reprint desk keeps: each import of a captured page, and photos it found."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Source


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
