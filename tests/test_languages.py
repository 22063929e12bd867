"""Each article's language reaches readers and machines; reprints show their original date."""

import datetime
import json
import re
import xml.etree.ElementTree as ET

import pytest

from articles.models import Article, news_language

from .factories import make_article, make_source

pytestmark = pytest.mark.django_db


def jsonld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


def test_a_new_article_is_in_the_sites_language(settings):
    settings.LANGUAGE_CODE = "pt-br"
    assert Article(title="Notícia").language == "pt-br"


def test_the_article_page_marks_its_language(client):
    article = make_article(language="es", title="Reabren el puente", body="<p>El puente.</p>")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<article class="story" lang="es">' in html
    assert jsonld(html)["inLanguage"] == "es"


def test_feeds_carry_each_items_language(client):
    make_article(language="fr", title="Le tram arrive")
    make_article(language="zh-Hans", title="地铁开通")
    rss = ET.fromstring(client.get("/feed/").content)
    dc = "{http://purl.org/dc/elements/1.1/}language"
    languages = {item.findtext("title"): item.findtext(dc) for item in rss.iter("item")}
    assert languages == {"Le tram arrive": "fr", "地铁开通": "zh-Hans"}
    atom = ET.fromstring(client.get("/feed/atom/").content)
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    entries = {
        entry.findtext("{http://www.w3.org/2005/Atom}title"): entry.get(lang)
        for entry in atom.iter("{http://www.w3.org/2005/Atom}entry")
    }
    assert entries == {"Le tram arrive": "fr", "地铁开通": "zh-Hans"}


def test_the_news_sitemap_names_each_articles_language(client):
    make_article(language="pt-BR", title="Chuva no Recife")
    make_article(language="zh-Hant", title="颱風登陸")
    root = ET.fromstring(client.get("/news-sitemap.xml").content)
    ns = {"n": "http://www.google.com/schemas/sitemap-news/0.9"}
    found = {
        news.findtext("n:title", namespaces=ns): news.findtext(
            "n:publication/n:language", namespaces=ns
        )
        for news in root.iter("{http://www.google.com/schemas/sitemap-news/0.9}news")
    }
    assert found == {"Chuva no Recife": "pt", "颱風登陸": "zh-tw"}


@pytest.mark.parametrize(
    ("code", "expected"),
    [("en", "en"), ("es-419", "es"), ("zh-Hans", "zh-cn"), ("zh-TW", "zh-tw"), ("zh", "zh-cn")],
)
def test_news_sitemap_language_codes(code, expected):
    assert news_language(code) == expected


def test_a_reprint_shows_when_and_where_it_was_first_published(client):
    source = make_source(name="Coastal Courier")
    original = datetime.datetime(2025, 3, 4, 9, 30, tzinfo=datetime.UTC)
    article = make_article(source=source, original_published_at=original)
    html = client.get(article.get_absolute_url()).content.decode()
    assert (
        '<p class="original">Originally published <time datetime="2025-03-04T09:30:00+00:00">'
        "4 March 2025</time> by Coastal Courier</p>"
    ) in html


def test_our_own_story_has_no_original_date_line(client):
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert "Originally published" not in html


def test_without_a_summary_the_description_is_the_leads_first_sentence(client):
    article = make_article(
        summary="", body="<p>The dam opened on Monday. It holds water for a year.</p>"
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<meta name="description" content="The dam opened on Monday.">' in html
    assert jsonld(html)["description"] == "The dam opened on Monday."
    assert '<p class="dek">' not in html  # nothing printed twice on the page
