"""Polling partners' feeds into the inbox (``manage.py ingest``, ``reprints.ingest``).

Feeds are served by the test on 127.0.0.1, which the importer's rules refuse unless
``IMPORT_ALLOW_PRIVATE_URLS`` is on: these tests turn it on, and only these.
"""

from __future__ import annotations

import datetime
import io
import socket

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reprints import fetch as fetch_module
from reprints import ingest
from reprints.feeds import FeedFormat
from reprints.models import Feed, FeedHealth, IngestItem, ItemStatus

from .wire_server import WireServer, make_due, make_feed, rss

pytestmark = pytest.mark.django_db


@pytest.fixture
def wire():
    server = WireServer().start()
    yield server
    server.stop()


@pytest.fixture
def private_allowed(settings):
    settings.NEWSROOM_IMPORT_ALLOW_PRIVATE_URLS = True


def run_ingest(*args) -> str:
    out = io.StringIO()
    call_command("ingest", *args, stdout=out, stderr=out)
    return out.getvalue()


def run_failing_ingest(*args) -> str:
    out = io.StringIO()
    with pytest.raises(CommandError, match="failed"):
        call_command("ingest", *args, stdout=out, stderr=out)
    return out.getvalue()


def refreshed(feed: Feed) -> Feed:
    feed.refresh_from_db()
    return feed


# --- every kind, polled ----------------------------------------------------------------------

KINDS = [
    ("rss2-en.xml", FeedFormat.RSS, 3),
    ("rss2-es-latin1.xml", FeedFormat.RSS, 2),
    ("rss2-zh-gb18030.xml", FeedFormat.RSS, 2),
    ("rss1-fr.rdf", FeedFormat.RDF, 2),
    ("atom-pt.xml", FeedFormat.ATOM, 2),
    ("jsonfeed-en.json", FeedFormat.JSON_FEED, 2),
    ("jsonfeed-zh.json", FeedFormat.JSON_FEED, 1),
    ("ninjs2-de.json", FeedFormat.NINJS, 1),
    ("ninjs2-no.json", FeedFormat.NINJS, 1),
    ("ninjs-items-es.json", FeedFormat.NINJS, 1),
]


@pytest.mark.usefixtures("private_allowed")
@pytest.mark.parametrize(("name", "kind", "count"), KINDS, ids=[k[0] for k in KINDS])
def test_each_kind_of_feed_lands_in_the_inbox(wire, name, kind, count):
    feed = make_feed(wire.add_file("/feed", name))
    output = run_ingest()
    assert f"{count} new of {count} item" in output
    feed = refreshed(feed)
    assert (feed.format, feed.health, feed.consecutive_failures) == (kind, FeedHealth.OK, 0)
    assert feed.last_success_at == feed.last_fetched_at
    assert feed.next_poll_at > timezone.now() + datetime.timedelta(minutes=14)
    items = IngestItem.objects.filter(feed=feed)
    assert items.count() == count
    assert set(items.values_list("status", flat=True)) == {ItemStatus.NEW}
    assert all(item.title and item.guid_key for item in items)


@pytest.mark.usefixtures("private_allowed")
def test_a_feed_is_polled_only_when_due(wire):
    feed = make_feed(wire.add("/feed", rss([{"title": "A", "link": "https://p.example/a"}])))
    run_ingest()
    run_ingest()  # not due: nothing fetched
    assert wire.hits["/feed"] == 1
    make_due(feed)
    run_ingest()
    assert wire.hits["/feed"] == 2
    Feed.objects.filter(pk=feed.pk).update(active=False, next_poll_at=timezone.now())
    run_ingest()  # paused
    assert wire.hits["/feed"] == 2


@pytest.mark.usefixtures("private_allowed")
def test_feed_option_polls_a_feed_now_due_or_not(wire):
    feed = make_feed(wire.add("/feed", rss([{"title": "A", "link": "https://p.example/a"}])))
    run_ingest()
    run_ingest("--feed", str(feed.pk))
    assert wire.hits["/feed"] == 2
    with pytest.raises(CommandError, match="No feed with id 999"):
        call_command("ingest", "--feed", "999", stdout=io.StringIO())


