"""What crawlers and aggregators read: sitemaps (schema-valid), Google News, feeds,
structured data, meta tags and search."""

import datetime
import json
import re
from pathlib import Path

import feedparser
import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from lxml import etree

from articles.models import Correction
from articles.sitemaps import w3c
from pages.models import SiteSettings

from .factories import hidden_states, make_article, make_section, make_source

pytestmark = pytest.mark.django_db
SCHEMAS = Path(__file__).parent / "schemas"
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "image": "http://www.google.com/schemas/sitemap-image/1.1",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}


def schema(name: str) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(SCHEMAS / name)))


def valid_xml(client, path: str, schema_name: str = "sitemaps.xsd") -> etree._Element:
    response = client.get(path)
    assert response.status_code == 200, path
    document = etree.fromstring(response.content)
    validator = schema(schema_name)
    assert validator.validate(document), (path, validator.error_log)
    return document


@pytest.fixture
def site_with_photos():
    section = make_section(name="Science", slug="science")
    source = make_source(name="Science and Technology Daily", slug="st-daily")
    recent = make_article(
        title="Solar & wind <records>",
        section=section,
        source=source,
        tags=["Energy"],
        published_at=timezone.now() - datetime.timedelta(hours=3),
        photos=2,
    )
    old = make_article(
        section=section, published_at=timezone.now() - datetime.timedelta(days=10), tags=["Energy"]
    )
    return {"recent": recent, "old": old, "section": section, "source": source}


class TestSitemaps:
    def test_every_sitemap_file_validates_against_the_schemas(self, client, site_with_photos):
        index = valid_xml(client, "/sitemap.xml", "siteindex.xsd")
        locations = [loc.text for loc in index.findall(".//sm:loc", NS)]
        assert len(locations) == 5
        for location in locations:
            valid_xml(client, location.removeprefix("https://news.example.org"))
        valid_xml(client, "/news-sitemap.xml")

    def test_the_schemas_really_check(self):
        """A retired image:caption, or a news entry without a title, is refused."""
        bad_image = (
            f'<urlset xmlns="{NS["sm"]}" xmlns:image="{NS["image"]}"><url>'
            "<loc>https://news.example.org/a/</loc><image:image>"
            "<image:loc>https://news.example.org/a.jpg</image:loc>"
            "<image:caption>retired</image:caption></image:image></url></urlset>"
        )
        bad_news = (
            f'<urlset xmlns="{NS["sm"]}" xmlns:news="{NS["news"]}"><url>'
            "<loc>https://news.example.org/a/</loc><news:news><news:publication>"
            "<news:name>N</news:name><news:language>en</news:language></news:publication>"
            "<news:publication_date>2024-09-13</news:publication_date>"
            "</news:news></url></urlset>"
        )
        validator = schema("sitemaps.xsd")
        assert not validator.validate(etree.fromstring(bad_image.encode()))
        assert not validator.validate(etree.fromstring(bad_news.encode()))

    def test_article_entries_have_w3c_lastmod_and_their_images(self, client, site_with_photos):
        recent = site_with_photos["recent"]
        document = valid_xml(client, "/sitemap-articles.xml")
        url = next(
            u
            for u in document.findall("sm:url", NS)
            if u.findtext("sm:loc", namespaces=NS).endswith(recent.get_absolute_url())
        )
        assert url.findtext("sm:lastmod", namespaces=NS) == w3c(recent.modified_at)
        images = [loc.text for loc in url.findall("image:image/image:loc", NS)]
        expected = [
            f"https://news.example.org{p.image.url}"
            for p in recent.photos.order_by("usages__position")
        ]
        assert images == expected

    def test_lastmod_reflects_corrections(self, client, site_with_photos):
        old = site_with_photos["old"]
        old.__class__.objects.filter(pk=old.pk).update(
            updated_at=timezone.now() - datetime.timedelta(days=3)
        )
        old.refresh_from_db()
        before = w3c(old.modified_at)
        Correction.objects.create(article=old, text="Fixed a number.")
        old.refresh_from_db()
        xml = client.get("/sitemap-articles.xml").content.decode()
        assert w3c(old.modified_at) in xml
        assert w3c(old.modified_at) != before

    def test_page_size_setting_splits_the_article_map(self, client, settings):
        for _ in range(5):
            make_article()
        settings.NEWSROOM_SITEMAP_PAGE_SIZE = 2
        index = valid_xml(client, "/sitemap.xml", "siteindex.xsd")
        locs = [loc.text for loc in index.findall(".//sm:loc", NS)]
        assert [loc for loc in locs if "articles" in loc] == [
            "https://news.example.org/sitemap-articles.xml",
            "https://news.example.org/sitemap-articles.xml?p=2",
            "https://news.example.org/sitemap-articles.xml?p=3",
        ]
        page3 = valid_xml(client, "/sitemap-articles.xml?p=3")
        assert len(page3.findall("sm:url", NS)) == 1

    def test_noindex_articles_are_in_no_sitemap(self, client):
        make_article(slug="kept-out", source=make_source(syndication_policy="noindex"))
        make_article(slug="kept-in")
        for path in ["/sitemap-articles.xml", "/news-sitemap.xml"]:
            xml = client.get(path).content.decode()
            assert "kept-in" in xml
            assert "kept-out" not in xml

    def test_robots_lists_both_sitemaps(self, client):
        text = client.get("/robots.txt").content.decode()
        assert "Sitemap: https://news.example.org/sitemap.xml" in text
        assert "Sitemap: https://news.example.org/news-sitemap.xml" in text


