"""Stored XSS: every payload of the corpus, put in every field staff can fill, comes out
harmless on every surface that shows it: article page (with its JSON-LD), listings, search
snippets, feeds, the admin change form, history comparison and preview links."""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
import reversion
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from articles import preview
from articles.models import Article, ArticlePhoto, Correction
from articles.sanitize import clean_html
from reprints import importer

from .factories import make_article, make_disclaimer, make_photo, make_section, make_source
from .xss_payloads import HARMLESS_AS_PARSED, PAYLOADS, parse, problems

MARKER = "zebracrossing"  # a word every payload article has, for search

payload_params = pytest.mark.parametrize(
    "payload", PAYLOADS, ids=[f"payload-{i:02d}" for i in range(len(PAYLOADS))]
)


def test_the_corpus_is_large_and_varied():
    assert len(PAYLOADS) >= 60
    assert len(set(PAYLOADS)) == len(PAYLOADS)


@pytest.mark.parametrize("payload", sorted(set(PAYLOADS) - HARMLESS_AS_PARSED))
def test_the_checker_sees_each_payload_when_it_is_not_sanitized(payload):
    """Proof that the page checks below would fail if a payload got through raw."""
    assert problems(f"<div>{payload}</div>")


@payload_params
def test_sanitized_payload_is_harmless_and_stable(payload):
    cleaned = clean_html(payload)
    assert problems(cleaned) == []
    assert clean_html(cleaned) == cleaned


class TestLinks:
    def test_links_get_noopener_noreferrer(self):
        cleaned = clean_html('<p><a href="https://other.example/story">the original</a></p>')
        assert cleaned == (
            '<p><a href="https://other.example/story" rel="noopener noreferrer">'
            "the original</a></p>"
        )

    def test_a_rel_from_the_source_is_replaced(self):
        cleaned = clean_html('<a href="https://other.example/" rel="opener">x</a>')
        assert 'rel="noopener noreferrer"' in cleaned
        assert 'rel="opener"' not in cleaned

    @pytest.mark.parametrize(
        "href",
        [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            " java\tscript:alert(1)",
            "data:text/html,<b>x</b>",
            "data:image/png;base64,iVBORw0KGgo=",
            "vbscript:msgbox(1)",
        ],
    )
    def test_javascript_and_data_urls_are_dropped(self, href):
        cleaned = clean_html(f'<a href="{href}">x</a><q cite="{href}">y</q>')
        assert "href" not in cleaned
        assert "cite" not in cleaned
        assert clean_html(cleaned) == cleaned
        assert ">x</a>" in cleaned

    @pytest.mark.parametrize(
        "href", ["https://example.org/a?b=c", "http://example.org/", "mailto:desk@example.org"]
    )
    def test_web_and_mail_links_are_kept(self, href):
        assert f'href="{href}"' in clean_html(f'<a href="{href}">x</a>')

    def test_news_copy_keeps_its_structure(self):
        body = (
            "<h2>Sub</h2><p><strong>Bold</strong> and <em>em</em></p><ul><li>one</li></ul>"
            '<blockquote cite="https://example.org/q"><p>Quoted</p></blockquote>'
            '<table><tbody><tr><th scope="row">a</th><td>b</td></tr></tbody></table>'
        )
        assert clean_html(body) == body


# Tag soup built from the pieces XSS payloads are made of, plus arbitrary text.
SOUP_PIECES = [
    "<", ">", "</", "/>", "=", '"', "'", "`", "&", "&amp;", "&lt;", "&#x3C;", "&#0;", "&colon;",
    "<!--", "-->", "<![CDATA[", "]]>", " ", "\n", "\t", "\x00", "\x0c", "javascript:",
    "data:", "https://example.org/", "p", "a", "b", "i", "em", "q", "li", "ul", "ol", "td",
    "tr", "th", "table", "caption", "pre", "code", "br", "hr", "h2", "blockquote", "cite",
    "href", "title", "datetime", "start", "colspan", "script", "style", "svg", "math", "img",
    "onerror", "noscript", "textarea", "xmp", "iframe", "template", "mglyph", "mtext",
    "select", "option", "form", "object", "plaintext", "title", "body", "html", "head",
]  # fmt: skip
html_soup = st.lists(st.one_of(st.sampled_from(SOUP_PIECES), st.text(max_size=4)), max_size=60).map(
    "".join
)


