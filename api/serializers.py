"""What the API shows of the newsroom's content: one serializer per thing readers see.

These read serializers are the public JSON of the site, used by the API's views and by
``export_site``/``import_site`` (the whole site as API JSON), so their output is a
contract: add fields, never rename or drop one. Only what a reader page shows is here:
no status, internal notes, keywords, edit versions or staff users. Addresses are
absolute on SITE_URL, as in feeds and sitemaps.

Lists and details read prefetched rows only (``api.views`` builds the querysets); a
serializer that touched the database per row would be an N+1 the query budgets catch.
"""

from __future__ import annotations

import re

from django.utils.text import slugify
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from taggit.models import Tag

from articles import images
from articles.converters import UnicodeSlug
from articles.models import (
    Article,
    ArticlePhoto,
    Author,
    Correction,
    Photo,
    Section,
    Source,
    SyndicationPolicy,
)
from newsroom.addresses import reverse
from newsroom.site_url import absolute_url


class SectionSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The section's page.")

    class Meta:
        model = Section
        fields = ["id", "name", "slug", "description", "order", "url"]

    def get_url(self, section: Section) -> str:
        return absolute_url(section.get_absolute_url())


# What the tag page's address accepts (letters and digits of any script: taggit's slugs).
TAG_SLUG = re.compile(UnicodeSlug.regex)


class TagSerializer(serializers.ModelSerializer):
    # Not a SlugField: its schema pattern (``^[-\w]+$``) means ASCII letters to a JSON
    # Schema (ECMA-262) validator, and taggit's slugs keep letters of any script.
    slug = serializers.CharField(read_only=True, help_text="Letters and digits of any script.")
    url = serializers.SerializerMethodField(
        help_text="The tag's page; empty for a tag whose slug makes no address."
    )

    class Meta:
        model = Tag
        fields = ["id", "name", "slug", "url"]

    def get_url(self, tag: Tag) -> str:
        if not TAG_SLUG.fullmatch(tag.slug or ""):
            return ""
        return absolute_url(reverse("articles:tag", kwargs={"slug": tag.slug}))


class SourceSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The source's page on this site.")

    class Meta:
        model = Source
        fields = ["id", "name", "slug", "homepage_url", "description", "syndication_policy",
                  "url"]  # fmt: skip

    def get_url(self, source: Source) -> str:
        return absolute_url(source.get_absolute_url())


class RenditionSerializer(serializers.Serializer):
    url = serializers.CharField(help_text="Absolute address of the file.")
    format = serializers.ChoiceField(choices=["webp", "jpeg", "png", "gif"])
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    bytes = serializers.IntegerField(help_text="File size.")


class PhotoSerializer(serializers.ModelSerializer):
    """A photo with its words (alt text, caption, credit) and every stored rendition."""

    url = serializers.SerializerMethodField(help_text="The cleaned master file.")
    renditions = serializers.SerializerMethodField(
        help_text="Resized copies (WebP and JPEG/PNG) at the site's widths, narrowest first."
    )
    social_card = serializers.SerializerMethodField(
        help_text="The 1200x630 crop for link previews, if made."
    )

    class Meta:
        model = Photo
        fields = ["id", "url", "width", "height", "alt_text", "caption", "credit", "focal_x",
                  "focal_y", "renditions", "social_card", "created_at"]  # fmt: skip

    def get_url(self, photo: Photo) -> str:
        return absolute_url(photo.image.url) if photo.image else ""

    @extend_schema_field(RenditionSerializer(many=True))
    def get_renditions(self, photo: Photo) -> list[dict]:
        storage = photo.image.storage
        return [
            {
                "url": absolute_url(images.file_url(storage, source["name"])),
                "format": source["format"],
                "width": source["width"],
                "height": source["height"],
                "bytes": source.get("bytes", 0),
            }
            for source in sorted(
                (photo.renditions or {}).get("sources", []),
                key=lambda source: (source["width"], source["format"]),
            )
        ]

    @extend_schema_field(RenditionSerializer(allow_null=True))
    def get_social_card(self, photo: Photo) -> dict | None:
        social = (photo.renditions or {}).get("social")
        if not social:
            return None
        return {
            "url": absolute_url(images.file_url(photo.image.storage, social["name"])),
            "format": "jpeg",
            "width": social["width"],
            "height": social["height"],
            "bytes": social.get("bytes", 0),
        }


class AuthorSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The author's page.")
    links = serializers.SerializerMethodField(help_text="Personal site, social profiles.")
    photo = PhotoSerializer(allow_null=True, read_only=True)

    class Meta:
        model = Author
        fields = ["id", "name", "slug", "role", "bio", "links", "photo", "url"]

    def get_url(self, author: Author) -> str:
        return absolute_url(author.get_absolute_url())

    def get_links(self, author: Author) -> list[str]:
        return author.link_list()


class ArticlePhotoSerializer(serializers.ModelSerializer):
    """A photo's place in one article: its position, and the caption it has there."""

    caption = serializers.CharField(
        read_only=True, help_text="The caption in this article (its own, else the photo's)."
    )
    in_body = serializers.BooleanField(
        read_only=True, help_text="Placed inside the body rather than around it."
    )
    photo = PhotoSerializer(read_only=True)

    class Meta:
        model = ArticlePhoto
        fields = ["position", "caption", "in_body", "photo"]


class CorrectionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["text", "created_at"]


class TagList(serializers.ListSerializer):
    """An article's tags by name. Nested serializers are declared fields, built once per
    answer: making one per article (a method field) cost most of a list's time."""

    def to_representation(self, data) -> list[dict]:
        tags = data.all() if hasattr(data, "all") else data
        ordered = sorted(tags, key=lambda tag: (tag.name.casefold(), tag.pk))
        return [self.child.to_representation(tag) for tag in ordered]


class ArticleSerializer(serializers.ModelSerializer):
    """An article as a list shows it: everything but the body and corrections."""

    url = serializers.SerializerMethodField(help_text="The article's page on this site.")
    canonical_url = serializers.SerializerMethodField(
        help_text="What the page names as canonical: the original, for a reprint whose "
        "syndication policy is `canonical`; else the page itself."
    )
    section = SectionSerializer(allow_null=True, read_only=True)
    source = SourceSerializer(
        allow_null=True, read_only=True, help_text="The outlet a reprint is credited to."
    )
    tags = TagList(child=TagSerializer(), read_only=True)
    authors = AuthorSerializer(
        many=True,
        read_only=True,
        source="credited_authors",
        help_text="Our own writers credited, in byline order (a reprint keeps `byline`).",
    )
    photos = ArticlePhotoSerializer(
        many=True,
        read_only=True,
        source="figures",
        help_text="In display order; the first leads.",
    )
    syndication_policy = serializers.ChoiceField(
        source="effective_syndication_policy",
        choices=SyndicationPolicy.choices,
        read_only=True,
        help_text="The article's own policy, else its source's.",
    )
    modified_at = serializers.DateTimeField(
        read_only=True, help_text="When readers last saw a change (never before publication)."
    )
    updated_at = serializers.DateTimeField(
        read_only=True, help_text="Any change, corrections included: the `updated_since` field."
    )

    class Meta:
        model = Article
        fields = ["id", "title", "slug", "summary", "byline", "dateline", "language",
                  "section", "source", "agency", "original_url", "original_published_at",
                  "syndication_policy", "tags", "authors", "photos", "published_at",
                  "modified_at", "updated_at", "url", "canonical_url"]  # fmt: skip

    def get_url(self, article: Article) -> str:
        return absolute_url(article.get_absolute_url())

    def get_canonical_url(self, article: Article) -> str:
        policy = article.effective_syndication_policy
        if policy == SyndicationPolicy.CANONICAL and article.original_url:
            return article.original_url
        return self.get_url(article)