class TestNewsSitemap:
    def test_only_the_last_two_days_with_publication_name_language_date_title(
        self, client, site_with_photos
    ):
        site = SiteSettings.load()
        site.name = "Daily Reprint"
        site.save()
        document = valid_xml(client, "/news-sitemap.xml")
        urls = document.findall("sm:url", NS)
        assert len(urls) == 1  # the 10-day-old article is not news any more
        news = urls[0].find("news:news", NS)
        recent = site_with_photos["recent"]
        assert news.findtext("news:publication/news:name", namespaces=NS) == "Daily Reprint"
        assert news.findtext("news:publication/news:language", namespaces=NS) == "en"
        assert news.findtext("news:publication_date", namespaces=NS) == w3c(recent.published_at)
        assert news.findtext("news:title", namespaces=NS) == "Solar & wind <records>"

    @pytest.mark.parametrize("state", list(hidden_states()))
    def test_unpublished_articles_are_not_news(self, client, state):
        make_article(slug="secret", **hidden_states()[state])
        assert "secret" not in client.get("/news-sitemap.xml").content.decode()

    def test_at_most_a_thousand(self, client, monkeypatch):
        monkeypatch.setattr("articles.sitemaps.NEWS_MAX_URLS", 3)
        for hours in range(1, 6):  # all within the news sitemap's two days
            make_article(published_at=timezone.now() - datetime.timedelta(hours=hours))
        document = valid_xml(client, "/news-sitemap.xml")
        assert len(document.findall("sm:url", NS)) == 3


class TestFeeds:
    @pytest.mark.parametrize("path", ["/feed/", "/feed/atom/"])
    def test_site_feeds_parse_and_carry_everything(self, client, site_with_photos, path):
        response = client.get(path)
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.bozo_exception
        entry = next(e for e in feed.entries if e.title == "Solar & wind <records>")
        recent = site_with_photos["recent"]
        assert entry.link == f"https://news.example.org{recent.get_absolute_url()}"
        assert entry.summary == recent.summary
        assert "Body paragraph" in entry.content[0].value  # the full body
        assert entry.author == "Science and Technology Daily"  # no byline: the source
        assert [t.term for t in entry.tags] == ["Energy"]
        assert entry.published_parsed[:5] == recent.published_at.utctimetuple()[:5]
        assert entry.updated_parsed is not None
        lead = recent.lead_figure.photo.largest  # the widest rendition readers may fetch
        assert entry.media_content[0]["url"] == f"https://news.example.org{lead.url}"
        assert entry.media_content[0]["width"] == str(lead.width)
        assert entry.media_credit[0]["content"] == "Test Agency"

    def test_full_text_can_be_turned_off(self, client, settings, site_with_photos):
        settings.NEWSROOM_FEED_FULL_TEXT = False
        feed = feedparser.parse(client.get("/feed/").content)
        assert feed.entries
        for entry in feed.entries:
            assert "Body paragraph" not in " ".join(c.value for c in entry.get("content", []))
        assert "content:encoded" not in client.get("/feed/").content.decode()

    @pytest.mark.parametrize("kind", ["section/science", "tag/energy", "source/st-daily"])
    @pytest.mark.parametrize("flavour", ["", "atom/"])
    def test_listing_feeds(self, client, site_with_photos, kind, flavour):
        make_article(title="Elsewhere")
        response = client.get(f"/{kind}/feed/{flavour}")
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo
        titles = [entry.title for entry in feed.entries]
        assert "Solar & wind <records>" in titles
        assert "Elsewhere" not in titles

    @pytest.mark.parametrize("flavour", ["", "atom/"])
    def test_an_empty_feed_is_the_same_from_one_second_to_the_next(self, client, flavour):
        """An empty section's feed said "changed now" on every request, so two workers
        (or a cached and a fresh copy) never agreed on it."""
        make_section(name="Quiet", slug="quiet")
        make_article(title="Elsewhere")
        path = f"/section/quiet/feed/{flavour}"
        first = client.get(path)
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
            later = client.get(path)
        assert first.status_code == later.status_code == 200
        assert first.content == later.content
        feed = feedparser.parse(first.content)
        assert not feed.bozo
        assert not feed.entries
        assert feed.feed.updated_parsed[:3] == (1970, 1, 1)

    @pytest.mark.parametrize("flavour", ["", "atom/"])
    def test_month_archive_feed(self, client, flavour):
        make_article(
            title="September story",
            published_at=datetime.datetime(2024, 9, 13, tzinfo=datetime.UTC),
        )
        make_article(title="Recent story")
        response = client.get(f"/archive/2024/09/feed/{flavour}")
        feed = feedparser.parse(response.content)
        assert not feed.bozo
        assert [entry.title for entry in feed.entries] == ["September story"]
        page = client.get("/archive/2024/09/").content.decode()
        assert 'href="/archive/2024/09/feed/"' in page
        assert client.get("/archive/2024/13/feed/").status_code == 404
        assert client.get("/archive/2023/01/feed/").status_code == 404  # nothing public then

    @pytest.mark.parametrize("state", list(hidden_states()))
    def test_nothing_unpublished_in_any_feed(self, client, site_with_photos, state):
        make_article(
            title="Secret",
            section=site_with_photos["section"],
            source=site_with_photos["source"],
            tags=["Energy"],
            **hidden_states()[state],
        )
        for path in ["/feed/", "/feed/atom/", "/section/science/feed/", "/tag/energy/feed/",
                     "/source/st-daily/feed/"]:  # fmt: skip
            assert "Secret" not in client.get(path).content.decode(), path

    def test_feed_of_a_tag_only_hidden_articles_use_is_404(self, client):
        make_article(status="draft", tags=["Embargoed topic"])
        assert client.get("/tag/embargoed-topic/feed/").status_code == 404

    def test_every_page_links_its_feeds(self, client, site_with_photos):
        recent = site_with_photos["recent"]
        for path in ["/", "/sitemap/", "/links/", recent.get_absolute_url(), "/search/?q=x"]:
            html = client.get(path).content.decode()
            assert '<link rel="alternate" type="application/rss+xml"' in html, path
            assert 'href="/feed/atom/"' in html, path
        section = client.get("/section/science/").content.decode()
        assert (
            'type="application/rss+xml" title="Science (RSS)" href="/section/science/feed/"'
            in section
        )


