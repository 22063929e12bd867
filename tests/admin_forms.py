"""Post the admin's own forms back, as a browser would, from what the GET rendered."""

from __future__ import annotations

from django import forms


def form_values(form: forms.BaseForm) -> dict:
    data: dict = {}
    for bound in form:
        widget, value = bound.field.widget, bound.value()
        if isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list) else widget.decompress(value)
            for index, (sub, part) in enumerate(zip(widget.widgets, parts, strict=True)):
                data[f"{bound.html_name}_{index}"] = sub.format_value(part) or ""
        elif isinstance(widget, forms.CheckboxInput):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(widget, forms.SelectMultiple):
            data[bound.html_name] = [str(v) for v in value or []]
        elif isinstance(widget, forms.FileInput):
            continue
        elif isinstance(widget, forms.Select):
            data[bound.html_name] = "" if value is None else str(value)
        else:
            formatted = widget.format_value(value)
            data[bound.html_name] = "" if formatted is None else str(formatted)
    return data


def change_form_data(response, **changes) -> dict:
    """Everything the change form at ``response`` would submit, with ``changes`` applied."""
    data = form_values(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(form_values(formset.management_form))
        for form in formset.initial_forms:
            data.update(form_values(form))
        data[f"{formset.prefix}-TOTAL_FORMS"] = str(formset.initial_form_count())
    data.update(changes)
    data.setdefault("_save", "Save")
    return data
