"""What an article page suggests next: related stories and more from the same outlet.

Both lists come from one query. Each kind of neighbour is a small sliced subquery (the
newest public articles sharing a tag, in the same section, from the same source), so
the database reads a few index entries per kind however large the archive is; a UNION
of primary-key lookups fetches those few rows, with the number of tags each shares.
Ranking and the split into the two lists happen here, on at most
``TAG_CANDIDATES + 3 * limit`` rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from .models import Article, TaggedArticle

LIMIT = 4
# More tag-sharing candidates than are shown, so the ones sharing most tags can win.
TAG_CANDIDATES = 12
CARD_FIELDS = ["id", "title", "slug", "published_at", "created_at", "section", "source"]


@dataclass(frozen=True)
class Neighbours:
    related: list[Article] = field(default_factory=list)  # same tags, else same section
    from_source: list[Article] = field(default_factory=list)  # same outlet, not in related


def newest(articles: QuerySet[Article], count: int) -> QuerySet[Article]:
    return articles.order_by("-published_at", "-id").values("pk")[:count]


def neighbours(article: Article, *, limit: int = LIMIT) -> Neighbours:
    """Public articles near ``article``: at most ``limit`` related, ``limit`` from its source.

    Related means sharing tags (most shared first, then newest), topped up with the
    newest of the same section. Uses the article's prefetched tags; one query, none if
    the article has no tags, section or source.
    """
    tag_ids = [tag.pk for tag in article.tags.all()]
    others = Article.objects.published().exclude(pk=article.pk)
    kinds = []
    if tag_ids:
        sharing = others.filter(
            pk__in=TaggedArticle.objects.filter(tag_id__in=tag_ids).values("content_object_id")
        )
        kinds.append(newest(sharing, TAG_CANDIDATES))
    if article.section_id:
        kinds.append(newest(others.filter(section_id=article.section_id), limit))
    if article.source_id:
        # Twice the limit: some of these may already be listed as related.
        kinds.append(newest(others.filter(source_id=article.source_id), 2 * limit))
    if not kinds:
        return Neighbours()

    shared_tags = Value(0, output_field=IntegerField())
    if tag_ids:
        shared_tags = Coalesce(
            Subquery(
                TaggedArticle.objects.filter(content_object_id=OuterRef("pk"), tag_id__in=tag_ids)
                .values("content_object_id")
                .annotate(count=Count("pk"))
                .values("count")
            ),
            0,
        )
    # One UNION ALL of primary-key lookups: "id IN (a) OR id IN (b)" would make the
    # database test every article against the lists instead of fetching the few rows.
    parts = [
        Article.objects.published()
        .filter(pk__in=kind)
        .select_related("section", "source")
        .only(*CARD_FIELDS, "section__name", "section__slug", "source__name", "source__slug")
        .annotate(shared_tags=shared_tags)
        .order_by()  # sorted below; SQLite allows no ORDER BY inside a UNION
        for kind in kinds
    ]
    rows = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    unique = {row.pk: row for row in rows}  # an article may be more than one kind of neighbour
    candidates = sorted(unique.values(), key=lambda c: (c.published_at, c.pk), reverse=True)

    def relevance(candidate: Article) -> tuple:
        same_section = bool(article.section_id) and candidate.section_id == article.section_id
        return (-candidate.shared_tags, not same_section)

    related_pool = [
        c
        for c in candidates
        if c.shared_tags or (article.section_id and c.section_id == article.section_id)
    ]
    related = sorted(related_pool, key=relevance)[:limit]  # stable: newest first within ties
    shown = {c.pk for c in related}
    from_source = [
        c
        for c in candidates
        if article.source_id and c.source_id == article.source_id and c.pk not in shown
    ][:limit]
    return Neighbours(related=related, from_source=from_source)