class TestStructuredData:
    def jsonld(self, html: str) -> list[dict]:
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        return [json.loads(block) for block in blocks]

    def test_news_article_and_breadcrumbs(self, client, site_with_photos):
        recent = site_with_photos["recent"]
        recent.original_url = "https://www.stdaily.com/original.html"
        recent.agency = "HaiPress"
        recent.save()
        html = client.get(recent.get_absolute_url()).content.decode()
        article, crumbs = self.jsonld(html)
        assert article["@type"] == "NewsArticle"
        assert article["headline"] == "Solar & wind <records>"
        assert article["description"] == recent.summary
        assert article["datePublished"] == w3c(recent.published_at)
        assert article["dateModified"] == w3c(recent.modified_at)
        assert article["author"] == [
            {"@type": "Organization", "name": "Science and Technology Daily"}
        ]
        assert article["publisher"]["logo"]["url"].endswith("/static/img/logo.png")
        assert article["isBasedOn"] == "https://www.stdaily.com/original.html"
        assert article["sourceOrganization"]["name"] == "Science and Technology Daily"
        assert article["isAccessibleForFree"] is True
        expected = []
        for figure in recent.figures:
            card = figure.photo.social_card
            expected += [f"https://news.example.org{card.url}"] if card else []
            expected.append(f"https://news.example.org{figure.photo.largest.url}")
        assert article["image"] == expected
        assert len(expected) >= 2
        assert [item["name"] for item in crumbs["itemListElement"]] == [
            "Newest",
            "Science",
            "Solar & wind <records>",
        ]

    def test_byline_is_the_author_when_there_is_one(self, client):
        article = make_article(byline="Wang Fang")
        data = self.jsonld(client.get(article.get_absolute_url()).content.decode())[0]
        assert data["author"] == [{"@type": "Person", "name": "Wang Fang"}]

    def test_script_break_out_is_escaped(self, client):
        article = make_article(title='</script><script>alert("x")</script>')
        html = client.get(article.get_absolute_url()).content.decode()
        assert '<script>alert("x")' not in html
        data = self.jsonld(html)[0]
        assert data["headline"] == '</script><script>alert("x")</script>'

    def test_open_graph_twitter_and_description(self, client, site_with_photos):
        recent = site_with_photos["recent"]
        html = client.get(recent.get_absolute_url()).content.decode()
        url = f"https://news.example.org{recent.get_absolute_url()}"
        assert f'<meta property="og:url" content="{url}">' in html
        assert '<meta property="og:type" content="article">' in html
        assert '<meta property="og:title" content="Solar &amp; wind &lt;records&gt;">' in html
        assert f'<meta name="description" content="{recent.summary}">' in html
        assert '<meta name="twitter:card" content="summary_large_image">' in html
        assert '<meta property="og:image" content="https://news.example.org/media/' in html
        assert '<meta property="article:tag" content="Energy">' in html

    def test_listing_pages_mark_pagination(self, client):
        for _ in range(25):
            make_article()
        first = client.get("/").content.decode()
        second = client.get("/?page=2").content.decode()
        assert '<link rel="canonical" href="https://news.example.org/">' in first
        assert '<link rel="next" href="?page=2">' in first
        assert '<link rel="canonical" href="https://news.example.org/?page=2">' in second
        assert '<link rel="prev" href="?">' in second


