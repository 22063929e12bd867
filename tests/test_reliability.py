"""Graceful failure: no database answers 503, no Redis is a slower page, never an error;
our own 400/403/404/500 pages; one structured log line per record, with request ids."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import Client

import caching.backend
from newsroom.logfmt import LogfmtFormatter, RequestIdFilter

from .factories import make_article

ROOT = Path(__file__).resolve().parent.parent

# Runs in a fresh process with production settings (DEBUG off) and DATABASE_URL pointing
# where no database is; prints, per request, what came back and what was logged.
DOWN_SCRIPT = textwrap.dedent(
    """
    import io, json, logging, sys
    from django.conf import settings
    # Only the test's shortcut: serve static names unhashed (no collectstatic here).
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
    import django
    django.setup()
    from django.test import Client
    client = Client(raise_request_exception=False, HTTP_HOST="news.example.org")
    results = []
    for method, path, data in json.loads(sys.argv[1]):
        request_id = "probe-" + str(len(results))
        response = getattr(client, method)(path, data, headers={"X-Request-ID": request_id})
        results.append({
            "path": path, "status": response.status_code,
            "retry_after": response.get("Retry-After"), "request_id": response.get("X-Request-ID"),
            "body": response.content.decode(errors="replace"),
        })
    print("RESULTS " + json.dumps(results))
    """
)

PROBES = [
    ("get", "/", {}),
    ("get", "/2024/09/13/some-story/", {}),
    ("get", "/section/world/", {}),
    ("get", "/search/", {"q": "ports"}),
    ("get", "/feed/", {}),
    ("get", "/sitemap.xml", {}),
    ("get", "/no-such-page/", {}),
    ("post", "/contact/", {"name": "A", "email": "a@example.org", "subject": "S", "message": "M"}),
    ("post", "/admin/login/", {"username": "editor", "password": "secret"}),
]


def run_with_database(url: str) -> tuple[list[dict], str]:
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "REDIS_URL"}},
        "DATABASE_URL": url,
        "SECRET_KEY": "x" * 50,
        "SITE_URL": "http://news.example.org",
        "DATABASE_CONNECT_TIMEOUT": "2",
    }
    result = subprocess.run(
        [sys.executable, "-c", DOWN_SCRIPT, json.dumps(PROBES)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    results = json.loads(next(line for line in lines if line.startswith("RESULTS "))[8:])
    return results, result.stderr  # the log


@pytest.mark.parametrize(
    "database_url",
    [
        "postgres://newsroom@127.0.0.1:1/newsroom",  # PostgreSQL: nothing listens there
        "sqlite:////nonexistent-directory/newsroom.sqlite3",  # SQLite: cannot be opened
    ],
    ids=["postgresql-closed-port", "sqlite-missing"],
)
def test_without_a_database_every_page_is_a_short_503_with_retry_after(database_url):
    results, log = run_with_database(database_url)
    for index, result in enumerate(results):
        assert result["status"] == 503, result
        assert result["retry_after"] == "30"
        assert "Temporarily unavailable" in result["body"]
        assert "Traceback" not in result["body"]
        assert len(result["body"]) < 2000
        assert result["request_id"] == f"probe-{index}"
    # The outage is in the log, one line per request, findable by request id.
    for index in range(len(results)):
        mine = [line for line in log.splitlines() if f"request_id=probe-{index} " in line]
        assert any(
            "level=ERROR logger=newsroom.errors request_id=probe-" in line
            and 'msg="database unavailable" error="OperationalError' in line
            for line in mine
        ), mine
        assert any("status=503" in line for line in mine), mine


def test_pages_that_need_no_database_still_work_without_one():
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DEBUG", "REDIS_URL"}},
        "DATABASE_URL": "postgres://newsroom@127.0.0.1:1/newsroom",
        "SECRET_KEY": "x" * 50,
        "SITE_URL": "http://news.example.org",
    }
    result = subprocess.run(
        [sys.executable, "-c", DOWN_SCRIPT, json.dumps([["get", "/robots.txt", {}]])],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    line = next(line for line in result.stdout.splitlines() if line.startswith("RESULTS "))
    assert json.loads(line[8:])[0]["status"] == 200


@pytest.mark.django_db
class TestInProcess:
    def test_a_database_error_in_a_view_is_a_503(self, monkeypatch):
        def down(*args, **kwargs):
            raise OperationalError("server closed the connection unexpectedly")

        monkeypatch.setattr("articles.views.NewestView.get_queryset", down)
        response = Client(raise_request_exception=False).get("/")
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert "no-cache" in response["Cache-Control"]
        assert "Temporarily unavailable" in response.content.decode()

    def test_any_other_error_is_our_500_page(self, monkeypatch):
        def broken(*args, **kwargs):
            raise RuntimeError("a bug")

        monkeypatch.setattr("articles.views.NewestView.get_queryset", broken)
        response = Client(raise_request_exception=False).get("/")
        assert response.status_code == 500
        assert "Something went wrong" in response.content.decode()

    def test_a_bad_host_gets_our_400_page(self, client):
        response = client.get("/", HTTP_HOST="evil.example")
        assert response.status_code == 400
        assert "Bad request" in response.content.decode()

    def test_a_forbidden_admin_page_gets_our_403_page(self, editor_client):
        response = editor_client.get("/admin/axes/accessattempt/")
        assert response.status_code == 403
        assert "Not allowed" in response.content.decode()

    def test_an_unknown_address_gets_our_404_page(self, client):
        response = client.get("/no-such-page/")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


# --- Redis --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_without_redis_pages_are_served_and_one_warning_is_logged(client, redis_down, caplog):
    article = make_article(tags=["Ports"])
    with caplog.at_level(logging.WARNING, logger="newsroom.cache"):
        for path in ("/", article.get_absolute_url(), "/tag/ports/", "/feed/", "/sitemap/"):
            assert client.get(path).status_code == 200
    warnings = [r for r in caplog.records if r.name == "newsroom.cache"]
    assert len(warnings) == 1  # then left alone for RETRY_AFTER seconds, not retried per lookup
    assert warnings[0].levelname == "WARNING"
    assert "ConnectionError" in warnings[0].error


def test_an_unreachable_redis_behaves_like_an_empty_cache(redis_down):
    from django.core.cache import cache

    assert cache.get("k") is None
    assert cache.get("k", "fallback") == "fallback"
    assert cache.get_or_set("k", lambda: 42) == 42
    assert cache.set("k", 1) is None
    assert cache.add("k", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("k") is False
    assert cache.delete("k") is False
    assert cache.touch("k") is False
    assert cache.set_many({"a": 1}) == ["a"]
    assert cache.delete_many(["a"]) is None
    assert cache.clear() is False
    with pytest.raises(ValueError, match="not found"):
        cache.incr("k")


def test_redis_is_tried_again_after_the_pause(redis_down, monkeypatch, caplog):
    from django.core.cache import cache

    now = [1000.0]
    monkeypatch.setattr(caching.backend.time, "monotonic", lambda: now[0])
    with caplog.at_level(logging.WARNING, logger="newsroom.cache"):
        cache.get("k")
        now[0] += 29
        cache.get("k")
        assert len(caplog.records) == 1
        now[0] += 2
        cache.get("k")
        assert len(caplog.records) == 2


# --- logs ---------------------------------------------------------------------------------


def format_record(message: str, *args, exc_info=None, **extra) -> str:
    record = logging.LogRecord("newsroom.test", logging.WARNING, __file__, 1, message, args, None)
    record.exc_info = exc_info
    record.__dict__.update(extra)
    RequestIdFilter().filter(record)
    return LogfmtFormatter().format(record)


def test_log_lines_are_key_value_pairs_on_one_line():
    try:
        raise ValueError("bad\nvalue")
    except ValueError:
        line = format_record('said "%s"', "hello world", exc_info=sys.exc_info(), status=503)
    assert "\n" not in line
    assert line.startswith("time=")
    assert " level=WARNING logger=newsroom.test request_id=- " in line
    assert 'msg="said \\"hello world\\""' in line
    assert " status=503" in line
    assert 'exc="Traceback' in line
    assert re.search(r"time=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z ", line)


@pytest.mark.django_db
class TestRequestIds:
    def test_each_response_carries_a_new_id(self, client):
        first = client.get("/")["X-Request-ID"]
        second = client.get("/")["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", first)
        assert first != second

    def test_an_incoming_id_is_kept(self, client):
        response = client.get("/", headers={"X-Request-ID": "lb-7f3a.42"})
        assert response["X-Request-ID"] == "lb-7f3a.42"

    @pytest.mark.parametrize("bad", ["has space", "x" * 200, "new\nline", "<script>", ""])
    def test_an_unusable_incoming_id_is_replaced(self, client, bad):
        response = client.get("/", headers={"X-Request-ID": bad})
        assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-ID"])

    def test_every_line_a_request_logs_carries_its_id(self, monkeypatch):
        def broken(*args, **kwargs):
            raise RuntimeError("a bug\nover two lines")

        # The handler LOGGING configured (stderr, logfmt, request ids), writing to a buffer.
        (handler,) = [
            h for h in logging.getLogger().handlers if isinstance(h.formatter, LogfmtFormatter)
        ]
        buffer = io.StringIO()
        stderr = handler.setStream(buffer)
        try:
            monkeypatch.setattr("articles.views.NewestView.get_queryset", broken)
            Client(raise_request_exception=False).get("/", headers={"X-Request-ID": "trace-123"})
        finally:
            handler.setStream(stderr)
        lines = [line for line in buffer.getvalue().splitlines() if line.strip()]
        assert lines
        assert all("request_id=trace-123" in line for line in lines), lines
        assert any(
            "level=ERROR logger=django.request" in line and "RuntimeError" in line for line in lines
        ), lines
        assert any("logger=newsroom.request" in line and "status=500" in line for line in lines)
        assert all(line.startswith("time=") for line in lines)