class ArticleDetailSerializer(ArticleSerializer):
    """An article as its page shows it: the list's fields, the body and corrections."""

    body = serializers.CharField(
        read_only=True,
        help_text="The stored body: sanitized HTML, photos and videos as placeholders "
        '(`<figure data-photo="ID">`) naming the entries of `photos`.',
    )
    body_html = serializers.SerializerMethodField(
        help_text="The body as readers see it: sanitized, dateline leading, placed photos "
        "and videos rendered."
    )
    corrections = CorrectionSerializer(many=True, read_only=True)

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "body", "body_html", "corrections"]

    @extend_schema_field(OpenApiTypes.STR)
    def get_body_html(self, article: Article) -> str:
        return str(article.body_html())


# --- staff (``/api/v1/desk/``): never shown to anonymous clients -------------------------


class DeskArticleSerializer(ArticleDetailSerializer):
    """An article as staff see it: the public fields, and where it is in the workflow.
    ``edit_version`` is what the ``ETag`` carries and ``If-Match`` names."""

    status = serializers.ChoiceField(choices=Article.Status.choices, read_only=True)
    edit_version = serializers.IntegerField(read_only=True)
    is_public = serializers.BooleanField(source="is_published", read_only=True)
    created_at = serializers.DateTimeField(read_only=True)

    class Meta(ArticleDetailSerializer.Meta):
        fields = [*ArticleDetailSerializer.Meta.fields, "status", "edit_version", "is_public",
                  "created_at"]  # fmt: skip


class Text(serializers.CharField):
    """Text the database can store: no NUL (DRF refuses it) and no lone surrogates."""

    def to_internal_value(self, data) -> str:
        value = super().to_internal_value(data)
        if any("\ud800" <= char <= "\udfff" for char in value):
            raise serializers.ValidationError("Text holds invalid characters.")
        return value


class TagName(Text):
    """A tag's name must make a slug: its page's address is made from it."""

    def to_internal_value(self, data) -> str:
        value = super().to_internal_value(data).strip()
        # django-taggit's slug, which the tag page's address pattern must accept.
        if not TAG_SLUG.fullmatch(slugify(value, allow_unicode=True)):
            raise serializers.ValidationError(
                "A tag needs a letter or a digit (of any script); other signs are dropped."
            )
        return value


class ArticleWriteSerializer(serializers.Serializer):
    """What a staff tool may write; the admin's article form then checks it as it checks
    the admin's own input (``api.desk``). Status changes are the workflow's actions."""

    title = Text(max_length=300)
    slug = serializers.SlugField(
        max_length=200, required=False, help_text="The address's last part; made from the "
        "title when left out."
    )  # fmt: skip
    summary = Text(required=False, allow_blank=True)
    byline = Text(max_length=200, required=False, allow_blank=True)
    dateline = Text(max_length=200, required=False, allow_blank=True)
    body = Text(
        required=False,
        allow_blank=True,
        help_text="HTML (reduced to what the editor writes) or plain text, whose blank lines "
        'separate paragraphs; place a library photo with `<figure data-photo="ID"></figure>`.',
    )
    language = Text(max_length=35, required=False, allow_blank=True)
    section = serializers.SlugRelatedField(
        slug_field="slug", queryset=Section.objects.all(), required=False, allow_null=True
    )
    source = serializers.SlugRelatedField(
        slug_field="slug", queryset=Source.objects.all(), required=False, allow_null=True
    )
    agency = Text(max_length=200, required=False, allow_blank=True)
    original_url = Text(max_length=1000, required=False, allow_blank=True)
    original_published_at = serializers.DateTimeField(required=False, allow_null=True)
    syndication_policy = serializers.ChoiceField(
        choices=[("", "The source's"), *SyndicationPolicy.choices],
        required=False,
        allow_blank=True,
    )
    tags = serializers.ListField(child=TagName(max_length=100), required=False, max_length=50)
