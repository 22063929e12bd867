"""The wire in the admin: partner feeds with their health, and the inbox ("Wire") where an
editor imports or ignores items with one click. Imported from ``reprints.admin``.
"""

from __future__ import annotations

import datetime
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.admin import URL_FIELD_OVERRIDES, SourceAdmin
from articles.forms import SafeInputAdmin
from articles.models import Source

from . import inbox, ingest
from .models import Feed, FeedHealth, IngestItem, ItemStatus


def start_of_today() -> datetime.datetime:
    return timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)


class FeedHealthFilter(admin.SimpleListFilter):
    title = _("health")
    parameter_name = "health"

    def lookups(self, request, model_admin):
        return FeedHealth.choices

    def queryset(self, request, queryset):
        value = self.value()
        if value == FeedHealth.PAUSED:
            return queryset.filter(active=False)
        if value == FeedHealth.FAILING:
            return queryset.filter(active=True, consecutive_failures__gt=0)
        if value == FeedHealth.WAITING:
            return queryset.filter(active=True, last_fetched_at__isnull=True)
        if value == FeedHealth.OK:
            return queryset.filter(
                active=True, consecutive_failures=0, last_fetched_at__isnull=False
            )
        return queryset


@admin.register(Feed)
class FeedAdmin(SafeInputAdmin, admin.ModelAdmin):
    """Each feed's health at a glance: last fetch and result, last error, items today,
    next poll. "Poll now" fetches the chosen feeds at once, due or not."""

    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = [
        "feed",
        "source",
        "format",
        "health_label",
        "auto_import",
        "last_fetched_at",
        "last_result",
        "error_summary",
        "items_today",
        "next_poll",
    ]
    list_select_related = ["source"]
    list_filter = [FeedHealthFilter, "active", "auto_import", "format", "source"]
    search_fields = ["url", "title", "source__name"]
    autocomplete_fields = ["source", "section"]
    actions = ["poll_now", "pause", "resume"]
    fieldsets = [
        (None, {"fields": ["source", "url", "active", "auto_import", "poll_minutes"]}),
        (_("Articles it brings"), {"fields": ["section", "tags"]}),
        (
            _("Health"),
            {
                "fields": [
                    "title",
                    "format",
                    "health_label",
                    "last_fetched_at",
                    "last_success_at",
                    "last_result",
                    "consecutive_failures",
                    "last_error",
                    "last_error_at",
                    "next_poll_at",
                ]
            },
        ),
    ]
    readonly_fields = fieldsets[2][1]["fields"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Feed]:
        # A subquery per feed reads its index (feed, created_at) for today only, where a
        # join would aggregate every item the feed ever brought.
        today = (
            IngestItem.objects.filter(feed=OuterRef("pk"), created_at__gte=start_of_today())
            .order_by()
            .values("feed")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super().get_queryset(request).annotate(items_today_count=Coalesce(Subquery(today), 0))
        )

    def save_model(self, request, obj: Feed, form, change: bool) -> None:
        if change and {"url", "active"} & set(form.changed_data):
            obj.next_poll_at = timezone.now()  # a new address or a resumed feed: poll it soon
            obj.consecutive_failures = 0
            obj.etag = obj.last_modified = obj.content_hash = ""
        super().save_model(request, obj, form, change)

    @admin.display(description=_("feed"), ordering="url")
    def feed(self, obj: Feed) -> str:
        return obj.title or obj.url

    @admin.display(description=_("health"))
    def health_label(self, obj: Feed) -> str:
        return obj.health.label

    @admin.display(description=_("last error"))
    def error_summary(self, obj: Feed) -> str:
        if not obj.last_error:
            return "—"
        when = timezone.localtime(obj.last_error_at) if obj.last_error_at else None
        text = Truncator(obj.last_error).chars(120)
        return f"{when:%Y-%m-%d %H:%M}: {text}" if when else text

    @admin.display(description=_("items today"), ordering="items_today_count")
    def items_today(self, obj: Feed) -> str:
        count = getattr(obj, "items_today_count", None)
        if count is None:
            count = obj.items.filter(created_at__gte=start_of_today()).count()
        query = urlencode({"feed__id__exact": obj.pk, "created_at__gte": start_of_today()})
        url = reverse("admin:reprints_ingestitem_changelist")
        return format_html('<a href="{}?{}">{}</a>', url, query, count)

    @admin.display(description=_("next poll"), ordering="next_poll_at")
    def next_poll(self, obj: Feed) -> str:
        if not obj.active:
            return str(FeedHealth.PAUSED.label)
        return f"{timezone.localtime(obj.next_poll_at):%Y-%m-%d %H:%M}"

    @admin.action(description=_("Poll now"), permissions=["change"])
    def poll_now(self, request: HttpRequest, queryset: QuerySet[Feed]) -> None:
        results = ingest.poll_due(feeds=queryset.select_related("source"))
        for result in results:
            level = messages.ERROR if result.status == ingest.FAILED else messages.SUCCESS
            self.message_user(request, result.line(), level)

    @admin.action(description=_("Pause the chosen feeds"), permissions=["change"])
    def pause(self, request: HttpRequest, queryset: QuerySet[Feed]) -> None:
        count = queryset.update(active=False)
        self.message_user(request, ngettext("%d feed paused.", "%d feeds paused.", count) % count)

    @admin.action(description=_("Resume the chosen feeds"), permissions=["change"])
    def resume(self, request: HttpRequest, queryset: QuerySet[Feed]) -> None:
        count = queryset.update(active=True, next_poll_at=timezone.now(), consecutive_failures=0)
        self.message_user(request, ngettext("%d feed resumed.", "%d feeds resumed.", count) % count)


