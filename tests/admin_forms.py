"""The admin's forms as a browser posts them: a new article's form, and any change form
posted back from what its GET rendered."""

from __future__ import annotations

from django import forms

ADD_URL = "/admin/articles/article/add/"


def inline_management(prefix: str, total: int = 0, initial: int = 0) -> dict:
    """An inline formset's management form: how many rows are posted."""
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_form(**overrides) -> dict:
    """The article add form, filled in as a writer would (a draft), with ``overrides``.

    Every inline the article admin shows (reprints' included) is posted empty.
    """
    data = {
        "title": "Solar station opens in the Atacama Desert",
        "slug": "solar-station-opens-in-the-atacama-desert",
        "summary": "A 480MW plant will power 400,000 households.",
        "byline": "",
        "dateline": "SANTIAGO, Sept. 12, 2024",
        "body": "<p>The plant was built in the desert.</p>",
        "section": "",
        "tags": ["Solar power", "Chile"],
        "source": "",
        "agency": "",
        "original_url": "",
        "disclaimer": "",
        "syndication_policy": "",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        **inline_management("article_authors"),
        **inline_management("article_photos"),
        **inline_management("corrections"),
        **inline_management("notes"),
        **inline_management("events"),
        **inline_management("pending_figures"),
        **inline_management("imports"),
        "_save": "Save",
    }
    data.update(overrides)
    return data


def with_new_photo(data: dict, image, alt_text: str = "Solar panels in the desert") -> dict:
    """``data`` with one photo uploaded from inside the article form."""
    data.update(inline_management("article_photos", total=1))
    data.update(
        {
            "article_photos-0-photo": "",
            "article_photos-0-new_image": image,
            "article_photos-0-new_alt_text": alt_text,
            "article_photos-0-new_caption": "The station at dusk.",
            "article_photos-0-new_credit": "Science and Technology Daily",
            "article_photos-0-caption_override": "",
            "article_photos-0-position": "0",
        }
    )
    return data


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


def inline_formset(response, prefix: str):
    """The inline formset with this prefix in an admin form response."""
    for inline in response.context["inline_admin_formsets"]:
        if inline.formset.prefix == prefix:
            return inline
    raise AssertionError(f"no inline {prefix!r}")
