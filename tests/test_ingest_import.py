"""From the inbox to a draft (``reprints.inbox``): through the reprint importer, never twice.

Linked pages are served by the test on 127.0.0.1 (private addresses allowed here only).
"""

from __future__ import annotations

import datetime
import io

import pytest
import reversion
from django.core.management import CommandError, call_command
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, ArticleStatus
from reprints import fetch as fetch_module
from reprints import inbox
from reprints.models import Feed, ImportRecord, IngestItem, ItemStatus

from .factories import make_section, make_source
from .wire_server import WireServer, article_page, make_feed, rss

pytestmark = pytest.mark.django_db


@pytest.fixture
def wire():
    server = WireServer().start()
    yield server
    server.stop()


@pytest.fixture
def private_allowed(settings):
    settings.NEWSROOM_IMPORT_ALLOW_PRIVATE_URLS = True


def ingest(*, fails: bool = False) -> str:
    out = io.StringIO()
    if fails:
        with pytest.raises(CommandError, match="failed"):
            call_command("ingest", stdout=out, stderr=out)
    else:
        call_command("ingest", stdout=out, stderr=out)
    return out.getvalue()


def serve_stories(wire: WireServer, prefix: str, titles: list[str], **page) -> str:
    """A feed at /<prefix>/feed linking to one page per title; returns the feed's address."""
    items = []
    for n, title in enumerate(titles):
        wire.add(f"/{prefix}/{n}", article_page(title, **page), content_type="text/html")
        items.append({"title": title, "link": wire.url(f"/{prefix}/{n}"), "guid": f"{prefix}{n}"})
    return wire.add(f"/{prefix}/feed", rss(items))


@pytest.mark.usefixtures("private_allowed")
def test_a_trusted_feed_arrives_as_drafts_and_the_others_wait_in_the_inbox(wire):
    partner = make_source(name="Harbour Post")
    world = make_section(name="World", slug="world")
    trusted = make_feed(
        serve_stories(
            wire, "t", ["Ferry service resumes", "Dock workers vote"], source="Some Aggregator"
        ),
        source=partner,
        auto_import=True,
        section=world,
        tags="ports, wire",
    )
    inbox_only = make_feed(serve_stories(wire, "i", ["Bridge opens"]))
    output = ingest()
    assert "2 imported as drafts" in output
    imported = IngestItem.objects.filter(feed=trusted).select_related("article")
    assert {item.status for item in imported} == {ItemStatus.IMPORTED}
    for item in imported:
        article = item.article
        assert article.status == ArticleStatus.DRAFT  # never published
        assert article.source == partner  # the feed's partner, whatever the page says
        assert article.section == world
        assert sorted(article.tags.names()) == ["ports", "wire"]
        assert article.original_url == item.link
        assert article.created_by is None  # a system import, as the command without --user
        record = ImportRecord.objects.get(article=article)
        assert (record.user, record.origin, record.source) == (None, item.link, partner)
        revision = Version.objects.get_for_object(article).get().revision
        assert revision.user is None
        assert item.handled_by is None
        assert item.handled_at is not None
    waiting = IngestItem.objects.get(feed=inbox_only)
    assert (waiting.status, waiting.article) == (ItemStatus.NEW, None)
    assert wire.hits["/i/0"] == 0  # nobody asked for it yet
    assert Article.objects.count() == 2


