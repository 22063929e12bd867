"""Review bugs in what crawlers and readers use to find stories (issue 14, point 5):
archive months past the calendar's end, sitemaps listing pages whose canonical is
elsewhere, unstable and thin feed items, one lastmod for every sitemap page, and the
order of the HTML site map."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET

import feedparser
import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Correction
from articles.sitemaps import w3c

from .factories import make_article, make_disclaimer, make_section, make_source

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}
SITE = "https://news.example.org"
TAG_URI = re.compile(r"^tag:news\.example\.org,\d{4}-\d{2}-\d{2}:article:(\d+)$")


def get_ok(client, path: str):
    response = client.get(path)
    assert response.status_code == 200, path
    return response


def sitemap_urls(client, path: str) -> dict[str, str | None]:
    """``loc -> lastmod`` of a sitemap file or index."""
    root = ET.fromstring(get_ok(client, path).content)
    return {
        entry.findtext("sm:loc", namespaces=NS): entry.findtext("sm:lastmod", namespaces=NS)
        for entry in root
    }


def query_count(client, path: str) -> int:
    """What building the page costs (tests using it turn the page cache off)."""
    get_ok(client, path)  # warm the site-wide cache, as on a running site
    with CaptureQueriesContext(connection) as queries:
        get_ok(client, path)
    return len(queries)


# --- (a) archive months the calendar cannot bound --------------------------------------


@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai", "America/New_York"])
@pytest.mark.parametrize(
    "month",
    [
        "9999/12",  # its following month would be in year 10000
        "0001/01",  # east of UTC, its first moment is in year 0
        "0000/01",  # there is no year 0
        "9999/11",
        "1000/01",  # before the data
        "2999/01",  # after the data
    ],
)
@pytest.mark.parametrize("suffix", ["", "feed/", "feed/atom/"])
def test_archive_months_outside_the_data_are_404_not_500(client, settings, zone, month, suffix):
    settings.TIME_ZONE = zone
    make_article()
    client.raise_request_exception = False
    assert client.get(f"/archive/{month}/{suffix}").status_code == 404


def test_a_december_with_articles_still_has_its_page_and_feed(client, settings):
    settings.TIME_ZONE = "UTC"
    make_article(
        title="Year end", published_at=datetime.datetime(2024, 12, 31, 23, tzinfo=datetime.UTC)
    )
    assert "Year end" in get_ok(client, "/archive/2024/12/").content.decode()
    assert feedparser.parse(get_ok(client, "/archive/2024/12/feed/").content).entries


# --- (b) pages whose canonical is elsewhere stay out of our sitemaps -------------------


@pytest.fixture
def policies():
    """Each way an article's canonical can be decided, and what its page must say."""
    canonical = make_source(name="Canonical Outlet", syndication_policy="canonical")
    plain = make_source(name="Plain Outlet", syndication_policy="index")
    original = "https://outlet.example.com/story.html"
    return {
        # slug: (fields, canonical elsewhere?)
        "source-canonical": ({"source": canonical, "original_url": original}, True),
        "own-canonical": (
            {"source": plain, "original_url": original, "syndication_policy": "canonical"},
            True,
        ),
        "override-index": (
            {"source": canonical, "original_url": original, "syndication_policy": "index"},
            False,
        ),
        # Canonical policy but no original to point at: the page's canonical is ours.
        "canonical-no-original": ({"source": canonical}, False),
        "own-story": ({}, False),
    }


def test_canonical_elsewhere_articles_are_in_no_sitemap(client, policies):
    # Published within the news sitemap's two days (the factory's default may be older).
    recent = timezone.now() - datetime.timedelta(hours=1)
    articles = {
        slug: make_article(slug=slug, published_at=recent, **fields)
        for slug, (fields, _) in policies.items()
    }
    listed = set(sitemap_urls(client, "/sitemap-articles.xml"))
    news = set(sitemap_urls(client, "/news-sitemap.xml"))
    for slug, (_, elsewhere) in policies.items():
        url = SITE + articles[slug].get_absolute_url()
        assert (url in listed) is not elsewhere, slug
        assert (url in news) is not elsewhere, slug


