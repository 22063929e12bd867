"""Poll partners' feeds that are due, once (cron, a timer) or ``--forever`` (a service).

Each round polls every due feed, then imports the new items of feeds trusted to import
by themselves. ``--forever`` then sleeps until the next feed is due (at most a minute,
so a feed added in the admin is soon polled), and stops cleanly on SIGTERM or SIGINT:
the feed or item in hand is finished, nothing else is started.
"""

from __future__ import annotations

import datetime
import logging
import signal
import threading

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from reprints import inbox, ingest
from reprints.models import Feed

logger = logging.getLogger(__name__)

MAX_SLEEP = 60.0  # seconds; a feed added or resumed in the admin waits no longer than this
ERROR_PAUSE = 30.0  # after a round failed as a whole (the database away, say)
IMPORTS_PER_ROUND = 50  # then polling comes first again, so a backlog cannot starve it


class Command(BaseCommand):
    help = "Poll the partner feeds that are due and import what trusted feeds bring."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--forever",
            action="store_true",
            help="Keep polling, sleeping until the next feed is due; stop on SIGTERM.",
        )
        parser.add_argument(
            "--feed",
            type=int,
            action="append",
            dest="feeds",
            metavar="ID",
            help="Poll this feed now, due or not (repeatable); with --forever, ignored.",
        )

    def handle(self, *args, forever: bool, feeds: list[int] | None, **options) -> None:
        self.stopping = threading.Event()
        previous = self.install_signal_handlers()
        try:
            if forever:
                self.report("Polling partner feeds until stopped (SIGTERM).", failed=False)
                self.run_forever()
                self.stdout.write("Stopped.")
            else:
                self.run_once(feeds)
        finally:
            self.restore_signal_handlers(previous)

    # --- the two modes --------------------------------------------------------------------

    def run_once(self, feed_ids: list[int] | None) -> None:
        chosen = None
        if feed_ids:
            chosen = list(Feed.objects.filter(pk__in=feed_ids).select_related("source"))
            missing = set(feed_ids) - {feed.pk for feed in chosen}
            if missing:
                raise CommandError(f"No feed with id {', '.join(map(str, sorted(missing)))}.")
        polls, imports = self.round(feeds=chosen, import_limit=None)
        failed_feeds = sum(result.status == ingest.FAILED for result in polls)
        failed_items = sum(result.status == "failed" for result in imports)
        self.stdout.write(
            f"{len(polls)} feed{'s' if len(polls) != 1 else ''} polled, "
            f"{sum(r.created for r in polls)} new items, "
            f"{sum(r.status == 'imported' for r in imports)} imported as drafts; "
            f"{failed_feeds} feeds and {failed_items} items failed."
        )
        if failed_feeds or failed_items:
            raise CommandError(
                f"{failed_feeds} of {len(polls)} feeds and {failed_items} of {len(imports)} "
                "items failed (each is recorded on its feed or item)."
            )

    def run_forever(self) -> None:
        while not self.stopping.is_set():
            try:
                close_old_connections()  # a database restart must not end the service
                _polls, imports = self.round(feeds=None, import_limit=IMPORTS_PER_ROUND)
                if len(imports) >= IMPORTS_PER_ROUND:
                    continue  # more waiting: poll what is due, then import on
                pause = self.seconds_to_next_poll()
            except Exception:
                logger.exception("An ingest round failed; trying again in %ss", ERROR_PAUSE)
                pause = ERROR_PAUSE
            self.stopping.wait(pause)

    def round(self, *, feeds, import_limit: int | None):
        stop = self.stopping.is_set
        polls = ingest.poll_due(stop=stop, feeds=feeds)
        for result in polls:
            self.report(result.line(), failed=result.status == ingest.FAILED)
        imports = inbox.import_waiting(stop=stop, limit=import_limit)
        for result in imports:
            self.report(result.line(), failed=result.status == "failed")
        return polls, imports

    def seconds_to_next_poll(self) -> float:
        due = ingest.next_due_at()
        if due is None:
            return MAX_SLEEP
        wait = (due - timezone.now()) / datetime.timedelta(seconds=1)
        return min(max(wait, 0.5), MAX_SLEEP)

    def report(self, line: str, *, failed: bool) -> None:
        (self.stderr if failed else self.stdout).write(line)
        for stream in (self.stdout, self.stderr):
            stream.flush()

    # --- signals --------------------------------------------------------------------------

    def install_signal_handlers(self) -> dict:
        """SIGTERM (systemd, docker stop) and SIGINT ask for a stop between two feeds."""
        if threading.current_thread() is not threading.main_thread():
            return {}  # signals reach the main thread only; called from elsewhere, no handler

        def stop(signum, _frame):
            logger.info("Signal %s: stopping after the current feed", signum)
            self.stopping.set()

        return {sig: signal.signal(sig, stop) for sig in (signal.SIGTERM, signal.SIGINT)}

    def restore_signal_handlers(self, previous: dict) -> None:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
