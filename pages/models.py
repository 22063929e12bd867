"""The site around the articles: its settings, the Links page, and reader messages."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class SiteSettings(models.Model):
    """The one row of admin-editable site settings; defaults come from Django settings."""

    SINGLETON_ID = 1

    name = models.CharField(_("site name"), max_length=100)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    copyright_holder = models.CharField(_("copyright holder"), max_length=200)
    copyright_start_year = models.PositiveSmallIntegerField(_("copyright since"))
    contact_email = models.EmailField(
        _("contact e-mail"), help_text=_("Where Contact Us messages are sent.")
    )
    default_disclaimer = models.ForeignKey(
        "articles.Disclaimer",
        verbose_name=_("default disclaimer for reprints"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # A Photo, not a file of its own: it gets the library's checks, alt text and the
    # 1200x630 social card cropped at its focal point, like every article photo.
    social_image = models.ForeignKey(
        "articles.Photo",
        verbose_name=_("default social image"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Shown by social networks, and named to search engines, for an article without a "
            "photo of its own. Without one, the site logo stands in."
        ),
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")
        constraints = [
            models.CheckConstraint(condition=Q(id=1), name="site_settings_singleton"),
        ]

    def __str__(self) -> str:
        return str(_("Site settings"))

    def save(self, *args, **kwargs) -> None:
        self.pk = self.SINGLETON_ID
        super().save(*args, **kwargs)

    @classmethod
    def defaults(cls) -> dict:
        return {
            "name": settings.NEWSROOM_SITE_NAME,
            "tagline": settings.NEWSROOM_TAGLINE,
            "copyright_holder": settings.NEWSROOM_COPYRIGHT_HOLDER,
            "copyright_start_year": settings.NEWSROOM_COPYRIGHT_START_YEAR,
            "contact_email": settings.NEWSROOM_CONTACT_EMAIL,
        }

    @classmethod
    def load(cls) -> SiteSettings:
        obj, _created = cls.objects.select_related("default_disclaimer").get_or_create(
            pk=cls.SINGLETON_ID, defaults=cls.defaults()
        )
        return obj

    @property
    def copyright_years(self) -> str:
        this_year = timezone.localdate().year
        if self.copyright_start_year >= this_year:
            return str(this_year)
        return f"{self.copyright_start_year}\u2013{this_year}"


class Link(models.Model):
    """An outside link shown on the Links page and, optionally, in the footer."""

    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("URL"), max_length=1000)
    description = models.CharField(_("description"), max_length=300, blank=True)
    group = models.CharField(
        _("group"), max_length=100, blank=True, help_text=_("Heading on the Links page.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    in_footer = models.BooleanField(_("show in footer"), default=False)

    class Meta:
        ordering = ["group", "order", "title"]
        verbose_name = _("link")
        verbose_name_plural = _("links")

    def __str__(self) -> str:
        return self.title


class ContactMessage(models.Model):
    """A reader's message, stored before any e-mail goes out so nothing is lost."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        READ = "read", _("Read")
        ANSWERED = "answered", _("Answered")

    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("e-mail"), max_length=254)
    subject = models.CharField(_("subject"), max_length=150)
    message = models.TextField(_("message"), max_length=5000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.NEW
    )
    created_at = models.DateTimeField(_("received"), default=timezone.now, editable=False)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("contact message")
        verbose_name_plural = _("contact messages")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["new", "read", "answered"]),
                name="contact_message_status_valid",
            ),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="contact_status_idx")]

    def __str__(self) -> str:
        return f"{self.subject} ({self.name})"