def test_a_sitemap_lists_exactly_the_pages_that_name_themselves_canonical(client, policies):
    """The rule the sitemaps follow is the rule the page's <link rel="canonical"> follows."""
    articles = [make_article(slug=slug, **fields) for slug, (fields, _) in policies.items()]
    listed = set(sitemap_urls(client, "/sitemap-articles.xml"))
    for article in articles:
        url = SITE + article.get_absolute_url()
        html = get_ok(client, article.get_absolute_url()).content.decode()
        (canonical,) = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
        assert (url in listed) == (canonical == url), article.slug


def test_sitemap_lastmod_ignores_canonical_elsewhere_articles(client):
    kept = make_article(published_at=timezone.now() - datetime.timedelta(days=5))
    make_article(
        source=make_source(syndication_policy="canonical"),
        original_url="https://outlet.example.com/newer.html",
        published_at=timezone.now() - datetime.timedelta(hours=1),
    )
    Article.objects.update(updated_at=F("published_at"))
    kept.refresh_from_db()
    index = sitemap_urls(client, "/sitemap.xml")
    assert index[f"{SITE}/sitemap-articles.xml"] == w3c(kept.modified_at)


# --- (c) feed items: stable ids, and the whole credit in full text ---------------------


@pytest.mark.parametrize("path", ["/feed/", "/feed/atom/"])
def test_feed_item_id_is_a_tag_uri_that_survives_a_new_slug_and_date(client, path):
    article = make_article(title="Moving story")
    before = feedparser.parse(get_ok(client, path).content).entries[0]
    assert before.link == SITE + article.get_absolute_url()
    assert TAG_URI.match(before.id).group(1) == str(article.pk)
    assert not before.guidislink

    article.slug = "moving-story-renamed"
    article.published_at -= datetime.timedelta(days=3)
    article.save()
    after = feedparser.parse(get_ok(client, path).content).entries[0]
    assert after.link == SITE + article.get_absolute_url() != before.link
    assert after.id == before.id


def test_rss_guid_is_not_a_permalink(client):
    article = make_article()
    xml = get_ok(client, "/feed/").content.decode()
    created = article.created_at.astimezone(datetime.UTC).date()
    assert (
        f'<guid isPermaLink="false">tag:news.example.org,{created:%Y-%m-%d}:article:{article.pk}'
        "</guid>"
    ) in xml


def test_atom_entry_id_is_the_tag_uri(client):
    article = make_article()
    root = ET.fromstring(get_ok(client, "/feed/atom/").content)
    atom = "{http://www.w3.org/2005/Atom}"
    (entry_id,) = [entry.findtext(f"{atom}id") for entry in root.iter(f"{atom}entry")]
    assert TAG_URI.match(entry_id).group(1) == str(article.pk)


@pytest.fixture
def credited_reprint():
    source = make_source(
        name="Science and Technology Daily",
        slug="st-daily",
        default_disclaimer=make_disclaimer(body="Reprinted <for> information only."),
    )
    article = make_article(
        title="Credited reprint",
        source=source,
        agency="HaiPress",
        original_url="https://www.stdaily.com/original.html?a=1&b=2",
        photos=2,
    )
    captions = []
    for figure in article.figures:
        figure.photo.caption = f"Caption of photo {figure.position}"
        figure.photo.credit = f"Credit {figure.position} & Co"
        figure.photo.save()
        captions.append((figure.photo.caption, figure.photo.credit))
    Correction.objects.create(article=article, text="An earlier version misspelt <Xiao>.")
    return article, captions


