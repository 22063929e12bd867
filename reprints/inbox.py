"""The wire's inbox: importing items through the reprint importer, never twice, or ignoring them.

An import goes through the same importer as a manual one (credit, disclaimer, repairs,
import record), from the item's full text when its feed carried it, else from the linked
page (fetched under the importer's rules). The feed's source is credited, its default
section and tags given, and the result is always a draft.

"Never twice", without a transaction held open while a page downloads:

1. **claim**: one short transaction takes the item, or the next few items of a batch
   (``select_for_update(skip_locked=True)`` and a compare-and-set of a random claim token
   with an expiry);
2. the page is fetched, read and repaired outside any transaction;
3. **save**: one transaction locks the item again, checks the claim is still this one and
   the item not imported meanwhile, saves the article and marks the item.

A process that dies after 1 leaves a claim that expires (``CLAIM_SECONDS``); an editor
who ignores an item in the meantime takes the claim away, and the import is dropped.
"""

from __future__ import annotations

import datetime
import html
import json
import logging
import secrets
from collections.abc import Callable, Collection, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from articles import workflow

from . import importer
from .extraction import ExtractionError
from .models import Feed, IngestItem, ItemStatus

logger = logging.getLogger(__name__)

CLAIM_SECONDS = 600  # longer than a page and its photos can take (timeouts included)
CLAIM_BATCH = 10  # items claimed together: one claiming transaction for ten imports
IMPORTABLE = (ItemStatus.NEW, ItemStatus.FAILED, ItemStatus.IGNORED)


@dataclass
class ItemResult:
    item: IngestItem
    status: str  # ItemStatus.IMPORTED / FAILED, or "skipped" (claimed or done elsewhere)
    message: str = ""

    def line(self) -> str:
        return f"{self.status}: {self.item.title}: {self.message}"


def waiting_for_auto_import() -> QuerySet[IngestItem]:
    """New items of active feeds trusted to import by themselves."""
    return IngestItem.objects.filter(
        status=ItemStatus.NEW, feed__auto_import=True, feed__active=True
    )


def import_waiting(
    *, stop: Callable[[], bool] = lambda: False, limit: int | None = None
) -> list[ItemResult]:
    """Import auto-import feeds' new items as drafts, as the system (no user), a few
    claimed at a time (``CLAIM_BATCH``), until none is left (or ``limit``, or ``stop``)."""
    results: list[ItemResult] = []
    known_sources = importer.known_source_names()
    with _reader() as reader:
        while not stop() and (limit is None or len(results) < limit):
            room = CLAIM_BATCH if limit is None else min(CLAIM_BATCH, limit - len(results))
            claimed = claim_many(waiting_for_auto_import(), statuses=(ItemStatus.NEW,), limit=room)
            if not claimed:
                break
            results += import_batch(
                claimed, user=None, known_sources=known_sources, reader=reader, stop=stop
            )
    return results


def import_items(items: Iterable[IngestItem], *, user: workflow.User) -> list[ItemResult]:
    """Import the chosen items (the admin's "Import as drafts"); imported ones are skipped.

    The items are claimed ``CLAIM_BATCH`` at a time (one transaction for each batch) and
    the outlets' names read once for all of them."""
    items = list(items)
    known_sources = importer.known_source_names()
    results = []
    with _reader() as reader:
        for start in range(0, len(items), CLAIM_BATCH):
            chunk = items[start : start + CLAIM_BATCH]
            claimed = claim_many(
                IngestItem.objects.filter(pk__in=[item.pk for item in chunk]),
                statuses=IMPORTABLE,
                limit=len(chunk),
            )
            done = {
                result.item.pk: result
                for result in import_batch(
                    claimed, user=user, known_sources=known_sources, reader=reader
                )
            }
            for item in chunk:
                if (result := done.pop(item.pk, None)) is not None:
                    results.append(result)
                else:  # taken by another process, or done
                    results.append(ItemResult(item, "skipped", _why_not(item.pk)))
    return results


def _reader() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="wire-reader")


def import_batch(
    claimed: list[tuple[IngestItem, str]],
    *,
    user: workflow.User,
    known_sources: Collection[str],
    reader: ThreadPoolExecutor,
    stop: Callable[[], bool] = lambda: False,
) -> list[ItemResult]:
    """Import claimed items in their order. Their pages are fetched and read one after
    the other by ``reader``, a helper thread, while this thread saves the ones read
    before: the reading (which touches no database) goes on while the database works.
    On ``stop``, the items not saved yet are given back."""
    pending = []
    for item, token in claimed:
        options = item_options(item, user=user)  # here: it may read the feed's rows
        pending.append((item, token, reader.submit(read_item, item, options, known_sources)))
    results = []
    for index, (item, token, reading) in enumerate(pending):
        if stop():
            for _item, _token, later in pending[index:]:
                later.cancel()
            release([(rest, claim) for rest, claim, _reading in pending[index:]])
            break
        results.append(save_item(item, reading.result(), token=token, user=user))
    return results


