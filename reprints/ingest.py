"""Polling partners' feeds: which feed is due, fetching it, and keeping its new items.

A poll is: claim a due feed (so two ``ingest`` processes never fetch the same one),
fetch it with the importer's safety rules plus conditional-GET validators, parse it
(``reprints.feeds``), and in one transaction insert its new items and record the result
on the feed. Nothing a fault does stops the wire: a failure is recorded on its feed,
which is then polled again later and later (exponential back-off), and the caller goes
on to the next feed; a busy partner's ``Retry-After`` (HTTP 429, 503) says when. An
unchanged feed (HTTP 304, or the same bytes again) costs one ``UPDATE``. A feed that moved
for good (HTTP 301, 308) is polled at its new address from then on.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import Min, Q
from django.utils import timezone

from . import identity
from .feeds import FeedError, FeedItem, parse_feed
from .fetch import FEED_TYPES, FetchError, RetryLater, fetch
from .models import Feed, IngestItem

logger = logging.getLogger(__name__)

# How long a poller owns a feed it claimed; a process that dies mid-poll frees it then.
CLAIM_SECONDS = 600
MAX_BACKOFF = datetime.timedelta(days=1)
LOOKUP_BATCH = 500

NEW, UNCHANGED, FAILED = "new", "unchanged", "failed"
Stop = Callable[[], bool]


@dataclass
class PollResult:
    feed: Feed
    status: str  # NEW (fetched and read, whether or not anything was new), UNCHANGED, FAILED
    message: str
    created: int = 0

    def line(self) -> str:
        return f"{self.status}: {self.feed}: {self.message}"


def due_feeds(now: datetime.datetime | None = None):
    return Feed.objects.filter(active=True, next_poll_at__lte=now or timezone.now())


def next_due_at() -> datetime.datetime | None:
    """When the next active feed is due (None: there is no active feed)."""
    return Feed.objects.filter(active=True).aggregate(at=Min("next_poll_at"))["at"]


def claim_due_feed(now: datetime.datetime | None = None) -> Feed | None:
    """Take the most overdue feed for this process, or None when no feed is due.

    ``skip_locked`` lets a second process pass over the row the first is claiming, and the
    compare-and-set on ``next_poll_at`` decides between them where rows cannot be locked
    (SQLite): only one ``UPDATE`` finds the old value.
    """
    now = now or timezone.now()
    while True:
        with transaction.atomic():
            feed = (
                due_feeds(now)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("source")
                .order_by("next_poll_at", "pk")
                .first()
            )
            if feed is None:
                return None
            claimed = Feed.objects.filter(pk=feed.pk, next_poll_at=feed.next_poll_at).update(
                next_poll_at=now + datetime.timedelta(seconds=CLAIM_SECONDS)
            )
        if claimed:
            return feed


def poll_due(
    *, stop: Stop = lambda: False, feeds: Iterable[Feed] | None = None
) -> list[PollResult]:
    """Poll every due feed once (or the given ones, due or not), checking ``stop`` between
    feeds so a SIGTERM never cuts a poll in half."""
    results = []
    if feeds is not None:
        for feed in feeds:
            if stop():
                break
            results.append(poll_feed(feed))
        return results
    while not stop():
        feed = claim_due_feed()
        if feed is None:
            break
        results.append(poll_feed(feed))
    return results


def poll_feed(feed: Feed) -> PollResult:
    """Fetch and read one feed, store its new items, and record how it went on the feed."""
    try:
        fetched = fetch(
            feed.url,
            max_bytes=settings.NEWSROOM_WIRE_FEED_MAX_BYTES,
            accepted_types=FEED_TYPES,
            headers=_validators(feed),
        )
    except RetryLater as exc:
        return _failed(feed, str(exc), retry_at=exc.retry_at)
    except FetchError as exc:
        return _failed(feed, str(exc))
    moved, moved_note = _moved(feed, fetched.moved_to)
    if fetched.status == 304:
        return _unchanged(feed, "not modified (HTTP 304)" + moved_note, **moved)
    digest = hashlib.sha256(fetched.content).hexdigest()
    if digest == feed.content_hash:
        return _unchanged(
            feed,
            "unchanged" + moved_note,
            etag=fetched.etag,
            last_modified=fetched.last_modified,
            **moved,
        )
    try:
        parsed = parse_feed(
            fetched.content,
            content_type=fetched.content_type,
            charset=fetched.charset,
            url=fetched.url,
        )
    except FeedError as exc:
        return _failed(feed, str(exc))
    items = newest(parsed.items, settings.NEWSROOM_WIRE_MAX_ITEMS)
    notes = [parsed.warning] if parsed.warning else []
    if len(parsed.items) > len(items):
        notes.append(f"{len(parsed.items):,} items in the feed; read the newest {len(items):,}")
    now = timezone.now()
    try:
        with transaction.atomic():
            created = store_items(feed, items, now=now)
            message = f"{created} new of {len(items)} item{'s' if len(items) != 1 else ''}"
            message += moved_note
            Feed.objects.filter(pk=feed.pk).update(
                **moved,
                format=parsed.format,
                title=parsed.title or feed.title,
                etag=fetched.etag[:500],
                last_modified=fetched.last_modified[:100],
                content_hash=digest,
                last_fetched_at=now,
                last_success_at=now,
                last_result=message[:300],
                consecutive_failures=0,
                next_poll_at=_next_poll(feed, now, failures=0),
                **(_error_fields("; ".join(notes), now) if notes else {}),
            )
    except DatabaseError as exc:  # rolled back: nothing half-stored; tried again later
        logger.exception("Storing the items of feed %s failed", feed.pk)
        return _failed(feed, f"could not store the items ({type(exc).__name__}: {exc})")
    if notes:
        message = f"{message} ({'; '.join(notes)})"
    return PollResult(feed, NEW, message, created=created)


def newest(items: list[FeedItem], limit: int) -> list[FeedItem]:
    """At most ``limit`` items, the newest first (undated ones after, in feed order)."""
    if len(items) <= limit:
        return items
    floor = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    ranked = sorted(items, key=lambda item: item.published or item.updated or floor, reverse=True)
    return ranked[:limit]


def store_items(feed: Feed, items: list[FeedItem], *, now: datetime.datetime) -> int:
    """Insert the items no feed has brought before; return how many were new.

    Known keys are looked up first so the usual poll (everything seen) writes nothing; the
    insert then ignores conflicts, for the story another process stored a moment ago.
    """
    rows: dict[str, IngestItem] = {}
    links: set[str] = set()
    for item in items:
        guid_key = identity.guid_key(item.guid, feed_id=feed.pk)
        link_key = identity.link_key(item.link)
        if guid_key in rows or (link_key and link_key in links):
            continue  # the feed repeats itself: the first one counts
        links.add(link_key)
        rows[guid_key] = IngestItem(
            feed=feed,
            guid=item.guid[:1000],
            guid_key=guid_key,
            link=item.link[:2000] if len(item.link) <= 2000 else "",
            link_key=link_key if len(item.link) <= 2000 else "",
            title=item.title[:500],
            summary=item.summary,
            content=item.content,
            author=item.author[:300],
            language=item.language[:35],
            published_at=item.published or item.updated,
            created_at=now,
        )
    known_guids, known_links = _known(list(rows), [row.link_key for row in rows.values()])
    fresh = [
        row
        for key, row in rows.items()
        if key not in known_guids and not (row.link_key and row.link_key in known_links)
    ]
    if not fresh:
        return 0
    IngestItem.objects.bulk_create(fresh, ignore_conflicts=True, batch_size=LOOKUP_BATCH)
    return IngestItem.objects.filter(
        feed=feed, created_at=now, guid_key__in=[row.guid_key for row in fresh]
    ).count()


def _known(guid_keys: list[str], link_keys: list[str]) -> tuple[set[str], set[str]]:
    guids: set[str] = set()
    links: set[str] = set()
    link_keys = [key for key in link_keys if key]
    for start in range(0, max(len(guid_keys), len(link_keys)), LOOKUP_BATCH):
        guid_part = guid_keys[start : start + LOOKUP_BATCH]
        link_part = link_keys[start : start + LOOKUP_BATCH]
        for guid_key, link_key in IngestItem.objects.filter(
            Q(guid_key__in=guid_part) | Q(link_key__in=link_part)
        ).values_list("guid_key", "link_key"):
            guids.add(guid_key)
            links.add(link_key)
    return guids, links


def _validators(feed: Feed) -> dict[str, str]:
    headers = {}
    if feed.etag:
        headers["If-None-Match"] = feed.etag
    if feed.last_modified:
        headers["If-Modified-Since"] = feed.last_modified
    return headers


def _moved(feed: Feed, moved_to: str) -> tuple[dict[str, str], str]:
    """The feed's new address when it moved for good (a 301 or 308 answer), as fields to
    save, and a note saying so; nothing when it did not move, or when another feed
    already polls the new address (the feed is left as it is: an editor decides)."""
    if not moved_to or moved_to == feed.url:
        return {}, ""
    if len(moved_to) > Feed._meta.get_field("url").max_length:
        return {}, f"; moved permanently to an address too long to keep ({moved_to[:100]}…)"
    if Feed.objects.filter(url=moved_to).exclude(pk=feed.pk).exists():
        return {}, f"; moved permanently to {moved_to}, which another feed already polls"
    logger.info("Feed %s moved permanently from %s to %s", feed.pk, feed.url, moved_to)
    feed.url = moved_to
    return {"url": moved_to}, f"; moved permanently: address updated to {moved_to}"


def _unchanged(feed: Feed, message: str, **fields: str) -> PollResult:
    now = timezone.now()
    Feed.objects.filter(pk=feed.pk).update(
        last_fetched_at=now,
        last_success_at=now,
        last_result=message[:300],
        consecutive_failures=0,
        next_poll_at=_next_poll(feed, now, failures=0),
        **{name: value for name, value in fields.items() if value},
    )
    return PollResult(feed, UNCHANGED, message)


def _failed(feed: Feed, error: str, *, retry_at: datetime.datetime | None = None) -> PollResult:
    """Record a failed poll. The next poll is backed off exponentially, or, when a busy
    server said when to come back (``Retry-After``), then: never sooner than the feed's
    own interval, never later than a day."""
    now = timezone.now()
    failures = feed.consecutive_failures + 1
    if retry_at is None:
        next_poll = _next_poll(feed, now, failures=failures)
    else:
        next_poll = max(_next_poll(feed, now, failures=0), min(retry_at, now + MAX_BACKOFF))
    Feed.objects.filter(pk=feed.pk).update(
        last_fetched_at=now,
        last_result=f"failed {failures} time{'s' if failures != 1 else ''} in a row",
        consecutive_failures=failures,
        next_poll_at=next_poll,
        **_error_fields(error, now),
    )
    feed.consecutive_failures = failures
    logger.warning("Feed %s (%s) failed: %s", feed.pk, feed.url, error)
    return PollResult(feed, FAILED, f"{error} (next try {timezone.localtime(next_poll):%H:%M})")


def _error_fields(error: str, now: datetime.datetime) -> dict:
    return {"last_error": error, "last_error_at": now}


def _next_poll(feed: Feed, now: datetime.datetime, *, failures: int) -> datetime.datetime:
    """The feed's own interval; after failures, twice as long for each one, up to a day."""
    interval = datetime.timedelta(minutes=max(feed.poll_minutes, 1))
    if failures:
        interval = min(interval * 2 ** min(failures, 20), MAX_BACKOFF)
    return now + interval
