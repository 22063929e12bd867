"""What an import from WordPress remembers, so that running it again updates what it
made before instead of making it twice."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Photo


class ImportedPost(models.Model):
    """A WordPress post and the article it became: one per post of one site."""

    site = models.CharField(
        _("WordPress site"), max_length=300, help_text=_("Host and path, e.g. example.org/blog")
    )
    post_id = models.PositiveBigIntegerField(_("WordPress post id"))
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    link = models.URLField(_("old address"), max_length=1000, blank=True)
    digest = models.CharField(
        _("digest of the item"),
        max_length=64,
        help_text=_("Unchanged items are skipped when the export is imported again."),
    )
    imported_at = models.DateTimeField(_("first imported"), default=timezone.now)
    updated_at = models.DateTimeField(_("last imported"), default=timezone.now)

    class Meta:
        ordering = ["site", "post_id"]
        verbose_name = _("imported WordPress post")
        verbose_name_plural = _("imported WordPress posts")
        constraints = [
            models.UniqueConstraint(fields=["site", "post_id"], name="wordpress_post_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.site} post {self.post_id}"


class ImportedPhoto(models.Model):
    """A file of a WordPress site's uploads and the library photo made from it."""

    site = models.CharField(_("WordPress site"), max_length=300)
    path = models.CharField(
        _("file"), max_length=500, help_text=_("Its path below wp-content/uploads/.")
    )
    attachment_id = models.PositiveBigIntegerField(_("attachment id"), null=True, blank=True)
    photo = models.ForeignKey(
        Photo, verbose_name=_("photo"), on_delete=models.CASCADE, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported"), default=timezone.now)

    class Meta:
        ordering = ["site", "path"]
        verbose_name = _("imported WordPress photo")
        verbose_name_plural = _("imported WordPress photos")
        constraints = [
            models.UniqueConstraint(fields=["site", "path"], name="wordpress_photo_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.site}: {self.path}"
