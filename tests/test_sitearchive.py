"""``export_site`` / ``import_site``: the public site as the API's JSON in one archive,
loaded into an empty installation and exported again unchanged."""

from __future__ import annotations

import datetime
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from taggit.models import Tag

from articles.models import (
    Article,
    ArticleAuthor,
    ArticlePhoto,
    Author,
    Correction,
    Photo,
    Section,
    Source,
    SyndicationPolicy,
)

from .factories import hidden_states, make_article, make_photo, make_section, make_source

pytestmark = pytest.mark.django_db


def command(name: str, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(name, *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), str(exc)
    return 0, out.getvalue(), err.getvalue()


def contents(path: Path) -> dict[str, object]:
    """Every entry of an archive, JSON parsed; the export's own moment left out."""
    found: dict[str, object] = {}
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            data = archive.read(name)
            if name.endswith(".json"):
                found[name] = json.loads(data)
            elif name.endswith(".jsonl"):
                found[name] = [json.loads(line) for line in data.splitlines()]
            else:
                found[name] = data
    found["manifest.json"].pop("exported_at")
    return found


def build_site() -> dict[str, Article]:
    world = make_section(name="World", slug="world", order=1, description="Abroad")
    science = make_section(name="Science", slug="science", order=2)
    daily = make_source(
        name="Science and Technology Daily",
        slug="st-daily",
        homepage_url="https://stdaily.example.com/",
        syndication_policy=SyndicationPolicy.CANONICAL,
    )
    portrait = make_photo(caption="Our writer", credit="Newsroom")
    writer = Author.objects.create(
        name="Ana Silva", slug="ana-silva", role="Editor", bio="Writes.", photo=portrait,
        links="https://ana.example.org/\nhttps://social.example/ana",
    )  # fmt: skip
    second = Author.objects.create(name="Wei Fang", slug="wei-fang")
    own = make_article(
        title="Harbour reopens",
        slug="harbour-reopens",
        section=world,
        tags=["Ports", "Economy"],
        photos=2,
        dateline="LISBON, March 3",
        published_at=timezone.now() - datetime.timedelta(days=3),
    )
    ArticleAuthor.objects.create(article=own, author=writer, position=0)
    ArticleAuthor.objects.create(article=own, author=second, position=1)
    lead = own.article_photos.first()
    lead.caption_override = "A caption for this story"
    lead.save()
    body_photo = make_photo(caption="In the body")
    own.body = f'<p>Before.</p><figure data-photo="{body_photo.pk}"></figure><p>After.</p>'
    own.save()
    Correction.objects.create(article=own, text="An earlier version misspelt the port.")
    reprint = make_article(
        title="科技日报：新材料",
        slug="new-materials",
        section=science,
        source=daily,
        agency="HaiPress",
        byline="Zhang Wei",
        original_url="https://stdaily.example.com/a/1",
        original_published_at=timezone.now() - datetime.timedelta(days=2, hours=3),
        language="zh-Hans",
        tags=["Materials"],
    )
    noindexed = make_article(title="Kept out", source=daily, syndication_policy="noindex")
    hidden = {
        state: make_article(title=f"Hidden {state}", tags=["Secret tag"], **fields)
        for state, fields in hidden_states().items()
    }
    return {"own": own, "reprint": reprint, "noindexed": noindexed, **hidden}


def empty_the_site(settings) -> None:
    """What a new installation has: no content and no media files."""
    for model in (Correction, ArticlePhoto, ArticleAuthor, Article, Author, Photo, Tag,
                  Section, Source):  # fmt: skip
        model.objects.all().delete()
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


def test_a_round_trip_gives_the_same_archive(tmp_path, settings, client):
    site = build_site()
    first = tmp_path / "first.zip"
    code, out, _err = command("export_site", str(first))
    assert code == 0
    assert f"Wrote {first}: 3 articles, 2 sections, 1 sources, 3 tags, 2 authors, 4 photos." in out
    own_page = client.get(site["own"].get_absolute_url()).content
    empty_the_site(settings)
    code, out, _err = command("import_site", str(first))
    assert code == 0, _err
    assert "Loaded" in out
    second = tmp_path / "second.zip"
    command("export_site", str(second))
    assert contents(first) == contents(second)
    # Through the site: the same page, its photo files served from storage again.
    restored = Article.objects.get(pk=site["own"].pk)
    assert client.get(restored.get_absolute_url()).content == own_page
    for photo in Photo.objects.all():
        for name in photo.stored_names():
            assert (Path(settings.MEDIA_ROOT) / name).is_file()


def test_only_public_articles_go_into_the_archive(tmp_path):
    site = build_site()
    archive = tmp_path / "site.zip"
    command("export_site", str(archive))
    found = contents(archive)
    ids = {row["id"] for row in found["articles.jsonl"]}
    assert ids == {site["own"].pk, site["reprint"].pk, site["noindexed"].pk}
    assert "Secret tag" not in {tag["name"] for tag in found["tags.json"]}
    assert all("status" not in row for row in found["articles.jsonl"])


def test_ids_slugs_dates_and_relations_are_restored(tmp_path, settings):
    site = build_site()
    own, reprint = site["own"], site["reprint"]
    own.refresh_from_db()
    archive = tmp_path / "site.zip"
    command("export_site", str(archive))
    empty_the_site(settings)
    command("import_site", str(archive))
    article = Article.objects.get(pk=own.pk)
    assert (article.slug, article.published_at, article.updated_at) == (
        own.slug,
        own.published_at,
        own.updated_at,
    )
    assert article.is_published()
    assert article.section.slug == "world"
    assert sorted(article.tags.names()) == ["Economy", "Ports"]
    assert [c.author.slug for c in article.article_authors.all()] == ["ana-silva", "wei-fang"]
    assert article.article_photos.first().caption_override == "A caption for this story"
    assert article.corrections.get().text == "An earlier version misspelt the port."
    assert article.shows_update()  # corrected after publication
    assert Author.objects.get(slug="ana-silva").photo.caption == "Our writer"
    copy = Article.objects.get(pk=reprint.pk)
    assert copy.source.slug == "st-daily"
    assert copy.syndication_policy == ""  # the source's, as before
    assert Article.objects.get(pk=site["noindexed"].pk).syndication_policy == "noindex"
    assert copy.language == "zh-Hans"
    assert "Zhang Wei" in copy.keywords  # search finds it as before
    # New rows get new ids, past the restored ones.
    top_photo = Photo.objects.order_by("-pk").values_list("pk", flat=True).first()
    assert make_article(title="After the move").pk > max(own.pk, reprint.pk)
    assert make_photo().pk > top_photo


def test_importing_into_a_site_with_content_is_refused(tmp_path):
    build_site()
    archive = tmp_path / "site.zip"
    command("export_site", str(archive))
    before = Article.objects.count()
    code, _out, message = command("import_site", str(archive))
    assert code == 1
    assert "this installation is not empty" in message
    assert Article.objects.count() == before


def test_a_damaged_archive_loads_nothing_and_leaves_no_file(tmp_path, settings):
    build_site()
    archive = tmp_path / "site.zip"
    command("export_site", str(archive))
    empty_the_site(settings)
    damaged = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            if item.filename == "articles.jsonl":
                data = data.replace(b'"section"', b'"sektion"', 1)
            target.writestr(item, data)
    code, _out, message = command("import_site", str(damaged))
    assert code == 1
    assert "damaged or incomplete" in message
    assert not Photo.objects.exists()
    assert not Section.objects.exists()
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))
    (tmp_path / "nonsense.zip").write_bytes(b"not a zip")
    code, _out, message = command("import_site", str(tmp_path / "nonsense.zip"))
    assert code == 1
    assert "cannot read" in message


def test_the_site_shows_the_imported_articles_even_when_pages_were_cached(
    tmp_path, settings, client
):
    build_site()
    archive = tmp_path / "site.zip"
    command("export_site", str(archive))
    empty_the_site(settings)
    assert "Harbour reopens" not in client.get("/").content.decode()  # cached, empty
    command("import_site", str(archive))
    assert "Harbour reopens" in client.get("/").content.decode()
    assert Source.objects.get().name == "Science and Technology Daily"
