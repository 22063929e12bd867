from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .models import ContactMessage


def single_line(value: str) -> None:
    """E-mail headers are built from these fields: a line break would inject a header."""
    if "\n" in value or "\r" in value:
        raise ValidationError(_("Please keep this on one line."), code="multiline")


class ContactForm(forms.ModelForm):
    # A field people never see (hidden by CSS, skipped by keyboards and screen readers):
    # only bots fill it in.
    website = forms.CharField(required=False, label=_("Leave this empty"))

    class Meta:
        model = ContactMessage
        fields = ["name", "email", "subject", "message"]
        widgets = {"message": forms.Textarea(attrs={"rows": 8, "maxlength": 5000})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].validators.append(single_line)
        self.fields["subject"].validators.append(single_line)
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))