@admin.register(IngestItem)
class IngestItemAdmin(SafeInputAdmin, admin.ModelAdmin):
    """The inbox: what partners' feeds brought, newest first. Read-only but for the two
    actions; an import makes a draft through the reprint importer."""

    list_display = [
        "title",
        "source",
        "status",
        "published_at",
        "created_at",
        "result",
    ]
    list_display_links = ["title"]
    list_select_related = ["feed__source", "article"]
    list_filter = [
        "status",
        ("feed__source", admin.RelatedOnlyFieldListFilter),
        "created_at",
        "published_at",
        "feed",
    ]
    search_fields = ["title"]
    date_hierarchy = "created_at"
    actions = ["import_as_drafts", "ignore"]
    fields = [
        "title",
        "feed",
        "status",
        "original",
        "guid",
        "author",
        "language",
        "published_at",
        "created_at",
        "summary",
        "article",
        "error",
        "handled_at",
        "handled_by",
        "has_full_text",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_import_permission(self, request: HttpRequest) -> bool:
        # An import makes an article: those who may add articles may import.
        return self.has_change_permission(request) and request.user.has_perm("articles.add_article")

    @admin.display(description=_("source"), ordering="feed__source__name")
    def source(self, obj: IngestItem) -> str:
        return obj.feed.source.name

    @admin.display(description=_("original"))
    def original(self, obj: IngestItem) -> str:
        if not obj.link:
            return "—"
        return format_html('<a href="{}" rel="noopener noreferrer">{}</a>', obj.link, obj.link)

    @admin.display(description=_("full text in the feed"), boolean=True)
    def has_full_text(self, obj: IngestItem) -> bool:
        return bool(obj.content)

    @admin.display(description=_("article or error"))
    def result(self, obj: IngestItem) -> str:
        if obj.article_id:
            url = reverse("admin:articles_article_change", args=[obj.article_id])
            return format_html('<a href="{}">{}</a>', url, obj.article.title)
        if obj.error:
            return Truncator(obj.error).chars(100)
        return ""

    @admin.action(description=_("Import as drafts"), permissions=["import"])
    def import_as_drafts(self, request: HttpRequest, queryset: QuerySet[IngestItem]) -> None:
        results = inbox.import_items(
            queryset.select_related("feed__source", "feed__section").order_by("created_at"),
            user=request.user,
        )
        imported = sum(result.status == ItemStatus.IMPORTED for result in results)
        for result in results:
            if result.status != ItemStatus.IMPORTED:
                level = messages.ERROR if result.status == ItemStatus.FAILED else messages.WARNING
                self.message_user(request, result.line(), level)
        self.message_user(
            request,
            ngettext("%d item imported as a draft.", "%d items imported as drafts.", imported)
            % imported,
            messages.SUCCESS if imported else messages.WARNING,
        )

    @admin.action(description=_("Ignore"), permissions=["change"])
    def ignore(self, request: HttpRequest, queryset: QuerySet[IngestItem]) -> None:
        count = inbox.ignore_items(queryset, user=request.user)
        self.message_user(request, ngettext("%d item ignored.", "%d items ignored.", count) % count)


class FeedInline(admin.TabularInline):
    """A source's feeds, added where the partner is described."""

    model = Feed
    extra = 0
    formfield_overrides = URL_FIELD_OVERRIDES
    fields = ["url", "active", "auto_import", "section", "tags", "poll_minutes", "health_label"]
    readonly_fields = ["health_label"]
    autocomplete_fields = ["section"]

    @admin.display(description=_("health"))
    def health_label(self, obj: Feed) -> str:
        return obj.health.label if obj.pk else ""


class ReprintSourceAdmin(SourceAdmin):
    """The source admin with its partner feeds (``articles`` knows nothing of the wire)."""

    inlines = [*SourceAdmin.inlines, FeedInline]


admin.site.unregister(Source)
admin.site.register(Source, ReprintSourceAdmin)