@settings(max_examples=400, deadline=None)
@given(html_soup)
def test_sanitizing_is_idempotent_and_leaves_nothing_dangerous(html):
    cleaned = clean_html(html)
    assert clean_html(cleaned) == cleaned
    assert problems(cleaned) == []


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_sanitizing_any_text_is_idempotent(text):
    cleaned = clean_html(text)
    assert clean_html(cleaned) == cleaned


# --- the pages -------------------------------------------------------------------------


def no_nul(text: str) -> str:
    """What the admin's forms let through: they refuse NUL, which PostgreSQL cannot store.
    (Articles strip it themselves on save, so their fields get the payload whole.)"""
    return text.replace("\x00", "")


def payload_article(payload: str, **extra) -> Article:
    """An article with ``payload`` in every field staff can type into."""
    source = make_source(
        name=no_nul(f"Outlet {payload}")[:200],
        default_disclaimer=make_disclaimer(body=no_nul(f"Reprinted. {payload}")),
    )
    article = make_article(
        title=f"Story {payload}"[:300],
        summary=f"{MARKER} summary {payload}",
        byline=f"By {payload}"[:200],
        dateline=f"PARIS {payload}"[:100],
        body=f"<p>{MARKER} body</p>{payload}<p>after</p>",
        agency=f"Wire {payload}"[:200],
        original_url="https://example.org/original",
        section=make_section(name=no_nul(f"Desk {payload}")[:100]),
        source=source,
        tags=[no_nul(f"tag {payload}")[:100]],
        **extra,
    )
    clean = no_nul(payload)
    photo = make_photo(alt_text=clean[:300], caption=clean, credit=clean[:200])
    ArticlePhoto.objects.create(article=article, photo=photo, caption_override="")
    Correction.objects.create(article=article, text=f"Corrected: {clean}")
    return article


def assert_clean_page(response, *, nonce: str | None = None) -> str:
    assert response.status_code == 200
    html = response.content.decode()
    assert problems(html, nonce=nonce) == []
    return html


def html_fields_of_feed(xml: bytes) -> list[str]:
    """The text of every feed element whose content a reader renders as HTML."""
    root = ET.fromstring(xml)
    atom = "{http://www.w3.org/2005/Atom}"
    content_ns = "{http://purl.org/rss/1.0/modules/content/}"
    fields = [item.findtext("description") or "" for item in root.iter("item")]
    fields += [element.text or "" for element in root.iter(f"{content_ns}encoded")]
    for tag in ("summary", "content"):
        fields += [
            element.text or ""
            for element in root.iter(f"{atom}{tag}")
            if element.get("type") == "html"
        ]
    return fields


