"""Bugs found by trying the site as a new user would (issue 14, point 5): commands,
admin input, migrations, search snippets, plain-text bodies, the CSP and share images."""

from __future__ import annotations

import ast
import datetime
import html as html_module
import io
import json
import os
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import path
from django.utils import timezone

from articles.forms import SafeInputAdmin
from articles.models import Article
from pages.models import Link, SiteSettings

from .admin_forms import ADD_URL, article_form
from .factories import make_article, make_photo, make_source

ROOT = Path(__file__).resolve().parent.parent


def manage(*args: str, database: Path) -> subprocess.CompletedProcess:
    """``manage.py`` in a fresh process with production settings and its own SQLite file."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "REDIS_URL", "LOG_LEVEL", "DATABASE_URL", "ADMIN_URL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, "DATABASE_URL": f"sqlite:///{database}", "SECRET_KEY": "x" * 50},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


# --- (a) logs on stderr, command output clean ------------------------------------------------


@pytest.fixture(scope="module")
def migrated_sqlite(tmp_path_factory) -> Path:
    """A new SQLite database, migrated from zero by ``manage.py migrate``."""
    database = tmp_path_factory.mktemp("migrated") / "fresh.sqlite3"
    migrated = manage("migrate", "--noinput", "-v0", database=database)
    assert migrated.returncode == 0, migrated.stderr
    assert migrated.stdout == ""
    return database


def test_dumpdata_writes_json_and_nothing_else(migrated_sqlite):
    dumped = manage("dumpdata", "pages.link", "articles.section", database=migrated_sqlite)
    assert dumped.returncode == 0, dumped.stderr
    assert json.loads(dumped.stdout) == []  # `dumpdata > file.json` makes valid JSON


def test_search_migration_goes_back_and_forth(migrated_sqlite):
    """0006_search's SQL is its own (frozen); the index follows the schema either way."""
    for target in (["articles", "0005"], []):
        result = manage("migrate", *target, "--noinput", "-v0", database=migrated_sqlite)
        assert result.returncode == 0, result.stderr
    code = (
        "import django; django.setup(); from django.db import connection;"
        'cursor = connection.cursor(); cursor.execute("SELECT name FROM sqlite_master WHERE'
        " name LIKE 'articles_article_fts%' ORDER BY name\"); print([r[0] for r in cursor])"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "REDIS_URL"}}
    shown = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "newsroom.settings",
            "SECRET_KEY": "x" * 50,
            "DATABASE_URL": f"sqlite:///{migrated_sqlite}",
        },
        capture_output=True,
        text=True,
        check=True,
    )
    assert "'articles_article_fts'" in shown.stdout
    assert all(f"'articles_article_fts_{t}'" in shown.stdout for t in ("insert", "update"))


def test_logs_go_to_stderr_in_logfmt(tmp_path):
    code = (
        "import django, logging; django.setup();"
        "logging.getLogger('newsroom.test').warning('disk nearly full');"
        "print('output')"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "LOG_LEVEL"}}
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "newsroom.settings", "SECRET_KEY": "x" * 50},
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout == "output\n"
    assert 'level=WARNING logger=newsroom.test request_id=- msg="disk nearly full"' in (
        result.stderr
    )


# --- (b) restore of something that is not a backup ----------------------------------------


def _not_backups(folder: Path) -> dict[str, Path]:
    text = folder / "notes.txt"
    text.write_text("Not a backup, just words.\n")
    noise = folder / "noise.tar"
    noise.write_bytes(bytes(range(256)) * 8)
    empty = folder / "empty.tar"
    empty.write_bytes(b"")
    other_tar = folder / "other.tar"
    with tarfile.open(other_tar, "w") as tar:
        tar.add(text, arcname="notes.txt")
    return {"text": text, "noise": noise, "empty": empty, "other tar": other_tar}


@pytest.mark.django_db
def test_restore_of_a_file_that_is_not_a_backup_is_one_clear_line(tmp_path):
    for kind, archive in _not_backups(tmp_path).items():
        with pytest.raises(CommandError) as excinfo:
            call_command("restore", str(archive))
        message = str(excinfo.value)
        assert "\n" not in message, (kind, message)
        assert str(archive) in message, kind
        assert "not a newsroom backup" in message, (kind, message)
        assert "method gz" not in message
    missing = tmp_path / "missing.tar"
    with pytest.raises(CommandError, match=r"cannot read .*missing\.tar: No such file"):
        call_command("restore", str(missing))


