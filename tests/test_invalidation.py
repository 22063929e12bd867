"""An edit makes stale exactly what shows it: never a stale page, and not every page.

A small newsroom is served with both caches on; every public page is requested (so it
is cached), one kind of edit is made, and every page is requested again: each must be
what a site with no cache at all shows now. Pages that cannot show the edited article
must still come from the page cache.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from types import SimpleNamespace

import pytest
import time_machine
from django.test import Client, override_settings
from django.utils import timezone

from articles.models import Article, ArticleAuthor, ArticlePhoto, Author, Correction, Pin
from pages.models import Link

from .factories import make_article, make_section, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_api_rate_limit(settings):
    """These tests ask for every page many times from one address; the API's anonymous
    rate limit has its own test (tests/api/test_public_read.py)."""
    settings.NEWSROOM_API_ANON_RATE = ""


@pytest.fixture
def news(db) -> SimpleNamespace:
    world, sport = (
        make_section(name="World", slug="world"),
        make_section(name="Sport", slug="sport"),
    )
    wire, coast = (
        make_source(name="Wire Daily", slug="wire"),
        make_source(name="Coast Post", slug="coast-post"),
    )
    now = timezone.now()
    ago = lambda hours: now - datetime.timedelta(hours=hours)  # noqa: E731
    story = make_article(
        title="Harbour reopens",
        body="<p>The harbour reopened on Monday.</p>",
        section=world,
        source=wire,
        tags=["Ports", "Trade"],
        photos=1,
        published_at=ago(3),
    )
    writer = Author.objects.create(name="Ana Lima", slug="ana-lima")
    return SimpleNamespace(
        story=story,
        writer=writer,
        world=world,
        sport=sport,
        wire=wire,
        coast=coast,
        by_tag=make_article(
            title="Shipping rates climb", section=sport, source=coast, tags=["Ports"],
            published_at=ago(5),
        ),
        by_section=credited(
            make_article(title="Elections called", section=world, published_at=ago(6)), writer
        ),
        by_source=make_article(title="Wire roundup", source=wire, published_at=ago(7)),
        # Shows nothing of the story, whatever is edited below (but its own section).
        unrelated=make_article(
            title="Chess final drawn", section=sport, source=coast, tags=["Chess"],
            published_at=ago(8),
        ),
        draft=make_article(
            title="Storm warning issued", status="draft", section=world, source=wire,
            tags=["Ports"],
        ),
    )  # fmt: skip


def credited(article: Article, author: Author) -> Article:
    ArticleAuthor.objects.create(article=article, author=author, position=0)
    return article


def public_pages(news: SimpleNamespace) -> list[str]:
    month = timezone.localtime(news.story.published_at)
    archive = f"/archive/{month:%Y}/{month:%m}/"
    return [
        "/",
        "/?page=1",
        *(a.get_absolute_url() for a in (news.story, news.by_tag, news.by_section)),
        news.by_source.get_absolute_url(),
        news.unrelated.get_absolute_url(),
        "/section/world/",
        "/section/sport/",
        "/tag/ports/",
        "/tag/trade/",
        "/tag/chess/",
        "/source/wire/",
        "/source/coast-post/",
        "/author/ana-lima/",
        "/author/ana-lima/feed/",
        archive,
        "/feed/",
        "/feed/atom/",
        "/section/world/feed/",
        "/tag/ports/feed/",
        "/source/wire/feed/",
        archive + "feed/",
        "/sitemap.xml",
        "/sitemap-articles.xml",
        "/sitemap-tags.xml",
        "/news-sitemap.xml",
        "/sitemap/",
        "/search/?q=harbour",
        "/search/?q=storm",
        # The JSON API (api/): lists, filtered lists, the story, the taxonomies.
        "/api/v1/articles/",
        "/api/v1/articles/?section=world",
        "/api/v1/articles/?tag=ports",
        "/api/v1/articles/?source=wire",
        "/api/v1/articles/?author=ana-lima",
        f"/api/v1/articles/{news.story.pk}/",
        f"/api/v1/articles/{news.by_tag.pk}/",
        "/api/v1/sections/",
        "/api/v1/tags/",
        "/api/v1/sources/",
        "/api/v1/authors/",
    ]


def what_readers_get(response) -> tuple:
    return response.status_code, response.get("Location", ""), response.content.decode()


def uncached(path: str) -> tuple:
    """The page as a site with no page or fragment cache builds it now."""
    with override_settings(NEWSROOM_PAGE_CACHE=False, NEWSROOM_FRAGMENT_CACHE=False):
        return what_readers_get(Client().get(path))


def warm(client: Client, paths: list[str]) -> None:
    for path in paths:
        client.get(path)
        again = client.get(path)
        assert again.status_code == 200, path
        assert again["X-Page-Cache"] == "hit", path


def retitle(n):
    n.story.title = "Harbour reopens at dawn"
    n.story.save()


def rewrite_body(n):
    n.story.body = "<p>The harbour reopened on Tuesday, a day late.</p>"
    n.story.save()


def publish_draft(n):
    n.draft.status = Article.Status.PUBLISHED
    n.draft.published_at = timezone.now() - datetime.timedelta(minutes=5)
    n.draft.save()


def withdraw(n):
    n.story.status = Article.Status.WITHDRAWN
    n.story.save()


def unpublish_to_draft(n):
    n.story.status = Article.Status.DRAFT
    n.story.save()


def reschedule(n):
    n.story.published_at = timezone.now() + datetime.timedelta(days=2)
    n.story.save()


def redate(n):
    n.story.published_at = timezone.now() - datetime.timedelta(days=40)
    n.story.save()


def move_section(n):
    n.story.section = n.sport
    n.story.save()


def move_source(n):
    n.story.source = n.coast
    n.story.save()


def add_tag(n):
    n.story.tags.add("Chess")


def add_new_tag(n):
    n.story.tags.add("Lighthouses")


def remove_tag(n):
    n.story.tags.remove("Ports")


def tag_from_the_tag_side(n):
    from taggit.models import Tag

    Tag.objects.get(slug="chess").articles_taggedarticle_items.create(content_object=n.by_section)


def change_slug(n):
    n.story.slug = "harbour-reopens-at-last"
    n.story.save()


def recaption(n):
    usage = ArticlePhoto.objects.get(article=n.story)
    usage.caption_override = "Cranes at work again"
    usage.save()


def recredit_photo(n):
    photo = ArticlePhoto.objects.get(article=n.story).photo
    photo.credit = "Ana Lima"
    photo.save()


def correct(n):
    Correction.objects.create(article=n.story, text="It reopened at 6am, not 7am.")


def delete(n):
    n.story.delete()


def rename_source(n):
    n.coast.name = "Coast Post & Courier"
    n.coast.save()


def credit_author(n):
    ArticleAuthor.objects.create(article=n.story, author=n.writer, position=0)


def uncredit_author(n):
    ArticleAuthor.objects.filter(author=n.writer).delete()


def pin_story(n):
    Pin.objects.create(article=n.by_tag, position=1)


def rename_author(n):
    n.writer.name = "Ana Lima Souza"
    n.writer.save()


def add_footer_link(n):
    Link.objects.create(title="Partner", url="https://partner.example.org/", in_footer=True)


EDITS: dict[str, Callable[[SimpleNamespace], None]] = {
    f.__name__: f
    for f in (
        retitle, rewrite_body, publish_draft, withdraw, unpublish_to_draft, reschedule,
        redate, move_section, move_source, add_tag, add_new_tag, remove_tag, tag_from_the_tag_side,
        change_slug, recaption, recredit_photo, correct, delete, rename_source,
        credit_author, uncredit_author, pin_story, rename_author, add_footer_link,
    )
}  # fmt: skip


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_no_public_page_is_stale_after_an_edit(news, client, edit):
    paths = public_pages(news)
    warm(client, paths)
    old_address = news.story.get_absolute_url()
    EDITS[edit](news)
    for path in [*paths, old_address]:
        assert what_readers_get(client.get(path)) == uncached(path), f"{path} after {edit}"


@pytest.mark.parametrize("edit", ["retitle", "rewrite_body", "correct", "recaption"])
def test_an_edit_of_one_story_keeps_pages_that_do_not_show_it(news, client, edit):
    """What cannot show the story is still served from the page cache; what shows it
    (its page, the listings it is on, the story that lists it as related) is rebuilt."""
    keeps = [
        news.unrelated.get_absolute_url(),
        news.by_source.get_absolute_url(),  # "more from the source" shows the story...
        "/section/sport/",
        "/tag/chess/",
        "/source/coast-post/",
    ]
    rebuilds = [news.story.get_absolute_url(), "/", "/section/world/", "/tag/ports/",
                news.by_tag.get_absolute_url(), "/sitemap-articles.xml"]  # fmt: skip
    # ...unless, as here, the story is on it: then it is rebuilt too.
    shows_story = "Harbour reopens" in client.get(keeps[1]).content.decode()
    if shows_story:
        rebuilds.append(keeps.pop(1))
    warm(client, keeps + rebuilds)
    EDITS[edit](news)
    for path in keeps:
        assert client.get(path)["X-Page-Cache"] == "hit", path
    for path in rebuilds:
        assert client.get(path)["X-Page-Cache"] == "miss", path


def test_a_site_chrome_edit_rebuilds_every_page(news, client):
    paths = public_pages(news)[:8]
    warm(client, paths)
    news.sport.name = "Sports"
    news.sport.save()
    for path in paths:
        response = client.get(path)
        assert response["X-Page-Cache"] == "miss", path
        assert ">Sports</a>" in response.content.decode()


def test_a_scheduled_story_goes_live_everywhere_on_time(news, client):
    due = timezone.now() + datetime.timedelta(minutes=30)
    news.draft.status = Article.Status.PUBLISHED
    news.draft.published_at = due
    news.draft.save()
    paths = public_pages(news)
    warm(client, paths)
    assert "Storm warning issued" not in client.get("/").content.decode()
    with time_machine.travel(due + datetime.timedelta(seconds=1), tick=False):
        for path in paths:
            assert what_readers_get(client.get(path)) == uncached(path), path
        assert "Storm warning issued" in client.get("/").content.decode()
        assert client.get(news.draft.get_absolute_url()).status_code == 200
