from __future__ import annotations

import datetime

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponseRedirect, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from js_asset import Media as JsAssetMedia
from reversion.admin import VersionAdmin
from reversion.models import Version

from . import autosave, embeds, history, preview, redirects
from .authors import own_author
from .forms import (
    ArticleAdminForm,
    ArticlePhotoForm,
    LibraryUploadForm,
    PhotoAdminForm,
    SafeInputAdmin,
    TagAutocompleteView,
    TagAutocompleteWidget,
    TagNamesField,
    without_nul,
)
from .models import (
    Article,
    ArticleAuthor,
    ArticleEvent,
    ArticlePhoto,
    ArticleRedirect,
    ArticleStatus,
    Author,
    Correction,
    Disclaimer,
    EditorialNote,
    EventAction,
    Photo,
    Pin,
    Section,
    Source,
    TaggedArticle,
    Video,
)
from .notifications import notify
from .workflow import (
    CreditMissing,
    can_edit,
    can_publish,
    publish_article,
    record,
    record_save,
    submit_for_review,
    unpublish_article,
    withdraw_article,
)

THUMBNAIL_WIDTH = 120
# Django 6 makes "https" the scheme assumed for URLs typed without one; opt in now.
URL_FIELD_OVERRIDES = {models.URLField: {"assume_scheme": "https"}}
BACKDATED_AFTER = datetime.timedelta(days=7)


def thumbnail(photo: Photo | None, width: int = THUMBNAIL_WIDTH) -> str:
    if photo is None or not photo.image:
        return "—"
    height = round(width * photo.height / photo.width) if photo.width else width
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}" style="object-fit:cover">',
        photo.thumbnail_url,
        photo.alt_text,
        width,
        height,
    )


@admin.register(Disclaimer)
class DisclaimerAdmin(SafeInputAdmin, admin.ModelAdmin):
    list_display = ["name", "excerpt"]
    search_fields = ["name", "body"]

    @admin.display(description=_("text"))
    def excerpt(self, obj: Disclaimer) -> str:
        return obj.body[:120]