@pytest.mark.django_db
class TestPagesShowPayloadsHarmlessly:
    @payload_params
    def test_article_page_and_its_structured_data(self, client, payload):
        article = payload_article(payload)
        html = assert_clean_page(client.get(article.get_absolute_url()))
        blocks = [
            element.text
            for element in parse(html).iter("script")
            if element.get("type") == "application/ld+json"
        ]
        assert len(blocks) == 2  # NewsArticle and BreadcrumbList, both still valid JSON
        assert MARKER in html

    @payload_params
    def test_admin_change_form_history_and_preview_link(self, editor_client, client, payload):
        article = payload_article(payload, status=Article.Status.DRAFT)
        with reversion.create_revision():
            article.body = f"<p>{MARKER} first</p>{payload}"
            article.save()
        with reversion.create_revision():
            article.body = f"<p>{MARKER} second</p>{payload}<p>more</p>"
            article.save()
        change = reverse("admin:articles_article_change", args=[article.pk])
        form = editor_client.get(change)
        # The editor's import map is the only inline script: it carries the page's nonce.
        nonce = re.search(r"'nonce-([^']+)'", form["Content-Security-Policy"])[1]
        assert_clean_page(form, nonce=nonce)
        versions = reversion.models.Version.objects.get_for_object(article)
        compare = reverse("admin:articles_article_compare", args=[article.pk])
        assert_clean_page(
            editor_client.get(compare, {"from": versions[1].pk, "to": versions[0].pk})
        )
        # The staff preview at the article's address, and the signed link for outsiders.
        assert_clean_page(editor_client.get(article.get_absolute_url()))
        url, _ = preview.make_link(article)
        assert_clean_page(client.get(url.removeprefix("https://news.example.org")))

    def test_listings_search_feeds_and_admin_list_with_every_payload(
        self, client, editor_client, settings
    ):
        settings.NEWSROOM_FEED_ITEMS = len(PAYLOADS)
        section = make_section(name="World", slug="world")
        now = timezone.now()
        for index, payload in enumerate(PAYLOADS):
            make_article(
                title=f"Story {payload}"[:300],
                summary=f"{MARKER} {payload}",
                byline=f"By {payload}"[:200],
                body=f"<p>{MARKER} body</p>{payload}",
                section=section,
                tags=["common", no_nul(f"tag {payload}")[:100]],
                published_at=now - datetime.timedelta(minutes=index + 1),
            )
        pages = -(-len(PAYLOADS) // settings.NEWSROOM_PAGE_SIZE)
        for page in range(1, pages + 1):
            assert_clean_page(client.get("/", {"page": page}))
            assert_clean_page(client.get("/section/world/", {"page": page}))
            html = assert_clean_page(client.get("/search/", {"q": MARKER, "page": page}))
            assert "<mark>" in html
        assert_clean_page(client.get("/tag/common/"))
        assert_clean_page(client.get("/sitemap/"))
        assert_clean_page(editor_client.get(reverse("admin:articles_article_changelist")))
        for feed in ("/feed/", "/feed/atom/", "/section/world/feed/", "/tag/common/feed/atom/"):
            response = client.get(feed)
            assert response.status_code == 200
            fields = html_fields_of_feed(response.content)
            assert len(fields) >= len(PAYLOADS)
            for field in fields:
                assert problems(field) == [], (feed, field)

    def test_a_body_that_bypassed_save_is_cleaned_again_when_shown(self, client):
        article = make_article(body="<p>fine</p>")
        Article.objects.filter(pk=article.pk).update(
            body='<p>fine</p><img src=x onerror=alert(1)><a href="javascript:alert(1)">x</a>'
        )
        html = assert_clean_page(client.get(article.get_absolute_url()))
        assert "fine" in html


@pytest.mark.django_db
def test_saving_stores_the_cleaned_body():
    article = make_article(body='<p onclick="x()">Hi <script>alert(1)</script><b>there</b></p>')
    article.refresh_from_db()
    assert article.body == "<p>Hi <strong>there</strong></p>"  # the editor's bold


@pytest.mark.django_db
@pytest.mark.parametrize("payload", PAYLOADS[::7])
def test_imported_pages_are_stored_clean(payload):
    page = (
        "<html><head><title>Imported story</title></head><body><article>"
        "<h1>Imported story about ports</h1>"
        "<p>BEIJING, Sept. 12, 2024 -- The port opened on Monday with a ceremony.</p>"
        f"<p>Second paragraph with more words about the port. {payload}</p>"
        f'<p><a href="javascript:alert(1)">link</a> {payload}</p>'
        "<p>Third paragraph closes the story about the port and its ships.</p>"
        "</article></body></html>"
    )
    outcome = importer.import_document(
        importer.Document(name="story.html", data=page.encode()),
        importer.Options(user=None, publish=False, dry_run=False),
    )
    assert outcome.article is not None, outcome.message
    stored = Article.objects.get(pk=outcome.article.pk)
    assert problems(stored.body) == []
    assert stored.body == clean_html(stored.body)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/feed/", "/feed/atom/", "/news-sitemap.xml"])
def test_control_characters_in_a_headline_leave_feeds_and_sitemaps_valid_xml(client, path):
    article = make_article(published_at=timezone.now() - datetime.timedelta(hours=1))
    # As rows written before save() stripped them, or by a bulk update, would hold them.
    Article.objects.filter(pk=article.pk).update(
        title="Ports\x01 reopen\x0b after\x1f the storm", summary="Ships\x02 return."
    )
    response = client.get(path)
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    assert "Ports reopen after the storm" in ET.tostring(root, encoding="unicode")


@pytest.mark.django_db
def test_saving_drops_control_characters_from_the_text():
    article = make_article(
        title="Ports\x00 reopen\x0b", summary="Ships\x1f return", body="<p>Calm\x01 seas</p>"
    )
    article.refresh_from_db()
    assert (article.title, article.summary) == ("Ports reopen", "Ships return")
    assert article.body == "<p>Calm seas</p>"
