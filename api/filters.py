"""The article list's filters; every one narrows ``Article.objects.published()``."""

from __future__ import annotations

import django_filters

from articles.models import Article

from .pagination import UPDATED_SINCE


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
    published_after = django_filters.IsoDateTimeFilter(
        field_name="published_at", lookup_expr="gte", help_text="Published at or after (ISO 8601)."
    )
    published_before = django_filters.IsoDateTimeFilter(
        field_name="published_at", lookup_expr="lt", help_text="Published before (ISO 8601)."
    )
    updated_since = django_filters.IsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label=UPDATED_SINCE,
        help_text="Changed at or after (ISO 8601), corrections included; the list is then "
        "ordered oldest change first, for syncing.",
    )

    class Meta:
        model = Article
        fields: list[str] = []