@pytest.mark.parametrize("path", ["/feed/", "/feed/atom/"])
def test_full_text_items_carry_credit_disclaimer_corrections_and_captions(
    client, credited_reprint, path
):
    _, captions = credited_reprint
    entry = feedparser.parse(get_ok(client, path).content).entries[0]
    html = entry.content[0].value
    assert "Body paragraph" in html
    assert f'<a href="{SITE}/source/st-daily/">Science and Technology Daily</a>' in html
    assert "via HaiPress" in html
    assert 'href="https://www.stdaily.com/original.html?a=1&amp;b=2"' in html
    assert "Reprinted &lt;for&gt; information only." in html  # the source's disclaimer
    assert "An earlier version misspelt &lt;Xiao&gt;." in html
    for caption, credit in captions:
        assert caption in html
        assert f"(PHOTO: {credit.replace('&', '&amp;')})" in html
    assert f'src="{SITE}/media/' in html  # absolute: a feed reader has no base URL


def test_own_stories_carry_no_credit_line_or_disclaimer(client):
    make_article(title="Our own story")
    html = feedparser.parse(get_ok(client, "/feed/").content).entries[0].content[0].value
    assert "Disclaimer" not in html
    assert "Source:" not in html


@pytest.mark.caches(page=False, fragments=False)
@pytest.mark.parametrize("path", ["/feed/", "/feed/atom/"])
def test_full_text_feed_query_count_does_not_grow(client, path):
    def add(count: int) -> None:
        source = make_source(default_disclaimer=make_disclaimer())
        for _ in range(count):
            article = make_article(source=source, original_url="https://x.example/a", photos=1)
            Correction.objects.create(article=article, text="Fixed.")

    add(2)
    few = query_count(client, path)
    add(8)
    assert query_count(client, path) == few


# --- (d) each page of the article sitemap gets its own lastmod -------------------------


def test_each_article_sitemap_page_has_its_own_lastmod(client, settings):
    settings.NEWSROOM_SITEMAP_PAGE_SIZE = 2
    now = timezone.now()
    for days in range(5):
        make_article(published_at=now - datetime.timedelta(days=10 * (days + 1)))
    # An old article corrected today: its page's lastmod is today, the others' are not.
    oldest = Article.objects.order_by("published_at").first()
    Article.objects.filter(pk=oldest.pk).update(updated_at=now)
    Article.objects.exclude(pk=oldest.pk).update(updated_at=now - datetime.timedelta(days=100))

    index = sitemap_urls(client, "/sitemap.xml")
    pages = [f"{SITE}/sitemap-articles.xml"] + [
        f"{SITE}/sitemap-articles.xml?p={page}" for page in (2, 3)
    ]
    for page in pages:
        entries = sitemap_urls(client, page.removeprefix(SITE))
        assert index[page] == max(entries.values()), page
    assert index[pages[2]] == w3c(now)
    assert len({index[page] for page in pages}) == 3


@pytest.mark.caches(page=False, fragments=False)
@pytest.mark.parametrize("page_size", [2, 50_000])
def test_sitemap_index_query_count_does_not_grow_with_pages(client, settings, page_size):
    settings.NEWSROOM_SITEMAP_PAGE_SIZE = page_size
    for _ in range(3):
        make_article(tags=["Trade"], section=make_section(), source=make_source())
    few = query_count(client, "/sitemap.xml")
    for _ in range(9):
        make_article(tags=["Trade"])
    assert query_count(client, "/sitemap.xml") == few


# --- (e) the readers' site map page -----------------------------------------------------


def listed_names(html: str, heading_id: str) -> list[str]:
    block = html.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<li><a href="[^"]+">([^<]+)</a> <span class="count">', block)


def test_site_map_page_lists_sections_in_navigation_order_and_sources_alphabetically(client):
    sections = [
        make_section(name="World", order=3),
        make_section(name="Science", order=1),
        make_section(name="Business", order=1),
        make_section(name="Arts", order=2),
    ]
    sources = [make_source(name=name) for name in ["Zeta Daily", "beta Post", "Alpha Times"]]
    for section, source in zip(sections, sources * 2, strict=False):
        make_article(section=section, source=source)
    html = get_ok(client, "/sitemap/").content.decode()
    assert listed_names(html, "sm-sections") == ["Business", "Science", "Arts", "World"]
    assert listed_names(html, "sm-sources") == ["Alpha Times", "beta Post", "Zeta Daily"]
