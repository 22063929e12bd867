"""One allow-list: the body editor's extensions and the sanitizer come from one
definition (articles.richtext). Everything the editor writes survives cleaning byte for
byte, and nothing else does; pasted copy keeps its structure and loses its styles and
scripts; text typed without the editor becomes the same paragraphs."""

from __future__ import annotations

import re

import html5lib
import pytest

from articles import richtext, sanitize
from articles.forms import ArticleAdminForm, BodyEditorWidget
from articles.sanitize import clean_html

from .editor_fixtures import EVERY_FORMAT, GOOGLE_DOCS, WEB_PAGE, WORD
from .factories import make_article

# Every element HTML defines (WHATWG), as the list to prove the sanitizer keeps no other.
HTML_ELEMENTS = (  # noqa: SIM905 - a list of words reads better as words
    "a abbr address area article aside audio b base bdi bdo blockquote body br button canvas "
    "caption cite code col colgroup data datalist dd del details dfn dialog div dl dt em "
    "embed fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr "
    "html i iframe img input ins kbd label legend li link main map mark menu meta meter nav "
    "noscript object ol optgroup option output p picture pre progress q rp rt ruby s samp "
    "script search section select slot small source span strong style sub summary sup table "
    "tbody td template textarea tfoot th thead time title tr track u ul var video wbr"
).split()
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


def test_the_sanitizer_allows_exactly_what_the_editor_writes():
    assert richtext.allowed_tags() == sanitize.ALLOWED_TAGS
    written = richtext.allowed_attributes()
    # rel is the cleaner's to write (always "noopener noreferrer"), not the input's.
    assert written["a"] - sanitize.ALLOWED_ATTRIBUTES["a"] == {"rel"}
    assert {tag: names for tag, names in written.items() if tag != "a"} == {
        tag: names for tag, names in sanitize.ALLOWED_ATTRIBUTES.items() if tag != "a"
    }


def test_the_editor_loads_exactly_the_listed_extensions():
    config = BodyEditorWidget().get_config()
    assert set(config["extensions"]) == set(richtext.EXTENSIONS)
    assert config["extensions"]["Heading"] == {"levels": [2, 3, 4]}
    assert config["js_modules"] == ["/static/js/editor-extensions.js"]


def test_the_article_form_uses_the_editor_for_the_body():
    assert isinstance(ArticleAdminForm().fields["body"].widget, BodyEditorWidget)


def test_everything_the_editor_writes_survives_unchanged():
    """EVERY_FORMAT is the editor's own output (tests/browser/test_editor.py proves it by
    loading it into the editor and reading it back)."""
    assert clean_html(EVERY_FORMAT) == EVERY_FORMAT


@pytest.mark.parametrize("tag", sorted(set(HTML_ELEMENTS) - richtext.allowed_tags()))
def test_no_other_element_survives(tag):
    markup = f"<{tag}>" if tag in VOID else f"<{tag}>x</{tag}>"
    cleaned = clean_html(f"<p>a</p>{markup}")
    assert f"<{tag}" not in cleaned


@pytest.mark.parametrize("tag", sorted(richtext.allowed_tags()))
def test_no_other_attribute_survives(tag):
    attributes = 'class="c" style="color:red" id="i" onclick="x()" data-x="1" lang="fr"'
    markup = f"<{tag} {attributes}>" if tag in VOID else f"<{tag} {attributes}>x</{tag}>"
    if tag in {"td", "th", "tr", "tbody"}:
        markup = f"<table><tbody><tr>{markup}</tr></tbody></table>"
    cleaned = clean_html(markup)
    for name in ("class=", "style=", "id=", "onclick=", "data-x=", "lang="):
        assert name not in cleaned


def parsed(markup: str) -> list[tuple[str, str]]:
    """(element, text) of every element, in document order: structure without bytes."""
    root = html5lib.parse(markup, treebuilder="etree", namespaceHTMLElements=False)
    body = root.find("body")
    return [(el.tag, "".join(el.itertext()).strip()) for el in body.iter() if el is not body]


class TestPaste:
    """What the server keeps of pasted copy (the textarea without JavaScript, the API,
    the importer); the browser tests paste the same fixtures into the editor."""

    def test_word_keeps_headings_bold_italic_links_and_drops_styles_and_scripts(self):
        cleaned = clean_html(WORD)
        assert "<h2>Port traffic recovers</h2>" in cleaned
        assert "<strong>SHANGHAI</strong>" in cleaned
        assert "<em>sharply</em>" in cleaned
        assert '<a href="https://example.org/report" rel="noopener noreferrer">' in cleaned
        for gone in ("style", "mso", "Calibri", "Normal</", "alert", "Story.docx", "class"):
            assert gone not in cleaned

    def test_google_docs_keeps_structure_in_another_language(self):
        cleaned = clean_html(GOOGLE_DOCS)
        assert "<h2>Los precios bajan</h2>" in cleaned
        assert "<ul><li><p>Energía: −3 %</p></li></ul>" in cleaned
        assert "style" not in cleaned
        assert "docs-internal" not in cleaned

    def test_a_web_page_loses_trackers_frames_and_scripts(self):
        cleaned = clean_html(WEB_PAGE)
        assert "<h3>Ce qu'il faut savoir</h3>" in cleaned
        assert '<time datetime="2025-03-12">12 mars</time>' in cleaned
        assert "<blockquote><p>Une citation.</p></blockquote>" in cleaned
        for gone in ("tracker", "<img", "iframe", "javascript", "onclick", "color", "target"):
            assert gone not in cleaned
        assert ('<a href="/relative" rel="noopener noreferrer">lien</a>') in cleaned


@pytest.mark.django_db
class TestWithoutTheEditor:
    """Without JavaScript the body is a plain textarea: what is typed there is cleaned the
    same way, and plain text is stored as the paragraphs it means."""

    def test_plain_text_is_stored_as_paragraphs(self):
        article = make_article(body="First paragraph.\n\nSecond, & more\non two lines.")
        assert article.body == ("<p>First paragraph.</p><p>Second, &amp; more<br>on two lines.</p>")

    def test_a_photo_on_a_line_of_its_own_stays_a_block(self):
        article = make_article(body='One.\n\n<figure data-photo="7"></figure>\n\nTwo.')
        assert article.body == '<p>One.</p><figure data-photo="7"></figure><p>Two.</p>'

    def test_html_typed_in_the_textarea_is_cleaned(self):
        article = make_article(body=WORD)
        assert article.body == clean_html(WORD)


@pytest.mark.django_db
def test_the_editor_runs_under_the_strict_policy(editor_client):
    """No 'unsafe-inline' or 'unsafe-eval' for scripts: the editor is module files from
    this site, and its one inline element (the import map) carries the response's nonce.
    (The browser tests fail on any policy violation the page reports.)"""
    response = editor_client.get("/admin/articles/article/add/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert "'unsafe-inline'" not in policy["script-src"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy["script-src"])[1]
    html = response.content.decode()
    assert f'<script type="importmap" nonce="{nonce}">' in html
    assert (
        f'<script src="/static/django_prose_editor/configurable.js" nonce="{nonce}" type="module">'
        in html
    )
    assert "data-django-prose-editor-configurable=" in html