def test_restore_of_a_damaged_backup_is_one_clear_line(tmp_path, db, monkeypatch):
    from newsroom import backup

    archive = tmp_path / "newsroom-damaged.tar"
    members = {
        "manifest.json": json.dumps({"format": 1, "database": connection.vendor}).encode(),
        backup.DUMPS[connection.vendor]: b"dump",
        "media/photos/a.jpg": b"x" * 100_000,
    }
    with tarfile.open(archive, "w") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    archive.write_bytes(archive.read_bytes()[:30_000])  # a copy cut short
    # As into an empty database, so the restore gets as far as the cut.
    monkeypatch.setattr(backup, "database_is_empty", lambda using: True)
    monkeypatch.setattr(backup, "load_database", lambda using, dump: None)
    with pytest.raises(CommandError) as excinfo:
        call_command("restore", str(archive))
    message = str(excinfo.value)
    assert "\n" not in message
    assert message.startswith(f"cannot restore {archive}: the archive is damaged")


def test_restore_command_exits_non_zero_with_one_line_on_stderr(tmp_path):
    archive = _not_backups(tmp_path)["text"]
    result = manage("restore", str(archive), database=tmp_path / "empty.sqlite3")
    assert result.returncode != 0
    assert result.stdout == ""
    (line,) = result.stderr.strip().splitlines()
    assert (
        line == f"CommandError: cannot read {archive}: not a newsroom backup (not a tar archive)."
    )


# --- (c) bootstrap names the admin where it is --------------------------------------------

urlpatterns = [path("desk-4f7a/", admin.site.urls)]


@pytest.mark.django_db
@pytest.mark.parametrize("superuser_exists", [True, False])
def test_bootstrap_prints_the_admin_address_it_is_served_at(
    settings, django_user_model, monkeypatch, superuser_exists
):
    settings.ADMIN_URL = "desk-4f7a/"
    settings.ROOT_URLCONF = __name__  # as newsroom/urls.py builds it with ADMIN_URL=desk-4f7a/
    make_article()  # not empty: no demo content is loaded
    monkeypatch.delenv("ADMIN_PASSWORD", raising=False)
    if superuser_exists:
        django_user_model.objects.create_superuser("chief", "chief@example.org", "x")
    out = io.StringIO()
    call_command("bootstrap", stdout=out)
    assert "https://news.example.org/desk-4f7a/" in out.getvalue()
    assert "/admin/" not in out.getvalue()


# --- (d) every searchable admin is safe with odd input -------------------------------------


def test_every_searchable_admin_has_the_input_safety_mixin():
    """SafeInputAdmin is how a search reaches the database without a NUL (PostgreSQL
    refuses one): through Django's autocomplete view, which passes ?term= on as it came."""
    unsafe = [
        type(model_admin).__name__
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in {"articles", "pages", "reprints", "api"}
        and model_admin.search_fields
        and not isinstance(model_admin, SafeInputAdmin)
    ]
    assert unsafe == []


@pytest.mark.django_db
def test_a_nul_byte_in_the_links_search_is_no_error(client, superuser):
    Link.objects.create(title="Xinhua", url="https://www.xinhuanet.com/")
    client.force_login(superuser)
    response = client.get("/admin/pages/link/", {"q": "Xin\x00hua"})
    assert response.status_code == 200
    assert "Xinhua" in response.content.decode()


# --- (e) migrations do not import live code -----------------------------------------------


def test_migrations_import_nothing_from_the_apps_code():
    """A migration replays history: code it imports from the apps can change under it.

    (Django itself writes ``import articles.models`` to name a field's default callable by
    its path; that is a reference Django asks to keep working, not logic borrowed.)
    """
    offenders = []
    for app in ("articles", "pages", "reprints"):
        for migration in sorted((ROOT / app / "migrations").glob("0*.py")):
            for node in ast.walk(ast.parse(migration.read_text())):
                if isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] in {
                    "articles", "pages", "reprints", "newsroom",
                }:  # fmt: skip
                    offenders.append(f"{app}/{migration.name}: from {node.module} import")
    assert offenders == []


