"""Full-text search over public articles: PostgreSQL full text, SQLite FTS5 as the fallback.

PostgreSQL keeps a weighted ``tsvector`` in a stored generated column with a GIN index
(title A, summary and keywords B, body C), so writes need no extra code and queries
use the index; ranking is ``ts_rank`` and snippets are ``ts_headline``. SQLite keeps
an FTS5 table in step by triggers and ranks with ``bm25``. Both are created by the
``0006_search`` migration. The ``keywords`` column carries tags, source and byline.
"""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import BooleanField, Count, F, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from caching import version as content_version

from .dependencies import SEARCH
from .models import Article, ArticleAuthor, Author, TaggedArticle

MAX_QUERY_LENGTH = 200
MAX_RESULTS = 1000  # counted and paginated; beyond it readers refine the query
SNIPPET_WORDS = 30
# Sentinels around matches in snippets: never in real text, replaced after escaping.
START, STOP = "\x02", "\x03"
_TOKEN = re.compile(r"\w+", re.UNICODE)
_TAG = re.compile(r"<[^>]+>")

PG_DOCUMENT = (
    "setweight(to_tsvector('english', coalesce(title, '')), 'A') || "
    "setweight(to_tsvector('english', coalesce(summary, '')), 'B') || "
    "setweight(to_tsvector('english', coalesce(keywords, '')), 'B') || "
    "setweight(to_tsvector('english', "
    "regexp_replace(coalesce(body, ''), '<[^>]+>', ' ', 'g')), 'C')"
)


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def normalise_query(raw: str | None) -> str:
    """The query as searched: trimmed, single-spaced, capped in length, without control
    characters (PostgreSQL refuses a NUL in any string)."""
    return " ".join(_CONTROL.sub(" ", raw or "").split())[:MAX_QUERY_LENGTH]


def fts5_match(query: str) -> str:
    """A safe FTS5 expression: every word quoted (no operators from readers), all required."""
    words = _TOKEN.findall(query)
    return " ".join('"{}"'.format(word.replace('"', "")) for word in words)


def search(query: str) -> QuerySet[Article]:
    """Public articles matching ``query``, best first, each with a ``snippet`` column."""
    query = normalise_query(query)
    # Only what a result shows: ranking sorts every match, so narrow rows sort faster.
    articles = (
        Article.objects.published()
        .select_related("section", "source")
        .only(
            "title", "slug", "summary", "status", "published_at",
            "section__name", "section__slug", "source__name", "source__slug",
        )
    )  # fmt: skip
    if not _TOKEN.search(query):
        return articles.none()
    if connection.vendor == "postgresql":
        return _postgres(articles, query)
    return _sqlite(articles, query)


def _postgres(articles: QuerySet[Article], query: str) -> QuerySet[Article]:
    tsquery = "websearch_to_tsquery('english', %s)"
    headline_source = "coalesce(summary, '') || ' ' || regexp_replace(body, '<[^>]+>', ' ', 'g')"
    options = f"StartSel={START}, StopSel={STOP}, MaxWords={SNIPPET_WORDS}, MinWords=12"
    matches = RawSQL(
        f"articles_article.search_vector @@ {tsquery}", [query], output_field=BooleanField()
    )
    return (
        articles.filter(matches)
        .annotate(
            rank=RawSQL(f"ts_rank(articles_article.search_vector, {tsquery})", [query]),
            snippet=RawSQL(
                f"ts_headline('english', {headline_source}, {tsquery}, %s)", [query, options]
            ),
        )
        .order_by(F("rank").desc(), "-published_at", "-id")
    )


def _fts5_snippet(column: int) -> str:
    return f"snippet(articles_article_fts, {column}, '{START}', '{STOP}', '…', {SNIPPET_WORDS})"


# Columns of articles_article_fts that readers see in a result: the summary and the body.
# (Title is the result's headline already; keywords are a hidden column of tags and
# source names, which FTS5's "best column" would otherwise show when only they match.)
_SUMMARY, _BODY = _fts5_snippet(1), _fts5_snippet(3)
# As ts_headline does on PostgreSQL: the summary or body passage with the match, else the
# opening words of the summary, else of the body.
_SQLITE_SNIPPET = (
    f"CASE WHEN instr({_SUMMARY}, '{START}') THEN {_SUMMARY} "
    f"WHEN instr({_BODY}, '{START}') THEN {_BODY} "
    f"ELSE coalesce(nullif({_SUMMARY}, ''), {_BODY}) END"
)


def _sqlite(articles: QuerySet[Article], query: str) -> QuerySet[Article]:
    match = fts5_match(query)
    matching = "SELECT rowid FROM articles_article_fts WHERE articles_article_fts MATCH %s"
    per_row = (
        "FROM articles_article_fts WHERE articles_article_fts MATCH %s "
        "AND articles_article_fts.rowid = articles_article.id"
    )
    return (
        articles.filter(pk__in=RawSQL(matching, [match]))
        .annotate(
            # bm25 is lower-is-better; weights follow the PostgreSQL ones.
            rank=RawSQL(
                f"(SELECT -bm25(articles_article_fts, 10.0, 4.0, 4.0, 1.0) {per_row})", [match]
            ),
            snippet=RawSQL(f"(SELECT {_SQLITE_SNIPPET} {per_row})", [match]),
        )
        .order_by(F("rank").desc(), "-published_at", "-id")
    )


FACET_SIZE = 10


