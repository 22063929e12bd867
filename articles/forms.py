"""Admin forms: tags with autocomplete, and photos uploaded from inside the article form."""

from __future__ import annotations

from django import forms
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import ArticlePhoto, Photo

TAG_MAX_LENGTH = 100


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
            self.create_option(name, tag, tag, True, index)
            for index, tag in enumerate(dict.fromkeys(v for v in value if v))
        ]
        return [(None, options, 0)]


class TagAutocompleteView(AutocompleteJsonView):
    def serialize_result(self, obj, to_field_name) -> dict:
        return {"id": obj.name, "text": obj.name}


class TagNamesField(forms.MultipleChoiceField):
    """A list of tag names: existing ones or new ones, saved by django-taggit."""

    def to_python(self, value) -> list[str]:
        names = [name.strip() for name in super().to_python(value)]
        # One spelling per tag, first one wins ("AI" and "ai" are the same tag).
        unique: dict[str, str] = {}
        for name in names:
            if name:
                unique.setdefault(name.casefold(), name)
        return list(unique.values())

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


class ArticlePhotoForm(forms.ModelForm):
    """Either pick a photo from the library or upload a new one with its words."""

    new_image = forms.ImageField(
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
