"""The move of the import models from ``articles`` to ``reprints`` on an existing site."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.search import ensure_sqlite_fts
from reprints.models import ImportRecord, PendingFigure

BEFORE = [("articles", "0009_article_language_original_date"), ("reprints", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    # As after ``manage.py migrate``: reversing the articles migrations rebuilds the
    # articles table on SQLite, dropping the full-text index's triggers later tests need.
    ensure_sqlite_fts(connection)
    return executor.loader.project_state([t for t in targets if t[1]]).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_imports_and_their_permissions_survive_the_move():
    old = migrate(BEFORE)
    Article = old.get_model("articles", "Article")
    OldRecord = old.get_model("articles", "ImportRecord")
    OldFigure = old.get_model("articles", "PendingFigure")
    article = Article.objects.create(title="Imported before the move", slug="before-the-move")
    OldRecord.objects.create(
        article=article, origin="page.txt", format="text", original_text="text", title="T"
    )
    OldFigure.objects.create(article=article, caption="A caption", credit="Agency")
    old_type = ContentType.objects.get(app_label="articles", model="importrecord")
    old_type_id = old_type.pk

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    record = ImportRecord.objects.get()
    assert (record.article_id, record.origin) == (article.pk, "page.txt")
    assert PendingFigure.objects.get().caption == "A caption"
    tables = connection.introspection.table_names()
    assert {"reprints_importrecord", "reprints_pendingfigure"} <= set(tables)
    assert "articles_importrecord" not in tables
    # The same content type row, relabelled: grants made before the move still count.
    assert ContentType.objects.get_for_model(ImportRecord).pk == old_type_id
    assert not ContentType.objects.filter(app_label="articles", model="importrecord").exists()
    writers = Group.objects.get(name="Writers")
    assert writers.permissions.filter(
        content_type__app_label="reprints", codename="view_importrecord"
    ).exists()
    assert not Permission.objects.filter(
        content_type__app_label="articles", codename__contains="importrecord"
    ).exists()
