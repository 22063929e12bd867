"""The public listing query (Newest) is answered from its index on both databases."""

import re

import pytest
from django.db import connection

from articles.models import Article

from .factories import make_article

pytestmark = pytest.mark.django_db


def plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Tiny test tables make a sequential scan cheapest; forbid it to see whether
            # the index can serve the query at all.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        return "\n".join(str(row) for row in cursor.fetchall())


def test_newest_query_uses_the_public_index():
    for _ in range(5):
        make_article()
    newest = Article.objects.published().order_by("-published_at", "-id")[:20]
    # On PostgreSQL the covering sitemap index (same key, more columns) may serve it.
    assert re.search(r"(INDEX|Index Scan using) article_(public|sitemap)_idx", plan(newest))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="TOAST storage is PostgreSQL's")
def test_search_vector_stays_in_the_row():
    """Ranking reads every match's vector: out of line, each would cost a TOAST lookup."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attstorage FROM pg_attribute "
            "WHERE attrelid = 'articles_article'::regclass AND attname = 'search_vector'"
        )
        assert cursor.fetchone() == ("m",)
