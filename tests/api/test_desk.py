"""Staff writes through the API: the admin's rules, the workflow's permissions."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from reversion.models import Version

from api import desk
from articles.models import Article, ArticleEvent, Author
from reprints import importer
from tests.factories import make_article, make_section, make_source

pytestmark = pytest.mark.django_db

DESK = "/api/v1/desk/articles/"
JSON = "application/json"


def post(client, url, data=None, **headers):
    return client.post(url, data or {}, content_type=JSON, **headers)


def patch(client, url, data, **headers):
    return client.patch(url, data, content_type=JSON, **headers)


def test_a_writer_creates_a_draft_of_their_own(writer, writer_api):
    section = make_section(slug="world")
    Author.objects.create(name="Wei Fang", slug="wei-fang", user=writer)
    response = post(
        writer_api,
        DESK,
        {
            "title": "Port strike ends",
            "body": "<p>Ships move.</p>",
            "section": "world",
            "tags": ["ports", "labour"],
        },
    )
    assert response.status_code == 201, response.content
    data = response.json()
    article = Article.objects.get(pk=data["id"])
    assert article.status == Article.Status.DRAFT
    assert article.created_by == writer
    assert article.section == section
    assert sorted(article.tags.names()) == ["labour", "ports"]
    assert article.slug == "port-strike-ends"
    assert [a["slug"] for a in data["authors"]] == ["wei-fang"]
    assert response["ETag"] == f'"article-{article.pk}-v{article.edit_version}"'
    assert "no-store" in response["Cache-Control"]


def test_the_body_is_sanitized_as_in_the_admin(writer_api):
    response = post(
        writer_api,
        DESK,
        {"title": "XSS", "body": '<p onclick="x()">Hi<script>alert(1)</script>'
         '<a href="javascript:alert(1)">link</a></p><iframe src="https://e.test"></iframe>'},
    )  # fmt: skip
    body = Article.objects.get(pk=response.json()["id"]).body
    for bad in ("script", "onclick", "javascript:", "iframe"):
        assert bad not in body


def test_validation_errors_name_the_field(writer_api):
    response = post(writer_api, DESK, {"title": ""})
    assert response.status_code == 400
    assert "title" in response.json()
    response = post(writer_api, DESK, {"title": "Bad link", "original_url": "not a url"})
    assert response.status_code == 400
    assert "original_url" in response.json()


def test_writers_see_and_edit_only_their_own_unpublished_articles(writer, writer_api, editor):
    own = make_article(status=Article.Status.DRAFT, created_by=writer)
    theirs = make_article(status=Article.Status.DRAFT, created_by=editor)
    published = make_article(created_by=writer)
    listed = [item["id"] for item in writer_api.get(DESK).json()["results"]]
    assert listed == [own.pk]
    assert writer_api.get(f"{DESK}{theirs.pk}/").status_code == 404
    assert patch(writer_api, f"{DESK}{published.pk}/", {"title": "x"}).status_code == 404
    assert patch(writer_api, f"{DESK}{own.pk}/", {"title": "Mine"}).status_code == 200


def test_a_writer_submits_for_review_but_cannot_publish(writer, writer_api):
    own = make_article(status=Article.Status.DRAFT, created_by=writer)
    assert post(writer_api, f"{DESK}{own.pk}/publish/").status_code == 403
    response = post(writer_api, f"{DESK}{own.pk}/submit/")
    assert response.status_code == 200
    assert response.json()["status"] == "review"
    own.refresh_from_db()
    assert own.status == Article.Status.REVIEW
    event = ArticleEvent.objects.filter(article=own).first()
    assert event.action == "submitted"
    assert event.note == "via API"


@pytest.mark.parametrize("action", ["publish", "withdraw", "unpublish"])
def test_writers_cannot_make_editors_moves(writer, writer_api, action):
    own = make_article(status=Article.Status.REVIEW, created_by=writer)
    assert post(writer_api, f"{DESK}{own.pk}/{action}/").status_code == 403
    own.refresh_from_db()
    assert own.status == Article.Status.REVIEW


def test_an_editor_publishes_schedules_and_withdraws(editor_api, editor, client):
    article = make_article(status=Article.Status.REVIEW)
    when = timezone.now() + datetime.timedelta(days=1)
    response = post(editor_api, f"{DESK}{article.pk}/publish/", {"published_at": when.isoformat()})
    assert response.status_code == 200
    assert response.json()["is_public"] is False  # scheduled
    assert client.get(f"/api/v1/articles/{article.pk}/").status_code == 404
    now = timezone.now().isoformat()
    response = post(editor_api, f"{DESK}{article.pk}/publish/", {"published_at": now})
    assert response.json()["is_public"] is True
    assert client.get(f"/api/v1/articles/{article.pk}/").status_code == 200
    response = post(editor_api, f"{DESK}{article.pk}/withdraw/")
    assert response.json()["status"] == "withdrawn"
    assert client.get(f"/api/v1/articles/{article.pk}/").status_code == 404
    actions = list(ArticleEvent.objects.filter(article=article).values_list("action", "note"))
    assert [a for a, _ in actions] == ["withdrawn", "published", "scheduled"]
    assert all(note.endswith("via API") for _, note in actions)


def test_the_credit_gate_holds(editor_api):
    reprint = make_article(status=Article.Status.DRAFT, original_url="https://other.example/x")
    response = post(editor_api, f"{DESK}{reprint.pk}/publish/")
    assert response.status_code == 400
    assert "source" in response.json()
    reprint.refresh_from_db()
    assert reprint.status == Article.Status.DRAFT
    response = patch(editor_api, f"{DESK}{reprint.pk}/", {"source": make_source(slug="o").slug})
    assert response.status_code == 200
    assert post(editor_api, f"{DESK}{reprint.pk}/publish/").status_code == 200


def test_if_match_refuses_an_edit_conflict(writer, writer_api):
    article = make_article(status=Article.Status.DRAFT, created_by=writer)
    read = writer_api.get(f"{DESK}{article.pk}/")
    tag = read["ETag"]
    first = patch(writer_api, f"{DESK}{article.pk}/", {"title": "First"}, HTTP_IF_MATCH=tag)
    assert first.status_code == 200
    second = patch(writer_api, f"{DESK}{article.pk}/", {"title": "Second"}, HTTP_IF_MATCH=tag)
    assert second.status_code == 412
    article.refresh_from_db()
    assert article.title == "First"
    stale = post(writer_api, f"{DESK}{article.pk}/submit/", HTTP_IF_MATCH=tag)
    assert stale.status_code == 412
    fresh = post(writer_api, f"{DESK}{article.pk}/submit/", HTTP_IF_MATCH=first["ETag"])
    assert fresh.status_code == 200


def test_the_forms_locked_check_catches_a_save_between_read_and_write(writer, writer_api):
    """If-Match passes, then someone saves before the form's locked check: still 412."""
    article = make_article(status=Article.Status.DRAFT, created_by=writer)
    tag = writer_api.get(f"{DESK}{article.pk}/")["ETag"]
    stale = Article.objects.get(pk=article.pk)
    data = desk.form_data({"title": "Late"}, stale)
    data["base_version"] = stale.edit_version
    Article.objects.get(pk=article.pk).save()  # someone else's save
    form = desk.article_form(writer)(data=data, instance=stale)
    assert not form.is_valid()
    assert form.non_field_errors().as_data()[0].code == "edit_conflict"
    assert tag  # the header the client sent named the older version