def ignore_items(items: QuerySet[IngestItem], *, user: workflow.User) -> int:
    """Set aside the chosen items that are not imported; a running import of one is dropped."""
    return items.filter(status__in=(ItemStatus.NEW, ItemStatus.FAILED)).update(
        status=ItemStatus.IGNORED,
        handled_at=timezone.now(),
        handled_by=workflow.acting_user(user),
        claim="",
        claimed_until=None,
    )


# --- claiming --------------------------------------------------------------------------------


def _claimable(now: datetime.datetime) -> Q:
    return Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)


def claim(pk: int, *, statuses: Iterable[str]) -> str | None:
    """Claim one item for this process; the token, or None if it is taken or done."""
    claimed = claim_next(IngestItem.objects.filter(pk=pk), statuses=statuses)
    return claimed[1] if claimed else None


def claim_next(
    candidates: QuerySet[IngestItem], *, statuses: Iterable[str]
) -> tuple[IngestItem, str] | None:
    """The oldest unclaimed item of ``candidates`` with one of ``statuses``, claimed."""
    claimed = claim_many(candidates, statuses=statuses, limit=1)
    return claimed[0] if claimed else None


def claim_many(
    candidates: QuerySet[IngestItem], *, statuses: Iterable[str], limit: int
) -> list[tuple[IngestItem, str]]:
    """Up to ``limit`` of the oldest unclaimed items of ``candidates`` with one of
    ``statuses``, claimed in one transaction under one token (an empty list when none is
    left). Each claim expires on its own after ``CLAIM_SECONDS``; an import whose claim
    was taken meanwhile is dropped when it saves, so a slow batch never imports twice."""
    statuses = list(statuses)
    while True:
        now = timezone.now()
        token = secrets.token_hex(16)
        with transaction.atomic():
            items = list(
                candidates.filter(_claimable(now), status__in=statuses)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("feed__source", "feed__section")
                .order_by("created_at", "pk")[:limit]
            )
            if not items:
                return []
            pks = [item.pk for item in items]
            # Compare-and-set: where rows cannot be locked (SQLite), the UPDATE decides.
            won = IngestItem.objects.filter(
                _claimable(now), pk__in=pks, status__in=statuses
            ).update(claim=token, claimed_until=now + datetime.timedelta(seconds=CLAIM_SECONDS))
            if won != len(items):
                ours = set(
                    IngestItem.objects.filter(pk__in=pks, claim=token).values_list("pk", flat=True)
                )
                items = [item for item in items if item.pk in ours]
        if items:
            for item in items:
                item.claim = token
            return [(item, token) for item in items]


def release(claimed: Iterable[tuple[IngestItem, str]]) -> None:
    """Give back claims that will not be used (a stop was asked for midway)."""
    for item, token in claimed:
        IngestItem.objects.filter(pk=item.pk, claim=token).update(claim="", claimed_until=None)


def _why_not(pk: int) -> str:
    item = IngestItem.objects.filter(pk=pk).only("status", "claimed_until").first()
    if item is None:
        return "no longer in the inbox"
    if item.status == ItemStatus.IMPORTED:
        return "already imported"
    return "being imported right now"


# --- importing -------------------------------------------------------------------------------


def import_claimed(
    item: IngestItem,
    *,
    token: str,
    user: workflow.User,
    known_sources: Collection[str] | None = None,
) -> ItemResult:
    """Fetch and read the claimed item's story, then save it if the claim still holds."""
    options = item_options(item, user=user)
    if known_sources is None:
        known_sources = importer.known_source_names()
    return save_item(item, read_item(item, options, known_sources), token=token, user=user)


def item_options(item: IngestItem, *, user: workflow.User) -> importer.Options:
    """What the feed says about its items' imports: credit, section, tags, a fallback date."""
    feed = item.feed
    return importer.Options(
        user=user,
        source=feed.source,
        section=feed.section,
        tags=feed.tag_list(),
        published=item.published_at,
    )


@dataclass
class Read:
    """An item's story, read and repaired, or why it could not be."""

    prepared: importer.Prepared | None
    options: importer.Options
    error: str = ""


