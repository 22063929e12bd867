"""The rows of a listing page (Newest, a section, tag, source, author or month): counted
and paged with two hand-written, parameterized queries.

Building these two queries through the ORM cost about a millisecond of CPU each on every
cold listing page — more than the database spent running them. A listing differs from
another only in one condition (``Condition``), so the SQL is written here once, with
the one rule of "public" (``Article.objects.published()``: published, and not in the
future) spelled as ``published_q`` spells it. Rows are the page's ids and dates; the cards
come from ``articles.cards``.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connections, router
from django.utils import timezone

from .models import Article, ArticleAuthor, ArticleStatus, Pin, TaggedArticle

# Table names, conditions and "%s" placeholders only: every value is a parameter.
# Every query starts with the one rule of "public": published, and not in the future.
COUNT_SQL = (
    "SELECT COUNT(*) FROM {article} a WHERE a.status = %s AND a.published_at <= %s AND {condition}"
)
ROWS_SQL = (
    "SELECT a.id, a.published_at, a.updated_at FROM {article} a"
    " WHERE a.status = %s AND a.published_at <= %s AND {condition}"
    " ORDER BY a.published_at DESC, a.id DESC LIMIT %s OFFSET %s"
)
NOT_PINNED = (
    "a.id NOT IN (SELECT n.article_id FROM {table} n WHERE n.until IS NULL OR n.until > %s)"
)
TAGGED = "a.id IN (SELECT t.content_object_id FROM {table} t WHERE t.tag_id = %s)"
CREDITED = "a.id IN (SELECT c.article_id FROM {table} c WHERE c.author_id = %s)"


class Row(NamedTuple):
    pk: int
    published_at: datetime.datetime
    updated_at: datetime.datetime


@dataclass(frozen=True)
class Condition:
    """Which public articles a listing holds: a SQL condition on ``a`` (the article) and
    its parameters."""

    sql: str = "1 = 1"
    params: Sequence = field(default_factory=tuple)


def everything_but_lead_stories() -> Condition:
    """Newest's list: a story pinned above it is shown once, as a lead story."""
    return Condition(NOT_PINNED.format(table=Pin._meta.db_table), [timezone.now()])


def in_section(section_id: int) -> Condition:
    return Condition("a.section_id = %s", [section_id])


def from_source(source_id: int) -> Condition:
    return Condition("a.source_id = %s", [source_id])


def tagged(tag_id: int) -> Condition:
    return Condition(TAGGED.format(table=TaggedArticle._meta.db_table), [tag_id])


def by_author(author_id: int) -> Condition:
    return Condition(CREDITED.format(table=ArticleAuthor._meta.db_table), [author_id])


def published_between(start: datetime.datetime, end: datetime.datetime) -> Condition:
    return Condition("a.published_at >= %s AND a.published_at < %s", [start, end])


class Listing:
    """What ``Paginator`` pages: ``count()`` and slices of rows, newest first."""

    def __init__(self, condition: Condition) -> None:
        self.condition = condition
        self.connection = connections[router.db_for_read(Article)]
        self.now = timezone.now()

    def _params(self, *extra) -> list:
        adapt = self.connection.ops.adapt_datetimefield_value
        values = [
            adapt(value) if isinstance(value, datetime.datetime) else value
            for value in self.condition.params
        ]
        return [ArticleStatus.PUBLISHED.value, adapt(self.now), *values, *extra]

    def _sql(self, template: str) -> str:
        return template.format(article=Article._meta.db_table, condition=self.condition.sql)

    def count(self) -> int:
        with self.connection.cursor() as cursor:
            cursor.execute(self._sql(COUNT_SQL), self._params())
            return cursor.fetchone()[0]

    def __getitem__(self, page: slice) -> list[Row]:
        start, stop = page.start or 0, page.stop
        with self.connection.cursor() as cursor:
            cursor.execute(self._sql(ROWS_SQL), self._params(stop - start, start))
            rows = cursor.fetchall()
        if self.connection.vendor == "sqlite":  # PostgreSQL returns aware datetimes already
            connection = self.connection
            convert = connection.ops.convert_datetimefield_value
            rows = [
                (pk, convert(published, None, connection), convert(updated, None, connection))
                for pk, published, updated in rows
            ]
        return [Row(*row) for row in rows]
