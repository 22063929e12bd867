"""The body editor in a real browser (Debian's Chromium, the site's own CSP): an editor
types a story with every format from the toolbar, places a library photo and a new
upload, pastes from a word processor, embeds a video, saves and publishes; readers get
the story, the feed and the JSON-LD with the photos, and a video facade that asks
nothing of the video site until it is clicked. Also: everything the editor writes
survives the sanitizer unchanged, pasted copy loses its styles, the toolbar works from
the keyboard, axe finds no serious problem on the form, and without JavaScript the
textarea still works."""

from __future__ import annotations

import datetime
import json
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from articles.models import Article, ArticlePhoto, Photo, Video
from articles.sanitize import clean_html

from ..checkers import AXE_JS, required
from ..editor_fixtures import EVERY_FORMAT, GOOGLE_DOCS, WEB_PAGE, WORD
from ..factories import image_bytes, make_article, make_photo
from .conftest import new_context, watched_page
from .test_accessibility import AXE_OPTIONS

YT = "dQw4w9WgXcQ"
TITLE = "Port traffic recovers after the strike"


def log_in(page: Page, username: str = "editor") -> None:
    page.goto("/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()


def editor_area(page: Page):
    """The body's editing area, once the editor has replaced the textarea (its module
    scripts can take a while on a busy machine)."""
    area = page.locator(".prose-editor [contenteditable=true]")
    expect(area).to_be_visible(timeout=30_000)
    expect(area).to_have_accessible_name("Body")
    return area


def body_value(page: Page) -> str:
    """What the form will post: the textarea the editor keeps in step."""
    return page.locator("textarea#id_body").input_value()


# Whether the editor's own selection (Tiptap's state, which a key press acts on) is a
# range or a caret: it follows the page's selection a moment after a key or a dialog.
EDITOR_HAS_RANGE = """() => !document.querySelector(
    ".prose-editor [contenteditable]").editor.state.selection.empty"""
EDITOR_HAS_CARET = """() => document.querySelector(
    ".prose-editor [contenteditable]").editor.state.selection.empty"""


def toolbar(page: Page, name: str) -> None:
    page.locator(".prose-menubar").get_by_role("button", name=name, exact=True).click()


def paste_html(page: Page, html: str) -> None:
    page.evaluate(
        """html => {
            const data = new DataTransfer()
            data.setData("text/html", html)
            data.setData("text/plain", html.replace(/<[^>]+>/g, ""))
            document.querySelector(".prose-editor [contenteditable]").dispatchEvent(
                new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true})
            )
        }""",
        html,
    )


def test_an_editor_writes_formats_places_photos_pastes_and_embeds_then_publishes(
    page, editor, client, tmp_path
):
    library = make_photo(caption="Harbour cranes at dawn", credit="Port Daily", alt_text="Cranes")
    upload = tmp_path / "quay.jpg"
    upload.write_bytes(image_bytes("JPEG", size=(900, 600), colour="darkgreen"))
    log_in(page)
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Headline").press_sequentially(TITLE)
    page.get_by_label("Summary").fill("Container volumes are back to where they were.")

    body = editor_area(page)
    body.click()
    keyboard = page.keyboard
    keyboard.type("Volumes rose ")
    toolbar(page, "bold")
    keyboard.type("eight percent")
    toolbar(page, "bold")
    keyboard.type(" in ")
    toolbar(page, "italic")
    keyboard.type("May")
    toolbar(page, "italic")
    keyboard.type(".")
    keyboard.press("Enter")

    # The block-type menu, opened from the keyboard.
    page.locator(".prose-menubar").get_by_role("button", name="paragraph").press("Enter")
    page.locator(".prose-menubar__option", has_text="Heading 3").click()
    keyboard.type("What the report says")
    keyboard.press("Enter")

    keyboard.type("the report")
    for _ in range(len("the report")):
        keyboard.press("Shift+ArrowLeft")
    toolbar(page, "insert link")
    dialog = page.locator("dialog[open]")
    dialog.get_by_label("URL").fill("https://port.example.org/report")
    dialog.get_by_role("button", name="Update").click()
    expect(body.locator('a[href="https://port.example.org/report"]')).to_be_visible()
    expect(body).to_be_focused()
    # The linked words stay selected: step past them, and wait until the editor itself
    # has a caret (Enter on a selection would replace the words; a busy machine is
    # slower than the keys).
    page.wait_for_function(EDITOR_HAS_RANGE)
    keyboard.press("ArrowRight")
    keyboard.press("End")
    page.wait_for_function(EDITOR_HAS_CARET)
    assert page.evaluate("getSelection().isCollapsed")
    keyboard.press("Enter")

    toolbar(page, "unordered list")
    keyboard.type("Exports up")
    keyboard.press("Enter")
    keyboard.type("Imports flat")
    keyboard.press("Enter")
    keyboard.press("Enter")  # out of the list
    toolbar(page, "ordered list")
    keyboard.type("First quarter")
    keyboard.press("Enter")
    keyboard.type("Second quarter")
    keyboard.press("Enter")
    keyboard.press("Enter")
    toolbar(page, "blockquote")
    keyboard.type("We are back.")
    keyboard.press("Enter")
    toolbar(page, "blockquote")  # the new line leaves the quote
    toolbar(page, "horizontal rule")

    page.wait_for_timeout(700)  # undo steps back one burst of typing at a time
    keyboard.type("A slip of the keyboard")
    expect(body).to_contain_text("A slip of the keyboard")
    toolbar(page, "undo")
    expect(body).not_to_contain_text("A slip of the keyboard")
    toolbar(page, "redo")
    expect(body).to_contain_text("A slip of the keyboard")
    toolbar(page, "undo")
    expect(body).not_to_contain_text("A slip of the keyboard")

    # A photo from the library, found by its credit.
    toolbar(page, "Insert a photo")
    dialog = page.locator("dialog.body-photo-dialog")
    dialog.get_by_label("Search captions, credits and alt text").fill("port daily")
    dialog.get_by_role("button", name="Insert: Harbour cranes at dawn").click()
    expect(body.locator("figure").first).to_contain_text("Harbour cranes at dawn")

    # A new photo, uploaded with its words.
    toolbar(page, "Insert a photo")
    dialog = page.locator("dialog.body-photo-dialog")
    dialog.get_by_label("Image file").set_input_files(str(upload))
    dialog.get_by_label("Alt text (required)").fill("The quay, empty at noon")
    dialog.get_by_label("Caption", exact=True).fill("The quay after the strike.")
    dialog.get_by_label("Credit", exact=True).fill("Harbour Authority")
    dialog.get_by_role("button", name="Upload and insert").click()
    expect(dialog).to_have_count(0)
    uploaded = Photo.objects.get(alt_text="The quay, empty at noon")

    paste_html(page, WORD)  # from a word processor
    expect(body).to_contain_text("Port traffic recovers")

    toolbar(page, "Embed a YouTube or Vimeo video")
    dialog = page.locator("dialog[open]")
    dialog.get_by_label("Video address").fill(f"https://www.youtube.com/watch?v={YT}&t=5")
    dialog.get_by_role("button", name="Embed").click()
    expect(body).to_contain_text("Video:")

    page.get_by_label("Status").select_option(label="Published")
    page.locator('input[name="_save"]').first.click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    article = Article.objects.get(title=TITLE)
    stored = article.body
    assert stored == clean_html(stored)
    for piece in (
        "<p>Volumes rose <strong>eight percent</strong> in <em>May</em>.</p>",
        "<h3>What the report says</h3>",
        '<a href="https://port.example.org/report" rel="noopener noreferrer">the report</a>',
        "<ul><li><p>Exports up</p></li><li><p>Imports flat</p></li></ul>",
        "<li><p>First quarter</p></li><li><p>Second quarter</p></li></ol>",
        "<blockquote><p>We are back.</p></blockquote><hr>",
        f'<figure data-photo="{library.pk}"></figure>',
        f'<figure data-photo="{uploaded.pk}"></figure>',
        "<h2>Port traffic recovers</h2>",
        "<strong>SHANGHAI</strong>",
        f'<figure data-video="https://www.youtube.com/watch?v={YT}&amp;t=5"></figure>',
    ):
        assert piece in stored, piece
    for gone in ("style=", "class=", "mso", "alert", "slip of the keyboard"):
        assert gone not in stored
    assert {p.photo_id for p in ArticlePhoto.objects.filter(article=article, in_body=True)} == {
        library.pk,
        uploaded.pk,
    }
    assert Video.objects.filter(video_id=YT).exists()

    # What readers get.
    html = client.get(article.get_absolute_url()).content.decode()
    assert "<h3>What the report says</h3>" in html
    assert f'srcset="{library.webp_srcset}"' in html
    assert (
        'The quay after the strike. <span class="photo-credit">(PHOTO: Harbour Authority)' in html
    )
    assert f'href="https://www.youtube.com/watch?v={YT}"' in html
    jsonld = json.loads(
        re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    )
    assert f"https://news.example.org{uploaded.largest.url}" in jsonld["image"]
    feed = client.get("/feed/").content.decode()
    assert f"https://news.example.org{library.largest.url}" in feed
    assert "What the report says" in feed


def test_everything_the_editor_writes_opens_and_saves_unchanged(page, editor):
    """The proof that EVERY_FORMAT is what the editor writes: loaded into the editor, it
    comes back byte for byte, and the sanitizer keeps it byte for byte."""
    photo = make_photo()
    body = EVERY_FORMAT.replace("PHOTO", str(photo.pk))
    article = make_article(title="Every format", body=body, status=Article.Status.DRAFT)
    assert article.body == body  # the sanitizer kept it
    log_in(page)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    expect(editor_area(page)).to_contain_text("Heading two")
    editor_area(page).click()  # editing starts; nothing typed
    editor_area(page).press("End")
    assert body_value(page) == body
    page.locator('input[name="_save"]').first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    article.refresh_from_db()
    assert article.body == body


@pytest.mark.parametrize(
    ("fixture", "kept"),
    [
        (WORD, ["<h2>Port traffic recovers</h2>", "<strong>SHANGHAI</strong>", "<em>sharply</em>"]),
        (GOOGLE_DOCS, ["<h2>Los precios bajan</h2>", "<em>mayo</em>", "<ul><li><p>Energía"]),
        (WEB_PAGE, ["<h3>Ce qu'il faut savoir</h3>", "<blockquote><p>Une citation.</p>"]),
    ],
    ids=["word", "google-docs", "web-page"],
)
def test_pasted_copy_keeps_structure_and_loses_styles_and_scripts(page, editor, fixture, kept):
    log_in(page)
    page.goto("/admin/articles/article/add/")
    editor_area(page).click()
    paste_html(page, fixture)
    value = body_value(page)
    # The browser refuses even to consider a pasted onclick: the policy has no
    # 'unsafe-inline'. That refusal is the only message the page may log.
    blocked = [m for m in page.script_errors if "inline event handler" in m and "blocked" in m]
    page.script_errors[:] = [m for m in page.script_errors if m not in blocked]
    for piece in kept:
        assert piece in value, piece
    for gone in ("style=", "class=", "<script", "alert", "<img", "iframe", "mso-", "Calibri"):
        assert gone not in value, gone
    assert clean_html(value) == value  # what the editor made is what the server keeps


def test_the_toolbar_works_from_the_keyboard(page, editor):
    log_in(page)
    page.goto("/admin/articles/article/add/")
    area = editor_area(page)
    area.focus()
    page.keyboard.type("Plain then ")
    for _ in range(40):  # back through the toolbar's buttons to "bold"
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.getAttribute('aria-label')") == "bold":
            break
    else:
        pytest.fail("the bold button is not reachable with Tab")
    page.keyboard.press("Enter")
    expect(area).to_be_focused()  # the command hands focus back to the text
    page.keyboard.type("strong words")
    assert body_value(page) == "<p>Plain then <strong>strong words</strong></p>"


def test_axe_finds_no_serious_problem_on_the_article_form(open_page, editor, live_server):
    page = open_page(bypass_csp=True)  # axe is added as a script
    log_in(page)
    make_article(title="A story to edit", body="<h2>Sub</h2><p>Text.</p>")
    article = Article.objects.get(title="A story to edit")
    for path in ("/admin/articles/article/add/", f"/admin/articles/article/{article.pk}/change/"):
        page.goto(path)
        expect(editor_area(page)).to_be_visible()
        page.add_script_tag(path=str(required(AXE_JS, "axe-core")))
        results = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
        serious = [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']]}"
            for v in results["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert serious == [], "\n".join([path, *serious])


def test_without_javascript_the_body_is_a_textarea_cleaned_the_same_way(
    browser, live_server, settings, editor
):
    context = new_context(browser, live_server, settings, java_script_enabled=False)
    page = watched_page(context)
    try:
        log_in(page)
        page.goto("/admin/articles/article/add/")
        page.get_by_label("Headline").fill("Typed without the editor")
        page.get_by_label("Slug").fill("typed-without-the-editor")
        page.get_by_label("Body").fill(
            "First paragraph.\n\nSecond, with <b>bold</b> and <span style='x'>a span</span>."
        )
        page.locator('input[name="_save"]').first.click()
        expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    finally:
        context.close()
    article = Article.objects.get(slug="typed-without-the-editor")
    assert article.body == (
        "<p>First paragraph.</p><p>Second, with <strong>bold</strong> and a span.</p>"
    )


def test_the_video_facade_asks_nothing_of_the_video_site_until_clicked(
    browser, live_server, settings
):
    poster = make_photo(caption="", credit="YouTube", alt_text="Poster")
    Video.objects.create(
        provider="youtube", video_id=YT, title="The harbour at night", poster=poster
    )
    article = make_article(
        title="A story with a video",
        body=f'<p>Watch:</p><figure data-video="https://youtu.be/{YT}"></figure>',
        published_at=timezone.now() - datetime.timedelta(hours=1),
    )
    context = new_context(browser, live_server, settings)
    page = watched_page(context)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(article.get_absolute_url())
        page.wait_for_load_state("networkidle")
        facade = page.get_by_role("link", name=re.compile("Play the video: The harbour at night"))
        expect(facade).to_be_visible()
        assert all(live_server.url in url or url.startswith("data:") for url in requests), requests
        assert context.visits.outside == []  # nothing left the site before the click

        facade.click()
        frame = page.locator("iframe.video-frame")
        expect(frame).to_have_attribute(
            "src", f"https://www.youtube-nocookie.com/embed/{YT}?autoplay=1"
        )
        expect(frame).to_have_attribute("title", "The harbour at night")
        page.wait_for_timeout(300)
        # Only now does the browser ask the video site (refused here: no network).
        assert any("youtube-nocookie.com" in url for url in context.visits.outside)
        assert page.script_errors == []
    finally:
        context.close()
