"""Admin forms: tags with autocomplete, and photos uploaded from inside the article form."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.admin import widgets as admin_widgets
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget
from taggit.utils import parse_tags

from . import images, richtext
from .models import Article, ArticlePhoto, Photo, default_language
from .workflow import WRITER_STATUSES, can_publish

TAG_MAX_LENGTH = 100


def tag_names(submitted: str) -> list[str]:
    """The tag names in one submitted value of the tags field.

    With JavaScript, select2 sends one name per value and never a comma (the comma is what
    ends a tag as one types). A value with a comma was typed as a list, as in taggit's own
    tag field ("science, Latin America", or a quoted "Hong Kong, China"): it is read as
    taggit reads it. Any other value is one name, spaces and all.
    """
    if "," in submitted:
        return parse_tags(submitted)
    return [submitted.strip()]


def tag_value(name: str) -> str:
    """A tag name as the form sends it back: quoted, as taggit quotes it, if it has a comma."""
    return f'"{name}"' if "," in name else name


class AutocompleteSelect(admin_widgets.AutocompleteSelect):
    """The admin's autocomplete for a foreign key, safe with a posted value that is not an id.

    Django's widget looks the posted value up to show it again; a value the key cannot hold
    ("abc", or a number too large for the column) makes that lookup raise, and the form
    answer a 500 instead of "Select a valid choice". Such values are left out: the field
    has already said they are invalid.
    """

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        opts = remote.model._meta
        target = opts.get_field(getattr(remote, "field_name", None) or opts.pk.name)

        def parses(item) -> bool:
            try:  # a number, and one the database's integer column can hold
                target.run_validators(target.to_python(item))
            except ValidationError:
                return False
            return True

        return super().optgroups(name, [item for item in value if parses(item)], attr)


def without_nul(term: str) -> str:
    # Django's autocomplete view passes ?term= on as it came; PostgreSQL refuses NUL.
    return term.replace("\x00", "")


class SafeInputAdmin:
    """ModelAdmin mixin for the odd input Django's admin answers with a 500 (found by
    tests/test_fuzz.py): autocomplete foreign keys use :class:`AutocompleteSelect`,
    searches drop NUL characters, and a date-hierarchy year too large for a date is an
    invalid filter (the list shows its "?e=1" error) rather than an OverflowError."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, without_nul(search_term))

    def get_changelist_instance(self, request):
        try:
            return super().get_changelist_instance(request)
        except OverflowError as exc:
            raise IncorrectLookupParameters(exc) from exc

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class TagAutocompleteWidget(AutocompleteSelectMultiple):
    """The admin's select2 autocomplete, submitting tag *names* so editors can add new ones."""

    url_name = "%s:articles_article_tag_autocomplete"

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs)
        # Initialised by admin-tags.js (new tags allowed), not by the admin's autocomplete.js.
        attrs["class"] = attrs["class"].replace("admin-autocomplete", "tag-autocomplete")
        return attrs

    @property
    def media(self):
        # One list, so admin-tags.js comes after jQuery and select2 in the merged media.
        base = super().media
        return forms.Media(js=[*base._js, "js/admin-tags.js"], css=base._css)

    def optgroups(self, name, value, attrs=None):
        options = [
            self.create_option(name, tag_value(tag), tag, True, index)
            for index, tag in enumerate(dict.fromkeys(v for v in value if v))
        ]
        return [(None, options, 0)]


class TagAutocompleteView(AutocompleteJsonView):
    def process_request(self, request):
        term, *rest = super().process_request(request)
        return (without_nul(term), *rest)

    def serialize_result(self, obj, to_field_name) -> dict:
        return {"id": tag_value(obj.name), "text": obj.name}


class TagNamesField(forms.MultipleChoiceField):
    """A list of tag names: existing ones or new ones, saved by django-taggit."""

    def to_python(self, value) -> list[str]:
        names = [name for item in super().to_python(value) for name in tag_names(item)]
        # One spelling per tag, first one wins ("AI" and "ai" are the same tag).
        unique: dict[str, str] = {}
        for name in names:
            if name:
                unique.setdefault(name.casefold(), name)
        return list(unique.values())

    def prepare_value(self, value) -> list[str]:
        """Names to show: the article's tags (objects), or what was posted, read as on save."""
        if not value:
            return []
        items = value if isinstance(value, list | tuple) else [value]
        names = []
        for item in items:  # posted strings, or the article's Tag objects
            names += tag_names(item) if isinstance(item, str) else [str(item)]
        return list(dict.fromkeys(name for name in names if name))

    def has_changed(self, initial, data) -> bool:
        return set(self.prepare_value(initial)) != set(self.prepare_value(data))

    def valid_value(self, value: str) -> bool:
        return 0 < len(value) <= TAG_MAX_LENGTH

    def validate(self, value) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")
        for name in value:
            if not self.valid_value(name):
                raise ValidationError(
                    _("Tags are at most %(max)d characters: “%(name)s…”"),
                    code="invalid_choice",
                    params={"max": TAG_MAX_LENGTH, "name": name[:20]},
                )


