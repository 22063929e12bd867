"""What an article page suggests next: related stories and more from the same outlet.

Both lists come from one hand-written, parameterized query: each kind of neighbour is a
small sliced subquery (the newest public articles sharing a tag, in the same section,
from the same source), so the database reads a few index entries per kind however
large the archive is, and a UNION of those ids fetches their rows with the number of
tags each shares. Written by hand because the ORM spent longer compiling the same UNION
(about 20 ms) than the database spent running it; prepared once per PostgreSQL
session (``articles.prepared``), as planning it took longer again. Ranking and the
split into the two lists happen here, on at most ``TAG_CANDIDATES + 3 * limit`` rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import connections, router
from django.utils import timezone

from . import dependencies as shows
from . import prepared
from .models import (
    Article,
    ArticleStatus,
    Section,
    Source,
    TaggedArticle,
)

if TYPE_CHECKING:
    from .cards import Page

LIMIT = 4
# More tag-sharing candidates than are shown, so the ones sharing most tags can win.
TAG_CANDIDATES = 12


@dataclass(frozen=True)
class Label:
    """A section or source as a story link shows it."""

    id: int
    name: str
    slug: str


@dataclass(frozen=True)
class Neighbour:
    """A public article as a story link shows it: a few fields, not a model instance
    (building two dozen of those cost more than the query)."""

    id: int
    title: str
    slug: str
    published_at: datetime.datetime
    section: Label | None
    source: Label | None
    shared_tags: int

    @property
    def pk(self) -> int:
        return self.id

    @property
    def section_id(self) -> int | None:
        return self.section and self.section.id

    @property
    def source_id(self) -> int | None:
        return self.source and self.source.id

    def get_absolute_url(self, page: Page | None = None) -> str:
        """Its address; ``page`` (``articles.cards.Page``) when making a list of them."""
        from . import cards  # cards draws these lists: imported when first used

        return (page or cards.Page.current()).article_path(self.slug, self.published_at)


@dataclass(frozen=True)
class Neighbours:
    related: list[Neighbour] = field(default_factory=list)  # same tags, else same section
    from_source: list[Neighbour] = field(default_factory=list)  # same outlet, not in related

    def article_ids(self) -> set[int]:
        return {article.pk for article in [*self.related, *self.from_source]}


def _tables() -> dict[str, str]:
    return {
        "article": Article._meta.db_table,
        "tagged": TaggedArticle._meta.db_table,
        "section": Section._meta.db_table,
        "source": Source._meta.db_table,
    }


# Table names and "%s" placeholders only: every value is a parameter (``_params``).
# Public is the one rule of ``published_q``: published, and not in the future.
KIND = (
    "SELECT * FROM (SELECT a.id FROM {article} a"
    " WHERE a.status = %s AND a.published_at <= %s AND a.id <> %s AND {condition}"
    " ORDER BY a.published_at DESC, a.id DESC LIMIT %s) AS {name}"
)
SHARES_TAG = (
    "EXISTS (SELECT 1 FROM {tagged} t WHERE t.content_object_id = a.id AND t.tag_id IN ({tags}))"
)
SHARED_TAGS = (
    "(SELECT COUNT(*) FROM {tagged} t WHERE t.content_object_id = a.id AND t.tag_id IN ({tags}))"
)
ROWS = (
    "SELECT a.id, a.title, a.slug, a.published_at, s.id, s.name, s.slug, o.id, o.name, o.slug,"
    " {shared} FROM {article} a LEFT JOIN {section} s ON s.id = a.section_id"
    " LEFT JOIN {source} o ON o.id = a.source_id WHERE a.id IN ({kinds})"
)


def _sql(tag_count: int, by_section: bool, by_source: bool) -> str:
    tables = _tables()
    tags = ", ".join(["%s"] * tag_count)
    kinds = []
    if tag_count:
        condition = SHARES_TAG.format(tags=tags, **tables)
        kinds.append(KIND.format(condition=condition, name="sharing", **tables))
    if by_section:
        kinds.append(KIND.format(condition="a.section_id = %s", name="same_section", **tables))
    if by_source:
        kinds.append(KIND.format(condition="a.source_id = %s", name="same_source", **tables))
    shared = SHARED_TAGS.format(tags=tags, **tables) if tag_count else "0"
    return ROWS.format(shared=shared, kinds=" UNION ".join(kinds), **tables)


def _params(article: Article, tag_ids: list[int], now: object, limit: int) -> list:
    public = [ArticleStatus.PUBLISHED.value, now, article.pk]
    params: list = []
    if tag_ids:
        params += [*tag_ids]  # the shared-tag count in the select list comes first
    if tag_ids:
        params += [*public, *tag_ids, max(TAG_CANDIDATES, limit)]
    if article.section_id:
        params += [*public, article.section_id, limit]
    if article.source_id:
        # Twice the limit: some of these may already be listed as related.
        params += [*public, article.source_id, 2 * limit]
    return params


def _neighbour(row: tuple, connection) -> Neighbour:
    pk, title, slug, published_at, *section, source_id, source_name, source_slug, shared = row
    if connection.vendor == "sqlite":  # PostgreSQL returns an aware datetime already
        published_at = connection.ops.convert_datetimefield_value(published_at, None, connection)
    return Neighbour(
        id=pk,
        title=title,
        slug=slug,
        published_at=published_at,
        section=Label(*section) if section[0] else None,
        source=Label(source_id, source_name, source_slug) if source_id else None,
        shared_tags=shared,
    )


def dependencies(article: Article, found: Neighbours) -> list[str]:
    """What the two lists are built from: the listings their candidates come from, and
    the articles they show (``articles.dependencies``)."""
    names = [shows.tag_list(tag.pk) for tag in article.tags.all()]
    if article.section_id:
        names.append(shows.section_list(article.section_id))
    if article.source_id:
        names.append(shows.source_list(article.source_id))
    return names + [shows.article(pk) for pk in found.article_ids()]


def neighbours(article: Article, *, limit: int = LIMIT) -> Neighbours:
    """Public articles near ``article``: at most ``limit`` related, ``limit`` from its source.

    Related means sharing tags (most shared first, then newest), topped up with the
    newest of the same section. Uses the article's prefetched tags; one query, none if
    the article has no tags, section or source.
    """
    tag_ids = sorted(tag.pk for tag in article.tags.all())
    if not (tag_ids or article.section_id or article.source_id):
        return Neighbours()
    sql = _sql(len(tag_ids), bool(article.section_id), bool(article.source_id))
    connection = connections[router.db_for_read(Article)]
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        prepared.execute(connection, cursor, sql, _params(article, tag_ids, now, limit))
        rows = cursor.fetchall()
    candidates = sorted(
        (_neighbour(row, connection) for row in rows),
        key=lambda c: (c.published_at, c.pk),
        reverse=True,
    )

    def relevance(candidate: Neighbour) -> tuple:
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
