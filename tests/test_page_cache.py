"""The page cache and HTTP caching: fast for readers, never stale after an edit."""

import datetime
from pathlib import Path

import pytest
import time_machine
from django.core.cache import cache, caches
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import resolvers
from django.utils import timezone
from django.utils.http import http_date

from articles.models import Article, Correction, Section
from articles.workflow import publish_article, unpublish_article, withdraw_article
from caching import version as content_version
from pages.models import Link, SiteSettings

from .factories import make_article, make_section

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.NEWSROOM_PAGE_CACHE = True  # as in the whole suite (conftest.py): say so here


def get(client, path="/", **headers):
    return client.get(path, headers=headers)


class TestPageCache:
    def test_second_anonymous_request_is_served_from_the_cache_without_queries(self, client):
        make_article(title="Cached story")
        first = get(client)
        assert first["X-Page-Cache"] == "miss"
        with CaptureQueriesContext(connection) as queries:
            second = get(client)
        assert second["X-Page-Cache"] == "hit"
        assert len(queries) == 0
        assert "Cached story" in second.content.decode()

    def test_a_hit_costs_one_round_trip_to_the_cache(self, client, monkeypatch):
        """The versions a page was built from come with the page itself."""
        make_article(title="Cached story", tags=["Ports"])
        get(client)
        get(client)
        calls, depth = [], []
        backend = type(caches["default"])

        def counting(name, original):
            def call(self, *args, **kwargs):
                if not depth:  # the local-memory backend's get_many calls its get
                    calls.append(name)
                depth.append(name)
                try:
                    return original(self, *args, **kwargs)
                finally:
                    depth.pop()

            return call

        for name in ("get", "get_many", "add", "set", "set_many"):
            monkeypatch.setattr(backend, name, counting(name, getattr(backend, name)))
        assert get(client)["X-Page-Cache"] == "hit"
        assert calls == ["get_many"]

    @pytest.mark.parametrize(
        "change",
        [
            "edit",
            "publish",
            "unpublish",
            "withdraw",
            "correct",
            "delete",
            "tag",
            "section",
            "settings",
            "link",
        ],
    )
    def test_every_kind_of_change_invalidates_at_once(self, client, editor, change):
        article = make_article(title="Original headline", section=make_section(slug="world"))
        draft = make_article(title="Waiting draft", status="draft")
        path = {
            "correct": article.get_absolute_url(),
            "tag": article.get_absolute_url(),
            "section": "/section/world/",
        }.get(change, "/")
        assert get(client, path).status_code == 200
        assert get(client, path)["X-Page-Cache"] == "hit"

        expected: str
        if change == "edit":
            article.title = "Edited headline"
            article.save()
            expected = "Edited headline"
        elif change == "publish":
            publish_article(article=draft, user=editor)
            expected = "Waiting draft"
        elif change == "unpublish":
            unpublish_article(article=article, user=editor)
            expected = "No articles here yet."
        elif change == "withdraw":
            withdraw_article(article=article, user=editor)
            expected = "No articles here yet."
        elif change == "correct":
            Correction.objects.create(article=article, text="The figure was 489 billion.")
            expected = "489 billion"
        elif change == "delete":
            Article.objects.filter(pk=article.pk).delete()
            expected = "No articles here yet."
        elif change == "tag":
            article.tags.add("Freshly tagged")
            expected = "Freshly tagged"
        elif change == "section":
            article.section.description = "Reporting from every continent."
            article.section.save()
            expected = "Reporting from every continent."
        elif change == "settings":
            site = SiteSettings.load()
            site.name = "Renamed Daily"
            site.save()
            expected = "Renamed Daily"
        else:
            Link.objects.create(
                title="Footer partner", url="https://partner.example/", in_footer=True
            )
            expected = "Footer partner"
        response = get(client, path)
        assert response["X-Page-Cache"] == "miss"
        assert expected in response.content.decode()

    def test_scheduled_article_appears_on_time(self, client):
        make_article(title="Already out")
        when = timezone.now() + datetime.timedelta(minutes=30)
        make_article(title="Embargoed story", published_at=when)
        response = get(client)
        assert "Embargoed story" not in response.content.decode()
        # Neither our cache nor a CDN may keep the page past the embargo.
        assert 0 < int(response["Cache-Control"].split("max-age=")[1].split(",")[0]) <= 30 * 60
        assert get(client)["X-Page-Cache"] == "hit"
        with time_machine.travel(when + datetime.timedelta(seconds=1)):
            later = get(client)
            assert later["X-Page-Cache"] == "miss"
            assert "Embargoed story" in later.content.decode()

    def test_signed_in_staff_bypass_the_cache_and_get_private_pages(self, client, editor):
        make_article(title="Story")
        get(client)  # fills the cache for readers
        client.force_login(editor)
        response = get(client)
        assert "X-Page-Cache" not in response
        assert "private" in response["Cache-Control"]
        assert "public" not in response["Cache-Control"]
        assert "Cookie" in response["Vary"]

    def test_previews_are_never_cached(self, client, editor):
        draft = make_article(status="draft")
        client.force_login(editor)
        response = get(client, draft.get_absolute_url())
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]
        client.logout()
        assert get(client, draft.get_absolute_url()).status_code == 404

    def test_contact_form_with_its_csrf_token_is_not_cached(self, client):
        get(client, "/contact/")
        second = get(client, "/contact/")
        assert second.get("X-Page-Cache") != "hit"
        assert "public" not in second.get("Cache-Control", "")

    def test_version_survives_a_cache_flush(self, client):
        make_article(title="Story")
        get(client)
        # The version alone is lost (evicted, say) while the pages stay: the new version
        # starts from the clock, so no old page can match it.
        cache.delete(content_version.VERSION_KEY)
        assert get(client)["X-Page-Cache"] == "miss"

    def test_cache_can_be_switched_off(self, client, settings):
        settings.NEWSROOM_PAGE_CACHE = False
        make_article()
        get(client)
        assert "X-Page-Cache" not in get(client)


