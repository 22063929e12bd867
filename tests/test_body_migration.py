"""The one-off data migration: plain-text bodies become paragraphs, HTML bodies stay."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Article
from articles.search import ensure_sqlite_fts

BEFORE = [("articles", "0013_author_permissions")]
AFTER = [("articles", "0014_plain_text_bodies_as_paragraphs")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    # As after ``manage.py migrate`` (post_migrate): SQLite may have rebuilt the articles
    # table on the way, dropping the full-text index's triggers that later tests need.
    ensure_sqlite_fts(connection)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_plain_text_bodies_become_paragraphs_once():
    old = migrate(BEFORE)
    OldArticle = old.get_model("articles", "Article")
    bodies = {
        "plain": "BEIJING -- First paragraph.\n\nSecond paragraph,\nwith a line break.",
        "inline": "Tom &amp; Jerry say <strong>1 &lt; 2</strong>\r\n\r\nA second one.",
        "html": "<h2>Sub</h2><p>Already structured.</p>",
        "empty": "",
    }
    rows = {
        name: OldArticle.objects.create(title=name, slug=name, body=body).pk
        for name, body in bodies.items()
    }
    updated_before = dict(OldArticle.objects.values_list("pk", "updated_at"))

    migrate(AFTER)
    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    body = dict(Article.objects.values_list("pk", "body"))
    assert body[rows["plain"]] == (
        "<p>BEIJING -- First paragraph.</p><p>Second paragraph,<br>with a line break.</p>"
    )
    assert body[rows["inline"]] == (
        "<p>Tom &amp; Jerry say <strong>1 &lt; 2</strong></p><p>A second one.</p>"
    )
    assert body[rows["html"]] == bodies["html"]
    assert body[rows["empty"]] == ""
    # Readers saw these as paragraphs already: no article looks edited.
    assert dict(Article.objects.values_list("pk", "updated_at")) == updated_before
