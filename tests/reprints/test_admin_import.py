"""The admin's "Import articles" page, import records with undo, and pending photos."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles.models import Article, ArticlePhoto
from reprints.models import ImportRecord, PendingFigure

from ..factories import image_bytes

pytestmark = pytest.mark.django_db

PAGES = Path(__file__).parent.parent / "import_pages"
IMPORT_URL = "/admin/articles/article/import/"


def upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, (PAGES / name).read_bytes() if data is None else data)


def test_the_changelist_links_to_the_import_page(writer_client):
    response = writer_client.get("/admin/articles/article/")
    assert f'href="{IMPORT_URL}"' in response.content.decode()
    assert reverse("admin:articles_article_import") == IMPORT_URL


def test_writers_get_no_publish_choice_and_import_drafts(writer_client, writer):
    form = writer_client.get(IMPORT_URL).context["form"]
    assert "publish" not in form.fields
    response = writer_client.post(
        IMPORT_URL, {"files": [upload("reprint-page.txt")], "publish": "on"}
    )
    assert response.status_code == 200
    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT  # the forged "publish" is ignored
    assert article.created_by == writer
    assert ImportRecord.objects.get().user == writer
    page = response.content.decode()
    assert reverse("admin:articles_article_change", args=[article.pk]) in page
    assert "47 repairs" in page
    assert "1 imported, 0 updated, 0 skipped, 0 failed." in page


def test_editors_may_publish_several_files_with_their_images(editor_client):
    assert "publish" in editor_client.get(IMPORT_URL).context["form"].fields
    response = editor_client.post(
        IMPORT_URL,
        {
            "files": [
                upload("reprint-page.txt"),
                upload("jsonld-article.html"),
                upload("plant.png", image_bytes("PNG", size=(40, 30))),
            ],
            "publish": "on",
        },
    )
    assert response.status_code == 200
    assert Article.objects.published().count() == 2
    solar = Article.objects.get(title="Solar farm opens in the Atacama")
    placement = ArticlePhoto.objects.get(article=solar)
    assert (placement.photo.width, placement.photo.height) == (40, 30)
    assert placement.photo.caption == "The plant seen from the air."
    assert "2 imported, 0 updated, 0 skipped, 0 failed." in response.content.decode()


def test_pasted_text_and_a_bad_file_in_one_batch(writer_client):
    response = writer_client.post(
        IMPORT_URL,
        {
            "files": [upload("empty.txt", b""), upload("meta-only.html")],
            "text": (PAGES / "reprint-page.txt").read_text(),
        },
    )
    page = response.content.decode()
    assert "empty.txt" in page
    assert "empty file" in page
    assert "2 imported, 0 updated, 0 skipped, 1 failed." in page
    assert Article.objects.count() == 2
    assert ImportRecord.objects.filter(origin="pasted text").exists()


def test_a_dry_run_from_the_admin_saves_nothing(writer_client):
    response = writer_client.post(
        IMPORT_URL, {"files": [upload("reprint-page.txt")], "dry_run": "on"}
    )
    page = response.content.decode()
    assert "would import" in page
    assert "Theirsci-tech" in page  # the repairs are listed
    assert not Article.objects.exists()


def test_an_empty_form_asks_for_something(writer_client):
    response = writer_client.post(IMPORT_URL, {})
    assert "Choose files, paste a page or give an address." in response.content.decode()


def test_a_user_who_cannot_add_articles_cannot_import(client, django_user_model):
    user = django_user_model.objects.create_user("viewer", password="x", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(user)
    assert client.get(IMPORT_URL).status_code == 403
    assert client.post(IMPORT_URL, {"text": "Headline\n\nBody text."}).status_code == 403


def test_import_record_lists_repairs_and_undoes_one(writer_client):
    writer_client.post(IMPORT_URL, {"files": [upload("reprint-page.txt")]})
    record = ImportRecord.objects.get()
    url = reverse("admin:reprints_importrecord_change", args=[record.pk])
    page = writer_client.get(url).content.decode()
    assert "<del>Theirsci-tech</del>" in page
    assert "<ins>Their sci-tech</ins>" in page
    index = next(i for i, r in enumerate(record.repairs) if r["before"] == "theAtacama")
    undo_url = reverse("admin:reprints_importrecord_undo", args=[record.pk, index])
    assert f'formaction="{undo_url}"' in page
    assert writer_client.get(undo_url).status_code == 405

    response = writer_client.post(undo_url, follow=True)
    assert "is “theAtacama” again" in response.content.decode()
    article = record.article
    article.refresh_from_db()
    assert "solar power station in theAtacama Desert" in article.body
    record.refresh_from_db()
    assert record.repairs[index]["undone"] is True


def test_only_someone_who_may_edit_the_article_undoes(writer_client, editor):
    editor_browser = Client()
    editor_browser.force_login(editor)
    editor_browser.post(IMPORT_URL, {"files": [upload("reprint-page.txt")]})  # the editor's draft
    record = ImportRecord.objects.get()
    undo_url = reverse("admin:reprints_importrecord_undo", args=[record.pk, 0])
    assert writer_client.post(undo_url).status_code == 403
    record.refresh_from_db()
    assert "undone" not in record.repairs[0]


def test_the_article_form_shows_pending_photos_and_imports(writer_client):
    writer_client.post(IMPORT_URL, {"files": [upload("reprint-page.txt")]})
    article = Article.objects.get()
    page = writer_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    assert "Photos awaiting their image" in page
    assert "Courtesy photo of Xiao Junyong." in page
    assert reverse("admin:reprints_importrecord_change", args=[ImportRecord.objects.get().pk]) in (
        page
    )
    assert PendingFigure.objects.filter(article=article).count() == 1
