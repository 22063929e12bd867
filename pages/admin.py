from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from articles.admin import URL_FIELD_OVERRIDES
from articles.forms import SafeInputAdmin

from .models import ContactMessage, Link, SiteSettings


@admin.register(SiteSettings)
class SiteSettingsAdmin(SafeInputAdmin, admin.ModelAdmin):
    """One row, edited in place: the list view goes straight to it."""

    autocomplete_fields = ["default_disclaimer", "social_image"]

    def changelist_view(self, request: HttpRequest, extra_context=None):
        settings_row = SiteSettings.load()
        return HttpResponseRedirect(
            reverse("admin:pages_sitesettings_change", args=[settings_row.pk])
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Link)
class LinkAdmin(SafeInputAdmin, admin.ModelAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["title", "url", "group", "order", "in_footer"]
    list_editable = ["order", "in_footer"]
    list_filter = ["group", "in_footer"]
    search_fields = ["title", "url", "description"]


@admin.register(ContactMessage)
class ContactMessageAdmin(SafeInputAdmin, admin.ModelAdmin):
    list_display = ["subject", "name", "email", "status", "created_at"]
    list_filter = ["status", "created_at"]
    search_fields = ["subject", "name", "email", "message"]
    date_hierarchy = "created_at"
    readonly_fields = ["name", "email", "subject", "message", "created_at", "ip_address"]
    fields = ["status", "name", "email", "subject", "message", "created_at", "ip_address"]
    actions = ["mark_read", "mark_answered"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Mark as read"), permissions=["change"])
    def mark_read(self, request: HttpRequest, queryset: QuerySet[ContactMessage]) -> None:
        updated = queryset.update(status=ContactMessage.Status.READ)
        self.message_user(request, _("%d messages marked read.") % updated, messages.SUCCESS)

    @admin.action(description=_("Mark as answered"), permissions=["change"])
    def mark_answered(self, request: HttpRequest, queryset: QuerySet[ContactMessage]) -> None:
        updated = queryset.update(status=ContactMessage.Status.ANSWERED)
        self.message_user(request, _("%d messages marked answered.") % updated, messages.SUCCESS)