# --- (f) tags typed as a list --------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("science, Latin America", ["Latin America", "science"]),
        (["science, Latin America", "Energy"], ["Energy", "Latin America", "science"]),
        ('"Hong Kong, China", trade', ["Hong Kong, China", "trade"]),
        (["Latin America"], ["Latin America"]),  # one name per value, as select2 sends
        ("science, Energy,, ", ["Energy", "science"]),  # empty names are dropped
    ],
)
def test_tags_typed_with_commas_are_parsed_as_taggit_does(editor_client, typed, expected):
    data = article_form(
        title="Tags typed without JavaScript", slug="tags-typed-without-javascript", tags=typed
    )
    response = editor_client.post(ADD_URL, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get(slug="tags-typed-without-javascript")
    assert sorted(article.tags.names()) == expected


@pytest.mark.django_db
def test_a_tag_with_a_comma_survives_the_form_round_trip(editor_client):
    article = make_article(status="draft", tags=["Hong Kong, China"])
    url = f"/admin/articles/article/{article.pk}/change/"
    form = editor_client.get(url).context["adminform"].form
    (value,) = form["tags"].field.widget.optgroups("tags", form["tags"].value())[0][1]
    autocomplete = editor_client.get(
        "/admin/articles/article/tag-autocomplete/",
        {"term": "Hong", "app_label": "articles", "model_name": "article", "field_name": "tags"},
    ).json()["results"]
    assert form["tags"].field.clean([value["value"]]) == ["Hong Kong, China"]
    assert form["tags"].field.clean([autocomplete[0]["id"]]) == ["Hong Kong, China"]
    assert autocomplete[0]["text"] == "Hong Kong, China"


# --- (g) search snippets show what readers see ---------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["infrastructure", "Keji Ribao"])
def test_a_match_only_in_tags_or_source_shows_reader_text_as_the_snippet(client, query):
    make_article(
        title="Railway links for Kenya",
        summary="Trains will run from Mombasa to Nairobi.",
        body="<p>The new line opens next year.</p>",
        tags=["Infrastructure"],
        source=make_source(name="Science Daily", aliases="Keji Ribao"),
    )
    response = client.get("/search/", {"q": query})
    ((_article, snippet),) = response.context["results"]
    assert "Mombasa to Nairobi" in snippet
    assert "Infrastructure" not in snippet
    assert "Keji" not in snippet


@pytest.mark.django_db
def test_a_match_in_the_body_is_still_the_highlighted_snippet(client):
    make_article(
        title="Railway links for Kenya",
        summary="Trains will run from Mombasa to Nairobi.",
        body="<p>The new line crosses the Tsavo park.</p>",
    )
    ((_article, snippet),) = client.get("/search/", {"q": "tsavo"}).context["results"]
    assert "<mark>Tsavo</mark>" in snippet


# --- (h) plain-text bodies become paragraphs -----------------------------------------------


@pytest.mark.django_db
class TestPlainTextBody:
    def test_blank_lines_make_paragraphs_and_the_dateline_opens_the_first(self):
        article = make_article(
            dateline="BEIJING, Sept. 12, 2024", body="First paragraph.\n\nSecond."
        )
        assert str(article.body_html()) == (
            '<p><span class="dateline">BEIJING, Sept. 12, 2024 —</span> First paragraph.</p>'
            "<p>Second.</p>"
        )

    def test_without_a_dateline(self):
        article = make_article(body="\r\nFirst paragraph.\r\n\r\n\r\n  Second.\n")
        assert str(article.body_html()) == "<p>First paragraph.</p><p>Second.</p>"

    def test_a_single_line_break_stays_a_line_break(self):
        article = make_article(body="Line one\nLine two\n\nNext")
        assert str(article.body_html()) == "<p>Line one<br>Line two</p><p>Next</p>"

    def test_text_stays_escaped_and_inline_markup_stays(self):
        article = make_article(
            body="Tom & Jerry say 1 < 2 <script>alert(1)</script>\n\nA <b>bold\n\nclaim</b>."
        )
        html = str(article.body_html())
        assert html.startswith("<p>Tom &amp; Jerry say 1 &lt; 2</p>")
        assert "<script" not in html
        assert html.count("<b>") == html.count("</b>")  # a tag across a blank line is closed
        assert "bold" in html
        assert "claim" in html

    def test_html_bodies_are_left_as_they_are(self):
        body = "<p>One.</p>\n\n<h2>Sub</h2><p>Two\nlines.</p>"
        article = make_article(body=body, dateline="PARIS")
        assert str(article.body_html()) == (
            '<p><span class="dateline">PARIS —</span> One.</p>\n\n<h2>Sub</h2><p>Two\nlines.</p>'
        )

    def test_the_article_page_shows_paragraphs(self, client):
        article = make_article(dateline="BEIJING", body="First paragraph.\n\nSecond.")
        html = client.get(article.get_absolute_url()).content.decode()
        assert '<p><span class="dateline">BEIJING —</span> First paragraph.</p>' in html
        assert '<p class="dateline">' not in html


# --- (i) no inline styles on reader pages --------------------------------------------------


def _policy(response) -> dict[str, list[str]]:
    parts = (part.split() for part in response["Content-Security-Policy"].split(";"))
    return {name: sources for name, *sources in parts}


def _style_src(response) -> list[str]:
    return _policy(response)["style-src"]


@pytest.mark.django_db
def test_reader_pages_allow_no_inline_styles_and_have_none(client):
    article = make_article(photos=1, tags=["Energy"], dateline="BEIJING")
    Link.objects.create(title="Xinhua", url="https://www.xinhuanet.com/", in_footer=True)
    for url in [
        "/", article.get_absolute_url(), "/search/?q=headline", "/contact/", "/links/",
        "/sitemap/", "/tag/energy/", "/no-such-page/",
    ]:  # fmt: skip
        response = client.get(url)
        assert _style_src(response) == ["'self'"], url
        html = response.content.decode()
        assert not re.search(r"<style|\sstyle\s*=", html), url


@pytest.mark.django_db
def test_the_admin_keeps_inline_styles(admin_client):
    response = admin_client.get("/admin/pages/link/")
    assert "'unsafe-inline'" in _style_src(response)
    assert "'unsafe-inline'" not in _policy(response)["script-src"]


# --- (j) every article has a share image ---------------------------------------------------


def _jsonld_article(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return next(b for b in map(json.loads, blocks) if b["@type"] == "NewsArticle")


@pytest.mark.django_db
class TestDefaultShareImage:
    def test_without_any_photo_the_site_logo_stands_in(self, client):
        article = make_article()
        html = client.get(article.get_absolute_url()).content.decode()
        logo = "https://news.example.org/static/img/logo.png"
        assert _jsonld_article(html)["image"] == [logo]
        assert f'<meta property="og:image" content="{logo}">' in html
        assert f'<meta name="twitter:image" content="{logo}">' in html
        assert '<meta name="twitter:card" content="summary">' in html

    def test_the_site_settings_default_image_is_used(self, client):
        photo = make_photo(alt_text="The newsroom's front door")
        site = SiteSettings.load()
        site.social_image = photo
        site.save()
        article = make_article()
        html = client.get(article.get_absolute_url()).content.decode()
        card = f"https://news.example.org{photo.social_card.url}"
        assert _jsonld_article(html)["image"] == [
            card,
            f"https://news.example.org{photo.largest.url}",
        ]
        assert f'<meta property="og:image" content="{card}">' in html
        # The apostrophe escaped (as &#39; or &#x27;: the same character to a parser).
        alt = re.search(r'<meta property="og:image:alt" content="([^"]*)">', html).group(1)
        assert html_module.unescape(alt) == "The newsroom's front door"
        assert "'" not in alt
        assert '<meta name="twitter:card" content="summary_large_image">' in html

    def test_an_articles_own_photo_comes_first(self, client):
        site = SiteSettings.load()
        site.social_image = make_photo()
        site.save()
        article = make_article(photos=1)
        own = article.photos.get()
        html = client.get(article.get_absolute_url()).content.decode()
        assert _jsonld_article(html)["image"][0] == f"https://news.example.org{own.social_card.url}"
        assert f'content="{own.alt_text}"' in html

    def test_the_default_image_is_chosen_in_the_site_settings_admin(self, admin_client):
        html = admin_client.get(
            f"/admin/pages/sitesettings/{SiteSettings.load().pk}/change/"
        ).content.decode()
        assert 'name="social_image"' in html


# --- (k) bulk publish says what happened ---------------------------------------------------


@pytest.mark.django_db
def test_bulk_publish_says_what_happened_with_plurals(editor_client):
    drafts = [make_article(status="draft") for _ in range(2)]
    future = timezone.now() + datetime.timedelta(days=2)
    scheduled = make_article(status="draft", published_at=future, title="Tomorrow's story")
    live = make_article()
    ids = [str(a.pk) for a in [*drafts, scheduled, live]]
    response = editor_client.post(
        "/admin/articles/article/", {"action": "publish_selected", "_selected_action": ids}
    )
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    when = timezone.localtime(future).strftime("%Y-%m-%d %H:%M")
    assert texts == [
        "Published 2 articles.",
        f"“Tomorrow's story” is scheduled for {when}.",
        "1 article was already live.",
    ]
    assert Article.objects.get(pk=scheduled.pk).is_scheduled()
