"""The newsroom's content model: articles, their sources, sections, photos and notes."""

from __future__ import annotations

import datetime
import functools
import posixpath
import re
import zoneinfo
from typing import NamedTuple

import reversion
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.validators import MaxValueValidator, RegexValidator, URLValidator
from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import format_html, strip_tags
from django.utils.safestring import mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from PIL import Image
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from newsroom.addresses import reverse

from . import images
from .sanitize import clean_html, paragraphs, xml_text


def default_language() -> str:
    return settings.LANGUAGE_CODE


def news_language(code: str) -> str:
    """A language as Google News names it: ISO 639, with zh-cn / zh-tw for Chinese."""
    code = code.lower()
    if code.startswith("zh"):
        return "zh-tw" if any(part in code for part in ("hant", "-tw", "-hk", "-mo")) else "zh-cn"
    return code.split("-")[0]


language_code_validator = RegexValidator(
    r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$",
    _("Enter a language code such as en, es, pt-BR or zh-Hans."),
)


class SyndicationPolicy(models.TextChoices):
    """How search engines should treat our copy of a reprinted story."""

    INDEX = "index", _("Index our copy")
    CANONICAL = "canonical", _("Canonical link to the original")
    NOINDEX = "noindex", _("Keep our copy out of search engines")


class Disclaimer(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    body = models.TextField(_("text"), help_text=_("Plain text; blank lines separate paragraphs."))

    class Meta:
        ordering = ["name"]
        verbose_name = _("disclaimer")
        verbose_name_plural = _("disclaimers")

    def __str__(self) -> str:
        return self.name


class Source(models.Model):
    """An outlet whose stories we reprint, credited on every reprint."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    homepage_url = models.URLField(_("homepage"), max_length=500, blank=True)
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_("Other spellings of the name, one per line, for matching imported pages."),
    )
    description = models.TextField(_("description"), blank=True)
    default_disclaimer = models.ForeignKey(
        Disclaimer,
        verbose_name=_("default disclaimer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    syndication_policy = models.CharField(
        _("syndication policy"),
        max_length=10,
        choices=SyndicationPolicy.choices,
        default=SyndicationPolicy.INDEX,
        help_text=_("What search engines are told about our copies of this outlet's stories."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        constraints = [
            models.CheckConstraint(
                condition=Q(syndication_policy__in=SyndicationPolicy.values),
                name="source_syndication_policy_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:source", kwargs={"slug": self.slug})

    def alias_list(self) -> list[str]:
        """The aliases as typed, one per line; the one reading of the field (search
        keywords and the importer's source matching use it)."""
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]


class Section(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Lower numbers come first in the navigation.")
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:section", kwargs={"slug": self.slug})


class PhotoQuerySet(models.QuerySet):
    def delete(self):
        """Delete the rows, then (once committed) their files and renditions."""
        files = [name for photo in self for name in photo.stored_names()]
        result = super().delete()
        delete_photo_files_on_commit(files)
        return result

    delete.queryset_only = True


def photo_storage():
    return Photo._meta.get_field("image").storage


def delete_photo_files_on_commit(names: list[str]) -> None:
    # After the commit: a rolled-back delete or replacement must not lose the files.
    if names:
        transaction.on_commit(
            functools.partial(images.delete_files, photo_storage(), names), robust=True
        )


class StoredImage(NamedTuple):
    """One stored image file as crawlers and feeds want it described."""

    url: str
    width: int
    height: int
    mime_type: str


class Photo(models.Model):
    """An image with the words that must travel with it: alt text, caption, credit.

    The uploaded file is checked, turned upright and stripped of its metadata when saved;
    the renditions readers download are made then too, and listed in ``renditions``.
    """

    image = models.ImageField(
        _("image file"),
        upload_to="photos/%Y/%m/",
        max_length=300,
        help_text=_(
            "JPEG, PNG, WebP or GIF. Uploading a new file replaces this one everywhere it is used."
        ),
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = models.TextField(_("caption"), blank=True)
    credit = models.CharField(
        _("credit"), max_length=200, blank=True, help_text=_('e.g. "Science and Technology Daily"')
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="photos",
    )
    focal_x = models.PositiveSmallIntegerField(
        _("focal point, across (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("0 is the left edge, 100 the right. Click the picture to set it."),
    )
    focal_y = models.PositiveSmallIntegerField(
        _("focal point, down (%)"),
        default=50,
        validators=[MaxValueValidator(100)],
        help_text=_("0 is the top edge, 100 the bottom."),
    )
    width = models.PositiveIntegerField(_("width"), default=0, editable=False)
    height = models.PositiveIntegerField(_("height"), default=0, editable=False)
    file_size = models.PositiveIntegerField(_("file size (bytes)"), default=0, editable=False)
    renditions = models.JSONField(_("renditions"), default=dict, blank=True, editable=False)
    created_at = models.DateTimeField(_("uploaded"), default=timezone.now, editable=False)

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.CheckConstraint(
                condition=Q(focal_x__lte=100, focal_y__lte=100),
                name="photo_focal_point_in_picture",
            ),
        ]

    def __str__(self) -> str:
        return self.caption[:80] or self.alt_text[:80]

    def save(self, *args, **kwargs) -> None:
        stored = self._stored_file_names()
        changed = set()
        if self.image and not self.image._committed:
            self._store_upload()
            changed = {"image", "width", "height", "file_size", "renditions"}
        elif self.image and self._social_card_is_stale():
            self._remake_social_card()
            changed = {"renditions"}
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and changed:
            kwargs["update_fields"] = {*update_fields, *changed}
        try:
            super().save(*args, **kwargs)
        except Exception:
            if changed:  # the row was not written: neither are the new files kept
                images.delete_files(self.image.storage, set(self.stored_names()) - stored)
            raise
        delete_photo_files_on_commit(sorted(stored - set(self.stored_names())))

    def delete(self, *args, **kwargs):
        files = self.stored_names()
        result = super().delete(*args, **kwargs)
        delete_photo_files_on_commit(files)
        return result

    # --- files: made once, when saved ---------------------------------------------------

    def _stored_file_names(self) -> set[str]:
        if self.pk is None:
            return set()
        row = Photo.objects.filter(pk=self.pk).values("image", "renditions").first()
        if row is None:
            return set()
        return set(Photo(image=row["image"], renditions=row["renditions"]).stored_names())

    def _store_upload(self) -> None:
        """Check, normalise and store a newly assigned file, then make its renditions."""
        upload = self.image.file
        image = images.open_image(
            upload,
            max_bytes=settings.NEWSROOM_PHOTO_MAX_BYTES,
            max_pixels=settings.NEWSROOM_PHOTO_MAX_PIXELS,
        )
        with image:
            clean, fmt = images.normalise(image)
        stem = posixpath.splitext(posixpath.basename(upload.name or ""))[0] or "photo"
        data = images.encode(clean, fmt, images.MASTER_OPTIONS[fmt])
        self.image.save(f"{stem[:80]}.{images.EXTENSIONS[fmt]}", ContentFile(data), save=False)
        self.width, self.height = clean.size
        self.file_size = len(data)
        try:
            self.renditions = images.make_renditions(
                clean,
                storage=self.image.storage,
                master_name=self.image.name,
                widths=settings.NEWSROOM_PHOTO_WIDTHS,
                focal=(self.focal_x, self.focal_y),
            )
        except Exception:
            images.delete_files(self.image.storage, [self.image.name])
            raise

    def _social_card_is_stale(self) -> bool:
        social = (self.renditions or {}).get("social")
        return bool(social) and social.get("focal") != [self.focal_x, self.focal_y]

    def _remake_social_card(self) -> None:
        with self.image.open("rb") as handle, Image.open(handle) as image:
            image.load()
            writer = images.Writer(self.image.storage, images.rendition_base(self.image.name))
            social = images.make_social_card(image, (self.focal_x, self.focal_y), writer)
        self.renditions = {**self.renditions, "social": social}

    def stored_names(self) -> list[str]:
        """Every file this photo keeps in storage: the master and its renditions."""
        renditions = self.renditions or {}
        names = [self.image.name] if self.image else []
        names += [source["name"] for source in renditions.get("sources", [])]
        if renditions.get("social"):
            names.append(renditions["social"]["name"])
        return names

    # --- what templates use: names and sizes from the row, never from storage ---------

    @cached_property
    def srcsets(self) -> images.Srcsets:
        return images.srcsets(self.image.storage, self.image.name, self.renditions)

    @property
    def webp_srcset(self) -> str:
        return self.srcsets.webp

    @property
    def fallback_srcset(self) -> str:
        return self.srcsets.fallback

    @property
    def fallback_url(self) -> str:
        """For browsers without srcset: the widest fallback up to 1024 pixels."""
        return self.srcsets.fallback_url

    @property
    def thumbnail_url(self) -> str:
        sources = images.fallback_sources(self.image.storage, self.renditions)
        return sources[0][0] if sources else self.image.url

    @property
    def largest(self) -> StoredImage:
        """The widest JPEG/PNG rendition (the cleaned master before renditions exist):
        what feeds and structured data point at."""
        for fmt in ("jpeg", "png"):
            sources = [s for s in (self.renditions or {}).get("sources", []) if s["format"] == fmt]
            if sources:
                best = max(sources, key=lambda source: source["width"])
                url = images.file_url(self.image.storage, best["name"])
                return StoredImage(url, best["width"], best["height"], f"image/{fmt}")
        return StoredImage(self.image.url, self.width, self.height, "image/jpeg")

    @property
    def social_card(self) -> StoredImage | None:
        """The 1200x630 crop for OpenGraph/Twitter cards: url, width, height, MIME type."""
        social = (self.renditions or {}).get("social")
        if not social:
            return None
        return StoredImage(
            images.file_url(self.image.storage, social["name"]),
            social["width"],
            social["height"],
            "image/jpeg",
        )


def validate_link_lines(value: str) -> None:
    """Every non-empty line is an http(s) address."""
    check = URLValidator(schemes=["http", "https"])
    for line in value.splitlines():
        if line.strip():
            try:
                check(line.strip())
            except ValidationError as exc:
                raise ValidationError(
                    _("“%(line)s” is not a web address."),
                    code="invalid",
                    params={"line": line.strip()[:80]},
                ) from exc


class Author(models.Model):
    """One of our own writers, credited on the stories they wrote and given a page.

    Reprints keep the original's byline as text (``Article.byline``): an outlet's
    reporter is not ours to give a profile.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        unique=True,
        help_text=_("The last part of the author's page address."),
    )
    role = models.CharField(
        _("role"), max_length=120, blank=True, help_text=_('e.g. "Science correspondent"')
    )
    bio = models.TextField(
        _("short bio"),
        max_length=1000,
        blank=True,
        help_text=_("Plain text, two or three sentences, shown on the author's page."),
    )
    photo = models.ForeignKey(
        Photo,
        verbose_name=_("photo"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    links = models.TextField(
        _("links"),
        blank=True,
        validators=[validate_link_lines],
        help_text=_("Web addresses, one per line: a personal site, social profiles."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff user"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text=_("The account of this writer: their new articles start credited to them."),
    )

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("articles:author", kwargs={"slug": self.slug})

    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


@reversion.register()
class TaggedArticle(TaggedItemBase):
    content_object = models.ForeignKey("Article", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("tagged article")
        verbose_name_plural = _("tagged articles")
        constraints = [
            models.UniqueConstraint(fields=["content_object", "tag"], name="tagged_article_unique"),
        ]


def published_q(prefix: str = "") -> Q:
    """The one definition of "public": published, and not in the future.

    ``prefix`` applies the same rule across a relation, e.g. ``published_q("articles__")``
    to count a section's public articles.
    """
    return Q(
        **{
            f"{prefix}status": Article.Status.PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
        }
    )


def month_bounds(year: int, month: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The first moment of a calendar month and of the next, in the site's time zone.

    Raises ValueError for a month that does not exist, or whose bounds lie beyond the
    dates Python holds (December 9999; January of year 1 east of UTC): an archive URL
    can name any four-digit year, and such a month must be a 404, not an OverflowError.
    """
    first = datetime.date(year, month, 1)
    zone = timezone.get_current_timezone()

    def midnight(day: datetime.date) -> datetime.datetime:
        local = datetime.datetime.combine(day, datetime.time.min, tzinfo=zone)
        return local.astimezone(datetime.UTC)  # here, not in the database adapter

    try:
        following = (first + datetime.timedelta(days=32)).replace(day=1)
        return midnight(first), midnight(following)
    except OverflowError as exc:
        raise ValueError(f"No dates can bound {year:04d}-{month:02d}.") from exc


def scheduled_q() -> Q:
    """Published, but not yet: the article goes public at its publication date."""
    return Q(status=Article.Status.PUBLISHED, published_at__gt=timezone.now())


class ArticleQuerySet(models.QuerySet):
    def published_q(self) -> Q:
        return published_q()

    def published(self) -> ArticleQuerySet:
        return self.filter(self.published_q())

    def not_published(self) -> ArticleQuerySet:
        return self.exclude(self.published_q())

    def in_month(self, year: int, month: int) -> ArticleQuerySet:
        """Articles published in that calendar month, in the site's time zone
        (``month_bounds``; ValueError for a month that has none)."""
        start, end = month_bounds(year, month)
        return self.filter(published_at__gte=start, published_at__lt=end)

    def scheduled(self) -> ArticleQuerySet:
        return self.filter(scheduled_q())

    def indexable(self) -> ArticleQuerySet:
        """Articles whose page search engines should index as ours: what sitemaps list.

        Out are ``noindex`` copies and ``canonical`` copies with an original to point at
        (their page's rel=canonical names the original, so listing our address would
        contradict it); a ``canonical`` copy without an original URL names itself.
        """
        return self.exclude(self._policy_is(SyndicationPolicy.NOINDEX)).exclude(
            self._policy_is(SyndicationPolicy.CANONICAL) & ~Q(original_url="")
        )

    @staticmethod
    def _policy_is(policy: str) -> Q:
        """The article's effective policy (its own, else its source's) is ``policy``."""
        # A subquery on the few sources, not a join: sitemaps count and scan all articles.
        sources = Source.objects.filter(syndication_policy=policy).values("pk")
        return Q(syndication_policy=policy) | Q(syndication_policy="", source_id__in=sources)

    def for_listing(self) -> ArticleQuerySet:
        """What an article card needs, in a fixed number of queries."""
        return self.select_related("section", "source").prefetch_related(
            Prefetch(
                "article_photos",
                queryset=ArticlePhoto.objects.select_related("photo").order_by("position", "id"),
            )
        )

    def for_cards(self) -> ArticleQuerySet:
        """Only what a card shows (``articles.cards``), unordered (cards are put in their
        listing's order): building the query and the rows cost more than running it."""
        photo = "photo__"
        return (
            self.order_by()
            .select_related("section", "source")
            .only(*CARD_FIELDS, "section__name", "section__slug", "source__name", "source__slug")
            .prefetch_related(
                Prefetch(
                    "article_photos",
                    queryset=ArticlePhoto.objects.select_related("photo")
                    .only("article_id", "position", *(photo + name for name in CARD_PHOTO_FIELDS))
                    .order_by("position", "id"),
                )
            )
        )

    def for_page(self) -> ArticleQuerySet:
        """The article row an article page always needs (its parts come with the story)."""
        return self.select_related("section", "source", "source__default_disclaimer", "disclaimer")


# What a card reads of an article and of its lead photo.
CARD_FIELDS = ["id", "title", "slug", "summary", "published_at", "created_at", "agency",
               "section", "source"]  # fmt: skip
CARD_PHOTO_FIELDS = ["image", "width", "height", "renditions"]


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")
    WITHDRAWN = "withdrawn", _("Withdrawn")


# Revisions carry the article with its tags and photo placements; corrections and the
# audit trail are a public record and are never rolled back with the text.
@reversion.register(follow=["taggedarticle_set", "article_photos", "article_authors"])
class Article(models.Model):
    Status = ArticleStatus

    title = models.CharField(_("headline"), max_length=300)
    slug = models.SlugField(
        _("slug"),
        max_length=200,
        db_index=False,  # article_slug_unique (below) is the index
        help_text=_("The last part of the article's address."),
    )
    summary = models.TextField(_("summary"), blank=True, help_text=_("The dek: one or two lines."))
    byline = models.CharField(_("byline"), max_length=200, blank=True)
    dateline = models.CharField(
        _("dateline"), max_length=200, blank=True, help_text=_('e.g. "BEIJING, Sept. 12, 2024"')
    )
    body = models.TextField(
        _("body"),
        blank=True,
        help_text=_(
            "Cleaned when saved. Without the editor: HTML, or plain text whose blank lines "
            'separate paragraphs; place a library photo with <figure data-photo="ID"></figure>.'
        ),
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
        help_text=_("The outlet this story is reprinted from; empty for our own stories."),
    )
    agency = models.CharField(
        _("agency / via"),
        max_length=200,
        blank=True,
        help_text=_('The wire or agency that carried the story, e.g. "HaiPress".'),
    )
    original_url = models.URLField(_("original URL"), max_length=1000, blank=True)
    original_published_at = models.DateTimeField(
        _("originally published"),
        null=True,
        blank=True,
        help_text=_("When the outlet first published a reprinted story; shown beside the credit."),
    )
    language = models.CharField(
        _("language"),
        max_length=35,
        default=default_language,
        validators=[language_code_validator],
        help_text=_("The language of the text, as a BCP 47 code: en, es, fr, pt-BR, zh-Hans…"),
    )
    disclaimer = models.ForeignKey(
        Disclaimer,
        verbose_name=_("disclaimer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the source's default disclaimer, else the site's (reprints only)."),
    )
    syndication_policy = models.CharField(
        _("syndication policy"),
        max_length=10,
        choices=SyndicationPolicy.choices,
        blank=True,
        help_text=_("Empty: use the source's policy."),
    )
    photos = models.ManyToManyField(
        Photo, through="ArticlePhoto", related_name="articles", blank=True
    )
    tags = TaggableManager(through=TaggedArticle, blank=True)
    authors = models.ManyToManyField(
        Author, through="ArticleAuthor", related_name="articles", blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_(
            "A published article is public from this moment. A future date schedules it; "
            "empty means now, when the status is Published."
        ),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("last modified"), default=timezone.now, editable=False)
    revised_at = models.DateTimeField(
        _("updated for readers"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("The last save or correction after the article went public (“Updated”)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last edited by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    keywords = models.TextField(
        _("search keywords"),
        blank=True,
        editable=False,
        help_text=_("Tags, source and byline, kept here so full-text search can index them."),
    )
    edit_version = models.PositiveIntegerField(
        _("edit version"),
        default=0,
        editable=False,
        help_text=_("Counts saves; a form saved against an older count is an edit conflict."),
    )

    objects = ArticleQuerySet.as_manager()

    _public_when_loaded = False  # set by from_db() and save()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        permissions = [
            ("publish_article", _("Can publish, schedule, unpublish and withdraw articles")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["slug"], name="article_slug_unique"),
            models.CheckConstraint(
                condition=Q(status__in=ArticleStatus.values),
                name="article_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="article_published_has_date",
            ),
            models.CheckConstraint(
                condition=Q(syndication_policy__in=["", *SyndicationPolicy.values]),
                name="article_syndication_policy_valid",
            ),
        ]
        indexes = [
            # Newest, the feeds and the sitemaps: WHERE status = 'published' AND
            # published_at <= now ORDER BY published_at DESC, id DESC.
            models.Index(fields=["status", "-published_at", "-id"], name="article_public_idx"),
            models.Index(fields=["section", "status", "-published_at"], name="article_section_idx"),
            models.Index(fields=["source", "status", "-published_at"], name="article_source_idx"),
            models.Index(fields=["original_url"], name="article_original_url_idx"),
            # The newest change, for sitemap lastmod and conditional requests.
            models.Index(fields=["-updated_at"], name="article_updated_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Plain text (typed without the editor) is stored as the paragraphs it means.
        self.body = paragraphs(clean_html(self.body))
        # Pasted text can carry control characters: PostgreSQL refuses NUL outright, and
        # feeds and sitemaps (XML) cannot hold the others.
        for name in ("title", "summary", "byline", "dateline", "agency", "body"):
            setattr(self, name, xml_text(getattr(self, name)))
        self.keywords = self.compute_keywords()
        self.stamp_publication_date()
        self.updated_at = timezone.now()
        if self._public_when_loaded and self.is_published():
            self.revised_at = self.updated_at
        self.edit_version += 1
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {
                *update_fields,
                "updated_at",
                "body",
                "published_at",
                "edit_version",
                "keywords",
                "revised_at",
            }
        super().save(*args, **kwargs)
        self._public_when_loaded = self.is_published()
        if update_fields is None or "body" in update_fields:
            from .embeds import sync_body_photos

            sync_body_photos(self)

    def get_absolute_url(self) -> str:
        return article_url(self.slug, self.url_date)

    @classmethod
    def from_db(cls, db, field_names, values):
        """Remember whether the row was public as read: a save of a public article is an
        update readers are told about (``revised_at``)."""
        article = super().from_db(db, field_names, values)
        fields = article.__dict__
        if "status" in fields and "published_at" in fields:
            article._public_when_loaded = article.is_published()
        return article

    def clean(self) -> None:
        # Before constraint validation, so "Published, no date" means "now" in forms too.
        self.stamp_publication_date()
        if self.status == self.Status.PUBLISHED:
            from .credit import missing_credit

            if problem := missing_credit(self):
                raise ValidationError({"source": problem})

    def compute_keywords(
        self, tag_names: list[str] | None = None, author_names: list[str] | None = None
    ) -> str:
        """What search should find an article by besides its own text."""
        if tag_names is None:
            tag_names = list(self.tags.names()) if self.pk else []
        if author_names is None:
            author_names = (
                list(self.authors.order_by().values_list("name", flat=True)) if self.pk else []
            )
        source = self.source
        parts = [*tag_names, *author_names, self.byline, self.agency]
        if source is not None:
            parts += [source.name, *source.alias_list()]
        return " ".join(part for part in parts if part)

    def stamp_publication_date(self) -> None:
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()

    @property
    def meta_description(self) -> str:
        """For search engines and link previews: the summary, else the lead's first sentence.

        A reprint without a standfirst keeps an empty summary (the page would otherwise
        print its first sentence twice); the description meta still needs a sentence.
        """
        if self.summary:
            return self.summary
        text = " ".join(strip_tags(self.body.replace("</p>", "</p> ")).split())
        sentence = re.split(r"(?<=[.!?。！？])\s*", text, maxsplit=1)[0]  # noqa: RUF001
        return Truncator(sentence).chars(300)

    def body_html(self, *, feed: bool = False) -> str:
        """The body, cleaned again at render time, with the dateline leading it and the
        photos and videos placed in it shown (``articles.embeds``; ``feed``: as feed
        readers want them).

        A body typed or pasted as plain text is shown as the paragraphs its blank lines
        make, so the dateline opens the first one as it does in an HTML body.
        """
        from .embeds import render_body

        body = render_body(self, paragraphs(clean_html(self.body)), feed=feed)
        if not self.dateline:
            return mark_safe(body)  # noqa: S308 - cleaned by nh3 on the line above
        dateline = format_html('<span class="dateline">{} —</span> ', self.dateline)
        if body.startswith("<p>"):
            return mark_safe(f"<p>{dateline}{body[3:]}")  # noqa: S308 - both parts are safe
        return format_html('<p class="dateline">{}</p>{}', dateline, mark_safe(body))  # noqa: S308

    @property
    def url_date(self) -> datetime.date:
        """The date in the article's address: its publication day in the site's time zone."""
        return article_url_date(self.published_at or self.created_at)

    @property
    def modified_at(self) -> datetime.datetime:
        """When readers last saw a change: never before publication."""
        if self.published_at and self.published_at > self.updated_at:
            return self.published_at
        return self.updated_at

    def is_published(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def is_withdrawn(self) -> bool:
        return self.status == self.Status.WITHDRAWN

    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def effective_syndication_policy(self) -> str:
        if self.syndication_policy:
            return self.syndication_policy
        if self.source is not None:
            return self.source.syndication_policy
        return SyndicationPolicy.INDEX

    def effective_disclaimer(self, site_default: Disclaimer | None = None) -> Disclaimer | None:
        """The article's own disclaimer, else (for reprints) the source's, else the site's."""
        if self.disclaimer is not None:
            return self.disclaimer
        if self.source is None:
            return None
        return self.source.default_disclaimer or site_default

    @property
    def credited_authors(self) -> list[Author]:
        """Our writers credited on this story, in order (uses the prefetched rows).

        None for a reprint that carries its original's byline: readers (the page, its
        JSON-LD, the feeds) are told who wrote it there, even when a writer who added it
        by hand is still credited from the form's default.
        """
        if self.source_id and self.byline.strip():
            return []
        return [credit.author for credit in self.article_authors.all()]

    def shows_update(self) -> bool:
        """Readers are told "Updated" when the article changed after it went public."""
        return bool(self.revised_at and self.published_at and self.revised_at > self.published_at)

    @property
    def figures(self) -> list[ArticlePhoto]:
        """Photos in display order (uses the prefetched rows when present)."""
        return list(self.article_photos.all())

    def feed_body_html(self) -> str:
        return self.body_html(feed=True)

    @property
    def attached_figures(self) -> list[ArticlePhoto]:
        """The photos shown around the body (the first leads): those not placed in it."""
        from .embeds import body_photo_ids

        placed = set(body_photo_ids(self.body))
        return [figure for figure in self.figures if figure.photo_id not in placed]

    @property
    def lead_figure(self) -> ArticlePhoto | None:
        figures = self.figures
        return figures[0] if figures else None


UTC_ZONES = (datetime.UTC, zoneinfo.ZoneInfo("UTC"))


def article_url_date(
    moment: datetime.datetime, zone: datetime.tzinfo | None = None
) -> datetime.date:
    """The date in an article's address (its yyyy/mm/dd): ``moment``'s day in the site's
    time zone. A caller building thousands of addresses passes the ``zone``, looked up once.
    """
    zone = zone or timezone.get_current_timezone()
    if moment.tzinfo is datetime.UTC and zone in UTC_ZONES:
        # Rows arrive in UTC: on a UTC site a sitemap's 50,000 addresses need no conversion.
        return moment.date()
    return timezone.localdate(moment, zone)


def article_url(slug: str, date: datetime.date, prefix: str | None = None) -> str:
    """The canonical path of an article.

    Must match the ``articles:detail`` pattern. Built by hand because listings, feeds and
    sitemaps make thousands: the URL resolver is asked once per process, not per row.
    """
    if prefix is None:
        prefix = reverse("articles:newest")  # remembered per process (newsroom.addresses)
    return f"{prefix}{date.year:04d}/{date.month:02d}/{date.day:02d}/{slug}/"


@reversion.register()
class ArticlePhoto(models.Model):
    """A photo's place in one article; the same photo may appear in several."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="article_photos"
    )
    photo = models.ForeignKey(
        Photo, verbose_name=_("photo"), on_delete=models.PROTECT, related_name="usages"
    )
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("The first photo leads the article.")
    )
    caption_override = models.TextField(
        _("caption for this article"),
        blank=True,
        help_text=_("Leave empty to use the photo's own caption."),
    )
    in_body = models.BooleanField(
        _("placed in the body"),
        default=False,
        editable=False,
        help_text=_("Kept in step with the body's photos when the article is saved."),
    )

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("article photo")
        verbose_name_plural = _("article photos")
        constraints = [
            models.UniqueConstraint(fields=["article", "photo"], name="article_photo_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.article} — {self.photo}"

    @property
    def caption(self) -> str:
        return self.caption_override or self.photo.caption


class VideoProvider(models.TextChoices):
    YOUTUBE = "youtube", "YouTube"
    VIMEO = "vimeo", "Vimeo"


class Video(models.Model):
    """A YouTube or Vimeo video placed in article bodies, with what readers see before they
    choose to play it: its title and a poster kept on our side (``articles.embeds``), so
    no request reaches the video site until the reader clicks."""

    Provider = VideoProvider

    provider = models.CharField(_("site"), max_length=10, choices=VideoProvider.choices)
    video_id = models.CharField(_("video id"), max_length=64)
    title = models.CharField(_("title"), max_length=300, blank=True)
    poster = models.ForeignKey(
        Photo,
        verbose_name=_("poster image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Shown until the reader plays the video; fetched when possible."),
    )
    fetched_at = models.DateTimeField(_("details fetched"), null=True, blank=True, editable=False)
    fetch_problem = models.CharField(_("fetch problem"), max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(_("first used"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("video")
        verbose_name_plural = _("videos")
        constraints = [
            models.UniqueConstraint(fields=["provider", "video_id"], name="video_unique"),
            models.CheckConstraint(
                condition=Q(provider__in=VideoProvider.values), name="video_provider_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title or f"{self.get_provider_display()} {self.video_id}"


@reversion.register()
class ArticleAuthor(models.Model):
    """An author's credit on one article, in byline order."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="article_authors"
    )
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.PROTECT, related_name="credits"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("author credit")
        verbose_name_plural = _("author credits")
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="article_author_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.author} — {self.article}"


MAX_PINS = 3


def active_pin_q(prefix: str = "") -> Q:
    """A pin in force: no end time, or one still to come. Decided when the query runs, as
    scheduling is: a pin ends by itself, with no job to run."""
    return Q(**{f"{prefix}until__isnull": True}) | Q(**{f"{prefix}until__gt": timezone.now()})


class PinQuerySet(models.QuerySet):
    def active(self) -> PinQuerySet:
        return self.filter(active_pin_q())


class Pin(models.Model):
    """A lead story: pinned above Newest's list, in order, at most three at a time."""

    article = models.OneToOneField(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="pin"
    )
    position = models.PositiveSmallIntegerField(
        _("place"),
        choices=[(n, n) for n in range(1, MAX_PINS + 1)],
        help_text=_("1 is the top story."),
    )
    until = models.DateTimeField(
        _("pinned until"),
        null=True,
        blank=True,
        help_text=_("Empty: until unpinned. At this time the story drops back by itself."),
    )
    pinned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pinned by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    pinned_at = models.DateTimeField(_("pinned"), default=timezone.now, editable=False)

    objects = PinQuerySet.as_manager()

    class Meta:
        ordering = ["position"]
        verbose_name = _("lead story")
        verbose_name_plural = _("lead stories")
        constraints = [
            models.UniqueConstraint(fields=["position"], name="pin_position_unique"),
            models.CheckConstraint(
                condition=Q(position__gte=1, position__lte=MAX_PINS), name="pin_position_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.article}"

    def is_active(self) -> bool:
        return self.until is None or self.until > timezone.now()


class Correction(models.Model):
    """A dated public note appended to an article; it moves the article's modified date."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="corrections"
    )
    text = models.TextField(_("correction"))
    created_at = models.DateTimeField(_("date"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")

    def __str__(self) -> str:
        return f"{timezone.localdate(self.created_at):%Y-%m-%d}: {self.text[:60]}"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        now = timezone.now()
        Article.objects.filter(pk=self.article_id).update(updated_at=now, revised_at=now)


class ArticleRedirect(models.Model):
    """An address an article was public at before its slug or date changed (kept by
    ``articles.redirects.keep_old_address``)."""

    old_path = models.CharField(_("old address"), max_length=300, unique=True)
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="redirects"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("old article address")
        verbose_name_plural = _("old article addresses")

    def __str__(self) -> str:
        return f"{self.old_path} → {self.article.get_absolute_url()}"


class EditorialNote(models.Model):
    """An internal note on an article, between writers and editors: who, when, what.

    Never public: no reader page, feed or sitemap reads this table.
    """

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    text = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(_("when"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("editorial note")
        verbose_name_plural = _("editorial notes")

    def __str__(self) -> str:
        return self.text[:60]


class ArticleAutosave(models.Model):
    """One person's unsaved work on one article (or on a new one), kept every half
    minute while they type: a copy, never the article. It is not a revision, nothing
    reads it but its owner's form, and saving the article discards it."""

    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="autosaves",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    data = models.JSONField(_("unsaved fields"), default=dict)
    base_version = models.PositiveIntegerField(
        _("edit version it started from"),
        default=0,
        help_text=_("Restoring it keeps the edit-conflict check: another save since then wins."),
    )
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)

    class Meta:
        ordering = ["-saved_at"]
        verbose_name = _("autosaved draft")
        verbose_name_plural = _("autosaved drafts")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"],
                condition=Q(article__isnull=False),
                name="autosave_one_per_article_and_user",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(article__isnull=True),
                name="autosave_one_new_article_per_user",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.article or _('new article')}"


class EventAction(models.TextChoices):
    CREATED = "created", _("created")
    SUBMITTED = "submitted", _("submitted for review")
    RETURNED = "returned", _("returned to draft")
    PUBLISHED = "published", _("published")
    SCHEDULED = "scheduled", _("scheduled")
    UNPUBLISHED = "unpublished", _("unpublished")
    WITHDRAWN = "withdrawn", _("withdrawn")
    RESTORED = "restored", _("restored an earlier version")
    CORRECTED = "corrected", _("added a correction")


class ArticleEvent(models.Model):
    """The audit trail of an article's workflow: who moved it where, and when."""

    Action = EventAction

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=12, choices=EventAction.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("workflow event")
        verbose_name_plural = _("workflow events")
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=EventAction.values),
                name="article_event_action_valid",
            ),
        ]
        indexes = [models.Index(fields=["article", "-at"], name="article_event_idx")]

    def __str__(self) -> str:
        who = self.user or _("the system")
        return f"{self.get_action_display()} by {who}, {timezone.localtime(self.at):%Y-%m-%d %H:%M}"
