"""No lost work: the form's copies of unsaved words are kept per user, never touch the
article (no save, no revision, never published), are offered back on reopening, and a
restored copy still cannot overwrite a save someone else made since (edit conflict)."""

from __future__ import annotations

import pytest
from django.test import Client
from reversion.models import Version

from articles.models import Article, ArticleAutosave

from .admin_forms import ADD_URL, change_form_data
from .factories import make_article

pytestmark = pytest.mark.django_db
AUTOSAVE = "/admin/articles/article/autosave/"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change_url(article: Article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


@pytest.fixture
def story(writer):
    return make_article(
        title="Floods in the delta",
        body="<p>The river rose.</p>",
        status=Article.Status.DRAFT,
        created_by=writer,
    )


def keep_copy(client, article, **fields):
    data = {"article": article.pk if article else "", **fields}
    return client.post(AUTOSAVE, data)


def test_a_copy_is_kept_without_touching_the_article(writer, story):
    before = Article.objects.filter(pk=story.pk).values().get()
    response = keep_copy(
        client_for(writer),
        story,
        base_version=str(story.edit_version),
        title="Floods in the delta: thousands leave",
        body="<p>The river rose.</p><p>Thousands left.</p>",
    )
    assert response.status_code == 200
    assert response.json()["message"].startswith("Copy kept at ")
    copy = ArticleAutosave.objects.get()
    assert (copy.user, copy.article, copy.base_version) == (writer, story, story.edit_version)
    assert copy.data["title"] == "Floods in the delta: thousands leave"
    assert Article.objects.filter(pk=story.pk).values().get() == before
    assert not Version.objects.get_for_object(story).exists()


def test_each_person_has_one_copy_per_article(writer, editor, story):
    keep_copy(client_for(writer), story, title="One")
    keep_copy(client_for(writer), story, title="Two")
    keep_copy(client_for(editor), story, title="Editor's")
    assert sorted(ArticleAutosave.objects.values_list("data__title", flat=True)) == [
        "Editor's",
        "Two",
    ]


def test_nobody_keeps_copies_of_an_article_they_cannot_edit(writer, editor):
    theirs = make_article(status=Article.Status.DRAFT, created_by=editor)
    assert keep_copy(client_for(writer), theirs, title="x").status_code == 403
    assert Client().post(AUTOSAVE, {"article": theirs.pk}).status_code == 302  # log in first
    assert not ArticleAutosave.objects.exists()


def test_reopening_offers_the_copy_and_restoring_fills_the_form(writer, story):
    client = client_for(writer)
    keep_copy(client, story, base_version=str(story.edit_version), title="Restored title")
    page = client.get(change_url(story)).content.decode()
    assert "You have unsaved changes from" in page
    assert 'href="?restore=1">Restore them</a>' in page
    restored = client.get(change_url(story) + "?restore=1")
    form = restored.context["adminform"].form
    assert form["title"].value() == "Restored title"
    assert form["base_version"].value() == story.edit_version
    data = change_form_data(restored)
    assert client.post(change_url(story), data).status_code == 302
    story.refresh_from_db()
    assert story.title == "Restored title"
    assert not ArticleAutosave.objects.exists()  # saving discards the copy


def test_a_restored_copy_never_overwrites_another_editors_save(writer, editor, story):
    writer_client, editor_client = client_for(writer), client_for(editor)
    keep_copy(writer_client, story, base_version=str(story.edit_version), title="Writer's copy")
    # Meanwhile an editor saves the article.
    data = change_form_data(editor_client.get(change_url(story)), title="Editor's headline")
    assert editor_client.post(change_url(story), data).status_code == 302

    restored = writer_client.get(change_url(story) + "?restore=1")
    response = writer_client.post(change_url(story), change_form_data(restored))
    assert response.status_code == 200
    assert "Edit conflict" in response.content.decode()
    story.refresh_from_db()
    assert story.title == "Editor's headline"


def test_a_copy_of_a_new_article_is_offered_on_the_add_form(writer_client):
    writer_client.post(AUTOSAVE, {"article": "", "title": "Unsaved new story", "body": "x"})
    assert "You have unsaved changes" in writer_client.get(ADD_URL).content.decode()
    form = writer_client.get(ADD_URL + "?restore=1").context["adminform"].form
    assert form["title"].value() == "Unsaved new story"


def test_discarding_the_copy(writer, story):
    client = client_for(writer)
    keep_copy(client, story, title="Not wanted")
    response = client.post("/admin/articles/article/autosave/discard/", {"article": story.pk})
    assert response.status_code == 302
    assert not ArticleAutosave.objects.exists()
    assert "unsaved changes" not in client.get(change_url(story)).content.decode()
