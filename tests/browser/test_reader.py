"""A reader in a real browser: reading, paging, searching, keyboard use, phones."""

import re

import pytest
from playwright.sync_api import Page, expect

from .conftest import ARTIFACTS, horizontal_overflow, screenshot
from .helpers import wait_until

pytestmark = pytest.mark.usefixtures("reader_site")


def images_loaded(page: Page) -> list[str]:
    """The addresses of images that did not load (lazy ones are asked for first)."""
    page.evaluate(
        "document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')"
    )
    wait_until(page, "[...document.images].every(i => i.complete)")
    return page.evaluate(
        "[...document.images].filter(i => !i.complete || !i.naturalWidth).map(i => i.src)"
    )


def test_newest_to_an_article_and_back(page, reader_site):
    page.goto("/")
    expect(page.locator("h1")).to_have_text("Newest")
    page.get_by_role("link", name=reader_site.reprint.title).click()

    expect(page).to_have_url(re.compile(re.escape(reader_site.reprint.get_absolute_url()) + "$"))
    expect(page.locator("h1")).to_have_text(reader_site.reprint.title)
    lead = page.locator("figure.figure-lead")
    expect(lead.locator("img")).to_have_attribute("alt", "Xiao Junyong speaking at a lectern")
    expect(lead.locator("figcaption")).to_contain_text("Courtesy photo of Xiao Junyong.")
    expect(page.locator(".credit")).to_contain_text("Science and Technology Daily via HaiPress")
    expect(page.get_by_role("heading", name="Related articles")).to_be_visible()
    expect(
        page.get_by_role("heading", name="More from Science and Technology Daily")
    ).to_be_visible()
    assert images_loaded(page) == []

    page.go_back()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.locator("h1")).to_have_text("Newest")


def test_a_card_picture_leads_to_its_article_too(page):
    page.goto("/")
    card = page.locator("article.card").filter(has=page.locator("picture")).first
    title = card.locator(".card-title a").inner_text()
    box = card.locator("picture").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    expect(page.locator("h1")).to_have_text(title)


def test_paging_through_newest(page):
    page.goto("/")
    expect(page.locator(".lead-stories article.card")).to_have_count(1)  # the pinned story
    expect(page.locator("article.card")).to_have_count(21)
    first_page_titles = page.locator(".card-title").all_inner_texts()

    page.get_by_role("navigation", name="Pages").get_by_role("link", name="Next page").click()
    expect(page).to_have_url(re.compile(r"\?page=2$"))
    expect(page.locator("article.card")).to_have_count(5)  # 26 public articles, one pinned
    expect(page.locator('.pagination [aria-current="page"]')).to_have_text("Page 2")
    assert not set(page.locator(".card-title").all_inner_texts()) & set(first_page_titles)

    page.get_by_role("link", name="Previous page").click()
    expect(page).to_have_url(re.compile(r"\?page=1$"))
    assert page.locator(".card-title").all_inner_texts() == first_page_titles


def test_search_from_the_header(page, reader_site):
    page.goto("/")
    search = page.get_by_role("search").first
    search.get_by_label("Search articles").fill("solar")
    search.get_by_role("button", name="Search").click()

    expect(page).to_have_url(re.compile(r"/search/\?q=solar$"))
    expect(page.get_by_role("status")).to_contain_text("for “solar”")
    results = page.locator(".search-result")
    expect(results.first).to_be_visible()
    titles = results.locator("h2").all_inner_texts()
    assert reader_site.reprint.title in titles
    assert reader_site.own_story.title in titles
    expect(results.locator("mark").first).to_be_visible()  # the matches are highlighted

    page.get_by_role("link", name=reader_site.own_story.title).click()
    expect(page.locator("h1")).to_have_text(reader_site.own_story.title)


def test_back_to_top_moves_focus_and_view_to_the_top(page, reader_site):
    page.goto(reader_site.reprint.get_absolute_url())
    back = page.get_by_role("link", name="Back to top")
    back.focus()  # as a keyboard user reaches it, at the very bottom
    assert page.evaluate("window.scrollY") > 500
    page.keyboard.press("Enter")

    expect(page.locator("#top")).to_be_focused()
    wait_until(page, "window.scrollY === 0")
    page.keyboard.press("Tab")  # reading on from the top: the site's name comes next
    expect(page.get_by_role("banner").get_by_role("link", name="Newsroom")).to_be_focused()


def test_the_skip_link_is_first_and_moves_focus_to_the_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()  # visible once focused
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.locator("main a").first).to_be_focused()