@pytest.mark.usefixtures("private_allowed")
def test_an_item_with_its_full_text_is_imported_from_the_feed_without_fetching_the_page(wire):
    link = wire.add("/story", b"must not be fetched", status=500)
    content = "".join(
        f"<p>Paragraph {n}: the port authority said cargo volumes rose again in August,"
        f" the {n}th month in a row of growth for the terminal.</p>"
        for n in range(1, 5)
    )
    feed = make_feed(
        wire.add(
            "/feed",
            rss(
                [
                    {
                        "title": "Cargo volumes rise again",
                        "link": link,
                        "description": "Volumes rose in August.",
                        "content": content,
                        "date": "Thu, 12 Sep 2024 08:00:00 GMT",
                    }
                ]
            ),
        ),
        auto_import=True,
    )
    ingest()
    item = IngestItem.objects.get(feed=feed)
    assert item.status == ItemStatus.IMPORTED, item.error
    article = item.article
    assert article.title == "Cargo volumes rise again"
    assert article.body.count("<p>") == 4
    assert "the 3th month" in article.body
    assert article.original_url == link
    assert article.original_published_at == datetime.datetime(
        2024, 9, 12, 8, 0, tzinfo=datetime.UTC
    )
    assert article.source == feed.source
    assert wire.hits["/story"] == 0


@pytest.mark.usefixtures("private_allowed")
def test_an_item_with_neither_link_nor_full_text_is_imported_from_its_summary(wire):
    feed = make_feed(wire.add_file("/ninjs", "ninjs2-no.json"), auto_import=True)
    ingest()
    item = IngestItem.objects.get(feed=feed)
    assert item.status == ItemStatus.IMPORTED, item.error
    assert item.article.title == "Google har kjøpt giganttomt i Skien"
    assert "2.000 mål i Skien" in item.article.body


@pytest.mark.usefixtures("private_allowed")
def test_a_page_without_a_date_takes_the_feeds(wire):
    undated = article_page("Ferry timetable changes").replace(
        '"datePublished": "2024-09-12T08:00:00Z", ', ""
    )
    wire.add("/s", undated, content_type="text/html")
    feed = make_feed(
        wire.add(
            "/feed",
            rss(
                [
                    {
                        "title": "Ferry",
                        "link": wire.url("/s"),
                        "date": "Fri, 13 Sep 2024 06:00:00 GMT",
                    }
                ]
            ),
        ),
        auto_import=True,
    )
    ingest()
    article = IngestItem.objects.get(feed=feed).article
    assert article.original_published_at == datetime.datetime(
        2024, 9, 13, 6, 0, tzinfo=datetime.UTC
    )


@pytest.mark.usefixtures("private_allowed")
def test_an_item_whose_page_fails_is_marked_and_the_others_go_on(wire):
    wire.add("/ok", article_page("Good story"), content_type="text/html")
    wire.add("/gone", b"server error", status=500)
    wire.add("/image", b"\x89PNG\r\n\x1a\n....", content_type="image/png")
    feed = make_feed(
        wire.add(
            "/feed",
            rss(
                [
                    {"title": "Broken", "link": wire.url("/gone")},
                    {"title": "Not a page", "link": wire.url("/image")},
                    {"title": "Good story", "link": wire.url("/ok")},
                ]
            ),
        ),
        auto_import=True,
    )
    output = ingest(fails=True)
    assert "0 feeds and 2 items failed" in output
    statuses = dict(IngestItem.objects.values_list("title", "status"))
    assert statuses == {
        "Broken": ItemStatus.FAILED,
        "Not a page": ItemStatus.FAILED,
        "Good story": ItemStatus.IMPORTED,
    }
    broken = IngestItem.objects.get(title="Broken")
    assert broken.error == "the server answered HTTP 500 Internal Server Error"
    assert broken.article is None
    assert IngestItem.objects.get(title="Not a page").error == "not a web page (image/png)"
    feed.refresh_from_db()
    assert feed.last_error.startswith("item “")  # shown on the feed list
    assert feed.consecutive_failures == 0  # the feed answered: it is not backed off
    assert Article.objects.count() == 1


def test_a_linked_page_that_redirects_to_a_private_address_fails(wire, monkeypatch):
    monkeypatch.setattr(fetch_module, "is_public", lambda address: address == "127.0.0.1")
    wire.add("/story", status=301, location="http://192.168.1.10/intranet")
    make_feed(
        wire.add("/feed", rss([{"title": "Trap", "link": wire.url("/story")}])),
        auto_import=True,
    )
    ingest(fails=True)
    item = IngestItem.objects.get()
    assert item.status == ItemStatus.FAILED
    assert (
        item.error == "192.168.1.10 resolves to a private or local address (192.168.1.10); refused"
    )


