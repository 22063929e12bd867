"""The admin side of reprint import: the "Import articles" page, import records with
their repairs (each one undoable), and photos still waiting for their image file. The
wire's feeds and inbox are in ``wire_admin``.

The page and ``manage.py import_articles`` share ``reprints.importer``; writers import
drafts, and only editors (``workflow.can_publish``) may publish on import.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles import workflow
from articles.admin import ArticleAdmin, object_or_403
from articles.forms import SafeInputAdmin
from articles.models import Article

from . import importer
from .models import ImportRecord, PendingFigure

IMAGE_SUFFIXES = frozenset({".jpg", ".jpeg", ".png", ".gif", ".webp"})


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the pattern from Django's file-upload documentation)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("allow_empty_file", True)  # the importer says "empty file" itself
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data, initial)] if data else []


class ImportForm(forms.Form):
    files = MultipleFileField(
        label=_("Files"),
        required=False,
        help_text=_(
            "Text or HTML pages; add the HTML pages' image files too, to attach the photos."
        ),
    )
    text = forms.CharField(
        label=_("Or paste the page"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "cols": 100}),
    )
    url = forms.URLField(
        label=_("Or the original article's address"),
        required=False,
        assume_scheme="https",
        max_length=1000,
    )
    publish = forms.BooleanField(label=_("Publish the imported articles"), required=False)
    dry_run = forms.BooleanField(
        label=_("Only show what would be imported"), required=False, initial=False
    )

    def __init__(self, *args, user: workflow.User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if not workflow.can_publish(user):
            del self.fields["publish"]  # writers import drafts

    def clean(self):
        data = super().clean()
        if not (data.get("files") or (data.get("text") or "").strip() or data.get("url")):
            raise forms.ValidationError(_("Choose files, paste a page or give an address."))
        return data

    def options(self) -> importer.Options:
        return importer.Options(
            user=self.user,
            publish=bool(self.cleaned_data.get("publish")) and workflow.can_publish(self.user),
            dry_run=self.cleaned_data["dry_run"],
        )

    def documents(self) -> tuple[list[importer.Document], list[importer.Outcome]]:
        """The pages to import, and the failures found before importing (size, fetch)."""
        documents, failures = [], []
        limit = settings.NEWSROOM_IMPORT_MAX_BYTES
        uploads = self.cleaned_data["files"]
        images = {
            Path(f.name).name: f.read()
            for f in uploads
            if Path(f.name).suffix.lower() in IMAGE_SUFFIXES and f.size <= limit
        }
        for upload in uploads:
            if Path(upload.name).suffix.lower() in IMAGE_SUFFIXES:
                continue
            if upload.size > limit:
                failures.append(
                    importer.Outcome(
                        upload.name,
                        importer.FAILED,
                        f"file too large ({upload.size:,} bytes; the limit is {limit:,})",
                    )
                )
                continue
            documents.append(
                importer.Document(
                    name=upload.name, data=upload.read(), images=importer.images_named(images)
                )
            )
        if (self.cleaned_data.get("text") or "").strip():
            documents.append(
                importer.Document(
                    name=str(_("pasted text")), data=self.cleaned_data["text"].encode()
                )
            )
        if self.cleaned_data.get("url"):
            try:
                documents.append(importer.document_from_url(self.cleaned_data["url"]))
            except importer.ImportFailure as exc:
                failures.append(
                    importer.Outcome(self.cleaned_data["url"], importer.FAILED, str(exc))
                )
        return documents, failures


def import_view(request: HttpRequest, *, model_admin: admin.ModelAdmin) -> TemplateResponse:
    """Upload or paste pages; show each page's outcome with a link to its draft."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method == "POST":
        form = ImportForm(request.POST, request.FILES, user=request.user)
    else:
        form = ImportForm(user=request.user)
    outcomes: list[importer.Outcome] | None = None
    if form.is_bound and form.is_valid():
        documents, outcomes = form.documents()
        outcomes += importer.import_documents(documents, form.options())
        summary = importer.Summary.of(outcomes)
        prefix = _("Dry run, nothing saved: ") if form.cleaned_data["dry_run"] else ""
        level = messages.WARNING if summary.failed else messages.SUCCESS
        model_admin.message_user(request, f"{prefix}{summary}", level)
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Import articles"),
        "opts": Article._meta,
        "form": form,
        "outcomes": outcomes,
        "max_bytes": settings.NEWSROOM_IMPORT_MAX_BYTES,
    }
    return TemplateResponse(request, "admin/reprints/import.html", context)