# --- conditional GET -------------------------------------------------------------------------


@pytest.mark.usefixtures("private_allowed")
@pytest.mark.parametrize(
    "validators",
    [{"etag": '"v1"'}, {"last_modified": "Thu, 12 Sep 2024 08:00:00 GMT"}],
    ids=["etag", "last-modified"],
)
def test_an_unchanged_feed_answers_304_and_costs_one_update(wire, validators):
    body = rss([{"title": f"Story {n}", "link": f"https://p.example/{n}"} for n in range(20)])
    feed = make_feed(wire.add("/feed", body, **validators))
    run_ingest()
    assert IngestItem.objects.count() == 20
    make_due(feed)
    with CaptureQueriesContext(connection) as queries:
        results = ingest.poll_due()
    assert [r.status for r in results] == [ingest.UNCHANGED]
    assert wire.conditional_hits["/feed"] == 1
    statements = [
        q["sql"].split()[0].upper()
        for q in queries
        if not q["sql"].upper().startswith(("SAVEPOINT", "RELEASE"))  # the test's transaction
    ]
    # claim it (SELECT, UPDATE), record the 304 (UPDATE), find no other due feed (SELECT):
    # nothing read or written per item
    assert sorted(statements) == ["SELECT", "SELECT", "UPDATE", "UPDATE"]
    feed = refreshed(feed)
    assert feed.last_result == "not modified (HTTP 304)"
    assert IngestItem.objects.count() == 20


@pytest.mark.usefixtures("private_allowed")
def test_a_server_without_validators_sending_the_same_bytes_is_unchanged_too(wire):
    feed = make_feed(wire.add("/feed", rss([{"title": "A", "link": "https://p.example/a"}])))
    run_ingest()
    make_due(feed)
    assert "unchanged" in run_ingest()
    assert refreshed(feed).last_result == "unchanged"


@pytest.mark.usefixtures("private_allowed")
def test_a_changed_feed_adds_only_its_new_items(wire):
    items = [{"title": "A", "link": "https://p.example/a"}]
    feed = make_feed(wire.add("/feed", rss(items), etag='"1"'))
    run_ingest()
    items.insert(0, {"title": "B", "link": "https://p.example/b"})
    wire.add("/feed", rss(items), etag='"2"')
    make_due(feed)
    assert "1 new of 2 items" in run_ingest()
    assert list(IngestItem.objects.values_list("title", flat=True).order_by("pk")) == ["A", "B"]
    assert refreshed(feed).etag == '"2"'


# --- one story, once -------------------------------------------------------------------------


@pytest.mark.usefixtures("private_allowed")
def test_a_story_carried_by_two_feeds_appears_once_crediting_the_first(wire):
    first = make_feed(
        wire.add(
            "/a",
            rss(
                [
                    {"title": "Shared by link", "link": "https://news.example/s1", "guid": "a-1"},
                    {
                        "title": "Shared by guid",
                        "link": "https://a.example/s2",
                        "guid": "tag:news.example,2024:s2",
                    },
                    {"title": "Only in A", "link": "https://a.example/3", "guid": "7"},
                ]
            ),
        )
    )
    second = make_feed(
        wire.add(
            "/b",
            rss(
                [
                    # the same link dressed differently, under another guid
                    {
                        "title": "Shared by link (B)",
                        "guid": "b-99",
                        "link": "http://www.news.example/s1/?utm_source=partner#top",
                    },
                    {
                        "title": "Shared by guid (B)",
                        "link": "https://b.example/elsewhere",
                        "guid": "tag:news.example,2024:s2",
                    },
                    # "7" again, but B's "7" is another story: guids belong to their feed
                    {"title": "Only in B", "link": "https://b.example/3", "guid": "7"},
                ]
            ),
        )
    )
    Feed.objects.filter(pk=second.pk).update(next_poll_at=timezone.now() + datetime.timedelta(1))
    run_ingest()
    make_due(second)
    assert "1 new of 3 items" in run_ingest()
    assert sorted(IngestItem.objects.values_list("title", "feed_id")) == sorted(
        [
            ("Shared by link", first.pk),
            ("Shared by guid", first.pk),
            ("Only in A", first.pk),
            ("Only in B", second.pk),
        ]
    )


