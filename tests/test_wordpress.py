"""``manage.py import_wordpress``: a WordPress export (tests/wordpress/*.xml) becomes
articles, sections, tags, authors, photos and 301s, through the command and the site."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from PIL import Image
from taggit.models import Tag

from articles.models import (
    Article,
    ArticlePhoto,
    ArticleRedirect,
    Author,
    Photo,
    Section,
)
from wordpress.models import ImportedPhoto, ImportedPost

from .factories import image_bytes
from .wire_server import WireServer

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "wordpress"
SITE = FIXTURES / "site.xml"
UTC = datetime.UTC


@pytest.fixture
def media(tmp_path) -> Path:
    """A copy of the old site's wp-content/uploads: two of the three attachments."""
    folder = tmp_path / "uploads"
    (folder / "2024" / "03").mkdir(parents=True)
    Image.new("RGB", (800, 600), "navy").save(folder / "2024" / "03" / "harbour.jpg")
    Image.new("RGB", (640, 480), "green").save(folder / "2024" / "03" / "market.png")
    return folder


def run(*args: str) -> tuple[int, str, str]:
    """The command's exit status, output and errors, as a shell would see them."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_wordpress", *args, stdout=out, stderr=err)
    except CommandError as exc:
        err.write(f"CommandError: {exc}\n")
        return exc.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def article(post_id: int) -> Article:
    return ImportedPost.objects.get(post_id=post_id).article


@pytest.fixture
def imported(media) -> tuple[int, str, str]:
    return run(str(SITE), "--media", str(media))


# --- statuses and dates -----------------------------------------------------------------


def test_every_status_is_mapped_and_only_publish_is_public(imported):
    assert article(1).status == Article.Status.PUBLISHED
    assert article(1).published_at == datetime.datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    assert article(1).is_published()
    scheduled = article(3)
    assert scheduled.status == Article.Status.PUBLISHED
    assert scheduled.published_at == datetime.datetime(2099, 7, 1, 10, tzinfo=UTC)
    assert scheduled.is_scheduled()
    assert article(4).status == Article.Status.DRAFT  # draft
    assert article(5).status == Article.Status.REVIEW  # pending
    assert article(6).status == Article.Status.DRAFT  # private stays private
    assert {a.pk for a in Article.objects.published()} == {article(n).pk for n in (1, 2, 8)}
    # The trashed post and the page are not articles.
    assert not ImportedPost.objects.filter(post_id__in=[7, 9]).exists()
    _code, out, _err = imported
    assert "post 7 “Trashed post”: trash" in out
    assert "post 9 “About us”: a page, not a post" in out


def test_dates_are_the_posts_not_the_imports(imported):
    ferry = article(1)
    assert ferry.created_at == datetime.datetime(2024, 3, 5, 9, 30, tzinfo=UTC)
    # Modified after publication: readers are told it was updated, then.
    assert ferry.updated_at == ferry.revised_at == datetime.datetime(2024, 3, 6, 12, tzinfo=UTC)
    assert article(2).revised_at is None
    assert article(4).published_at is None


def test_a_scheduled_post_is_not_public_until_its_time(imported, client):
    scheduled = article(3)
    url = scheduled.get_absolute_url()
    assert client.get(url).status_code == 404
    assert scheduled.title not in client.get("/").content.decode()
    with time_machine.travel(datetime.datetime(2099, 7, 1, 10, 1, tzinfo=UTC), tick=False):
        assert client.get(url).status_code == 200
        assert scheduled.title in client.get("/").content.decode()


def test_drafts_review_and_private_posts_stay_hidden_from_readers(imported, client):
    for post_id in (4, 5, 6):
        assert client.get(article(post_id).get_absolute_url()).status_code == 404


# --- taxonomy and authors ---------------------------------------------------------------


def test_the_top_level_category_is_the_section_and_subcategories_are_tags(imported):
    ferry = article(1)  # filed under news > world > asia, and culture
    assert ferry.section.slug == "news"
    assert set(ferry.tags.names()) == {"Ferries", "Strikes", "Asia"}
    assert article(3).section.name == "Culture"
    assert article(4).section is None  # no category
    assert not Section.objects.filter(slug="uncategorized").exists()


def test_authors_match_by_login_and_are_credited(imported):
    assert [c.author.name for c in article(1).article_authors.all()] == ["Jane Doe"]
    assert Author.objects.get(slug="jdoe").name == "Jane Doe"
    assert Author.objects.get(slug="liwei").name == "李伟"
    assert Author.objects.count() == 2


# --- unicode ------------------------------------------------------------------------------


def test_titles_and_bodies_in_several_scripts_survive(imported, client):
    ferry = article(8)
    assert ferry.title == "北京港口迎来新渡轮"
    assert ferry.slug == "post-8"  # our addresses are ASCII; the old one redirects
    assert ferry.section.name == "文化"
    assert ferry.section.slug.isascii()
    assert list(ferry.tags.names()) == ["渡轮"]
    page = client.get(ferry.get_absolute_url()).content.decode()
    for text in ("新渡轮于周六首航。", "Новый паром вышел в море", "العبارة الجديدة", "🚢"):
        assert text in page
    assert client.get(ferry.section.get_absolute_url()).status_code == 200


# --- content ------------------------------------------------------------------------------


def test_a_classic_post_gets_paragraphs_and_its_caption_becomes_a_photo(imported, client):
    ferry = article(1)
    market = ImportedPhoto.objects.get(path="2024/03/market.png").photo
    assert ferry.body.startswith(
        "<p>The ferries are running again.<br>\nCrews returned at six.</p>"
    )
    assert f'<figure data-photo="{market.pk}"></figure>' in ferry.body
    assert market.caption == "Stalls reopened by the quay."
    assert market.alt_text == "Stalls by the quay"
    assert "<h2>What was agreed</h2>" in ferry.body
    assert "[sic]" in ferry.body  # a bracketed word is text
    for gone in ("[caption", "[/caption]", "[footnote", "contact-form-7", "<script", "javascript:"):
        assert gone not in ferry.body
    assert ferry.summary == "Crews are back at work."
    page = client.get(ferry.get_absolute_url()).content.decode()
    assert "Stalls reopened by the quay." in page
    assert market.fallback_url in page


def test_a_block_editor_post_loses_its_comments_and_keeps_its_blocks(imported):
    quay = article(2)
    harbour = ImportedPhoto.objects.get(path="2024/03/harbour.jpg").photo
    assert "wp:" not in quay.body
    assert "newsletter_signup" not in quay.body
    assert quay.body == (
        "<p>The new quay opened on Tuesday.</p>\n"
        f'<figure data-photo="{harbour.pk}"></figure>\n'
        "<h2>Who paid</h2>\n"
        "<ul><li>The port</li><li>The city</li></ul>"
    )


def test_the_featured_image_leads_with_its_alt_text(imported):
    ferry = article(1)
    lead = ferry.article_photos.order_by("position").first()
    assert lead.position == 0
    assert lead.photo.alt_text == "Fishing boats moored in a calm harbour at dawn"
    assert lead.photo.caption == "The harbour before the first ferry."
    assert lead.photo.width == 800
    # A resized copy in another post's body is the same photo, not a second one.
    assert Photo.objects.count() == 2


def test_a_missing_attachment_is_a_warning_and_the_post_is_imported(imported):
    _code, out, err = imported
    assert (
        "warning: site.xml: line 110: post 2 “New quay opens”: photo not imported: "
        "2024/03/lost.jpg is not in the media folder" in err
    )
    assert "post 2 “New quay opens”: created" in out
    assert article(2).is_published()


def test_malformed_items_are_reported_with_line_and_title_and_the_batch_goes_on(imported):
    code, out, err = imported
    assert (
        "failed: site.xml: line 236: item “Item without a number”: its wp:post_id is “abc”" in err
    )
    assert (
        "failed: site.xml: line 244: item “Item with a broken date” (post 11): "
        "the date “last Tuesday” is not a WordPress date" in err
    )
    assert "post 8 “北京港口迎来新渡轮”: created" in out  # after a failure... and before
    assert "11 items: 7 created, 0 updated, 0 unchanged, 2 skipped, 2 failed" in out
    assert code == 2  # a script notices; the file itself was read
    assert not Article.objects.filter(title__startswith="Item with").exists()


# --- old addresses ------------------------------------------------------------------------


def test_the_old_permalink_and_shortlink_answer_301_through_the_site(client, media):
    # Asked before the import: not found (and not kept as such by any cache).
    assert client.get("/news/ferry-strike-ends/").status_code == 404
    run(str(SITE), "--media", str(media))
    new = article(1).get_absolute_url()
    for old in ("/news/ferry-strike-ends/", "/news/ferry-strike-ends", "/?p=1"):
        response = client.get(old)
        assert response.status_code == 301, old
        assert response["Location"] == new
    unicode = client.get("/2024/06/01/北京港口/")
    assert unicode.status_code == 301
    assert unicode["Location"] == "/2024/06/01/post-8/"
    # A post whose old address is its new one needs no redirect: it is there.
    assert client.get("/2024/04/02/new-quay-opens/").status_code == 200


def test_old_addresses_of_hidden_posts_do_not_redirect(imported, client):
    assert client.get("/2024/05/02/staff-rota/").status_code == 404  # private
    assert client.get("/?p=4").status_code == 200  # a draft: the root is just Newest
    assert "Draft: dredging plans" not in client.get("/?p=4").content.decode()
    scheduled = article(3)
    assert client.get("/?p=3").status_code == 200
    with time_machine.travel(datetime.datetime(2099, 7, 2, tzinfo=UTC), tick=False):
        response = client.get("/?p=3")
        assert response.status_code == 301
        assert response["Location"] == scheduled.get_absolute_url()


# --- running again ------------------------------------------------------------------------


def test_running_again_updates_instead_of_duplicating(media, tmp_path, client):
    run(str(SITE), "--media", str(media))
    counts = [
        model.objects.count()
        for model in (Article, Photo, Section, Author, Tag, ArticleRedirect, ArticlePhoto)
    ]
    ferry = article(1)
    assert client.get(ferry.get_absolute_url()).status_code == 200  # cached now
    edited = tmp_path / "site.xml"
    edited.write_text(
        SITE.read_text("utf-8").replace(
            "<title>Ferry strike ends after three days</title>",
            "<title>Ferry strike ends after 72 hours</title>",
        ),
        "utf-8",
    )
    code, out, _err = run(str(edited), "--media", str(media))
    assert code == 2  # the malformed items are still malformed
    assert f"post 1 “Ferry strike ends after 72 hours”: updated #{ferry.pk}" in out
    assert "post 8 “北京港口迎来新渡轮”: unchanged" in out
    # Post 2 had a warning (its featured image was missing): it is tried again.
    assert "post 2 “New quay opens”: updated" in out
    assert "1 unchanged" not in out
    assert counts == [
        model.objects.count()
        for model in (Article, Photo, Section, Author, Tag, ArticleRedirect, ArticlePhoto)
    ]
    ferry.refresh_from_db()
    assert ferry.title == "Ferry strike ends after 72 hours"
    assert "after 72 hours" in client.get(ferry.get_absolute_url()).content.decode()


def test_a_dry_run_writes_nothing(media, settings):
    code, out, err = run(str(SITE), "--media", str(media), "--dry-run")
    assert code == 2  # the malformed items would fail
    assert "post 1 “Ferry strike ends after three days”: would be created" in out
    assert "Dry run, nothing written: 11 items: 7 created" in out
    assert "photo not imported" in err  # what would go wrong is said all the same
    for model in (Article, Photo, Section, Author, Tag, ArticleRedirect, ImportedPost):
        assert model.objects.count() == 0, model
    media_root = Path(settings.MEDIA_ROOT)
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_the_newest_page_shows_the_import_even_when_cached(client, media):
    assert "Ferry strike ends" not in client.get("/").content.decode()
    run(str(SITE), "--media", str(media))
    assert "Ferry strike ends after three days" in client.get("/").content.decode()


# --- the file -----------------------------------------------------------------------------


def test_a_file_that_is_not_well_formed_is_refused_with_its_line(tmp_path):
    code, _out, err = run(str(FIXTURES / "broken.xml"))
    assert code == 1
    assert "broken.xml: line 13: not well-formed XML" in err
    assert Article.objects.count() == 0  # read to the end before anything is written
    code, _out, err = run(str(tmp_path / "missing.xml"))
    assert code == 1
    assert "cannot read the file" in err
    (tmp_path / "page.html").write_text("<html><body>not an export</body></html>")
    code, _out, err = run(str(tmp_path / "page.html"))
    assert code == 1
    assert "not a WordPress export" in err


def test_entities_are_never_expanded(tmp_path):
    code, _out, err = run(str(FIXTURES / "entities.xml"), "--media", str(tmp_path))
    assert code == 0, err
    post = article(1)
    assert post.title == "Entities &secret; &lol3;"
    assert "root:" not in post.body
    assert "lollol" not in post.title + post.body


def test_without_media_photos_are_downloaded_under_the_importers_rules(tmp_path, settings):
    server = WireServer().start()
    try:
        image = server.add(
            "/wp-content/uploads/2024/01/pier.jpg", image_bytes(), content_type="image/jpeg"
        )
        export = tmp_path / "export.xml"
        export.write_text(
            (FIXTURES / "download.xml").read_text("utf-8").replace("IMAGE_URL", image), "utf-8"
        )
        # The server is on 127.0.0.1: refused, as any private address is, by default.
        code, _out, err = run(str(export))
        assert code == 0
        assert "private or local address" in err
        assert Photo.objects.count() == 0
        settings.NEWSROOM_IMPORT_ALLOW_PRIVATE_URLS = True
        code, out, err = run(str(export))
        assert "updated" in out
        (lead,) = article(1).article_photos.all()
        assert lead.photo.alt_text == "A pier"
    finally:
        server.stop()


def test_a_failed_item_leaves_no_photo_file_behind(media, tmp_path, settings, monkeypatch):
    from wordpress import importer

    def fail(self, *args):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(importer.WordPressImport, "credit", fail)
    code, _out, err = run(str(SITE), "--media", str(media))
    assert code == 2
    assert (
        "post 1 “Ferry strike ends after three days”: RuntimeError: the database went away" in err
    )
    # Nothing half-written: each item's rows went with its transaction.
    for model in (Article, Photo, Section, ArticleRedirect, ImportedPost, ImportedPhoto):
        assert model.objects.count() == 0, model
    media_root = Path(settings.MEDIA_ROOT)
    assert not media_root.exists() or not any(p.is_file() for p in media_root.rglob("*"))


def test_the_command_names_a_missing_media_folder(tmp_path):
    code, _out, err = run(str(SITE), "--media", str(tmp_path / "nowhere"))
    assert code == 1
    assert "not a folder" in err