class TestHttpCaching:
    @pytest.mark.parametrize(
        ("path_kind", "max_age"),
        [("newest", 60), ("article", 600), ("section", 300), ("feed", 300), ("sitemap", 900)],
    )
    def test_cache_control_for_readers(self, client, path_kind, max_age):
        article = make_article(section=make_section(slug="world"))
        path = {
            "newest": "/",
            "article": article.get_absolute_url(),
            "section": "/section/world/",
            "feed": "/feed/",
            "sitemap": "/sitemap-articles.xml",
        }[path_kind]
        response = get(client, path)
        control = response["Cache-Control"]
        assert "public" in control
        assert f"max-age={max_age}" in control
        assert "Cookie" in response["Vary"]

    def test_etag_and_last_modified_give_304(self, client):
        article = make_article(title="Conditional")
        url = article.get_absolute_url()
        first = get(client, url)
        assert first["Last-Modified"] == http_date(article.modified_at.timestamp())
        etag = first["ETag"]
        assert get(client, url, if_none_match=etag).status_code == 304
        assert get(client, url, if_modified_since=first["Last-Modified"]).status_code == 304
        article.title = "Conditional, edited"
        article.save()
        assert get(client, url, if_none_match=etag).status_code == 200

    @pytest.mark.parametrize("path", ["/", "/sitemap-articles.xml", "/feed/"])
    def test_lists_sitemaps_and_feeds_answer_conditional_requests(self, client, path):
        make_article()
        first = get(client, path)
        assert first.has_header("Last-Modified")
        assert get(client, path, if_none_match=first["ETag"]).status_code == 304

    def test_static_files_never_reach_url_routing(self, client, monkeypatch):
        def refuse(*args, **kwargs):
            raise AssertionError("a static file request reached URL routing")

        monkeypatch.setattr(resolvers.URLResolver, "resolve", refuse)
        response = Client().get("/static/css/site.css")
        assert response.status_code == 200
        response.close()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_transaction_invalidates_again_when_it_commits():
    """A reader between an edit and its commit sees the old rows and may cache them under
    the new version; the commit moves the version (so the site chrome too) once more."""
    from caching.fragments import fragment_get, fragment_set_many
    from pages import sitewide

    article = make_article(title="Before")
    with transaction.atomic():
        article.title = "After"
        article.save()
        article.tags.add("Ports", "Trade")
        site = SiteSettings.load()
        site.name = "Renamed Daily"
        site.save()
        during = cache.get(content_version.CLOCK_KEY)
        fragment_set_many({sitewide.sitewide_key(): ([], "what a concurrent reader kept")})
        assert fragment_get(sitewide.sitewide_key()) == "what a concurrent reader kept"
    # Once, for all those rows: one tick of the clock, and the site moved to it.
    assert cache.get(content_version.CLOCK_KEY) == during + 1
    assert content_version.content_state()[0] == during + 1
    assert sitewide.get_sitewide().settings.name == "Renamed Daily"


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_rolled_back_transaction_leaves_no_pending_invalidation():
    def failing_edit():
        with transaction.atomic():
            make_article()
            raise RuntimeError

    with pytest.raises(RuntimeError):
        failing_edit()
    assert connection.run_on_commit == []
    with transaction.atomic():
        make_article()  # not suppressed by the one rolled back
        during = cache.get(content_version.CLOCK_KEY)
    assert cache.get(content_version.CLOCK_KEY) == during + 1


def test_bump_and_state_without_any_cached_value():
    cache.clear()
    version, next_change = content_version.content_state()
    content_version.bump()
    assert content_version.content_state()[0] > version
    assert next_change == content_version.NO_SCHEDULED_CHANGE


