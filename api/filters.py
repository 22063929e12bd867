"""The article list's filters; every one narrows ``Article.objects.published()``."""

from __future__ import annotations

import datetime

import django_filters
from django import forms
from django_filters.fields import IsoDateTimeField

from articles.models import Article

from .pagination import UPDATED_SINCE


class UtcDateTimeField(IsoDateTimeField):
    """An ISO 8601 moment, turned to UTC here: PostgreSQL refuses offsets beyond ±15:59
    ("+22:33" is valid ISO 8601), and a moment whose UTC date falls outside the years
    Python holds is a 400, not a server error."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError as exc:
            raise forms.ValidationError("Date out of range.", code="invalid") from exc


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcDateTimeField


class ArticleFilter(django_filters.FilterSet):
    section = django_filters.CharFilter(
        field_name="section__slug", help_text="A section's slug, e.g. `world`."
    )
    tag = django_filters.CharFilter(field_name="tags__slug", help_text="A tag's slug.")
    source = django_filters.CharFilter(
        field_name="source__slug", help_text="A source's (reprinted outlet's) slug."
    )
    author = django_filters.CharFilter(
        field_name="authors__slug", help_text="One of our authors' slug."
    )
    language = django_filters.CharFilter(
        field_name="language", lookup_expr="iexact", help_text="A BCP 47 code, e.g. `en`."
    )
    published_after = UtcDateTimeFilter(
        field_name="published_at", lookup_expr="gte", help_text="Published at or after (ISO 8601)."
    )
    published_before = UtcDateTimeFilter(
        field_name="published_at", lookup_expr="lt", help_text="Published before (ISO 8601)."
    )
    updated_since = UtcDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=UPDATED_SINCE,
        help_text="Changed at or after (ISO 8601), corrections included; the list is then "
        "ordered oldest change first, for syncing.",
    )

    class Meta:
        model = Article
        fields: list[str] = []
