"""Staff editing through the real admin forms."""

import re

import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article, Photo
from pages.models import SiteSettings

from .admin_forms import ADD_URL, article_form, inline_formset, inline_management, with_new_photo
from .factories import image_upload, make_article, make_photo, make_section, make_source

pytestmark = pytest.mark.django_db


def test_staff_logs_in_writes_an_article_with_a_photo_publishes_and_readers_see_it(client, editor):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "editor", "password": "correct horse battery"},
    )
    assert response.status_code == 302
    section = make_section(name="Science", slug="science")
    source = make_source(name="Science and Technology Daily", slug="st-daily")
    make_article(title="An older story")  # Newest must put the new one above it

    data = with_new_photo(
        article_form(section=section.pk, source=source.pk, agency="HaiPress", status="published"),
        image_upload("station.jpg"),
    )
    response = client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors

    article = Article.objects.get(slug="solar-station-opens-in-the-atacama-desert")
    assert article.is_published()
    assert article.created_by.username == "editor"
    assert sorted(article.tags.names()) == ["Chile", "Solar power"]
    photo = article.photos.get()
    assert (photo.alt_text, photo.credit, photo.source) == (
        "Solar panels in the desert",
        "Science and Technology Daily",
        source,
    )
    assert photo.width == 64

    newest = client.get("/").content.decode()
    assert newest.index("Solar station opens") < newest.index("An older story")
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "<figcaption>The station at dusk." in html
    assert f'<source type="image/webp" srcset="{photo.webp_srcset}"' in html
    client.logout()
    assert client.get(article.get_absolute_url()).status_code == 200  # public for readers
    assert article.get_absolute_url() in client.get("/sitemap-articles.xml").content.decode()


def test_draft_saved_from_the_form_stays_private(editor_client, client):
    editor_client.post(ADD_URL, article_form())
    article = Article.objects.get()
    assert article.status == "draft"
    editor_client.logout()
    assert client.get(article.get_absolute_url()).status_code == 404


def test_existing_photo_can_be_reused_from_the_library(editor_client):
    photo = make_photo()
    data = article_form(status="published")
    data.update(inline_management("article_photos", total=1))
    data.update({"article_photos-0-photo": photo.pk, "article_photos-0-position": "0"})
    assert editor_client.post(ADD_URL, data).status_code == 302
    assert list(Article.objects.get().photos.all()) == [photo]
    assert Photo.objects.count() == 1


class TestBadInput:
    def test_duplicate_slug_is_a_field_error(self, editor_client):
        make_article(slug="solar-station-opens-in-the-atacama-desert")
        response = editor_client.post(ADD_URL, article_form())
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert "slug" in errors
        assert Article.objects.count() == 1

    def test_new_photo_without_alt_text_is_refused_and_nothing_is_saved(self, editor_client):
        data = with_new_photo(article_form(), image_upload(), alt_text="")
        response = editor_client.post(ADD_URL, data)
        assert response.status_code == 200
        inline_errors = inline_formset(response, "article_photos").formset.errors
        assert "new_alt_text" in inline_errors[0]
        assert not Article.objects.exists()
        assert not Photo.objects.exists()

    def test_file_that_is_not_an_image_is_refused(self, editor_client):
        fake = SimpleUploadedFile("photo.jpg", b"not really a jpeg", content_type="image/jpeg")
        response = editor_client.post(ADD_URL, with_new_photo(article_form(), fake))
        assert response.status_code == 200
        inline_errors = inline_formset(response, "article_photos").formset.errors
        assert "new_image" in inline_errors[0]
        assert not Article.objects.exists()
        assert not Photo.objects.exists()

    def test_photo_library_refuses_missing_alt_text(self, editor_client):
        response = editor_client.post(
            "/admin/articles/photo/add/", {"image": image_upload(), "alt_text": "", "caption": "x"}
        )
        assert response.status_code == 200
        assert "alt_text" in response.context["adminform"].form.errors
        assert not Photo.objects.exists()


class TestArticleAdmin:
    def test_changelist_shows_columns_filters_search_and_date_hierarchy(self, editor_client):
        make_article(title="Findable headline", source=make_source(name="Wire"))
        response = editor_client.get("/admin/articles/article/?q=Findable")
        assert response.status_code == 200
        html = response.content.decode()
        assert "Findable headline" in html
        for column in [
            "column-title",
            "column-status",
            "column-published_at",
            "column-section",
            "column-source",
        ]:
            assert column in html
        assert 'id="changelist-filter"' in html
        assert '<nav class="toplinks">' in html  # date hierarchy

    def test_add_form_prefills_slug_and_uses_autocomplete(self, editor_client):
        html = editor_client.get(ADD_URL).content.decode()
        assert "data-prepopulated-fields=" in html
        assert "#id_slug" in html
        for field in ["section", "source", "disclaimer"]:
            assert re.search(rf'<select name="{field}"[^>]*class="admin-autocomplete"', html)
        assert 'class="tag-autocomplete"' in html  # tags, which can also create new ones
        assert "js/admin-tags.js" in html

    def test_tag_autocomplete_returns_names(self, editor_client):
        make_article(tags=["Renewable energy", "Rail"])
        response = editor_client.get(
            "/admin/articles/article/tag-autocomplete/",
            {
                "term": "ren",
                "app_label": "articles",
                "model_name": "taggedarticle",
                "field_name": "tag",
            },
        )
        assert response.status_code == 200
        assert response.json()["results"] == [
            {"id": "Renewable energy", "text": "Renewable energy"}
        ]

    def test_change_form_has_view_on_site_and_photo_thumbnails(self, editor_client):
        article = make_article(photos=1)
        html = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
        assert "View on site" in html
        assert article.photos.get().thumbnail_url in html

    def test_bulk_publish_and_unpublish(self, editor_client):
        drafts = [make_article(status="draft") for _ in range(2)]
        ids = [str(a.pk) for a in drafts]
        url = "/admin/articles/article/"
        editor_client.post(url, {"action": "publish_selected", "_selected_action": ids})
        assert all(Article.objects.get(pk=a.pk).is_published() for a in drafts)
        editor_client.post(url, {"action": "unpublish_selected", "_selected_action": ids})
        assert not Article.objects.published().exists()

    def test_editing_stamps_the_editor(self, editor_client, editor):
        article = make_article()
        data = article_form(
            title="Edited headline",
            slug=article.slug,
            status="published",
            published_at_0=article.published_at.strftime("%Y-%m-%d"),
            published_at_1=article.published_at.strftime("%H:%M:%S"),
        )
        data["tags"] = []
        response = editor_client.post(f"/admin/articles/article/{article.pk}/change/", data)
        assert response.status_code == 302
        article.refresh_from_db()
        assert (article.title, article.updated_by) == ("Edited headline", editor)


@pytest.mark.parametrize(
    "model",
    [
        m
        for m in admin_site._registry
        if m._meta.app_label in {"articles", "pages", "taggit", "api"}
    ],
)
def test_every_model_has_working_admin_pages(client, superuser, model):
    client.force_login(superuser)
    opts = model._meta
    changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    response = client.get(changelist, follow=True)
    assert response.status_code == 200
    if admin_site._registry[model].has_add_permission(response.wsgi_request):
        assert (
            client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_add")).status_code == 200
        )


def test_site_settings_are_edited_in_place(editor_client):
    response = editor_client.get("/admin/pages/sitesettings/")
    assert response.status_code == 302
    assert response["Location"].endswith(
        f"/admin/pages/sitesettings/{SiteSettings.SINGLETON_ID}/change/"
    )
