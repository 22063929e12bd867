"""The rows of a listing page (Newest, a section, tag, source, author or month): counted
and paged with two hand-written, parameterized queries.

The count reads the database's tally of the listing's published articles
(``articles.tally``) and subtracts, found by index, those of them scheduled for later and
those the listing leaves out (Newest's lead stories): exact without a scan of the
listing. A month has no tally; its count scans the month.

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

from . import tally
from .models import Article, ArticleAuthor, ArticleStatus, Pin, TaggedArticle

# Table names, conditions and "%s" placeholders only: every value is a parameter.
# Every query starts with the one rule of "public": published, and not in the future.
COUNT_SQL = (
    "SELECT COUNT(*) FROM {article} a WHERE a.status = %s AND a.published_at <= %s AND {condition}"
)
# The tally counts every published article of the listing, scheduled ones included.
TALLIED_COUNT_SQL = (
    "SELECT COALESCE((SELECT t.n FROM {tally} t WHERE t.key = %s), 0)"
    " - (SELECT COUNT(*) FROM {article} a WHERE a.status = %s AND a.published_at > %s"
    " AND {condition})"
)
LEFT_OUT_SQL = (
    " - (SELECT COUNT(*) FROM {article} a WHERE a.status = %s AND a.published_at <= %s"
    " AND {condition} AND {left_out})"
)
ROWS_SQL = (
    "SELECT a.id, a.published_at, a.updated_at FROM {article} a"
    " WHERE a.status = %s AND a.published_at <= %s AND {condition}"
    " ORDER BY a.published_at DESC, a.id DESC LIMIT %s OFFSET %s"
)
PINNED = "a.id IN (SELECT n.article_id FROM {table} n WHERE n.until IS NULL OR n.until > %s)"
TAGGED = "a.id IN (SELECT t.content_object_id FROM {table} t WHERE t.tag_id = %s)"
CREDITED = "a.id IN (SELECT c.article_id FROM {table} c WHERE c.author_id = %s)"


class Row(NamedTuple):
    pk: int
    published_at: datetime.datetime
    updated_at: datetime.datetime


@dataclass(frozen=True)
class Condition:
    """Which public articles a listing holds: a SQL condition on ``a`` (the article) and
    its parameters; the key of its tally (``articles.tally``) when it has one; and, for a
    listing that leaves some of them out, the condition on ``a`` of those it leaves out."""

    sql: str = "1 = 1"
    params: Sequence = field(default_factory=tuple)
    tally: str = ""
    left_out: str = ""
    left_out_params: Sequence = field(default_factory=tuple)

    @property
    def where(self) -> str:
        return f"{self.sql} AND NOT {self.left_out}" if self.left_out else self.sql

    @property
    def where_params(self) -> list:
        return [*self.params, *self.left_out_params]


def everything_but_lead_stories() -> Condition:
    """Newest's list: a story pinned above it is shown once, as a lead story."""
    pinned = PINNED.format(table=Pin._meta.db_table)
    return Condition(tally="all", left_out=pinned, left_out_params=[timezone.now()])


def in_section(section_id: int) -> Condition:
    return Condition("a.section_id = %s", [section_id], tally=f"section:{int(section_id)}")


def from_source(source_id: int) -> Condition:
    return Condition("a.source_id = %s", [source_id], tally=f"source:{int(source_id)}")


def tagged(tag_id: int) -> Condition:
    table = TaggedArticle._meta.db_table
    return Condition(TAGGED.format(table=table), [tag_id], tally=f"tag:{int(tag_id)}")


def by_author(author_id: int) -> Condition:
    table = ArticleAuthor._meta.db_table
    return Condition(CREDITED.format(table=table), [author_id], tally=f"author:{int(author_id)}")


def published_between(start: datetime.datetime, end: datetime.datetime) -> Condition:
    return Condition("a.published_at >= %s AND a.published_at < %s", [start, end])


class Listing:
    """What ``Paginator`` pages: ``count()`` and slices of rows, newest first."""

    def __init__(self, condition: Condition) -> None:
        self.condition = condition
        self.connection = connections[router.db_for_read(Article)]
        self.now = timezone.now()

    def _adapt(self, values: Sequence) -> list:
        adapt = self.connection.ops.adapt_datetimefield_value
        return [adapt(value) if isinstance(value, datetime.datetime) else value for value in values]

    def _public(self) -> list:
        """The parameters of "public": published, and not in the future."""
        return self._adapt([ArticleStatus.PUBLISHED.value, self.now])

    def count(self) -> int:
        condition = self.condition
        article = Article._meta.db_table
        if not condition.tally:
            sql = COUNT_SQL.format(article=article, condition=condition.where)
            params = [*self._public(), *self._adapt(condition.where_params)]
        else:
            sql = TALLIED_COUNT_SQL.format(
                tally=tally.TALLY, article=article, condition=condition.sql
            )
            params = [condition.tally, *self._public(), *self._adapt(condition.params)]
            if condition.left_out:
                sql += LEFT_OUT_SQL.format(
                    article=article, condition=condition.sql, left_out=condition.left_out
                )
                params += [*self._public(), *self._adapt(condition.where_params)]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    def __getitem__(self, page: slice) -> list[Row]:
        start, stop = page.start or 0, page.stop
        sql = ROWS_SQL.format(article=Article._meta.db_table, condition=self.condition.where)
        params = [*self._public(), *self._adapt(self.condition.where_params), stop - start, start]
        with self.connection.cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if self.connection.vendor == "sqlite":  # PostgreSQL returns aware datetimes already
            connection = self.connection
            convert = connection.ops.convert_datetimefield_value
            rows = [
                (pk, convert(published, None, connection), convert(updated, None, connection))
                for pk, published, updated in rows
            ]
        return [Row(*row) for row in rows]
