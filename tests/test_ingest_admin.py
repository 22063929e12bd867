"""The wire in the admin, through the test client: the inbox with its filters and one-click
actions, the feed list's health columns, a source's feeds, and the dashboard panel."""

from __future__ import annotations

import datetime
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleStatus
from reprints.models import Feed, IngestItem, ItemStatus

from .factories import make_section, make_source
from .wire_server import WireServer, article_page, make_feed

pytestmark = pytest.mark.django_db

INBOX = "/admin/reprints/ingestitem/"
FEEDS = "/admin/reprints/feed/"


@pytest.fixture
def wire():
    server = WireServer().start()
    yield server
    server.stop()


@pytest.fixture
def private_allowed(settings):
    settings.NEWSROOM_IMPORT_ALLOW_PRIVATE_URLS = True


def item(feed: Feed, title: str, *, n: int, **fields) -> IngestItem:
    fields.setdefault("link", f"https://partner.example/{feed.pk}/{n}")
    return IngestItem.objects.create(
        feed=feed, guid=f"g{feed.pk}-{n}", guid_key=f"{feed.pk}-{n}".ljust(64, "x"),
        link_key=f"l{feed.pk}-{n}".ljust(64, "x"), title=title, **fields,
    )  # fmt: skip


def titles(response) -> list[str]:
    return re.findall(
        r'<th class="field-title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


@pytest.fixture
def inbox_items():
    harbour = make_feed("https://harbour.example/feed", source=make_source(name="Harbour Post"))
    andes = make_feed("https://andes.example/feed", source=make_source(name="Andes Tribune"))
    week_ago = timezone.now() - datetime.timedelta(days=7)
    return {
        "ferry": item(harbour, "Ferry service resumes", n=1),
        "dock": item(harbour, "Dock workers vote", n=2, status=ItemStatus.IGNORED),
        "solar": item(andes, "Solar farm opens", n=3, created_at=week_ago),
        "rail": item(andes, "Rail link delayed", n=4, status=ItemStatus.FAILED, error="HTTP 500"),
    }


def test_the_inbox_lists_filters_and_searches(editor_client, inbox_items):
    response = editor_client.get(INBOX)
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(i.title for i in inbox_items.values())
    harbour = inbox_items["ferry"].feed.source
    by_source = editor_client.get(INBOX, {"feed__source__id__exact": harbour.pk})
    assert sorted(titles(by_source)) == ["Dock workers vote", "Ferry service resumes"]
    new = editor_client.get(INBOX, {"status__exact": "new"})
    assert sorted(titles(new)) == ["Ferry service resumes", "Solar farm opens"]
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    recent = editor_client.get(INBOX, {"created_at__gte": str(midnight)})
    assert "Solar farm opens" not in titles(recent)
    assert len(titles(recent)) == 3
    found = editor_client.get(INBOX, {"q": "solar"})
    assert titles(found) == ["Solar farm opens"]
    assert "HTTP 500" in editor_client.get(INBOX).content.decode()  # the error, in the list


def test_an_item_page_is_read_only(editor_client, inbox_items):
    response = editor_client.get(f"{INBOX}{inbox_items['ferry'].pk}/change/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "https://partner.example/" in page
    assert 'name="title"' not in page
    assert editor_client.get(f"{INBOX}add/").status_code == 403


@pytest.mark.usefixtures("private_allowed")
def test_import_as_drafts_in_bulk(editor_client, editor, wire):
    world = make_section(name="World", slug="world")
    feed = make_feed(wire.url("/feed"), section=world, tags="harbour")
    items = []
    for n, title in enumerate(["Ferry service resumes", "Dock workers vote"]):
        link = wire.add(f"/story/{n}", article_page(title), content_type="text/html")
        items.append(item(feed, title, n=n, link=link))
    response = editor_client.post(
        INBOX,
        {"action": "import_as_drafts", "_selected_action": [i.pk for i in items]},
        follow=True,
    )
    assert "2 items imported as drafts." in response.content.decode()
    for wire_item in IngestItem.objects.filter(pk__in=[i.pk for i in items]):
        assert wire_item.status == ItemStatus.IMPORTED
        assert wire_item.handled_by == editor
        article = wire_item.article
        assert (article.status, article.created_by, article.source) == (
            ArticleStatus.DRAFT,
            editor,
            feed.source,
        )
        assert article.section == world
        assert list(article.tags.names()) == ["harbour"]
    # again: nothing more
    response = editor_client.post(
        INBOX,
        {"action": "import_as_drafts", "_selected_action": [i.pk for i in items]},
        follow=True,
    )
    assert "already imported" in response.content.decode()
    assert Article.objects.count() == 2


@pytest.mark.usefixtures("private_allowed")
def test_an_import_that_fails_says_why_and_the_item_shows_it(editor_client, wire):
    feed = make_feed(wire.url("/feed"))
    broken = item(feed, "Gone story", n=1, link=wire.add("/gone", b"", status=404))
    response = editor_client.post(
        INBOX, {"action": "import_as_drafts", "_selected_action": [broken.pk]}, follow=True
    )
    page = response.content.decode()
    assert "Failed: Gone story: the server answered HTTP 404" in page
    assert "0 items imported as drafts." in page
    broken.refresh_from_db()
    assert broken.status == ItemStatus.FAILED


def test_ignore_in_bulk_leaves_imported_items_alone(editor_client, editor, inbox_items):
    imported = inbox_items["solar"]
    IngestItem.objects.filter(pk=imported.pk).update(status=ItemStatus.IMPORTED)
    chosen = [inbox_items["ferry"].pk, inbox_items["rail"].pk, imported.pk]
    response = editor_client.post(
        INBOX, {"action": "ignore", "_selected_action": chosen}, follow=True
    )
    assert "2 items ignored." in response.content.decode()
    statuses = dict(IngestItem.objects.filter(pk__in=chosen).values_list("pk", "status"))
    assert statuses == {
        inbox_items["ferry"].pk: ItemStatus.IGNORED,
        inbox_items["rail"].pk: ItemStatus.IGNORED,
        imported.pk: ItemStatus.IMPORTED,
    }
    assert IngestItem.objects.get(pk=inbox_items["ferry"].pk).handled_by == editor


def test_writers_import_and_ignore_but_do_not_manage_feeds(writer_client, inbox_items):
    response = writer_client.get(INBOX)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'value="import_as_drafts"' in page
    assert 'value="ignore"' in page
    assert writer_client.get(FEEDS).status_code == 200  # they see the feeds' health
    assert writer_client.get(f"{FEEDS}add/").status_code == 403


def test_without_the_right_to_add_articles_there_is_no_import_button(
    client, django_user_model, inbox_items
):
    user = django_user_model.objects.create_user("reader", password="x", is_staff=True)
    group = Group.objects.get(name="Writers")
    user.user_permissions.add(*group.permissions.filter(content_type__app_label="reprints"))
    client.force_login(user)
    page = client.get(INBOX).content.decode()
    assert 'value="ignore"' in page
    assert 'value="import_as_drafts"' not in page


def test_the_feed_list_shows_each_feeds_health(editor_client):
    now = timezone.now()
    ok = make_feed(
        "https://ok.example/feed",
        source=make_source(name="Fine Partner"),
        last_fetched_at=now - datetime.timedelta(minutes=3),
        last_success_at=now - datetime.timedelta(minutes=3),
        last_result="2 new of 30 items",
        next_poll_at=now + datetime.timedelta(minutes=12),
    )
    make_feed(
        "https://down.example/feed",
        source=make_source(name="Down Partner"),
        last_fetched_at=now,
        last_error="cannot fetch down.example: Connection refused",
        last_error_at=now,
        consecutive_failures=3,
    )
    paused = make_feed("https://paused.example/feed", active=False)
    item(ok, "Today 1", n=1)
    item(ok, "Today 2", n=2)
    item(ok, "Last week", n=3, created_at=now - datetime.timedelta(days=7))
    page = editor_client.get(FEEDS).content.decode()
    assert "2 new of 30 items" in page
    assert "cannot fetch down.example: Connection refused" in page
    today = re.search(
        rf'href="([^"]+feed__id__exact={ok.pk}&amp;created_at__gte=[^"]+)">2</a>', page
    )
    assert today
    assert titles(editor_client.get(today[1].replace("&amp;", "&"))) == ["Today 2", "Today 1"]
    assert f"{timezone.localtime(ok.next_poll_at):%Y-%m-%d %H:%M}" in page
    for label in ("ok", "failing", "paused"):
        assert f'<td class="field-health_label">{label}</td>' in page
    failing_only = editor_client.get(FEEDS, {"health": "failing"}).content.decode()
    assert "down.example" in failing_only
    assert "ok.example" not in failing_only
    assert paused.url not in failing_only


@pytest.mark.usefixtures("private_allowed")
def test_poll_now_and_pause(editor_client, wire):
    feed = make_feed(
        wire.add("/feed", '<rss version="2.0"><channel><title>P</title></channel></rss>'),
        next_poll_at=timezone.now() + datetime.timedelta(hours=1),
    )
    response = editor_client.post(
        FEEDS, {"action": "poll_now", "_selected_action": [feed.pk]}, follow=True
    )
    assert "0 new of 0 items" in response.content.decode()
    assert wire.hits["/feed"] == 1
    editor_client.post(FEEDS, {"action": "pause", "_selected_action": [feed.pk]})
    feed.refresh_from_db()
    assert not feed.active


def test_a_feed_is_added_from_its_source_page(editor_client):
    source = make_source(name="Pacific Wire")
    url = reverse("admin:articles_source_change", args=[source.pk])
    page = editor_client.get(url).content.decode()
    assert "feeds-TOTAL_FORMS" in page
    data = {
        "name": source.name,
        "slug": source.slug,
        "syndication_policy": source.syndication_policy,
        "feeds-TOTAL_FORMS": "1",
        "feeds-INITIAL_FORMS": "0",
        "feeds-0-url": "https://pacific-wire.example/feed.json",
        "feeds-0-active": "on",
        "feeds-0-poll_minutes": "5",
        "feeds-0-tags": "pacific, wire",
    }
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    feed = Feed.objects.get()
    assert (feed.source, feed.poll_minutes, feed.tag_list()) == (source, 5, ["pacific", "wire"])
    assert not feed.auto_import


def test_the_dashboard_shows_new_items_and_failing_feeds(editor_client, inbox_items):
    Feed.objects.filter(pk=inbox_items["solar"].feed_id).update(
        consecutive_failures=2, last_error="the server answered HTTP 503"
    )
    page = editor_client.get("/admin/").content.decode()
    panel = page[page.index('id="wire-dashboard"') :]
    assert re.search(r"New wire items</a></th>\s*<td>2</td>", panel)
    assert re.search(r"Failing feeds</a></th>\s*<td>1</td>", panel)
    assert "Andes Tribune: https://andes.example/feed: the server answered HTTP 503" in panel
    assert "?status__exact=new" in panel
    assert "?health=failing" in panel


def test_the_dashboard_panel_is_for_those_who_may_see_the_wire(client, django_user_model):
    user = django_user_model.objects.create_user("plain", password="x", is_staff=True)
    client.force_login(user)
    assert 'id="wire-dashboard"' not in client.get("/admin/").content.decode()


def test_a_feed_is_added_and_changed_in_its_own_form(editor_client):
    source = make_source(name="Nordic Ledger")
    assert editor_client.get(f"{FEEDS}add/").status_code == 200
    data = {
        "source": source.pk,
        "url": "https://nordic-ledger.example/rss",
        "active": "on",
        "auto_import": "on",
        "poll_minutes": "30",
        "tags": "",
    }
    assert editor_client.post(f"{FEEDS}add/", data).status_code == 302
    feed = Feed.objects.get()
    assert (feed.auto_import, feed.poll_minutes) == (True, 30)
    # the same address twice is a form error, not a crash
    again = editor_client.post(f"{FEEDS}add/", data)
    assert again.status_code == 200
    assert "already exists" in again.content.decode()
    # a failing feed given a new address is polled again at once, from scratch
    Feed.objects.filter(pk=feed.pk).update(
        consecutive_failures=4, etag='"x"', next_poll_at=timezone.now() + datetime.timedelta(1)
    )
    data["url"] = "https://nordic-ledger.example/feed.xml"
    assert editor_client.post(f"{FEEDS}{feed.pk}/change/", data).status_code == 302
    feed.refresh_from_db()
    assert (feed.consecutive_failures, feed.etag) == (0, "")
    assert feed.next_poll_at <= timezone.now()
    zero = dict(data, poll_minutes="0")
    assert (
        "Ensure this value is greater than or equal to 1"
        in editor_client.post(f"{FEEDS}{feed.pk}/change/", zero).content.decode()
    )