def author_facets(matches: QuerySet[Article]) -> list[Author]:
    """The authors of the matching stories, most matches first, each with its ``count``:
    links that narrow a search to one writer. One query: the search itself, grouped by
    author (as a subquery, its raw full-text SQL would lose its table's name)."""
    rows = (
        matches.order_by()
        .filter(authors__isnull=False)
        .values("authors__pk", "authors__name", "authors__slug")
        .annotate(count=Count("pk"))
        .order_by("-count", "authors__name")[:FACET_SIZE]
    )
    facets = []
    for row in rows:
        author = Author(pk=row["authors__pk"], name=row["authors__name"], slug=row["authors__slug"])
        author.count = row["count"]
        facets.append(author)
    return facets


class CappedPaginator(Paginator):
    """Counts at most MAX_RESULTS matches: an exact count of 20,000 costs a scan of all
    20,000 rows, and nobody pages that far."""

    @cached_property
    def count(self) -> int:
        # Without the ranking order and columns: counting needs neither.
        return self.object_list.order_by().values("pk")[:MAX_RESULTS].count()

    @property
    def capped(self) -> bool:
        return self.count >= MAX_RESULTS


def highlight(snippet: str | None) -> SafeString:
    """A snippet as HTML: every character of article text escaped, matches in <mark>."""
    text = html.unescape(_TAG.sub(" ", snippet or ""))
    text = escape(" ".join(text.split()))
    return mark_safe(text.replace(START, "<mark>").replace(STOP, "</mark>"))  # noqa: S308


def refresh_keywords(
    articles: Iterable[Article] | QuerySet[Article], batch_size: int = 2000
) -> int:
    """Recompute ``keywords`` (tags, authors, source, byline) for many articles in few
    queries."""
    queryset = (
        articles
        if isinstance(articles, QuerySet)
        else Article.objects.filter(pk__in=[a.pk for a in articles])
    )
    queryset = queryset.select_related("source").order_by("pk")
    updated = 0
    batch: list[Article] = []
    for article in queryset.iterator(chunk_size=batch_size):
        batch.append(article)
        if len(batch) >= batch_size:
            updated += _refresh_batch(batch)
            batch = []
    if batch:
        updated += _refresh_batch(batch)
    if updated:
        content_version.bump(SEARCH)  # bulk_update sends no signals; search results change
    return updated


def _refresh_batch(batch: list[Article]) -> int:
    names: dict[int, list[str]] = defaultdict(list)
    rows = TaggedArticle.objects.filter(content_object__in=[a.pk for a in batch]).values_list(
        "content_object_id", "tag__name"
    )
    for article_id, name in rows:
        names[article_id].append(name)
    authors: dict[int, list[str]] = defaultdict(list)
    credits = ArticleAuthor.objects.filter(article__in=[a.pk for a in batch]).order_by(
        "position", "id"
    )
    for article_id, name in credits.values_list("article_id", "author__name"):
        authors[article_id].append(name)
    for article in batch:
        article.keywords = article.compute_keywords(sorted(names[article.pk]), authors[article.pk])
    return Article.objects.bulk_update(batch, ["keywords"], batch_size=len(batch))


SQLITE_FTS = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS articles_article_fts USING fts5("
    "title, summary, keywords, body, content='articles_article', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS articles_article_fts_insert AFTER INSERT ON articles_article "
    "BEGIN INSERT INTO articles_article_fts(rowid, title, summary, keywords, body) "
    "VALUES (new.id, new.title, new.summary, new.keywords, new.body); END",
    "CREATE TRIGGER IF NOT EXISTS articles_article_fts_delete AFTER DELETE ON articles_article "
    "BEGIN INSERT INTO articles_article_fts(articles_article_fts, rowid, title, summary, "
    "keywords, body) VALUES ('delete', old.id, old.title, old.summary, old.keywords, old.body); "
    "END",
    "CREATE TRIGGER IF NOT EXISTS articles_article_fts_update AFTER UPDATE ON articles_article "
    "BEGIN INSERT INTO articles_article_fts(articles_article_fts, rowid, title, summary, "
    "keywords, body) VALUES ('delete', old.id, old.title, old.summary, old.keywords, old.body); "
    "INSERT INTO articles_article_fts(rowid, title, summary, keywords, body) "
    "VALUES (new.id, new.title, new.summary, new.keywords, new.body); END",
]
SQLITE_TRIGGERS = {
    "articles_article_fts_insert",
    "articles_article_fts_delete",
    "articles_article_fts_update",
}


def ensure_sqlite_fts(db_connection) -> bool:
    """Create the FTS5 table and its triggers where missing, and rebuild if they were.

    Django's SQLite migrations rebuild a table to alter it, which drops its triggers;
    this runs after every ``migrate`` (``post_migrate``) so the index never drifts.
    """
    if db_connection.vendor != "sqlite":
        return False
    with db_connection.cursor() as cursor:
        cursor.execute("SELECT name FROM pragma_table_info('articles_article')")
        if "keywords" not in {row[0] for row in cursor.fetchall()}:
            return False  # migrated back before 0006_search (or to zero): nothing to index
        cursor.execute(
            "SELECT name FROM sqlite_master "
            "WHERE type = 'trigger' AND tbl_name = 'articles_article'"
        )
        present = {row[0] for row in cursor.fetchall()}
        if present >= SQLITE_TRIGGERS:
            return False
        for statement in SQLITE_FTS:
            cursor.execute(statement)
        cursor.execute("INSERT INTO articles_article_fts(articles_article_fts) VALUES ('rebuild')")
    return True


def tags_changed(sender, instance, action: str, reverse: bool, **kwargs) -> None:
    """m2m_changed for TaggedArticle: keep the searchable keywords in step with the tags."""
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    if not reverse and isinstance(instance, Article):
        refresh_keywords([instance])


def credits_changed(sender, instance: ArticleAuthor, raw: bool = False, **kwargs) -> None:
    """post_save/post_delete for ArticleAuthor: search finds a story by its authors' names."""
    if raw:
        return
    refresh_keywords(Article.objects.filter(pk=instance.article_id))