class TestSearch:
    @pytest.fixture
    def corpus(self):
        source = make_source(name="Science and Technology Daily", slug="st", aliases="Keji Ribao")
        solar = make_article(
            title="Solar station opens in the Atacama Desert",
            summary="A 480MW plant.",
            body="<p>The <b>photovoltaic</b> park will power 400,000 households.</p>",
            source=source,
        )
        rail = make_article(
            title="Railway links for Kenya",
            body="<p>Solar panels cover the new station roofs.</p>",
            tags=["Infrastructure"],
        )
        make_article(title="Solar secret draft", status="draft")
        return {"solar": solar, "rail": rail}

    def results(self, client, q: str) -> list:
        response = client.get("/search/", {"q": q})
        assert response.status_code == 200
        return [article for article, _ in response.context["results"]]

    def test_ranked_title_before_body_and_public_only(self, client, corpus):
        found = self.results(client, "solar")
        assert found == [corpus["solar"], corpus["rail"]]  # headline match ranks first

    def test_finds_by_body_tags_and_source(self, client, corpus):
        assert self.results(client, "photovoltaic") == [corpus["solar"]]
        assert self.results(client, "infrastructure") == [corpus["rail"]]
        assert self.results(client, "Keji Ribao") == [corpus["solar"]]
        assert self.results(client, "Technology Daily") == [corpus["solar"]]

    def test_tag_added_later_is_found(self, client, corpus):
        corpus["solar"].tags.add("Renewables")
        assert self.results(client, "renewables") == [corpus["solar"]]

    def test_snippet_highlights_and_escapes(self, client):
        make_article(
            title="Quotes", body="<p>Tom &amp; Jerry said &lt;hello&gt; to the desert.</p>"
        )
        response = client.get("/search/", {"q": "desert"})
        html = response.content.decode()
        assert "<mark>desert</mark>" in html
        assert "Tom &amp; Jerry said &lt;hello&gt;" in html
        assert "<hello>" not in html

    @pytest.mark.parametrize(
        "q",
        ["", "   ", "!!!", '"', "'", "&&||", "AND OR NOT", "a" * 5000, "中国 合作", "Привет",
         "solar -", "(solar", "NEAR(x y)", "\x00", "%", "*"],
    )  # fmt: skip
    def test_odd_queries_get_a_page_never_a_500(self, client, corpus, q):
        response = client.get("/search/", {"q": q})
        assert response.status_code == 200

    def test_very_long_query_is_capped(self, client, corpus):
        response = client.get("/search/", {"q": "solar " * 200})
        assert len(response.context["query"]) <= 200

    def test_results_are_paginated_and_keep_the_query(self, client):
        for i in range(25):
            make_article(title=f"Desert story {i}")
        response = client.get("/search/", {"q": "desert"})
        assert len(response.context["results"]) == 20
        html = response.content.decode()
        assert 'href="?q=desert&amp;page=2"' in html
        page2 = client.get("/search/", {"q": "desert", "page": 2})
        assert len(page2.context["results"]) == 5

    @pytest.mark.caches(page=False)  # the cost of building the page, not of a cache hit
    def test_query_count(self, client, corpus):
        client.get("/search/", {"q": "solar"})  # warm the site-wide cache
        with CaptureQueriesContext(connection) as queries:
            client.get("/search/", {"q": "solar"})
        # the count, one page of results with snippets, and the author facets
        assert len(queries) == 3

    def test_non_latin_text_is_found(self, client):
        article = make_article(title="中国 合作 新闻", body="<p>Привет мир</p>")
        assert self.results(client, "Привет") == [article]


def test_search_counts_at_most_the_cap(client, monkeypatch):
    monkeypatch.setattr("articles.search.MAX_RESULTS", 3)
    for i in range(5):
        make_article(title=f"Capped desert story {i}")
    response = client.get("/search/", {"q": "desert"})
    assert response.context["page_obj"].paginator.count == 3
    assert "More than 3 results" in response.content.decode()