class PhotoFileField(forms.ImageField):
    """An uploaded photo, accepted for what it contains, whatever its name says.

    Replaces Django's ImageField checks (a file extension, then a Pillow pass that knows
    no limits) with ``images.open_image``: only JPEG, PNG, WebP and GIF, at most
    NEWSROOM_PHOTO_MAX_BYTES and NEWSROOM_PHOTO_MAX_PIXELS, fully decodable. The file is
    renamed to match its real format.
    """

    default_validators = []  # the extension proves nothing; the content is checked below

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        try:
            image = images.open_image(
                upload,
                max_bytes=settings.NEWSROOM_PHOTO_MAX_BYTES,
                max_pixels=settings.NEWSROOM_PHOTO_MAX_PIXELS,
            )
        except images.InvalidImage as exc:
            raise ValidationError(exc.message, code=exc.code) from exc
        fmt = image.format
        del image  # not closed: closing a decoded PNG would close the upload with it
        stem = upload.name.rsplit(".", 1)[0] if "." in upload.name else upload.name
        upload.name = f"{stem or 'photo'}.{images.EXTENSIONS[fmt]}"
        upload.content_type = images.MIME_TYPES[fmt]
        upload.seek(0)
        return upload

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if isinstance(widget, forms.FileInput) and "accept" not in widget.attrs:
            attrs["accept"] = "image/jpeg,image/png,image/webp,image/gif"
        return attrs


class PhotoAdminForm(forms.ModelForm):
    class Meta:
        model = Photo
        fields = ["image", "alt_text", "caption", "credit", "source", "focal_x", "focal_y"]
        field_classes = {"image": PhotoFileField}
        widgets = {
            "focal_x": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
            "focal_y": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
        }


class LibraryUploadForm(forms.ModelForm):
    """A photo uploaded from the body editor: the file and the words that travel with it."""

    class Meta:
        model = Photo
        fields = ["image", "alt_text", "caption", "credit"]
        field_classes = {"image": PhotoFileField}