class TestFragmentCache:
    """Cards, chrome, counts and related lists are kept per content version: never stale."""

    @pytest.fixture(autouse=True)
    def _fragments_on(self, settings):
        settings.NEWSROOM_PAGE_CACHE = False
        settings.NEWSROOM_FRAGMENT_CACHE = True

    def test_cards_and_chrome_come_from_the_cache_and_follow_every_edit(self, client):
        section = make_section(name="World", slug="world")
        article = make_article(title="First title", section=section)
        get(client)
        with CaptureQueriesContext(connection) as queries:
            html = get(client).content.decode()
        assert len(queries) == 0  # the page's ids, its cards, count and chrome: all cached
        assert "First title" in html

        article.title = "Second title"
        article.save()
        section.name = "Whole World"
        section.save()
        site = SiteSettings.load()
        site.name = "Renamed Daily"
        site.save()
        html = get(client).content.decode()
        assert "Second title" in html
        assert "First title" not in html
        assert ">Whole World<" in html
        assert "Renamed Daily" in html
        make_article(title="Newly published")  # the remembered page of ids moves on too
        assert "Newly published" in get(client).content.decode()

    def test_counts_follow_publication(self, client, editor):
        for i in range(21):
            make_article(title=f"Story {i}")
        assert get(client, "/?page=2").status_code == 200
        assert get(client, "/?page=3").status_code == 404
        draft = make_article(status="draft")
        for _ in range(19):
            make_article()
        assert get(client, "/?page=3").status_code == 404  # 40 public: two full pages
        publish_article(article=draft, user=editor)
        assert get(client, "/?page=3").status_code == 200

    def test_the_nav_marks_the_current_page_per_page(self, client):
        make_section(name="World", slug="world")
        make_article(section=Section.objects.get(slug="world"))
        newest = get(client).content.decode()
        world = get(client, "/section/world/").content.decode()
        assert 'href="/" aria-current="page"' in newest
        assert 'href="/section/world/" aria-current="page"' in world
        assert 'href="/" aria-current="page"' not in world

    def test_article_page_story_follows_edits_corrections_tags_and_neighbours(self, client, editor):
        section = make_section(name="World", slug="world")
        article = make_article(title="The story", body="<p>First body.</p>", section=section)
        url = article.get_absolute_url()
        get(client, url)
        with CaptureQueriesContext(connection) as queries:
            get(client, url)
        assert len(queries) == 1  # the article row: is it (still) public?

        article.body = "<p>Second body.</p>"
        article.save()
        Correction.objects.create(article=article, text="A correction note.")
        article.tags.add("Fresh tag")
        neighbour = make_article(title="A neighbour", section=section, status="draft")
        publish_article(article=neighbour, user=editor)
        html = get(client, url).content.decode()
        assert "Second body." in html
        assert "First body." not in html
        assert "A correction note." in html
        assert "Fresh tag" in html
        assert "A neighbour" in html

    def test_a_withdrawn_article_is_gone_even_with_its_story_cached(self, client, editor):
        article = make_article(title="Soon gone")
        get(client, article.get_absolute_url())
        Article.objects.filter(pk=article.pk).update(status="withdrawn")  # no signal at all
        assert get(client, article.get_absolute_url()).status_code == 410


def test_a_page_whose_policy_carries_a_nonce_is_never_stored():
    from django.http import HttpResponse

    from caching.middleware import PageCacheMiddleware

    plain = HttpResponse("page", headers={"Cache-Control": "public, max-age=60"})
    plain["Content-Security-Policy"] = "default-src 'self'; script-src 'self'"
    with_nonce = HttpResponse("page", headers={"Cache-Control": "public, max-age=60"})
    with_nonce["Content-Security-Policy"] = "script-src 'self' 'nonce-abc123'"
    assert PageCacheMiddleware.storable(plain)
    assert not PageCacheMiddleware.storable(with_nonce)


class TestLargePages:
    """Sitemap-sized pages live on each app server's disk, sent with sendfile."""

    @pytest.fixture(autouse=True)
    def _small_threshold(self, settings, tmp_path):
        settings.NEWSROOM_PAGE_CACHE = True
        settings.NEWSROOM_PAGE_CACHE_FILE_BYTES = 200
        settings.NEWSROOM_PAGE_CACHE_DIR = str(tmp_path / "pages")

    def test_served_from_a_file_and_rebuilt_where_the_file_is_missing(self, client, settings):
        make_article(slug="in-the-map")
        first = get(client, "/sitemap-articles.xml")
        second = get(client, "/sitemap-articles.xml")
        assert second["X-Page-Cache"] == "hit"
        assert second.streaming
        assert b"".join(second.streaming_content) == first.content
        files = list((Path(settings.NEWSROOM_PAGE_CACHE_DIR)).iterdir())
        assert len(files) == 1
        files[0].unlink()  # another app server: it has the headers, not the file
        third = get(client, "/sitemap-articles.xml")
        assert third["X-Page-Cache"] == "miss"
        assert third.content == first.content

    def test_an_edit_replaces_the_file(self, client, settings):
        article = make_article(slug="before-the-edit")
        get(client, "/sitemap-articles.xml")
        article.slug = "after-the-edit"
        article.save()
        fresh = get(client, "/sitemap-articles.xml")
        assert b"after-the-edit" in fresh.content
        files = list(Path(settings.NEWSROOM_PAGE_CACHE_DIR).iterdir())
        assert len(files) == 1  # the older version's file is gone
