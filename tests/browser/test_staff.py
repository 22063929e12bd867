"""An editor files a story with a photo in the real admin, publishes it, and finds it on
Newest: the whole path from login form to reader page, in a browser."""

import re

from playwright.sync_api import expect

from articles.models import Article

from ..factories import image_bytes, make_section

TITLE = "Solar farm opens in the Atacama Desert"


def test_editor_creates_and_publishes_an_article_with_a_photo(page, editor, tmp_path):
    make_section(name="Science", slug="science")
    photo = tmp_path / "atacama.jpg"
    photo.write_bytes(image_bytes("JPEG", size=(800, 533), colour="darkorange"))

    page.goto("/admin/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("correct horse battery")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Site administration")).to_be_visible()

    page.goto("/admin/articles/article/add/")
    page.get_by_label("Headline").press_sequentially(TITLE)  # typed: the slug follows
    expect(page.get_by_label("Slug")).to_have_value("solar-farm-opens-in-the-atacama-desert")
    page.get_by_label("Summary").fill("A 480 MW plant for 400,000 households.")
    page.get_by_label("Dateline").fill("SANTIAGO, Nov. 2, 2026")
    body = page.locator(".prose-editor [contenteditable=true]")  # the rich-text editor
    expect(body).to_be_visible(timeout=30_000)
    body.click()
    page.keyboard.type("The plant was finished despite sandstorms.")
    page.get_by_label("Status").select_option(label="Published")
    photos = page.locator("#article_photos-0")  # the first, empty photo form
    photos.get_by_label("Upload a new photo").set_input_files(str(photo))
    photos.get_by_label("Alt text").fill("Rows of solar panels under a clear sky")
    photos.get_by_label(re.compile(r"^Caption:?$")).fill("The new plant near Copiapó.")
    photos.get_by_label("Credit").fill("Science and Technology Daily")
    page.locator('input[name="_save"]').first.click()

    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    article = Article.objects.get(title=TITLE)
    assert article.is_published()
    assert article.created_by == editor

    page.goto("/")
    card = page.locator("article.card").filter(has_text=TITLE)
    expect(card.locator("img")).to_have_attribute("alt", "")  # the headline names it
    assert card.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    card.get_by_role("link", name=TITLE).click()

    expect(page).to_have_url(re.compile(re.escape(article.get_absolute_url()) + "$"))
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("figure img")).to_have_attribute(
        "alt", "Rows of solar panels under a clear sky"
    )
    expect(page.locator("figcaption")).to_have_text(
        "The new plant near Copiapó. (PHOTO: Science and Technology Daily)"
    )
    expect(page.locator(".dateline")).to_have_text("SANTIAGO, Nov. 2, 2026 —")