class ArticlePhotoForm(forms.ModelForm):
    """Either pick a photo from the library or upload a new one with its words."""

    new_image = PhotoFileField(
        label=_("Upload a new photo"),
        required=False,
        help_text=_("JPEG, PNG, WebP or GIF."),
    )
    new_alt_text = forms.CharField(
        label=_("Alt text"),
        max_length=Photo._meta.get_field("alt_text").max_length,
        required=False,
        help_text=_("Required with a new photo: what it shows, for readers who cannot see it."),
    )
    new_caption = forms.CharField(
        label=_("Caption"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    new_credit = forms.CharField(
        label=_("Credit"), max_length=Photo._meta.get_field("credit").max_length, required=False
    )

    class Meta:
        model = ArticlePhoto
        fields = [
            "photo",
            "new_image",
            "new_alt_text",
            "new_caption",
            "new_credit",
            "caption_override",
            "position",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["photo"].required = False
        self.fields["photo"].label = _("Photo from the library")

    def clean(self):
        cleaned = super().clean()
        image, photo = cleaned.get("new_image"), cleaned.get("photo")
        if image and photo:
            raise ValidationError(
                _("Choose a photo from the library or upload a new one, not both.")
            )
        if image and not cleaned.get("new_alt_text", "").strip():
            self.add_error("new_alt_text", _("A new photo needs alt text."))
        if not image and not photo and "photo" not in self.errors:
            self.add_error("photo", _("Choose a photo from the library or upload a new one."))
        return cleaned

    def save(self, commit: bool = True) -> ArticlePhoto:
        image = self.cleaned_data.get("new_image")
        if image:
            photo = Photo(
                image=image,
                alt_text=self.cleaned_data["new_alt_text"].strip(),
                caption=self.cleaned_data["new_caption"].strip(),
                credit=self.cleaned_data["new_credit"].strip(),
                source=self.instance.article.source if self.instance.article_id else None,
            )
            photo.save()
            self.instance.photo = photo
        return super().save(commit)


def https_url_formfield(db_field, **kwargs):
    """Django 6's default, now: a URL typed without a scheme means https.

    The admin builds its forms with its own callback (``URL_FIELD_OVERRIDES``), so this
    one serves when ``ArticleAdminForm`` itself is defined: ModelForm makes the fields
    then, and Django 5.2 warns of every URLField made without a scheme: with warnings as
    errors (the test suite's ``filterwarnings``), importing the admin would fail.
    """
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class BodyEditorWidget(AdminProseEditorWidget):
    """The body's rich-text editor: ProseMirror over a plain textarea.

    Without JavaScript the textarea is all there is, and what is typed there is cleaned
    on save as the editor's output is (``Article.save``): the same allow-list.
    """

    def __init__(self, attrs: dict | None = None) -> None:
        # "configurable": the extensions are the ones articles.richtext lists, no others.
        super().__init__(attrs=attrs, preset="configurable")

    def get_config(self) -> dict:
        return richtext.editor_config(
            BodyPhoto={
                "libraryUrl": reverse("admin:articles_photo_library"),
                "uploadUrl": reverse("admin:articles_photo_library_upload"),
            }
        )


class ArticleAdminForm(forms.ModelForm):
    """The article form: status limited by role, and saves refused on edit conflicts."""

    current_user = None  # set per request by ArticleAdmin.get_form

    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    note = forms.CharField(
        label=_("Add an internal note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Seen by staff only, never by readers. Sent with the e-mail when you submit the "
            "article for review or send it back to its writer (status Draft)."
        ),
    )

    class Meta:
        model = Article
        formfield_callback = https_url_formfield
        fields = [
            "title", "slug", "summary", "byline", "dateline", "body", "language", "section",
            "tags", "source", "agency", "original_url", "original_published_at", "disclaimer",
            "syndication_policy", "status", "published_at",
        ]  # fmt: skip
        widgets = {"body": BodyEditorWidget(attrs={"rows": 20})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A restored autosave keeps the version it was typed on: the conflict check holds.
        self.fields["base_version"].initial = getattr(
            self.instance, "restored_base_version", self.instance.edit_version
        )
        if "language" in self.fields:
            self.fields["language"].required = False
        if "status" in self.fields and not can_publish(self.current_user):
            status = self.fields["status"]
            status.choices = [c for c in status.choices if c[0] in WRITER_STATUSES]
            status.help_text = _("Submit for review when it is ready; an editor publishes it.")
            status.error_messages["invalid_choice"] = _(
                "Only editors can publish, schedule or withdraw an article."
            )

    def clean_language(self) -> str:
        """Left empty, the language is the site's own."""
        return self.cleaned_data.get("language") or default_language()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk:
            self.check_edit_conflict(cleaned.get("base_version"))
        return cleaned

    def check_edit_conflict(self, base_version: int | None) -> None:
        """Refuse to overwrite a save made since this form was opened.

        The admin saves inside a transaction, so the row stays locked (PostgreSQL) or the
        database is held for writing (SQLite, IMMEDIATE) from this check to the save.
        """
        current = (
            Article.objects.select_for_update(of=("self",))
            .filter(pk=self.instance.pk)
            .values(
                "edit_version",
                "updated_at",
                "updated_by__username",
                "updated_by__first_name",
                "updated_by__last_name",
            )
            .first()
        )
        if current is None or base_version is None or base_version == current["edit_version"]:
            return
        who = (
            " ".join(
                part
                for part in (current["updated_by__first_name"], current["updated_by__last_name"])
                if part
            )
            or current["updated_by__username"]
            or _("someone")
        )
        when = timezone.localtime(current["updated_at"]).strftime("%Y-%m-%d %H:%M:%S %Z")
        # Show the latest version number, so saving again (after merging) is a decision.
        self.data = self.data.copy()
        self.data[self.add_prefix("base_version")] = current["edit_version"]
        raise ValidationError(
            _(
                "Edit conflict: %(who)s saved this article at %(when)s, after you opened it. "
                "Nothing was saved. Your text is still in the form below: open the article "
                "in another tab to see their version, merge the two here, then save again."
            ),
            code="edit_conflict",
            params={"who": who, "when": when},
        )
