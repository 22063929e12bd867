from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.urls import path
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .forms import ArticlePhotoForm, TagAutocompleteView, TagAutocompleteWidget, TagNamesField
from .models import (
    Article,
    ArticlePhoto,
    Correction,
    Disclaimer,
    Photo,
    Section,
    Source,
    TaggedArticle,
)
from .publishing import publish_article, unpublish_article

THUMBNAIL_WIDTH = 120
# Django 6 makes "https" the scheme assumed for URLs typed without one; opt in now.
URL_FIELD_OVERRIDES = {models.URLField: {"assume_scheme": "https"}}


def thumbnail(photo: Photo | None, width: int = THUMBNAIL_WIDTH) -> str:
    if photo is None or not photo.image:
        return "—"
    height = round(width * photo.height / photo.width) if photo.width else width
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" style="object-fit:cover">',
        photo.image.url,
        photo.alt_text,
        width,
        height,
    )


@admin.register(Disclaimer)
class DisclaimerAdmin(admin.ModelAdmin):
    list_display = ["name", "excerpt"]
    search_fields = ["name", "body"]

    @admin.display(description=_("text"))
    def excerpt(self, obj: Disclaimer) -> str:
        return obj.body[:120]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["name", "syndication_policy", "homepage_url", "article_count"]
    list_filter = ["syndication_policy"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["default_disclaimer"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Source]:
        return super().get_queryset(request).annotate(article_count=Count("articles"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj: Source) -> int:
        return obj.article_count


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Photo)
class PhotoAdmin(admin.ModelAdmin):
    list_display = ["preview", "__str__", "credit", "source", "created_at"]
    list_select_related = ["source"]
    list_filter = ["source", "created_at"]
    search_fields = ["caption", "credit", "alt_text"]
    date_hierarchy = "created_at"
    autocomplete_fields = ["source"]
    readonly_fields = ["preview", "width", "height", "created_at"]
    fields = ["image", "preview", "alt_text", "caption", "credit", "source", "width", "height"]

    @admin.display(description=_("preview"))
    def preview(self, obj: Photo) -> str:
        return thumbnail(obj if obj.pk else None)


class ArticlePhotoInline(admin.StackedInline):
    model = ArticlePhoto
    form = ArticlePhotoForm
    extra = 1
    autocomplete_fields = ["photo"]
    readonly_fields = ["preview"]
    fields = [
        "preview",
        "photo",
        ("new_image", "new_alt_text"),
        ("new_caption", "new_credit"),
        "caption_override",
        "position",
    ]
    verbose_name = _("photo")
    verbose_name_plural = _("photos")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ArticlePhoto]:
        return super().get_queryset(request).select_related("photo")

    @admin.display(description=_("preview"))
    def preview(self, obj: ArticlePhoto) -> str:
        return thumbnail(obj.photo if obj.pk else None)


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0
    fields = ["created_at", "text"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["title", "status", "is_public", "published_at", "section", "source"]
    list_select_related = ["section", "source"]
    list_filter = ["status", "section", "source", "published_at"]
    search_fields = ["title", "summary", "byline", "source__name"]
    search_help_text = _("Search headlines, summaries, bylines and source names.")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["section", "source", "disclaimer"]
    inlines = [ArticlePhotoInline, CorrectionInline]
    actions = ["publish_selected", "unpublish_selected"]
    readonly_fields = ["created_at", "created_by", "updated_at", "updated_by"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "byline", "dateline", "body"]}),
        (_("Filing"), {"fields": ["section", "tags"]}),
        (
            _("Reprint credit"),
            {
                "fields": ["source", "agency", "original_url", "disclaimer", "syndication_policy"],
                "description": _("Leave empty for our own stories."),
            },
        ),
        (_("Publishing"), {"fields": ["status", "published_at"]}),
        (
            _("History"),
            {
                "fields": [("created_at", "created_by"), ("updated_at", "updated_by")],
                "classes": ["collapse"],
            },
        ),
    ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            return TagNamesField(
                label=_("Tags"),
                required=False,
                widget=TagAutocompleteWidget(TaggedArticle._meta.get_field("tag"), self.admin_site),
                help_text=_("Type to find a tag; press Enter or a comma to add a new one."),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_urls(self):
        return [
            path(
                "tag-autocomplete/",
                self.admin_site.admin_view(TagAutocompleteView.as_view(admin_site=self.admin_site)),
                name="articles_article_tag_autocomplete",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("public"), boolean=True)
    def is_public(self, obj: Article) -> bool:
        return obj.is_published()

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publish selected articles"), permissions=["change"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = 0
        for article in queryset:
            publish_article(article=article, user=request.user)
            count += 1
        self.message_user(
            request,
            ngettext("Published %d article.", "Published %d articles.", count) % count,
            messages.SUCCESS,
        )

    @admin.action(description=_("Unpublish selected articles"), permissions=["change"])
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        count = 0
        for article in queryset:
            unpublish_article(article=article, user=request.user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "Unpublished %d article (back to draft).",
                "Unpublished %d articles (back to draft).",
                count,
            )
            % count,
            messages.SUCCESS,
        )
