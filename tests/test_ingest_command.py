"""``manage.py ingest`` as a process: ``--forever`` stops cleanly on SIGTERM, and two
processes at once never import an item twice.

These run the command in real processes against the test database (committed data,
hence ``transaction=True``), with feeds served by the test on 127.0.0.1; the processes,
and only they, may fetch from private addresses.
"""

from __future__ import annotations

import datetime
import os
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from reprints.models import Feed, ImportRecord, IngestItem, ItemStatus

from .wire_server import WireServer, article_page, make_feed, rss

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def wire():
    server = WireServer().start()
    yield server
    server.stop()


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = urllib.parse.quote(settings["USER"] or "")
    password = f":{urllib.parse.quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def start_ingest(*args: str, tmp_path: Path) -> subprocess.Popen:
    clean = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DEBUG"}}
    env = {
        **clean,
        "DATABASE_URL": database_url(),
        "SECRET_KEY": "ingest-test-" + "x" * 40,
        "IMPORT_ALLOW_PRIVATE_URLS": "true",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "CONN_MAX_AGE": "0",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    return subprocess.Popen(
        [sys.executable, "manage.py", "ingest", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(condition, *, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_sigterm_during_forever_finishes_the_feed_in_hand_and_starts_no_other(wire, tmp_path):
    first = make_feed(
        wire.add("/slow", rss([{"title": "A", "link": "https://p.example/a"}]), delay=1.5)
    )
    second = make_feed(wire.add("/next", rss([{"title": "B", "link": "https://p.example/b"}])))
    Feed.objects.filter(pk=first.pk).update(
        next_poll_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    process = start_ingest("--forever", tmp_path=tmp_path)
    try:
        wait_for(lambda: wire.hits["/slow"] == 1)  # the first feed's fetch has begun
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert "new: " in out
    assert "1 new of 1 item" in out
    assert out.rstrip().endswith("Stopped.")
    first.refresh_from_db()
    assert first.last_success_at is not None
    assert IngestItem.objects.filter(feed=first).count() == 1
    assert wire.hits["/next"] == 0  # nothing new was started
    second.refresh_from_db()
    assert second.last_fetched_at is None


def test_sigterm_while_forever_sleeps_stops_at_once(tmp_path):
    make_feed("https://p.example/feed", next_poll_at=timezone.now() + datetime.timedelta(hours=1))
    process = start_ingest("--forever", tmp_path=tmp_path)
    try:
        assert "Polling partner feeds until stopped" in process.stdout.readline()
        time.sleep(0.3)  # asleep: nothing is due for an hour
        sent = time.monotonic()
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=30)
        waited = time.monotonic() - sent
    finally:
        process.kill()
    assert process.returncode == 0, err
    assert out.strip() == "Stopped."
    assert waited < 5  # not the minute it meant to sleep


def test_two_processes_at_once_never_import_an_item_twice(wire, tmp_path):
    """Three trusted feeds whose stories overlap (80 stories, 120 items), polled and
    imported by two ``ingest`` processes started together. Each story must become one
    item, one article and one import record, and each page must be fetched once."""
    stories = 80
    for n in range(stories):
        wire.add(f"/story/{n}", article_page(f"Harbour story number {n}"),
                 content_type="text/html", delay=0.05)  # fmt: skip
    for k in range(3):
        items = [
            {
                "title": f"Harbour story number {n}",
                "link": wire.url(f"/story/{n}"),
                "guid": f"feed{k}-{n}",
            }
            for n in range(k * 20, k * 20 + 40)
        ]
        make_feed(wire.add(f"/feed/{k}", rss(items)), auto_import=True)
    processes = [start_ingest(tmp_path=tmp_path) for _ in range(2)]
    outputs = []
    for process in processes:
        out, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
        outputs.append(out)
    assert IngestItem.objects.count() == stories
    assert set(IngestItem.objects.values_list("status", flat=True)) == {ItemStatus.IMPORTED}
    assert Article.objects.count() == stories
    assert ImportRecord.objects.count() == stories
    assert len(set(Article.objects.values_list("original_url", flat=True))) == stories
    assert [wire.hits[f"/story/{n}"] for n in range(stories)] == [1] * stories
    assert [wire.hits[f"/feed/{k}"] for k in range(3)] == [1, 1, 1]  # each feed polled once
    imported = [out.count("imported: ") for out in outputs]
    assert sum(imported) == stories
    assert all(imported), f"both processes should have imported some: {imported}"