FOCUSABLE = """
() => [...document.querySelectorAll(
  'a[href], button, input:not([type=hidden]), select, textarea, [tabindex]'
)].filter(el => !el.disabled && el.tabIndex >= 0)
"""


def test_the_keyboard_reaches_every_link_of_the_home_page_in_order(page):
    page.goto("/")
    links = page.evaluate("document.querySelectorAll('a[href]').length")
    expected = page.evaluate(
        f"""() => ({FOCUSABLE})().map((el, i) => {{
            el.dataset.tabOrder = i;
            return el.tagName === 'A' ? el.getAttribute('href') : el.tagName;
        }})"""
    )
    assert expected.count("INPUT") == 1  # the search box
    assert expected.count("BUTTON") == 1
    assert len([stop for stop in expected if stop.startswith(("/", "?", "#", "http"))]) == links

    reached, outlines = [], []
    for _stop in expected:
        page.keyboard.press("Tab")
        reached.append(page.evaluate("Number(document.activeElement.dataset.tabOrder)"))
        outlines.append(page.evaluate("getComputedStyle(document.activeElement).outlineStyle"))

    assert reached == list(range(len(expected)))  # every stop, in document order
    assert "none" not in outlines  # and each one visibly focused


def test_share_links_and_copy_link(open_page, reader_site):
    page = open_page(permissions=["clipboard-read", "clipboard-write"])
    page.goto(reader_site.reprint.get_absolute_url())
    share = page.get_by_role("region", name="Share this article")
    address = f"https://news.example.org{reader_site.reprint.get_absolute_url()}"
    expect(share.get_by_label("Link to this article")).to_have_value(address)
    expect(share.get_by_role("link", name="Share by e-mail")).to_have_attribute(
        "href", re.compile(r"^mailto:\?subject=China-Latin%20America")
    )
    expect(share.get_by_role("link", name="Share on Facebook")).to_have_attribute(
        "href", re.compile(r"^https://www\.facebook\.com/sharer/sharer\.php\?u=https%3A%2F%2F")
    )

    share.get_by_role("button", name="Copy link").click()
    expect(share.get_by_role("status")).to_have_text("Link copied.")
    assert page.evaluate("navigator.clipboard.readText()") == address
    assert page.context.cookies() == []  # no cookies on reader pages, ours or anyone's


@pytest.mark.parametrize("width", [375, 320])
def test_phone_widths_have_no_sideways_scrolling(open_page, reader_site, width):
    page = open_page(
        viewport={"width": width, "height": 800},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    for name, path in reader_site.paths.items():
        page.goto(path)
        assert horizontal_overflow(page) == 0, name
        if width == 375 and name in {"newest", "article"}:
            assert images_loaded(page) == [], name
            assert screenshot(page, f"{name}-{width}px").stat().st_size > 10_000
    # Every page visited: the one cookie is the contact form's CSRF token, our own.
    assert [cookie["name"] for cookie in page.context.cookies()] == ["csrftoken"]


def test_printing_an_article_keeps_the_story_and_drops_the_furniture(page, reader_site):
    page.goto(reader_site.reprint.get_absolute_url())
    page.emulate_media(media="print")
    for furniture in [".site-search", ".site-nav", ".site-footer", ".share", ".more-stories"]:
        expect(page.locator(furniture)).to_be_hidden()
    expect(page.locator("h1")).to_be_visible()
    expect(page.locator(".credit")).to_be_visible()
    expect(page.locator(".figure-lead figcaption")).to_be_visible()
    expect(page.locator(".disclaimer")).to_be_visible()
    # On paper a link is its address: printed after the link text.
    printed = page.locator(".story-body a").first.evaluate(
        "a => getComputedStyle(a, '::after').content"
    )
    assert "https://www.stdaily.com/" in printed
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    assert len(page.pdf(path=str(ARTIFACTS / "article-print.pdf"), format="A4")) > 10_000


def test_dark_mode_follows_the_reader_s_system_setting(open_page, reader_site):
    colours = {}
    for scheme in ("light", "dark"):
        page = open_page(color_scheme=scheme)
        page.goto(reader_site.reprint.get_absolute_url())
        colours[scheme] = page.evaluate(
            "(style => [style.backgroundColor, style.color])(getComputedStyle(document.body))"
        )
    assert colours["light"] == ["rgb(255, 255, 255)", "rgb(26, 26, 26)"]
    assert colours["dark"] == ["rgb(18, 18, 18)", "rgb(232, 232, 232)"]