# --- never twice -----------------------------------------------------------------------------


@pytest.mark.usefixtures("private_allowed")
def test_an_imported_item_is_never_imported_again(wire, editor):
    feed = make_feed(serve_stories(wire, "s", ["Only once"]))
    ingest()
    item = IngestItem.objects.get()
    first = inbox.import_items(IngestItem.objects.filter(pk=item.pk), user=editor)
    second = inbox.import_items(IngestItem.objects.filter(pk=item.pk), user=editor)
    assert [r.status for r in first] == [ItemStatus.IMPORTED]
    assert [(r.status, r.message) for r in second] == [("skipped", "already imported")]
    assert Article.objects.count() == 1
    assert wire.hits["/s/0"] == 1
    feed.refresh_from_db()
    item.refresh_from_db()
    assert (item.handled_by, item.article.created_by) == (editor, editor)


@pytest.mark.usefixtures("private_allowed")
def test_a_story_imported_by_hand_before_is_not_imported_again_from_the_wire(wire, editor):
    link = wire.add("/story", article_page("Harbour dredging begins"), content_type="text/html")
    call_command("import_articles", link, stdout=io.StringIO())
    make_feed(wire.add("/feed", rss([{"title": "Harbour dredging begins", "link": link}])))
    ingest()
    results = inbox.import_items(IngestItem.objects.all(), user=editor)
    assert results[0].status == ItemStatus.IMPORTED
    assert Article.objects.count() == 1  # the importer found it by its original URL
    assert IngestItem.objects.get().article == Article.objects.get()


@pytest.mark.usefixtures("private_allowed")
def test_a_claimed_item_is_left_alone_until_the_claim_expires(wire):
    make_feed(serve_stories(wire, "c", ["Claimed story"]), auto_import=True)
    Feed.objects.update(auto_import=False)
    ingest()
    item = IngestItem.objects.get()
    token = inbox.claim(item.pk, statuses=[ItemStatus.NEW])
    assert token
    assert inbox.claim(item.pk, statuses=[ItemStatus.NEW]) is None
    Feed.objects.update(auto_import=True)
    ingest()  # another process holds it
    item.refresh_from_db()
    assert (item.status, item.claim) == (ItemStatus.NEW, token)
    # that process died: its claim runs out and the next run imports the item
    IngestItem.objects.update(claimed_until=timezone.now() - datetime.timedelta(seconds=1))
    ingest()
    item.refresh_from_db()
    assert (item.status, item.claim, item.claimed_until) == (ItemStatus.IMPORTED, "", None)


@pytest.mark.usefixtures("private_allowed")
def test_an_item_ignored_while_it_is_being_imported_is_not_imported(wire, editor):
    make_feed(serve_stories(wire, "g", ["Ignored meanwhile"]))
    ingest()
    item = IngestItem.objects.select_related("feed__source").get()
    token = inbox.claim(item.pk, statuses=inbox.IMPORTABLE)
    assert inbox.ignore_items(IngestItem.objects.all(), user=editor) == 1
    result = inbox.import_claimed(item, token=token, user=editor)
    assert (result.status, result.message) == ("skipped", "imported or ignored meanwhile")
    assert Article.objects.count() == 0
    item.refresh_from_db()
    assert (item.status, item.handled_by) == (ItemStatus.IGNORED, editor)


@pytest.mark.usefixtures("private_allowed")
def test_an_ignored_or_failed_item_can_still_be_imported_by_an_editor(wire, editor):
    make_feed(serve_stories(wire, "r", ["Second thoughts"]))
    ingest()
    inbox.ignore_items(IngestItem.objects.all(), user=editor)
    results = inbox.import_items(IngestItem.objects.all(), user=editor)
    assert [r.status for r in results] == [ItemStatus.IMPORTED]