@admin.register(Source)
class SourceAdmin(SafeInputAdmin, admin.ModelAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["name", "syndication_policy", "homepage_url", "article_count"]
    list_filter = ["syndication_policy"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["default_disclaimer"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Source]:
        # Ordered again: Meta.ordering does not apply to a GROUP BY query, and the
        # autocomplete paginates this queryset.
        return (
            super().get_queryset(request).annotate(article_count=Count("articles")).order_by("name")
        )

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj: Source) -> int:
        return obj.article_count


@admin.register(Section)
class SectionAdmin(SafeInputAdmin, admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(SafeInputAdmin, admin.ModelAdmin):
    """Our writers' profiles: the author pages readers see, and the credit on stories."""

    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["name", "role", "user", "story_count"]
    list_select_related = ["user"]
    search_fields = ["name", "role", "user__username"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["photo", "user"]
    fields = ["name", "slug", "role", "bio", "photo", "links", "user"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Author]:
        queryset = super().get_queryset(request).annotate(story_count=Count("credits"))
        return queryset.order_by(*Author._meta.ordering)  # as for sources: GROUP BY

    @admin.display(description=_("stories"), ordering="story_count")
    def story_count(self, obj: Author) -> int:
        return obj.story_count


class PhotoUsageFilter(admin.SimpleListFilter):
    title = _("use")
    parameter_name = "use"

    def lookups(self, request, model_admin):
        return [("used", _("Used in articles")), ("unused", _("Not used"))]

    def queryset(self, request, queryset):
        if self.value() == "used":
            return queryset.filter(usage_count__gt=0)
        if self.value() == "unused":
            return queryset.filter(usage_count=0)
        return queryset


@admin.register(Photo)
class PhotoAdmin(SafeInputAdmin, admin.ModelAdmin):
    """The photo library: find, reuse, re-crop and replace photos; see where each is used."""

    form = PhotoAdminForm
    list_display = ["preview", "__str__", "credit", "source", "usage", "created_at"]
    list_select_related = ["source"]
    list_filter = [PhotoUsageFilter, "source", "created_at"]
    search_fields = ["caption", "credit", "alt_text"]
    search_help_text = _("Search captions, credits and alt text.")
    date_hierarchy = "created_at"
    autocomplete_fields = ["source"]
    readonly_fields = ["focal_point_picker", "social_card_preview", "files", "used_in"]
    fieldsets = [
        (None, {"fields": ["image", "alt_text", "caption", "credit", "source"]}),
        (
            _("Social card crop"),
            {
                "fields": ["focal_point_picker", ("focal_x", "focal_y"), "social_card_preview"],
                "description": _(
                    "Shares on social networks show a 1200x630 crop of the photo, centred "
                    "on the focal point. Click the subject of the picture to move it."
                ),
            },
        ),
        (_("Files"), {"fields": ["files"], "classes": ["collapse"]}),
        (_("Where it is used"), {"fields": ["used_in"]}),
    ]

    class Media:
        js = ["js/admin-focal-point.js"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Photo]:
        queryset = super().get_queryset(request).annotate(usage_count=Count("usages"))
        return queryset.order_by(*Photo._meta.ordering)  # as for sources: GROUP BY

    def get_urls(self):
        return [
            path(
                "library/",
                self.admin_site.admin_view(self.library_view),
                name="articles_photo_library",
            ),
            path(
                "library/upload/",
                self.admin_site.admin_view(require_POST(self.library_upload_view)),
                name="articles_photo_library_upload",
            ),
            *super().get_urls(),
        ]

    def library_view(self, request: HttpRequest) -> JsonResponse:
        """The body editor's photo picker: photos by caption, credit or alt text (``q``),
        or one photo by ``id``, as JSON."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        photos = Photo.objects.all()
        if (photo_id := request.GET.get("id", "")).isdigit():
            photos = photos.filter(pk=int(photo_id))
        elif term := without_nul(request.GET.get("q", "")).strip()[:200]:
            photos = photos.filter(
                Q(caption__icontains=term) | Q(credit__icontains=term) | Q(alt_text__icontains=term)
            )
        return JsonResponse({"results": [library_entry(p) for p in photos[:LIBRARY_PAGE]]})

    def library_upload_view(self, request: HttpRequest) -> JsonResponse:
        """A new photo uploaded from the body editor, checked as the photo library checks
        one; the answer is the photo, or the form's errors."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = LibraryUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        photo = form.save()
        return JsonResponse({"photo": library_entry(photo)}, status=201)

    @admin.display(description=_("preview"))
    def preview(self, obj: Photo) -> str:
        return thumbnail(obj if obj.pk else None)

    @admin.display(description=_("used in"), ordering="usage_count")
    def usage(self, obj: Photo) -> str:
        count = obj.usage_count
        if not count:
            return _("not used")
        url = reverse("admin:articles_article_changelist")
        label = ngettext("%d article", "%d articles", count) % count
        return format_html('<a href="{}?photos__id__exact={}">{}</a>', url, obj.pk, label)

    @admin.display(description=_("focal point"))
    def focal_point_picker(self, obj: Photo) -> str:
        if not obj.pk:
            return _("Save the photo first.")
        return format_html(
            '<div class="focal-point-picker" style="position:relative;display:inline-block">'
            '<img src="{}" alt="{}" width="{}" height="{}" style="cursor:crosshair;'
            'max-width:100%;height:auto">'
            '<span class="focal-point-marker" aria-hidden="true" style="position:absolute;'
            "left:{}%;top:{}%;width:16px;height:16px;margin:-10px 0 0 -10px;"
            "border:2px solid #fff;border-radius:50%;box-shadow:0 0 0 2px #000;"
            'pointer-events:none"></span></div>',
            obj.fallback_url,
            obj.alt_text,
            min(obj.width, 480),
            round(min(obj.width, 480) * obj.height / obj.width) if obj.width else 0,
            obj.focal_x,
            obj.focal_y,
        )

    @admin.display(description=_("social card"))
    def social_card_preview(self, obj: Photo) -> str:
        card = obj.social_card
        if card is None:
            return "—"
        return format_html(
            '<img src="{}" alt="" width="{}" height="{}" style="max-width:100%;height:auto">'
            '<br><span class="help">{} x {} pixels</span>',
            card.url,
            min(card.width, 480),
            round(min(card.width, 480) * card.height / card.width),
            card.width,
            card.height,
        )

    @admin.display(description=_("stored files"))
    def files(self, obj: Photo) -> str:
        if not obj.pk:
            return "—"
        rows = [(obj.image.url, _("Master"), obj.width, obj.height, obj.file_size)]
        renditions = obj.renditions or {}
        for item in [*renditions.get("sources", []), renditions.get("social")]:
            if item:
                label = item["format"].upper()
                rows.append(
                    (
                        obj.image.storage.url(item["name"]),
                        label,
                        item["width"],
                        item["height"],
                        item["bytes"],
                    )
                )
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> {} x {}, {} bytes</li>',
                rows,
            ),
        )

    @admin.display(description=_("used in"))
    def used_in(self, obj: Photo) -> str:
        usages = list(obj.usages.select_related("article").order_by("-article__published_at"))
        if not usages:
            return _("No article uses this photo: it can be deleted.")
        return format_html(
            "<p>{}</p><ul>{}</ul>",
            ngettext("Used in %d article.", "Used in %d articles.", len(usages)) % len(usages),
            format_html_join("", "<li>{}</li>", ((usage_link(u),) for u in usages)),
        )

    def get_deleted_objects(self, objs, request):
        """A photo in use is protected: name the articles, with links, instead of rows."""
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        if protected:
            usages = ArticlePhoto.objects.filter(photo__in=list(objs)).select_related(
                "article", "photo"
            )
            protected = [
                format_html(
                    "{} “{}” — {}",
                    _("Photo"),
                    usage.photo,
                    usage_link(usage),
                )
                for usage in usages
            ]
        return deleted, counts, perms_needed, protected


LIBRARY_PAGE = 24


def library_entry(photo: Photo) -> dict:
    return {
        "id": photo.pk,
        "thumbnail": photo.thumbnail_url if photo.image else "",
        "alt": photo.alt_text,
        "caption": photo.caption,
        "credit": photo.credit,
    }


def object_or_403(
    model_admin: admin.ModelAdmin, request: HttpRequest, object_id: str, *, change: bool = False
) -> models.Model:
    """The object an admin's own extra view (history, compare, restore, undo) acts on.

    403 unless this user may view it (``change``: change it); a missing object is a 403
    too, so the answer never tells someone without the permission which ids exist.
    """
    obj = model_admin.get_object(request, unquote(object_id))
    allowed = (
        model_admin.has_change_permission if change else model_admin.has_view_or_change_permission
    )
    if obj is None or not allowed(request, obj):
        raise PermissionDenied
    return obj


def usage_link(usage: ArticlePhoto) -> str:
    """An article using a photo, linked to its admin page, with its state."""
    article = usage.article
    return format_html(
        '{} <a href="{}">{}</a> ({})',
        _("used in the article"),
        reverse("admin:articles_article_change", args=[article.pk]),
        article.title,
        article.get_status_display(),
    )


class ArticlePhotoInline(SafeInputAdmin, admin.StackedInline):
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
        # Photos placed in the body are kept by the body itself (articles.embeds).
        return super().get_queryset(request).filter(in_body=False).select_related("photo")

    @admin.display(description=_("preview"))
    def preview(self, obj: ArticlePhoto) -> str:
        return thumbnail(obj.photo if obj.pk else None)


class ArticleAuthorInline(SafeInputAdmin, admin.TabularInline):
    """Our writers credited on the story, in byline order. A reprint keeps the original's
    byline as text instead."""

    model = ArticleAuthor
    extra = 1
    autocomplete_fields = ["author"]
    fields = ["author", "position"]
    verbose_name = _("author")
    verbose_name_plural = _("authors (our own writers; a reprint keeps its byline as text)")

    def get_queryset(self, request: HttpRequest) -> QuerySet[ArticleAuthor]:
        return super().get_queryset(request).select_related("author")


class CorrectionInline(admin.TabularInline):
    """Corrections are an editor's public statement: writers see them, editors add them."""

    model = Correction
    extra = 0
    fields = ["created_at", "text"]

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return can_publish(request.user)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return can_publish(request.user)

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return can_publish(request.user)


class ArticleEventInline(admin.TabularInline):
    """The audit trail, read-only: who submitted, published, scheduled, withdrew, restored."""

    model = ArticleEvent
    extra = 0
    fields = ["at", "action", "user", "note"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("workflow history")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[ArticleEvent]:
        return super().get_queryset(request).select_related("user")


class EditorialNoteInline(admin.TabularInline):
    """Internal notes, newest first; added with the form's note field, never edited."""

    model = EditorialNote
    extra = 0
    fields = ["created_at", "author", "text"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("internal notes (staff only)")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> QuerySet[EditorialNote]:
        return super().get_queryset(request).select_related("author")


class OwnerFilter(admin.SimpleListFilter):
    """ "My articles": what the dashboard's "my drafts" links to."""

    title = _("writer")
    parameter_name = "mine"

    def lookups(self, request, model_admin):
        return [("1", _("Mine"))]

    def queryset(self, request, queryset):
        if self.value() == "1":
            return queryset.filter(created_by=request.user)
        return queryset


class PublicationStateFilter(admin.SimpleListFilter):
    """Status as readers experience it: "published" splits into live and scheduled."""

    title = _("publication state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("draft", _("Draft")),
            ("review", _("Waiting for review")),
            ("scheduled", _("Scheduled")),
            ("live", _("Live")),
            ("withdrawn", _("Withdrawn")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "scheduled":
            return queryset.scheduled()
        if value == "live":
            return queryset.published()
        if value in {"draft", "review", "withdrawn"}:
            return queryset.filter(status=value)
        return queryset


@admin.register(Article)
class ArticleAdmin(SafeInputAdmin, VersionAdmin):
    form = ArticleAdminForm
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["title", "status", "is_public", "published_at", "section", "source"]
    list_select_related = ["section", "source"]
    list_filter = [
        PublicationStateFilter,
        OwnerFilter,
        "status",
        "section",
        "source",
        "published_at",
    ]
    search_fields = ["title", "summary", "byline", "source__name"]
    search_help_text = _("Search headlines, summaries, bylines and source names.")
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["section", "source", "disclaimer"]
    inlines = [
        ArticleAuthorInline,
        ArticlePhotoInline,
        CorrectionInline,
        EditorialNoteInline,
        ArticleEventInline,
    ]
    actions = [
        "submit_selected",
        "publish_selected",
        "unpublish_selected",
        "withdraw_selected",
    ]
    readonly_fields = [
        "preview_link",
        "autosave_status",
        "created_at",
        "created_by",
        "updated_at",
        "updated_by",
    ]
    save_on_top = True

    class Media:
        js = ["js/admin-a11y.js", "js/admin-autosave.js"]
        css = {"all": ["css/admin-a11y.css"]}

    object_history_template = "admin/articles/article/history.html"
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "byline", "dateline", "body", "language"]}),
        (_("Filing"), {"fields": ["section", "tags"]}),
        (
            _("Reprint credit"),
            {
                "fields": [
                    "source",
                    "agency",
                    "original_url",
                    "original_published_at",
                    "disclaimer",
                    "syndication_policy",
                ],
                "description": _("Leave empty for our own stories."),
            },
        ),
        (
            _("Publishing"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "note",
                    "preview_link",
                    "autosave_status",
                    "base_version",
                ],
                "description": _(
                    "Writers save drafts and submit them for review; editors publish. "
                    "A publication date in the future schedules the article."
                ),
            },
        ),
        (
            _("History"),
            {
                "fields": [("created_at", "created_by"), ("updated_at", "updated_by")],
                "classes": ["collapse"],
            },
        ),
    ]

    # --- permissions: enforced here, on the server, whatever the form shows ------------

    def has_publish_permission(self, request: HttpRequest) -> bool:
        return can_publish(request.user)

    def has_change_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        if not super().has_change_permission(request, obj):
            return False
        return obj is None or can_edit(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Article | None = None) -> bool:
        """Published or withdrawn articles are withdrawn, not deleted (superusers excepted)."""
        if not super().has_delete_permission(request, obj):
            return False
        if obj is None or request.user.is_superuser:
            return True
        return obj.status in {ArticleStatus.DRAFT, ArticleStatus.REVIEW} and can_edit(
            request.user, obj
        )

    def get_readonly_fields(self, request: HttpRequest, obj: Article | None = None):
        fields = list(super().get_readonly_fields(request, obj))
        if not can_publish(request.user):
            fields.append("published_at")
        return fields

    def get_form(self, request: HttpRequest, obj: Article | None = None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        # The form needs the user to limit statuses and to name the other party in a conflict.
        return type(form.__name__, (form,), {"current_user": request.user})

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "tags":
            return TagNamesField(
                label=_("Tags"),
                required=False,
                widget=TagAutocompleteWidget(TaggedArticle._meta.get_field("tag"), self.admin_site),
                help_text=_("Type to find a tag; press Enter or a comma to add a new one."),
            )
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The editor's import map is an inline script: it carries this response's CSP nonce.
        context["media"] = JsAssetMedia.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        starting = isinstance(inline, ArticleAuthorInline) and obj.pk is None
        # A writer's new story starts credited to the writer (shown, so they can change it).
        if starting and request.method == "GET" and (author := own_author(request.user)):
            kwargs["initial"] = [{"author": author.pk, "position": 0}]
        return kwargs

    def get_urls(self):
        info = self.model._meta.app_label, self.model._meta.model_name
        return [
            path(
                "tag-autocomplete/",
                self.admin_site.admin_view(TagAutocompleteView.as_view(admin_site=self.admin_site)),
                name="articles_article_tag_autocomplete",
            ),
            path(
                "autosave/",
                self.admin_site.admin_view(require_POST(self.autosave_view)),
                name="articles_article_autosave",
            ),
            path(
                "autosave/discard/",
                self.admin_site.admin_view(require_POST(self.autosave_discard_view)),
                name="articles_article_autosave_discard",
            ),
            path(
                "<path:object_id>/history/compare/",
                self.admin_site.admin_view(self.compare_view),
                name="{}_{}_compare".format(*info),
            ),
            path(
                "<path:object_id>/history/restore/<int:version_id>/",
                self.admin_site.admin_view(require_POST(self.restore_view)),
                name="{}_{}_restore".format(*info),
            ),
            *super().get_urls(),
        ]

    # --- list and form display -------------------------------------------------------

    @admin.display(description=_("public"), boolean=True)
    def is_public(self, obj: Article) -> bool:
        return obj.is_published()

    @admin.display(description=_("preview link"))
    def preview_link(self, obj: Article) -> str:
        if not obj.pk:
            return _("Save the article first.")
        url, expires = preview.make_link(obj)
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a><br>'
            '<span class="help">For someone without an account; works until {} '
            "and stops working if altered.</span>",
            url,
            url,
            timezone.localtime(expires).strftime("%Y-%m-%d %H:%M %Z"),
        )

    @admin.display(description=_("autosave"))
    def autosave_status(self, obj: Article) -> str:
        """Where the form's script reports its copies (none without JavaScript)."""
        return format_html(
            '<span class="autosave-status" role="status" aria-live="polite" data-url="{}" '
            'data-article="{}" data-seconds="{}">{}</span>',
            reverse("admin:articles_article_autosave"),
            obj.pk or "",
            autosave.interval_seconds(),
            _("Unsaved work is copied every %(seconds)d seconds while you type.")
            % {"seconds": autosave.interval_seconds()},
        )

    # --- autosave: a per-user copy, offered back, never the article ---------------------

    def autosave_view(self, request: HttpRequest) -> JsonResponse:
        article = None
        if article_id := request.POST.get("article", ""):
            article = object_or_403(self, request, article_id, change=True)
        elif not self.has_add_permission(request):
            raise PermissionDenied
        version = request.POST.get("base_version", "")
        copy = autosave.store(
            user=request.user,
            article=article,
            data=request.POST,
            base_version=int(version) if version.isdigit() else None,
        )
        when = timezone.localtime(copy.saved_at).strftime("%H:%M:%S")
        return JsonResponse(
            {"saved_at": copy.saved_at.isoformat(), "message": _("Copy kept at %s.") % when}
        )

    def autosave_discard_view(self, request: HttpRequest) -> HttpResponseRedirect:
        article = None
        if article_id := request.POST.get("article", ""):
            article = object_or_403(self, request, article_id)
        autosave.discard(user=request.user, article=article)
        self.message_user(request, _("Your unsaved copy was discarded."), messages.INFO)
        if article is None:
            return HttpResponseRedirect(reverse("admin:articles_article_add"))
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def offer_autosave(self, request: HttpRequest, article: Article | None) -> None:
        """Tell the person reopening an article that a copy of unsaved work is waiting."""
        if request.method != "GET" or autosave.RESTORE_PARAMETER in request.GET:
            return
        copy = autosave.pending(user=request.user, article=article)
        if copy is None:
            return
        self.message_user(
            request,
            format_html(
                '{} <a href="?{}=1">{}</a> '
                '<form method="post" action="{}" class="inline-form">'
                '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
                '<input type="hidden" name="article" value="{}">'
                '<button type="submit">{}</button></form>',
                _("You have unsaved changes from %(when)s.")
                % {"when": timezone.localtime(copy.saved_at).strftime("%Y-%m-%d %H:%M")},
                autosave.RESTORE_PARAMETER,
                _("Restore them"),
                reverse("admin:articles_article_autosave_discard"),
                get_token(request),
                article.pk if article else "",
                _("Discard them"),
            ),
            messages.WARNING,
        )

    def get_object(self, request: HttpRequest, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if (
            article is not None
            and request.method == "GET"
            and autosave.RESTORE_PARAMETER in request.GET
            and (copy := autosave.pending(user=request.user, article=article))
        ):
            autosave.restore_onto(article, copy)
        return article

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        initial = super().get_changeform_initial_data(request)
        initial.pop(autosave.RESTORE_PARAMETER, None)
        if autosave.RESTORE_PARAMETER in request.GET and (
            copy := autosave.pending(user=request.user, article=None)
        ):
            initial.update(copy.data)
        return initial

    def add_view(self, request: HttpRequest, form_url="", extra_context=None):
        self.offer_autosave(request, None)
        return super().add_view(request, form_url, extra_context)

    def change_view(self, request: HttpRequest, object_id, form_url="", extra_context=None):
        article = self.get_object(request, unquote(object_id))
        if article is not None and self.has_change_permission(request, article):
            self.offer_autosave(request, article)
        return super().change_view(request, object_id, form_url, extra_context)

    # --- saving: stamps, audit, warnings -----------------------------------------------

    def save_model(self, request: HttpRequest, obj: Article, form, change: bool) -> None:
        stored = Article.objects.filter(pk=obj.pk).values_list("status", "published_at").first()
        old_status, old_published_at = stored if stored else (None, None)
        old_path = redirects.public_path(obj)
        if not change:
            obj.created_by = request.user
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        redirects.keep_old_address(article=obj, old_path=old_path)
        embeds.remember_videos(obj.body)
        note = form.cleaned_data.get("note", "").strip()
        if note:
            EditorialNote.objects.create(article=obj, author=request.user, text=note)
        events = record_save(
            article=obj,
            user=request.user,
            old_status=old_status,
            old_published_at=old_published_at,
        )
        notify(article=obj, events=events, note=note)
        autosave.discard(user=request.user, article=obj)
        if not change:
            autosave.discard(user=request.user, article=None)
        backdated = obj.published_at and obj.published_at < timezone.now() - BACKDATED_AFTER
        if backdated and (not change or old_published_at != obj.published_at):
            self.message_user(
                request,
                _("Back-dated: this article's publication date is %(date)s.")
                % {"date": timezone.localtime(obj.published_at).strftime("%Y-%m-%d %H:%M")},
                messages.WARNING,
            )

    def save_formset(self, request, form, formset, change):
        if formset.model is ArticlePhoto:
            # A photo both placed in the body and added below: one placement row, this one.
            chosen = [
                row.cleaned_data["photo"]
                for row in formset.forms
                if row.cleaned_data.get("photo") and not row.cleaned_data.get("DELETE")
            ]
            ArticlePhoto.objects.filter(
                article=form.instance, in_body=True, photo__in=chosen
            ).delete()
        instances = formset.save()
        if formset.model is Correction:
            for correction in instances:
                if correction in formset.new_objects:
                    record(
                        article=form.instance,
                        action=EventAction.CORRECTED,
                        user=request.user,
                        note=correction.text[:200],
                    )

    # --- history: compare two versions, restore one ------------------------------------

    def history_view(self, request: HttpRequest, object_id, extra_context=None):
        article = object_or_403(self, request, object_id)
        versions = (
            Version.objects.get_for_object(article)
            .select_related("revision__user")
            .order_by("-revision__date_created", "-pk")
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("History: %s") % article,
            "opts": self.model._meta,
            "object": article,
            "versions": versions,
            "can_restore": self.has_change_permission(request, article),
            "events": article.events.select_related("user"),
        }
        return TemplateResponse(request, self.object_history_template, context)

    def compare_view(self, request: HttpRequest, object_id):
        article = object_or_403(self, request, object_id)
        versions = Version.objects.get_for_object(article)
        old = get_object_or_404(versions, pk=request.GET.get("from") or 0)
        new = get_object_or_404(versions, pk=request.GET.get("to") or 0)
        if old.revision.date_created > new.revision.date_created:
            old, new = new, old
        try:
            diffs = history.compare(old, new)
        except history.RestoreError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(self._history_url(article))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Changes to %s") % article,
            "opts": self.model._meta,
            "object": article,
            "old": old,
            "new": new,
            "diffs": diffs,
            "can_restore": self.has_change_permission(request, article),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def restore_view(self, request: HttpRequest, object_id, version_id: int):
        article = object_or_403(self, request, object_id, change=True)
        version = get_object_or_404(Version.objects.get_for_object(article), pk=version_id)
        try:
            history.restore_version(article=article, version=version, user=request.user)
        except history.RestoreError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(self._history_url(article))
        self.message_user(
            request,
            _("Restored the version of %(date)s as a new revision.")
            % {
                "date": timezone.localtime(version.revision.date_created).strftime("%Y-%m-%d %H:%M")
            },
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:articles_article_change", args=[article.pk]))

    def revision_view(self, request: HttpRequest, object_id, version_id, extra_context=None):
        """django-reversion's revert form would bypass the restore rules: compare instead."""
        article = object_or_403(self, request, object_id)
        latest = Version.objects.get_for_object(article).first()
        url = reverse("admin:articles_article_compare", args=[article.pk])
        return HttpResponseRedirect(f"{url}?from={version_id}&to={latest.pk if latest else ''}")

    def _history_url(self, article: Article) -> str:
        return reverse("admin:articles_article_history", args=[article.pk])

    # --- bulk actions ------------------------------------------------------------------

    def _bulk(self, request, queryset, action, done: str, skipped_states=()) -> None:
        count = 0
        for article in queryset:
            if article.status in skipped_states:
                continue
            action(article=article, user=request.user)
            count += 1
        self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Submit selected drafts for review"), permissions=["change"])
    def submit_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        editable = [a for a in queryset if can_edit(request.user, a)]
        for article in editable:
            submit_for_review(article=article, user=request.user)
        self.message_user(
            request,
            ngettext("%d article submitted.", "%d articles submitted.", len(editable))
            % len(editable),
        )

    @admin.action(description=_("Publish selected articles"), permissions=["publish"])
    def publish_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        """Publish each article; say which went live, which wait for their date, and why not."""
        live, scheduled, already, refused = [], [], [], []
        for article in queryset.select_related("source"):
            if article.is_published():
                already.append(article)
                continue
            try:
                publish_article(article=article, user=request.user)
            except CreditMissing as exc:
                refused.append((article, str(exc)))
                continue
            (scheduled if article.is_scheduled() else live).append(article)
        if live:
            self.message_user(
                request,
                ngettext("Published %d article.", "Published %d articles.", len(live)) % len(live),
                messages.SUCCESS,
            )
        for article in scheduled:
            self.message_user(
                request,
                _("“%(title)s” is scheduled for %(date)s.")
                % {
                    "title": article.title,
                    "date": timezone.localtime(article.published_at).strftime("%Y-%m-%d %H:%M"),
                },
                messages.SUCCESS,
            )
        if already:
            self.message_user(
                request,
                ngettext(
                    "%d article was already live.", "%d articles were already live.", len(already)
                )
                % len(already),
                messages.INFO,
            )
        for article, reason in refused:
            self.message_user(
                request,
                _("“%(title)s” was not published. %(reason)s")
                % {"title": article.title, "reason": reason},
                messages.ERROR,
            )

    @admin.action(
        description=_("Unpublish selected articles (back to draft)"), permissions=["publish"]
    )
    def unpublish_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._bulk(request, queryset, unpublish_article, _("Unpublished %(count)d article(s)."))

    @admin.action(description=_("Withdraw selected articles (410 Gone)"), permissions=["publish"])
    def withdraw_selected(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        self._bulk(
            request,
            queryset,
            withdraw_article,
            _("Withdrew %(count)d article(s)."),
            skipped_states={ArticleStatus.WITHDRAWN},
        )


@admin.register(Pin)
class PinAdmin(SafeInputAdmin, admin.ModelAdmin):
    """Lead stories: up to three public stories pinned above Newest, in order, each until
    an optional end time (no job needed: Newest asks "still pinned?" as it is built)."""

    list_display = ["position", "article", "until", "in_force", "pinned_by"]
    list_select_related = ["article", "pinned_by"]
    list_editable = ["until"]
    autocomplete_fields = ["article"]
    fields = ["position", "article", "until"]

    @admin.display(description=_("in force"), boolean=True)
    def in_force(self, obj: Pin) -> bool:
        return obj.is_active()

    def save_model(self, request: HttpRequest, obj: Pin, form, change: bool) -> None:
        obj.pinned_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Video)
class VideoAdmin(SafeInputAdmin, admin.ModelAdmin):
    """Videos placed in bodies: the title and poster readers see before they press play,
    fetched when the video is first used, or set here."""

    list_display = ["__str__", "provider", "video_id", "poster", "fetched_at", "fetch_problem"]
    list_select_related = ["poster"]
    list_filter = ["provider"]
    search_fields = ["title", "video_id"]
    autocomplete_fields = ["poster"]
    fields = ["provider", "video_id", "title", "poster", "fetched_at", "fetch_problem"]
    readonly_fields = ["provider", "video_id", "fetched_at", "fetch_problem"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a video comes from a body that shows it


@admin.register(ArticleRedirect)
class ArticleRedirectAdmin(SafeInputAdmin, admin.ModelAdmin):
    """Old addresses kept alive after a slug or date change; delete one to free it."""

    list_display = ["old_path", "article", "created_at"]
    list_select_related = ["article"]
    search_fields = ["old_path", "article__title"]
    autocomplete_fields = ["article"]


@admin.register(ArticleEvent)
class ArticleEventAdmin(SafeInputAdmin, admin.ModelAdmin):
    """The newsroom-wide audit log, read-only."""

    list_display = ["at", "action", "article", "user", "note"]
    list_filter = ["action", "at"]
    list_select_related = ["article", "user"]
    search_fields = ["article__title", "user__username", "note"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