def test_every_save_is_a_revision_naming_the_api(writer, writer_api):
    response = post(writer_api, DESK, {"title": "Tracked"})
    pk = response.json()["id"]
    patch(writer_api, f"{DESK}{pk}/", {"summary": "Now with a dek"})
    versions = Version.objects.get_for_object(Article.objects.get(pk=pk))
    assert versions.count() == 2
    assert all("via API" in v.revision.comment for v in versions)
    assert all(v.revision.user == writer for v in versions)
    assert ArticleEvent.objects.get(article_id=pk).note == "via API"


def test_put_replaces_and_keeps_the_tags_given(writer, writer_api):
    article = make_article(status=Article.Status.DRAFT, created_by=writer, tags=["old"])
    response = writer_api.put(
        f"{DESK}{article.pk}/", {"title": "Whole", "tags": ["new"]}, content_type=JSON
    )
    assert response.status_code == 200
    assert response.json()["title"] == "Whole"
    assert [t["name"] for t in response.json()["tags"]] == ["new"]


def test_session_writes_keep_csrf(writer):
    from django.test import Client

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(writer)
    assert post(browser, DESK, {"title": "No token"}).status_code == 403


def test_a_reprint_by_url_goes_through_the_importer(writer_api, monkeypatch):
    page = (
        b"<html><head><title>Harbour reopens</title></head><body><article>"
        b"<h1>Harbour reopens after the storm</h1><p>By Jo Reporter</p>"
        + b"<p>The harbour reopened on Monday after a week of repairs to the piers.</p>" * 8
        + b"</article></body></html>"
    )
    seen = []

    def offline(url: str) -> importer.Document:
        seen.append(url)
        return importer.Document(name=url, data=page, url=url, charset="utf-8")

    monkeypatch.setattr(importer, "document_from_url", offline)
    response = post(writer_api, "/api/v1/desk/imports/", {"url": "https://outlet.example/h"})
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["status"] == "imported"
    article = Article.objects.get(pk=data["article"]["id"])
    assert article.status == Article.Status.DRAFT
    assert article.original_url == "https://outlet.example/h"
    assert seen == ["https://outlet.example/h"]


def test_an_import_failure_is_a_400(writer_api, monkeypatch):
    def refused(url: str):
        raise importer.ImportFailure("address not allowed")

    monkeypatch.setattr(importer, "document_from_url", refused)
    response = post(writer_api, "/api/v1/desk/imports/", {"url": "https://10.0.0.1/x"})
    assert response.status_code == 400
    assert "address not allowed" in str(response.json())
