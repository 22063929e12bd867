"""Key lookups prepared once per PostgreSQL session: same rows, one statement per call,
and a session that lost track (an error, a new connection) recovers by itself."""

import pytest
from django.db import connection, transaction
from django.db.utils import DataError, ProgrammingError
from django.test.utils import CaptureQueriesContext

from articles import prepared
from articles.related import neighbours
from articles.story_parts import prefetch_parts, public_article

from .factories import make_article

pytestmark = pytest.mark.django_db


def public_article_with_parts(slug: str):
    article = public_article(slug)
    prefetch_parts(article)
    return article


SQL = "SELECT id, title FROM articles_article WHERE slug = %s"


def run(sql: str, params: list) -> tuple[list, list[str]]:
    with CaptureQueriesContext(connection) as queries, connection.cursor() as cursor:
        prepared.execute(connection, cursor, sql, params)
        rows = cursor.fetchall()
    return rows, [query["sql"] for query in queries]


def test_the_same_rows_as_a_plain_query_one_statement_per_call():
    article = make_article(slug="harbour")
    first, sent_first = run(SQL, ["harbour"])
    second, sent_second = run(SQL, ["harbour"])
    assert first == second == [(article.pk, article.title)]
    assert len(sent_first) == len(sent_second) == 1  # a page's query count is unchanged
    if connection.vendor == "postgresql":
        assert "PREPARE" in sent_first[0] or sent_first[0].startswith("EXECUTE")
        assert sent_second[0].startswith("EXECUTE")  # parsed and planned once
    else:
        assert sent_second[0].startswith("SELECT")  # SQLite runs the statement as it is


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL sessions only")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)  # close: no transaction
def test_a_new_connection_prepares_again():
    make_article(slug="harbour")
    run(SQL, ["harbour"])
    connection.close()  # as CONN_MAX_AGE or a lost server does: the next request reconnects
    connection.ensure_connection()
    rows, sent = run(SQL, ["harbour"])
    assert rows
    assert "PREPARE" in sent[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL sessions only")
def test_after_a_failure_the_session_is_asked_what_it_holds():
    make_article(slug="harbour")
    run(SQL, ["harbour"])  # prepared now
    sql = "SELECT id FROM articles_article WHERE id = %s"
    with pytest.raises((DataError, ProgrammingError)), transaction.atomic():
        run(sql, ["not a number"])  # fails after (or while) preparing
    rows, sent = run(SQL, ["harbour"])
    assert rows
    assert "pg_prepared_statements" in sent[0]  # it looked, instead of guessing
    assert sent[-1].startswith("EXECUTE")  # and knew it was prepared already
    assert run(sql, [rows[0][0]])[0] == [(rows[0][0],)]


def test_off_by_setting_sends_plain_statements(settings):
    settings.NEWSROOM_PREPARED_STATEMENTS = False
    article = make_article(slug="harbour")
    rows, sent = run(SQL, ["harbour"])
    assert rows == [(article.pk, article.title)]
    assert sent[0].startswith("SELECT")


def test_the_article_page_reads_through_prepared_lookups(client):
    article = make_article(slug="harbour", tags=["Ports"])
    for _ in range(3):  # the third request executes what the first prepared
        assert client.get(article.get_absolute_url()).status_code == 200
    assert public_article("harbour").pk == article.pk


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL sessions only")
def test_prepared_statements_keep_one_generic_plan():
    """Planning the related-articles query cost more than running it; each prepared
    statement is planned once per session, not again for each set of values."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW plan_cache_mode")
        assert cursor.fetchone() == ("force_generic_plan",)


def test_related_articles_come_from_a_prepared_statement():
    article = make_article(slug="harbour", tags=["Ports"])
    make_article(slug="quay", tags=["Ports"])
    sent = []
    for _ in range(2):
        with CaptureQueriesContext(connection) as queries:
            found = neighbours(public_article_with_parts("harbour"))
        sent.append([query["sql"] for query in queries])
    assert [item.slug for item in found.related] == ["quay"]
    assert article.pk not in found.article_ids()
    if connection.vendor == "postgresql":
        assert sent[1][-1].startswith("EXECUTE")  # planned by the first page, reused now
    else:
        assert sent[1][-1].startswith("SELECT")