@pytest.mark.usefixtures("private_allowed")
def test_a_feed_repeating_an_item_keeps_the_first(wire):
    make_feed(
        wire.add(
            "/feed",
            rss(
                [
                    {"title": "First", "link": "https://p.example/a", "guid": "1"},
                    {"title": "Repeat", "link": "https://p.example/a?utm_campaign=x", "guid": "2"},
                    {"title": "Same guid", "link": "https://p.example/b", "guid": "1"},
                ]
            ),
        )
    )
    run_ingest()
    assert list(IngestItem.objects.values_list("title", flat=True)) == ["First"]


def test_the_database_refuses_a_second_copy_whatever_the_code_does():
    """The unique constraints are what hold against a second process; the bulk insert
    that ignores conflicts relies on them."""
    from django.db import IntegrityError, transaction

    feed = make_feed("https://p.example/feed")
    other = make_feed("https://q.example/feed")
    IngestItem.objects.create(feed=feed, guid="g", guid_key="k" * 64, link_key="l" * 64, title="A")
    for duplicate in (
        {"guid_key": "k" * 64, "link_key": "m" * 64},
        {"guid_key": "j" * 64, "link_key": "l" * 64},
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            IngestItem.objects.create(feed=other, guid="g", title="B", **duplicate)
    # items without a link do not collide on the empty link key
    IngestItem.objects.create(feed=other, guid="x", guid_key="x" * 64, title="C")
    IngestItem.objects.create(feed=other, guid="y", guid_key="y" * 64, title="D")


# --- faults never stop the wire --------------------------------------------------------------


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fault(wire: WireServer, kind: str, settings) -> tuple[str, str]:
    """The address of a feed with this fault, and the error it must record."""
    if kind == "dead host":
        return f"http://127.0.0.1:{closed_port()}/feed", "cannot fetch 127.0.0.1"
    if kind == "timeout":
        settings.NEWSROOM_IMPORT_FETCH_TIMEOUT = 0.3
        return wire.add("/slow", rss([]), delay=1.0), "did not answer in time"
    if kind == "HTTP 500":
        return wire.add("/broken", b"oops", status=500), "HTTP 500"
    if kind == "malformed XML":
        return wire.add("/bad", b'<rss version="2.0"><channel><item><title>Cut'), "cut off"
    if kind == "not a feed":
        return wire.add("/page", b"<html><p>Hi</p></html>", content_type="text/html"), "not a feed"
    if kind == "too large":
        settings.NEWSROOM_WIRE_FEED_MAX_BYTES = 2000
        big = rss([{"title": f"S{n}", "link": f"https://p.example/{n}"} for n in range(100)])
        return wire.add("/big", big), "larger than the limit of 2,000 bytes"
    if kind == "redirect loop":
        return wire.add("/loop", status=302, location="/loop"), "more than 5 redirects"
    raise AssertionError(kind)


FAULTS = [
    "dead host",
    "timeout",
    "HTTP 500",
    "malformed XML",
    "not a feed",
    "too large",
    "redirect loop",
]


@pytest.mark.usefixtures("private_allowed")
@pytest.mark.parametrize("kind", FAULTS)
def test_a_faulty_feed_is_recorded_and_backed_off_and_the_others_go_on(wire, settings, kind):
    url, error = fault(wire, kind, settings)
    broken = make_feed(url, poll_minutes=10)
    healthy = make_feed(
        wire.add("/healthy", rss([{"title": "Fine", "link": "https://p.example/fine"}]))
    )
    Feed.objects.filter(pk=healthy.pk).update(next_poll_at=timezone.now())  # polled second
    started = timezone.now()
    output = run_failing_ingest()
    broken = refreshed(broken)
    assert error in broken.last_error
    assert (broken.consecutive_failures, broken.health) == (1, FeedHealth.FAILING)
    assert broken.last_success_at is None
    assert broken.last_error_at >= started
    assert broken.next_poll_at >= started + datetime.timedelta(minutes=20)  # 2 x 10 minutes
    assert error in output
    healthy = refreshed(healthy)
    assert (healthy.health, healthy.last_error) == (FeedHealth.OK, "")
    assert IngestItem.objects.filter(feed=healthy).count() == 1


@pytest.mark.usefixtures("private_allowed")
def test_back_off_doubles_up_to_a_day_and_a_success_resets_it(wire):
    feed = make_feed(wire.add("/feed", b"oops", status=503), poll_minutes=60)
    waits = []
    for _ in range(6):
        make_due(feed)
        before = timezone.now()
        ingest.poll_due()
        waits.append(round((refreshed(feed).next_poll_at - before).total_seconds() / 3600))
    assert waits == [2, 4, 8, 16, 24, 24]
    assert feed.consecutive_failures == 6
    wire.add("/feed", rss([{"title": "Back", "link": "https://p.example/back"}]))
    make_due(feed)
    ingest.poll_due()
    feed = refreshed(feed)
    assert (feed.consecutive_failures, feed.health) == (0, FeedHealth.OK)
    assert "HTTP 503" in feed.last_error  # the last error stays, for the record


def test_a_private_address_is_refused_unless_allowed(wire):
    feed = make_feed(wire.add("/feed", rss([])))
    run_failing_ingest()
    assert (
        "resolves to a private or local address (127.0.0.1); refused" in refreshed(feed).last_error
    )
    assert wire.hits["/feed"] == 0


def test_a_redirect_to_a_private_address_is_refused(wire, monkeypatch):
    """The partner's server (played by 127.0.0.1, here treated as public) redirects the
    feed to an internal address: the redirect is checked before any connection."""
    monkeypatch.setattr(fetch_module, "is_public", lambda address: address == "127.0.0.1")
    feed = make_feed(wire.add("/feed", status=302, location="http://10.0.0.7/admin/feed"))
    run_failing_ingest()
    assert refreshed(feed).last_error == (
        "10.0.0.7 resolves to a private or local address (10.0.0.7); refused"
    )
    assert wire.hits["/feed"] == 1


@pytest.mark.usefixtures("private_allowed")
def test_a_feed_of_ten_thousand_items_brings_the_newest_few_hundred(wire, settings):
    base = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    items = [
        {
            "title": f"Story {n}",
            "link": f"https://p.example/{n}",
            "date": (base + datetime.timedelta(minutes=n)).strftime("%a, %d %b %Y %H:%M:%S GMT"),
        }
        for n in range(10_000)
    ]
    feed = make_feed(wire.add("/feed", rss(items)))
    output = run_ingest()
    assert "500 new of 500 items (10,000 items in the feed; read the newest 500)" in output
    assert IngestItem.objects.count() == 500
    newest = IngestItem.objects.order_by("-published_at").first()
    assert newest.title == "Story 9999"
    assert not IngestItem.objects.filter(title="Story 9499").exists()
    feed = refreshed(feed)
    assert feed.health == FeedHealth.OK
    assert "10,000 items in the feed" in feed.last_error


@pytest.mark.usefixtures("private_allowed")
def test_a_broken_feed_loses_nothing_it_had(wire):
    feed = make_feed(wire.add("/feed", rss([{"title": "Kept", "link": "https://p.example/k"}])))
    run_ingest()
    wire.add("/feed", b"<rss><channel><item><title>Trunc")
    make_due(feed)
    run_failing_ingest()
    assert list(IngestItem.objects.values_list("title", flat=True)) == ["Kept"]
    assert refreshed(feed).content_hash  # the last good version's, so a repeat is noticed


def test_forever_survives_a_failed_round_and_stops_on_sigterm(monkeypatch):
    """A round that fails as a whole (the database away, say) is logged and tried again;
    SIGTERM still stops the loop. In-process, so the handler is this test's."""
    import os
    import signal

    from django.db import OperationalError

    from reprints.management.commands import ingest as command

    calls = []

    def flaky_poll(**kwargs):
        calls.append(kwargs)
        if len(calls) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        os.kill(os.getpid(), signal.SIGTERM)  # the service manager asks for a stop
        return []

    monkeypatch.setattr(command, "ERROR_PAUSE", 0.01)
    monkeypatch.setattr(ingest, "poll_due", flaky_poll)
    previous = signal.getsignal(signal.SIGTERM)
    out = run_ingest("--forever")
    assert len(calls) == 2
    assert out.splitlines()[-1] == "Stopped."
    assert signal.getsignal(signal.SIGTERM) is previous  # the handler is put back


# --- busy partners and moved feeds -----------------------------------------------------------


@pytest.mark.usefixtures("private_allowed")
@pytest.mark.parametrize(
    ("status", "retry_after", "hours"),
    [
        (503, "7200", 2),  # seconds: come back in two hours, not in the back-off's 20 minutes
        (429, "{in_three_hours}", 3),  # an HTTP date
        (503, "60", 0.25),  # sooner than the feed's own interval: the interval it is
        (429, "99999999", 24),  # never more than a day
    ],
)
def test_a_busy_partner_is_left_alone_until_its_retry_after(wire, status, retry_after, hours):
    from email.utils import format_datetime

    later = timezone.now() + datetime.timedelta(hours=3)
    header = retry_after.format(in_three_hours=format_datetime(later, usegmt=True))
    feed = make_feed(
        wire.add("/busy", b"slow down", status=status, headers={"Retry-After": header}),
        poll_minutes=15,
    )
    before = timezone.now()
    run_failing_ingest()
    feed = refreshed(feed)
    assert f"HTTP {status}" in feed.last_error
    assert feed.consecutive_failures == 1
    wait = (feed.next_poll_at - before).total_seconds() / 3600
    assert wait == pytest.approx(hours, abs=0.01)
    run_ingest()  # not due: nobody knocks again before then
    assert wire.hits["/busy"] == 1


@pytest.mark.usefixtures("private_allowed")
def test_a_busy_partner_without_retry_after_is_backed_off_as_any_failure(wire):
    feed = make_feed(wire.add("/busy", b"busy", status=503), poll_minutes=15)
    before = timezone.now()
    run_failing_ingest()
    wait = refreshed(feed).next_poll_at - before
    assert datetime.timedelta(minutes=30) <= wait < datetime.timedelta(minutes=31)


@pytest.mark.usefixtures("private_allowed")
@pytest.mark.parametrize("status", [301, 308])
def test_a_feed_that_moved_for_good_is_polled_at_its_new_address(wire, status):
    new = wire.add("/new-feed", rss([{"title": "Moved", "link": "https://p.example/m"}]))
    feed = make_feed(wire.add("/old-feed", status=status, location="/new-feed"))
    output = run_ingest()
    feed = refreshed(feed)
    assert feed.url == new
    assert f"address updated to {new}" in feed.last_result
    assert f"address updated to {new}" in output
    assert IngestItem.objects.filter(feed=feed).count() == 1
    make_due(feed)
    run_ingest()
    assert (wire.hits["/old-feed"], wire.hits["/new-feed"]) == (1, 2)


@pytest.mark.usefixtures("private_allowed")
def test_a_temporary_redirect_leaves_the_feed_address_alone(wire):
    wire.add("/today", rss([{"title": "Here today", "link": "https://p.example/t"}]))
    old = wire.add("/feed", status=302, location="/today")
    # a permanent move, then a temporary one: the permanent target is the new address
    wire.add("/moved", status=302, location="/today")
    chained = make_feed(wire.add("/chained", status=301, location="/moved"))
    feed = make_feed(old)
    run_ingest()
    assert refreshed(feed).url == old
    assert refreshed(chained).url == wire.url("/moved")


@pytest.mark.usefixtures("private_allowed")
def test_a_move_onto_an_address_another_feed_polls_is_only_noted(wire):
    target = wire.add("/feed", rss([{"title": "Shared", "link": "https://p.example/s"}]))
    make_feed(target)
    feed = make_feed(wire.add("/old", status=301, location="/feed"))
    run_ingest()
    feed = refreshed(feed)
    assert feed.url == wire.url("/old")
    assert "which another feed already polls" in feed.last_result
