"""Reader pages as markup: structure, share links, no trackers, no inline code, weight."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.management import call_command
from lxml import html as lxml_html

from articles.models import Article, ArticlePhoto
from articles.sharing import share_links
from articles.templatetags.articles import datetime_attr

from .checkers import ROOT
from .factories import make_article, make_photo, make_source
from .reader_site import build_reader_site

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "import_pages" / "reprint-page.txt"
# <link> types a browser downloads (or connects for) as the page loads.
FETCHED_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "preconnect"}


@pytest.fixture
def pages(client) -> dict[str, str]:
    return {kind: html.decode() for kind, html in build_reader_site().fetch(client).items()}


def test_every_page_has_landmarks_one_h1_and_a_language(pages):
    for kind, page in pages.items():
        tree = lxml_html.fromstring(page)
        assert tree.get("lang") == "en", kind
        assert len(tree.findall(".//h1")) == 1, kind
        for landmark in ["header", "nav", "main", "footer"]:
            assert tree.find(f".//{landmark}") is not None, (kind, landmark)
        assert tree.xpath('//a[@class="skip-link"]/@href') == ["#main"], kind
        assert tree.xpath("//main/@id") == ["main"], kind
        # "Back to top" goes to a focusable element, so focus follows without a script.
        assert tree.xpath('//a[@class="back-to-top"]/@href') == ["#top"], kind
        assert tree.xpath('//*[@id="top"]/@tabindex') == ["-1"], kind
        for time in tree.iter("time"):
            assert re.fullmatch(
                r"\d{4}-\d\d(-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d)?", time.get("datetime")
            )


def test_no_third_party_code_inline_code_or_inline_styles_on_reader_pages(pages):
    """Trackers arrive as scripts, frames and pixels; a strict CSP forbids inline code."""
    for kind, page in pages.items():
        tree = lxml_html.fromstring(page)
        for script in tree.iter("script"):
            if script.get("type") == "application/ld+json":
                continue
            assert script.get("src", "").startswith("/static/"), (kind, script.get("src"))
            assert not (script.text or "").strip(), kind
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue  # comments
            assert "style" not in element.attrib, (kind, element.tag)
            assert not [name for name in element.attrib if name.startswith("on")], kind
            if element.tag in {"iframe", "embed", "object"}:
                pytest.fail(f"{kind}: <{element.tag}>")
            fetched = element.tag in {"img", "source"} or (
                element.tag == "link" and set(element.get("rel", "").split()) & FETCHED_LINKS
            )
            for attribute in ("src", "srcset", "href") if fetched else ():
                value = element.get(attribute, "")
                assert not value.startswith(("http:", "https:", "//")), (kind, value)


def test_share_links_carry_the_address_and_headline_and_nothing_else():
    links = {
        link.name: link.url
        for link in share_links(url="https://news.example.org/a/?x=1&y=2", title="Rock & roll")
    }
    assert links["E-mail"] == (
        "mailto:?subject=Rock%20%26%20roll&body=https%3A%2F%2Fnews.example.org%2Fa%2F%3Fx%3D1%26y%3D2"
    )
    assert links["Facebook"] == (
        "https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fnews.example.org%2Fa%2F%3Fx%3D1%26y%3D2"
    )
    assert set(links) == {"E-mail", "Facebook", "X", "LinkedIn", "WhatsApp", "Reddit", "Telegram"}
    for url in links.values():
        assert "news.example.org" in url
        assert "utm_" not in url


def test_article_page_has_share_links_and_the_copyable_address(client):
    article = make_article(title="Solar in Chile")
    html = client.get(article.get_absolute_url()).content.decode()
    address = f"https://news.example.org{article.get_absolute_url()}"
    assert '<h2 id="share-heading">Share this article</h2>' in html
    assert f'<input id="share-url" type="url" value="{address}" readonly>' in html
    assert 'aria-label="Share on X"' in html
    assert '<script src="/static/js/share.js" defer></script>' in html


def test_previews_offer_no_share_links(editor_client):
    draft = make_article(status=Article.Status.DRAFT)
    html = editor_client.get(draft.get_absolute_url()).content.decode()
    assert "Share this article" not in html
    assert "share.js" not in html


def test_time_values_are_whole_seconds_with_an_offset(settings):
    settings.TIME_ZONE = "Asia/Shanghai"
    moment = datetime.datetime(2024, 9, 13, 8, 0, 0, 123456, tzinfo=datetime.UTC)
    assert datetime_attr(moment) == "2024-09-13T16:00:00+08:00"
    assert datetime_attr(None) == ""


def test_the_sample_article_page_weighs_under_50_kb_with_its_stylesheet_and_script(client, editor):
    """HTML + CSS + JS as downloaded, uncompressed, images aside: the imported sample
    page, with a photo, tags, a correction, full related lists and share links."""
    call_command(
        "import_articles", str(SAMPLE), "--publish", "--user", "editor", stdout=io.StringIO()
    )
    article = Article.objects.get()
    article.tags.add("Latin America", "Science", "Cooperation")
    ArticlePhoto.objects.create(article=article, photo=make_photo(), position=0)
    source = article.source or make_source()
    for n in range(8):
        make_article(
            title=f"A long related headline about cooperation in science, number {n}",
            source=source if n % 2 else None,
            tags=["Science"],
        )
    article.corrections.create(text="An earlier version misstated the trade figure.")

    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    page = response.content
    assert b"Related articles" in page
    assert b"More from" in page
    assets = [ROOT / "static" / "css" / "site.css", ROOT / "static" / "js" / "share.js"]
    for asset in assets:
        assert f"/static/{asset.relative_to(ROOT / 'static')}".encode() in page
    total = len(page) + sum(asset.stat().st_size for asset in assets)
    assert total < 50 * 1024, f"{total} bytes"