@pytest.mark.usefixtures("private_allowed")
def test_an_import_that_fails_in_the_database_loses_nothing(wire, editor, monkeypatch):
    """The article, its import record and the item's status are one transaction."""
    make_feed(serve_stories(wire, "x", ["Half saved"]))
    ingest()

    def broken_record(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ImportRecord.objects, "create", broken_record)
    results = inbox.import_items(IngestItem.objects.all(), user=editor)
    assert results[0].status == ItemStatus.FAILED
    assert "disk full" in results[0].message
    assert Article.objects.count() == 0
    assert not reversion.models.Revision.objects.exists()
    item = IngestItem.objects.get()
    assert (item.status, item.claim) == (ItemStatus.FAILED, "")


# --- batches ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("private_allowed")
def test_a_batch_is_claimed_a_few_items_at_a_time_and_reads_the_sources_once(wire, editor):
    """The admin's "Import as drafts" on 12 items: two claiming transactions (not 12), the
    outlets' names read once, and the statements per item well under the 24-26 they were."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    titles = [f"Harbour story number {n}" for n in range(12)]
    make_feed(serve_stories(wire, "b", titles))
    ingest()
    with CaptureQueriesContext(connection) as queries:
        results = inbox.import_items(IngestItem.objects.order_by("pk"), user=editor)
    assert [r.status for r in results] == [ItemStatus.IMPORTED] * 12
    assert Article.objects.count() == 12
    statements = [q["sql"] for q in queries.captured_queries]
    claims = [s for s in statements if s.startswith('UPDATE "reprints_ingestitem" SET "claim"')]
    assert len(claims) == 2  # CLAIM_BATCH = 10
    assert sum('FROM "articles_source"' in s for s in statements) == 1
    assert len(statements) / 12 <= 20, len(statements)


@pytest.mark.usefixtures("private_allowed")
def test_a_stop_midway_gives_back_the_claims_it_will_not_use(wire):
    make_feed(serve_stories(wire, "h", ["First", "Second", "Third"]), auto_import=True)
    Feed.objects.update(auto_import=False)
    ingest()
    Feed.objects.update(auto_import=True)
    one_done = IngestItem.objects.filter(status=ItemStatus.IMPORTED).exists
    results = inbox.import_waiting(stop=one_done)  # SIGTERM after the first import
    assert [r.status for r in results] == [ItemStatus.IMPORTED]
    waiting = IngestItem.objects.filter(status=ItemStatus.NEW)
    assert waiting.count() == 2
    assert set(waiting.values_list("claim", "claimed_until")) == {("", None)}  # free at once
    assert [r.status for r in inbox.import_waiting()] == [ItemStatus.IMPORTED] * 2


@pytest.mark.usefixtures("private_allowed")
def test_pages_are_read_by_a_helper_thread_while_this_one_saves(wire, editor, monkeypatch):
    """Reading (fetch, extraction, repairs) overlaps the saving, and touches no database:
    the helper thread never opens a connection of its own."""
    import threading

    from django.db import connections

    from reprints import importer

    readers, connected = [], []
    prepare = importer.prepare

    def watched(*args, **kwargs):
        readers.append(threading.current_thread().name)
        try:
            return prepare(*args, **kwargs)
        finally:
            connected.append(connections["default"].connection is not None)

    monkeypatch.setattr(importer, "prepare", watched)
    titles = [f"Ferry timetable change {n}" for n in range(4)]
    make_feed(serve_stories(wire, "p", titles))
    ingest()
    results = inbox.import_items(IngestItem.objects.order_by("pk"), user=editor)
    assert [r.item.title for r in results] == titles  # saved in the order chosen
    assert [r.status for r in results] == [ItemStatus.IMPORTED] * 4
    assert len(readers) == 4
    assert all(name.startswith("wire-reader") for name in readers)
    assert connected == [False] * 4  # no database connection in the reading thread