class PendingFigureInline(admin.TabularInline):
    """Captions and credits an import found; upload the image as a photo above, then delete."""

    model = PendingFigure
    extra = 0
    fields = ["position", "caption", "credit", "alt_text", "image_url"]


class ImportRecordInline(admin.TabularInline):
    model = ImportRecord
    extra = 0
    fields = ["created_at", "origin", "user", "repair_count"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False
    verbose_name_plural = _("imports (open one to see and undo its repairs)")

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest):
        return super().get_queryset(request).select_related("user")

    @admin.display(description=_("repairs"))
    def repair_count(self, obj: ImportRecord) -> int:
        return len(obj.repairs)


@admin.register(ImportRecord)
class ImportRecordAdmin(SafeInputAdmin, admin.ModelAdmin):
    """What each import brought in and changed; an editor undoes a repair with one click."""

    list_display = ["created_at", "article", "origin", "format", "repair_count", "user"]
    list_select_related = ["article", "user"]
    list_filter = ["format", "created_at"]
    search_fields = ["origin", "article__title", "original_url"]
    date_hierarchy = "created_at"
    fields = [
        "article",
        "origin",
        "original_url",
        "format",
        "encoding",
        "original_published_at",
        "user",
        "created_at",
        "repair_list",
        "original",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def get_urls(self):
        return [
            path(
                "<path:object_id>/undo/<int:index>/",
                self.admin_site.admin_view(require_POST(self.undo_view)),
                name="reprints_importrecord_undo",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("repairs"))
    def repair_count(self, obj: ImportRecord) -> int:
        return len(obj.repairs)

    @admin.display(description=_("original text"))
    def original(self, obj: ImportRecord) -> str:
        return format_html('<pre style="white-space:pre-wrap">{}</pre>', obj.original_text)

    @admin.display(description=_("repairs"))
    def repair_list(self, obj: ImportRecord) -> str:
        if not obj.repairs:
            return _("None: the page needed no repair.")
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td><del>{}</del></td><td><ins>{}</ins></td><td>{}</td></tr>",
            (
                (
                    repair.get("field", ""),
                    repair.get("rule", ""),
                    repair.get("before", ""),
                    repair.get("after", ""),
                    self._undo_button(obj, index, repair),
                )
                for index, repair in enumerate(obj.repairs)
            ),
        )
        return format_html(
            '<table class="import-repairs"><thead><tr><th>{}</th><th>{}</th><th>{}</th>'
            "<th>{}</th><th></th></tr></thead><tbody>{}</tbody></table>",
            _("field"),
            _("rule"),
            _("before"),
            _("after"),
            rows,
        )

    def _undo_button(self, obj: ImportRecord, index: int, repair: dict) -> str:
        if repair.get("undone"):
            return _("undone")
        # The change form is itself a POST form with a CSRF token; the button posts it here.
        url = reverse("admin:reprints_importrecord_undo", args=[obj.pk, index])
        return format_html(
            '<button type="submit" class="button" formaction="{}" formmethod="post">{}</button>',
            url,
            _("Undo"),
        )

    def undo_view(self, request: HttpRequest, object_id: str, index: int):
        # Viewing a record is enough: an undo is an edit of its article, which
        # importer.undo_repair allows only to those who may edit that article.
        record = object_or_403(self, request, object_id)
        try:
            importer.undo_repair(record=record, index=index, user=request.user)
        except importer.UndoError as exc:
            self.message_user(request, str(exc), messages.ERROR)
        else:
            repair = record.repairs[index]
            self.message_user(
                request,
                _("Undone: “%(after)s” is “%(before)s” again.")
                % {"after": repair["after"], "before": repair["before"]},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(reverse("admin:reprints_importrecord_change", args=[record.pk]))


class ReprintArticleAdmin(ArticleAdmin):
    """The article admin with the reprint desk's parts: the import page, each article's
    import records and the photos its import left waiting. Registered in place of
    ``articles``' own, as apps extend ``UserAdmin``: ``articles`` knows nothing of imports.
    """

    change_list_template = "admin/reprints/article_change_list.html"  # "Import articles"
    inlines = [*ArticleAdmin.inlines, PendingFigureInline, ImportRecordInline]

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(partial(import_view, model_admin=self)),
                name="articles_article_import",
            ),
            *super().get_urls(),
        ]


admin.site.unregister(Article)
admin.site.register(Article, ReprintArticleAdmin)

from . import wire_admin  # noqa: E402, F401  (the wire's feeds and inbox register themselves)
