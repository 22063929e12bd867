"""XML sitemaps: an index on SITE_URL, public and indexable articles only, with lastmod."""

import xml.etree.ElementTree as ET

import pytest

from articles.sitemaps import ArticleSitemap, w3c

from .factories import make_article, make_section, make_source

pytestmark = pytest.mark.django_db
NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def locations(client, path: str) -> list[str]:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    return [loc.text for loc in ET.fromstring(response.content).findall(".//sm:loc", NS)]


def test_index_lists_every_sitemap_on_site_url(client):
    make_article()
    assert locations(client, "/sitemap.xml") == [
        f"https://news.example.org/sitemap-{name}.xml"
        for name in ["pages", "sections", "sources", "tags", "articles"]
    ]


def test_article_sitemap_has_public_indexable_articles_with_lastmod(client):
    public = make_article(slug="public-one")
    noindex = make_article(slug="kept-out", source=make_source(syndication_policy="noindex"))
    make_article(slug="a-draft", status="draft")
    xml = client.get("/sitemap-articles.xml").content.decode()
    assert f"<loc>https://news.example.org{public.get_absolute_url()}</loc>" in xml
    assert noindex.slug not in xml
    assert "a-draft" not in xml
    assert f"<lastmod>{w3c(public.modified_at)}</lastmod>" in xml


def test_article_sitemap_is_paginated(client, monkeypatch):
    for _ in range(5):
        make_article()
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    index = locations(client, "/sitemap.xml")
    assert "https://news.example.org/sitemap-articles.xml?p=3" in index
    assert len(locations(client, "/sitemap-articles.xml?p=3")) == 1
    assert client.get("/sitemap-articles.xml?p=4").status_code == 404
    assert client.get("/sitemap-articles.xml?p=x").status_code == 404


def test_section_source_tag_and_page_sitemaps(client):
    section = make_section(slug="world")
    source = make_source(slug="wire")
    make_article(section=section, source=source, tags=["Trade"])
    assert locations(client, "/sitemap-sections.xml") == ["https://news.example.org/section/world/"]
    assert locations(client, "/sitemap-sources.xml") == ["https://news.example.org/source/wire/"]
    assert locations(client, "/sitemap-tags.xml") == ["https://news.example.org/tag/trade/"]
    assert "https://news.example.org/links/" in locations(client, "/sitemap-pages.xml")


def test_unknown_sitemap_is_404(client):
    assert client.get("/sitemap-nope.xml").status_code == 404
