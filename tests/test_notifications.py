"""Internal notes and workflow e-mail: submitting tells the editors, publishing and sending
back tell the writer (with the note); a failed send never loses the save; notes are never
public."""

from __future__ import annotations

import logging

import pytest
from django.core import mail
from django.test import Client

from articles.models import Article, EditorialNote

from .admin_forms import ADD_URL, article_form, change_form_data
from .factories import make_article

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def change_url(article: Article) -> str:
    return f"/admin/articles/article/{article.pk}/change/"


def post_change(client: Client, article: Article, **changes):
    data = change_form_data(client.get(change_url(article)), **changes)
    return client.post(change_url(article), data)


@pytest.fixture
def draft(writer):
    return make_article(title="Harbour strike ends", status=Article.Status.DRAFT, created_by=writer)


def test_submitting_for_review_emails_the_editors_with_the_note(
    writer, editor, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_change(
            client_for(writer), draft, status="review", note="Quotes checked with the union."
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [editor.email]
    assert message.subject == "[Newsroom] Waiting for review: Harbour strike ends"
    assert "Wei Fang submitted “Harbour strike ends” for review." in message.body
    assert "Quotes checked with the union." in message.body
    assert f"https://news.example.org/admin/articles/article/{draft.pk}/change/" in message.body
    note = EditorialNote.objects.get()
    assert (note.article, note.author, note.text) == (
        draft,
        writer,
        "Quotes checked with the union.",
    )


def test_publishing_emails_the_writer(writer, editor, draft, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert post_change(client_for(editor), draft, status="published").status_code == 302
    (message,) = mail.outbox
    assert message.to == [writer.email]
    assert message.subject == "[Newsroom] Published: Harbour strike ends"
    draft.refresh_from_db()
    assert f"https://news.example.org{draft.get_absolute_url()}" in message.body


def test_the_bulk_publish_action_emails_the_writer(
    writer, editor, draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(editor).post(
            "/admin/articles/article/",
            {"action": "publish_selected", "_selected_action": [draft.pk]},
        )
    assert [m.to for m in mail.outbox] == [[writer.email]]


def test_sending_back_with_a_note_emails_the_writer_the_note(
    writer, editor, draft, django_capture_on_commit_callbacks
):
    Article.objects.filter(pk=draft.pk).update(status=Article.Status.REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_change(
            client_for(editor), draft, status="draft", note="Needs a second source."
        )
    assert response.status_code == 302
    (message,) = mail.outbox
    assert message.to == [writer.email]
    assert message.subject == "[Newsroom] Sent back to you: Harbour strike ends"
    assert "Ana Silva sent your article" in message.body
    assert "Needs a second source." in message.body


def test_nobody_is_emailed_about_their_own_action(editor, django_capture_on_commit_callbacks):
    article = make_article(status=Article.Status.DRAFT, created_by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        post_change(client_for(editor), article, status="published")
    assert mail.outbox == []


def test_a_failed_send_is_logged_and_the_save_is_kept(
    writer, editor, draft, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.test_notifications.BrokenBackend"
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        response = post_change(client_for(writer), draft, status="review", note="Ready.")
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW
    assert EditorialNote.objects.filter(text="Ready.").exists()
    assert "workflow e-mail not sent" in caplog.text


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


def test_notes_are_shown_to_staff_and_never_to_readers(writer, editor, client):
    article = make_article(title="Public story", created_by=writer)
    EditorialNote.objects.create(article=article, author=editor, text="Secret: source is Bob")
    for user in (writer, editor):  # staff, on the article's admin page
        assert "Secret: source is Bob" in client_for(user).get(change_url(article)).content.decode()
    for path in (article.get_absolute_url(), "/feed/", "/feed/atom/", "/sitemap.xml", "/"):
        assert "Secret" not in client.get(path).content.decode(), path
    assert "Secret" not in client.get("/search/", {"q": "Bob"}).content.decode()


def test_a_new_article_can_carry_a_note(writer_client):
    response = writer_client.post(ADD_URL, article_form(note="First draft, photos to come."))
    assert response.status_code == 302
    assert EditorialNote.objects.get().text == "First draft, photos to come."


def test_the_dashboard_shows_my_drafts_and_unread_messages(writer, editor):
    from pages.models import ContactMessage

    make_article(status=Article.Status.DRAFT, created_by=editor)
    make_article(status=Article.Status.DRAFT, created_by=writer)
    make_article(status=Article.Status.DRAFT, created_by=writer)
    ContactMessage.objects.create(name="R", email="r@example.org", subject="Hi", message="x")
    ContactMessage.objects.create(
        name="S", email="s@example.org", subject="Old", message="y", status="read"
    )
    html = client_for(editor).get("/admin/").content.decode()
    assert 'href="/admin/articles/article/?state=draft&amp;mine=1">My drafts</a></th>\n' in html
    assert "Unread messages</a></th>\n        <td>1</td>" in html
    mine = client_for(writer).get("/admin/articles/article/?state=draft&mine=1")
    assert mine.context["cl"].result_count == 2