def read_item(item: IngestItem, options: importer.Options, known_sources: Collection[str]) -> Read:
    """Fetch and read the item's page (or its own text). Touches no database, so it may
    run in a helper thread; never raises: a failure is the ``Read``'s error."""
    try:
        document = document_for(item)
        return Read(importer.prepare(document, options, known_sources=known_sources), options)
    except (importer.ImportFailure, ExtractionError) as exc:
        return Read(None, options, str(exc))
    except Exception as exc:  # one broken item must not stop the wire
        logger.exception("Wire item %s failed", item.pk)
        return Read(None, options, f"unexpected error ({type(exc).__name__}: {exc})")


def save_item(item: IngestItem, read: Read, *, token: str, user: workflow.User) -> ItemResult:
    """Save what was read (or the failure) if the claim still holds."""
    if read.prepared is None:
        return _finish_failed(item, token=token, user=user, error=read.error)
    with transaction.atomic():
        locked = _still_ours(item, token)
        if locked is None:
            return ItemResult(item, "skipped", "imported or ignored meanwhile")
        outcome = importer.save(read.prepared, read.options)  # a savepoint of its own
        done = outcome.status != importer.FAILED
        _mark(
            locked,
            status=ItemStatus.IMPORTED if done else ItemStatus.FAILED,
            article=outcome.article if done else None,
            error="" if done else outcome.message,
            user=user,
        )
        if not done:
            _note_on_feed(locked, outcome.message)
    item.status, item.article, item.error = locked.status, locked.article, locked.error
    return ItemResult(item, item.status, outcome.message)


def document_for(item: IngestItem) -> importer.Document:
    """What the importer reads: the item's own full text as a page, else its linked page."""
    if item.content or not item.link:
        if not (item.content or item.summary):
            raise importer.ImportFailure("nothing to import: no link and no text in the feed")
        page = item_page(item)
        return importer.Document(
            name=item.link or f"{item.feed.url} ({item.guid})"[:1000],
            data=page.encode("utf-8"),
            url=item.link,
            charset="utf-8",
        )
    return importer.document_from_url(item.link)


def item_page(item: IngestItem) -> str:
    """The item as the kind of page the importer reads best: its metadata declared in
    JSON-LD and its text marked as the article body, so nothing has to be guessed."""
    declared = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": item.title,
        "description": item.summary,
        "publisher": {"@type": "Organization", "name": item.feed.source.name},
    }
    if item.link:
        declared["url"] = declared["mainEntityOfPage"] = item.link
    if item.published_at:
        declared["datePublished"] = item.published_at.isoformat()
    if item.author:
        declared["author"] = {"@type": "Person", "name": item.author}
    if item.language:
        declared["inLanguage"] = item.language
    body = item.content or f"<p>{html.escape(item.summary)}</p>"
    script = json.dumps(declared, ensure_ascii=False).replace("</", "<\\/")
    canonical = f'<link rel="canonical" href="{html.escape(item.link)}">' if item.link else ""
    lang = f' lang="{html.escape(item.language)}"' if item.language else ""
    return (
        f'<!DOCTYPE html><html{lang}><head><meta charset="utf-8">'
        f"<title>{html.escape(item.title)}</title>{canonical}"
        f'<script type="application/ld+json">{script}</script></head><body><article>'
        f"<h1>{html.escape(item.title)}</h1>"
        f'<div itemprop="articleBody">{body}</div></article></body></html>'
    )


def _still_ours(item: IngestItem, token: str) -> IngestItem | None:
    return (
        IngestItem.objects.select_for_update()
        .filter(pk=item.pk, claim=token)
        .exclude(status=ItemStatus.IMPORTED)
        .first()
    )


def _finish_failed(item: IngestItem, *, token: str, user: workflow.User, error: str) -> ItemResult:
    with transaction.atomic():
        locked = _still_ours(item, token)
        if locked is None:
            return ItemResult(item, "skipped", "imported or ignored meanwhile")
        _mark(locked, status=ItemStatus.FAILED, article=None, error=error, user=user)
        _note_on_feed(locked, error)
    item.status, item.error = ItemStatus.FAILED, error
    return ItemResult(item, ItemStatus.FAILED, error)


def _note_on_feed(item: IngestItem, error: str) -> None:
    """An item that fails is the feed's last error too, where the health list shows it; the
    feed itself answered, so it is not backed off for it."""
    Feed.objects.filter(pk=item.feed_id).update(
        last_error=f"item “{item.title[:100]}”: {error}", last_error_at=timezone.now()
    )


def _mark(item: IngestItem, *, status: str, article, error: str, user: workflow.User) -> None:
    item.status = status
    item.article = article
    item.error = error
    item.handled_at = timezone.now()
    item.handled_by = workflow.acting_user(user)
    item.claim = ""
    item.claimed_until = None
    item.save(
        update_fields=[
            "status",
            "article",
            "error",
            "handled_at",
            "handled_by",
            "claim",
            "claimed_until",
        ]
    )
