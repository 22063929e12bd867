"""Autosave in a browser: typing in the editor keeps a copy (not the article); reopening
the article offers it back."""

from playwright.sync_api import expect

from articles.models import Article, ArticleAutosave

from ..factories import make_article
from .test_editor import editor_area, log_in


def test_typing_keeps_a_copy_that_reopening_offers_back(page, editor, settings):
    settings.NEWSROOM_AUTOSAVE_SECONDS = 1
    article = make_article(title="Ferry timetable", body="<p>Ferries run hourly.</p>")
    log_in(page)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    area = editor_area(page)
    area.click()
    page.keyboard.press("End")
    page.keyboard.type(" Except on Sundays.")
    expect(page.locator(".autosave-status")).to_contain_text("Copy kept at", timeout=5000)
    wanted = "<p>Ferries run hourly. Except on Sundays.</p>"
    for _ in range(50):  # copies follow the typing, one a second here
        copy = ArticleAutosave.objects.get(article=article, user=editor)
        if copy.data["body"] == wanted:
            break
        page.wait_for_timeout(200)
    assert copy.data["body"] == wanted
    article.refresh_from_db()
    assert article.body == "<p>Ferries run hourly.</p>"  # the article is untouched

    page.goto("/admin/")  # the tab is left without saving
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.get_by_role("link", name="Restore them").click()
    expect(editor_area(page)).to_contain_text("Except on Sundays.")
    page.locator('input[name="_save"]').first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    article = Article.objects.get(pk=article.pk)
    assert article.body == "<p>Ferries run hourly. Except on Sundays.</p>"
    assert not ArticleAutosave.objects.exists()
