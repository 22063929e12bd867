"""API tokens in the admin: created for a user, shown once, revoked with one action."""

from __future__ import annotations

from django.contrib import admin, messages
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ApiToken


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "key_start", "created_at", "expires_at", "last_used_at",
                    "is_active"]  # fmt: skip
    list_filter = [("revoked_at", admin.EmptyFieldListFilter), "expires_at"]
    search_fields = ["name", "user__username", "prefix"]
    autocomplete_fields = ["user"]
    readonly_fields = ["key_start", "created_at", "last_used_at", "revoked_at"]
    actions = ["revoke"]

    def get_fields(self, request: HttpRequest, obj: ApiToken | None = None):
        if obj is None:
            return ["user", "name", "expires_at"]
        return ["user", "name", "key_start", "expires_at", "created_at", "last_used_at",
                "revoked_at"]  # fmt: skip

    def get_readonly_fields(self, request: HttpRequest, obj: ApiToken | None = None):
        if obj is None:
            return []
        return [*self.readonly_fields, "user"]  # a token never changes hands

    @admin.display(description=_("key"))
    def key_start(self, obj: ApiToken) -> str:
        return f"nr_{obj.prefix}_…" if obj.prefix else ""

    @admin.display(description=_("usable"), boolean=True)
    def is_active(self, obj: ApiToken) -> bool:
        return obj.is_usable()

    def save_model(self, request: HttpRequest, obj: ApiToken, form, change: bool) -> None:
        if not change:
            # Kept on the instance for the one response that shows it (response_add).
            obj._key = obj.set_new_key()
        super().save_model(request, obj, form, change)

    def response_add(self, request: HttpRequest, obj: ApiToken, post_url_continue=None):
        """Show the key once, on a page of its own: never in a message (messages may be
        stored in a cookie) and never again (only its hash is kept)."""
        context = {
            **self.admin_site.each_context(request),
            "title": _("API token created"),
            "opts": self.opts,
            "token": obj,
            "key": obj._key,
        }
        response = TemplateResponse(request, "admin/api/apitoken/created.html", context)
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(description=_("Revoke the selected tokens"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset) -> None:
        count = queryset.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
        self.message_user(request, _("%(count)d token(s) revoked.") % {"count": count},
                          messages.SUCCESS)  # fmt: skip
