"""How fast is the wire? Poll 50 partner feeds of 100 items, poll them again unchanged,
then import 500 of the items from their linked pages. (Targets: the unchanged poll of all
50 feeds under 1 s; the 500 imports under 30 s.)

The feeds and pages are served by this script on 127.0.0.1 (with ETag validators, as a
partner's server would), into a throwaway database:

    .venv/bin/python bench/ingest.py
    .venv/bin/python bench/ingest.py --feeds 10 --items 50 --imports 100
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_wire \\
        .venv/bin/python bench/ingest.py                   # an existing, empty database

Without DATABASE_URL a SQLite file in a temporary folder is used and thrown away. With a
PostgreSQL DATABASE_URL (``make bench``'s), a database of its own beside that one
(``<name>_ingest``) is created and dropped again, so the seeded articles stay as they
were. Exits non-zero when a target is missed at the default sizes.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import secrets
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SUBJECTS = ["Solar farm", "Port authority", "University team", "Rail link", "Wind project",
            "City council", "Research centre", "Fishing fleet", "Data centre"]  # fmt: skip
VERBS = ["opens", "expands", "reports record", "wins funding for", "delays", "plans"]
OBJECTS = ["in the desert", "on the coast", "for 400,000 homes", "with 5G networks",
           "after a 3.5 billion deal", "near the border", "for 2,000 workers"]  # fmt: skip
SENTENCES = [
    "The project employed 2,000 workers at its peak, and officials expect more.",
    "Engineers said the 480MW plant would reach full capacity next year.",
    "Their sci-tech cooperation has improved local lives,Xiao said.",
    "Local farmers welcomed the change. However, some remain cautious.",
    "A new road through the Atacama region will shorten the trip by 3.5 hours.",
    "AI and 5G networks are the core areas of the future digital economy.",
    "The energy ministry published the figures on Monday.",
    "Shipping companies said the new terminal would cut waiting times by half.",
]
# The pages' sentences carry figures of their own, so no two stories share a paragraph (as
# real ones do not): the importer's memory of lines it has read must not flatter it here.
PAGE_SENTENCES = [
    "The project employed {:,} workers at its peak, and officials expect more.",
    "Engineers said the {}MW plant would reach full capacity next year.",
    "Their sci-tech cooperation has improved lives in {} villages,Xiao said.",
    "Local farmers welcomed the change in {} districts. However, some remain cautious.",
    "A new road through the Atacama region will shorten the trip by {} minutes.",
    "AI and 5G networks are the core of the digital economy, {} companies said.",
    "The energy ministry published the figures for {} provinces on Monday.",
    "Shipping companies said the new terminal would cut waiting times by {} percent.",
]
BASE_TIME = datetime.datetime(2025, 3, 1, tzinfo=datetime.UTC)


def story(feed: int, n: int) -> tuple[str, datetime.datetime]:
    rng = random.Random(feed * 10_000 + n)
    title = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} ({feed}-{n})"
    return title, BASE_TIME + datetime.timedelta(minutes=feed * 100 + n)


def feed_document(feed: int, items: int, base: str) -> bytes:
    entries = []
    for n in range(items):
        title, when = story(feed, n)
        entries.append(
            f"<item><title>{title}</title><link>{base}/story/{feed}/{n}</link>"
            f'<guid isPermaLink="false">partner{feed}-{n}</guid>'
            f"<pubDate>{format_datetime(when, usegmt=True)}</pubDate>"
            f"<description>{SENTENCES[n % len(SENTENCES)]}</description></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
        f"<title>Partner {feed}</title><link>{base}/</link><description>Wire</description>"
        f"{''.join(entries)}</channel></rss>"
    ).encode()


def story_page(feed: int, n: int) -> bytes:
    title, when = story(feed, n)
    rng = random.Random(feed * 7 + n)
    paragraphs = "".join(
        "<p>"
        + " ".join(t.format(rng.randint(12, 99_999)) for t in rng.sample(PAGE_SENTENCES, 3))
        + "</p>"
        for _ in range(rng.randint(5, 10))
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title>"
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        f'"headline": "{title}", "datePublished": "{when.isoformat()}", '
        f'"publisher": {{"name": "Partner {feed}"}}}}</script></head><body>'
        "<nav>Newest | Links</nav><article>"
        f"<h1>{title}</h1><p>SANTIAGO -- The story begins here.</p>{paragraphs}"
        "<h2>What comes next</h2><p>More is planned for next year, officials said.</p>"
        "</article><footer>© 2025 Partner</footer></body></html>"
    ).encode()


def serve(feeds: int, items: int) -> tuple[ThreadingHTTPServer, str]:
    documents: dict[int, bytes] = {}

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            parts = self.path.strip("/").split("/")
            if parts[0] == "feed":
                feed = int(parts[1])
                etag = f'"feed-{feed}-v1"'
                if self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = documents[feed]
                self.reply(body, "application/rss+xml; charset=utf-8", {"ETag": etag})
            else:  # /story/<feed>/<n>
                self.reply(story_page(int(parts[1]), int(parts[2])), "text/html; charset=utf-8")

        def reply(self, body: bytes, content_type: str, headers: dict | None = None):
            self.send_response(200)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    class Server(ThreadingHTTPServer):
        daemon_threads = True

    httpd = Server(("127.0.0.1", 0), Handler)
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    for feed in range(feeds):
        documents[feed] = feed_document(feed, items, base)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, base


def own_postgres_database(url: str) -> tuple[str, Callable[[], None]]:
    """A fresh database beside the one ``url`` names, and a function that drops it."""
    from urllib.parse import urlsplit, urlunsplit

    import psycopg2

    parts = urlsplit(url)
    name = f"{parts.path.lstrip('/') or 'newsroom'}_ingest"

    def admin_sql(sql: str) -> None:
        connection = psycopg2.connect(
            urlunsplit(parts._replace(path="/postgres")), connect_timeout=5
        )
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(sql)
        connection.close()

    admin_sql(f'DROP DATABASE IF EXISTS "{name}"')
    admin_sql(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}")), lambda: admin_sql(
        f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=50)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--imports", type=int, default=500)
    parser.add_argument(
        "--processes",
        type=int,
        default=min(os.cpu_count() or 1, 4),
        help="Also import the next batch with this many ingest processes at once (1: not).",
    )
    args = parser.parse_args()
    defaults = (args.feeds, args.items, args.imports) == (50, 100, 500)
    args.imports = min(args.imports, args.feeds * args.items // 2)

    drop = None
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        os.environ["DATABASE_URL"], drop = own_postgres_database(url)
    try:
        return run(args, defaults)
    finally:
        if drop:
            from django.db import connections

            connections.close_all()
            drop()


def run(args: argparse.Namespace, defaults: bool) -> int:
    with tempfile.TemporaryDirectory(prefix="ingest-bench-") as tmp:
        tmp_path = Path(tmp)
        os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp_path / 'bench.sqlite3'}")
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
        os.environ.setdefault("MEDIA_ROOT", str(tmp_path / "media"))
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        os.environ["IMPORT_ALLOW_PRIVATE_URLS"] = "true"  # the partners are this script
        sys.path.insert(0, str(ROOT))
        import django
        from django.core.management import call_command

        django.setup()
        from django.db import connection
        from django.utils import timezone

        from articles.models import Source
        from reprints import inbox, ingest
        from reprints.models import Feed, IngestItem, ItemStatus

        call_command("migrate", verbosity=0)
        httpd, base = serve(args.feeds, args.items)
        sources = [
            Source.objects.create(name=f"Partner {n}", slug=f"partner-{n}")
            for n in range(args.feeds)
        ]
        Feed.objects.bulk_create(
            Feed(source=sources[n], url=f"{base}/feed/{n}") for n in range(args.feeds)
        )
        print(
            f"{connection.vendor}: {args.feeds} feeds of {args.items} items, "
            f"{args.imports} imports of linked pages; load average "
            + " ".join(f"{load:.2f}" for load in os.getloadavg())
        )

        counted = []

        def count(execute, sql, params, many, context):
            counted.append(1)
            return execute(sql, params, many, context)

        def timed(label: str, work, per: int, unit: str):
            counted.clear()
            with connection.execute_wrapper(count):
                started, cpu = time.perf_counter(), time.process_time()
                result = work()
                elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
            print(
                f"{label}: {elapsed:.2f}s ({cpu:.2f}s CPU in this process), "
                f"{len(counted) / max(per, 1):.1f} queries per {unit} ({len(counted):,} queries)"
            )
            return result, elapsed

        polls, _ = timed("first poll (200)", ingest.poll_due, args.feeds * args.items, "item")
        stored = IngestItem.objects.count()
        failed = [p for p in polls if p.status == ingest.FAILED]
        print(f"  {len(polls)} feeds polled, {stored:,} items stored, {len(failed)} failed")

        Feed.objects.update(next_poll_at=timezone.now())
        polls, unchanged_time = timed("unchanged poll (304)", ingest.poll_due, args.feeds, "feed")
        not_modified = sum(p.status == ingest.UNCHANGED for p in polls)
        print(f"  {not_modified} of {len(polls)} feeds answered 304")

        # The first import of a process loads the extraction models (language, word lists,
        # trafilatura): once per process, as a running ``ingest --forever`` pays it once.
        first = IngestItem.objects.order_by("-pk")[:1]
        timed("warm-up: 1 import (models loaded once per process)",
              lambda: inbox.import_items(first, user=None), 1, "item")  # fmt: skip
        chosen = list(
            IngestItem.objects.select_related("feed__source").order_by("pk")[: args.imports]
        )
        results, import_time = timed(
            f"{len(chosen)} imports, 1 process",
            lambda: inbox.import_items(chosen, user=None),
            len(chosen),
            "item",
        )
        imported = sum(r.status == ItemStatus.IMPORTED for r in results)
        print(
            f"  {imported} imported ({len(chosen) / import_time:.0f} items/s), "
            f"{len(chosen) - imported} not: "
            + "; ".join(r.line() for r in results if r.status != ItemStatus.IMPORTED)[:500]
        )
        print("  load average after the imports: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
        spread_time = None
        if args.processes > 1:
            spread_time = import_in_processes(args, chosen[-1].pk)
        httpd.shutdown()

        best = min(import_time, spread_time or import_time)
        ok = unchanged_time < 1.0 and best < 30.0 and imported == len(chosen)
        print(
            f"targets: unchanged poll < 1 s: {'met' if unchanged_time < 1.0 else 'MISSED'}; "
            f"{args.imports} imports < 30 s: 1 process "
            f"{'met' if import_time < 30.0 else 'MISSED'}"
            + (
                f", {args.processes} processes {'met' if spread_time < 30.0 else 'MISSED'}"
                if spread_time is not None
                else ""
            )
        )
        return 0 if ok or not defaults else 2


def import_in_processes(args: argparse.Namespace, after_pk: int) -> float | None:
    """The next ``args.imports`` items, imported by ``manage.py ingest`` processes started
    together (the wire's scale-out: each claims items the others have not), timed from
    their start, Django's start-up and model loading included, to the last one's end."""
    import subprocess

    from reprints.models import Feed, IngestItem, ItemStatus

    batch = list(
        IngestItem.objects.filter(pk__gt=after_pk, status=ItemStatus.NEW)
        .order_by("pk")
        .values_list("pk", "feed_id")[: args.imports]
    )
    feeds = {feed for _, feed in batch}
    # only these items wait on trusted feeds: the rest of those feeds' items are set aside
    IngestItem.objects.filter(feed__in=feeds, status=ItemStatus.NEW).exclude(
        pk__in=[pk for pk, _ in batch]
    ).update(status=ItemStatus.IGNORED)
    Feed.objects.filter(pk__in=feeds).update(auto_import=True)
    started = time.perf_counter()
    processes = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "ingest"],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(args.processes)
    ]
    shares = []
    for process in processes:
        out, err = process.communicate()
        if process.returncode:
            print(f"  an ingest process failed: {err[-500:]}")
            return None
        shares.append(out.count("imported: "))
    elapsed = time.perf_counter() - started
    print(
        f"{len(batch)} imports, {args.processes} ingest processes at once: {elapsed:.2f}s "
        f"(start-up included; shares {' + '.join(map(str, shares))})"
    )
    return elapsed


if __name__ == "__main__":
    sys.exit(main())
