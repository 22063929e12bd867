"""Two real app servers (gunicorn) share one database and one Redis: an edit made through
one is what the other serves, at once, even though both cache pages."""

from __future__ import annotations

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from articles.models import Article
from pages.models import SiteSettings

from .factories import make_article, make_section

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)
ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def database_url() -> str:
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = urllib.parse.quote(settings["USER"] or "")
    password = f":{urllib.parse.quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    host, port = settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{user}{password}@{host}:{port}/{settings['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def app_servers(tmp_path):
    try:
        redis.Redis.from_url(REDIS_URL).ping()
    except redis.RedisError as exc:
        pytest.fail(f"These tests need Redis at {REDIS_URL} ({exc}); `make test` starts it.")
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": REDIS_URL,
        "CACHE_KEY_PREFIX": f"newsroom-test-{uuid.uuid4().hex}",
        "PAGE_CACHE": "true",
        "DEBUG": "false",
        "SECRET_KEY": "scale-out-test-" + "x" * 40,
        "SITE_URL": "http://127.0.0.1",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_MANIFEST": "false",
        "MEDIA_ROOT": str(tmp_path),
        "CONN_MAX_AGE": "0",
    }
    servers, processes = [], []
    for _ in range(2):
        port = free_port()
        processes.append(
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "gunicorn",
                    "newsroom.wsgi",
                    "--bind",
                    f"127.0.0.1:{port}",
                    "--workers",
                    "1",
                    "--log-level",
                    "warning",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        )
        servers.append(f"http://127.0.0.1:{port}")
    try:
        for server, process in zip(servers, processes, strict=True):
            wait_until_up(server, process)
        yield servers
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
            process.stderr.close()


def wait_until_up(server: str, process: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"app server exited: {process.stderr.read().decode()[-2000:]}")
        try:
            with urllib.request.urlopen(f"{server}/robots.txt", timeout=2) as response:
                response.read()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"app server at {server} did not answer in {seconds}s")


class Browser:
    """A cookie-keeping HTTP client, enough to log into the admin and post a form."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str):
        with self.opener.open(url, timeout=10) as response:
            return response, response.read().decode()

    def post(self, url: str, data: dict, referer: str):
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True)
        request = urllib.request.Request(url, data=body.encode(), headers={"Referer": referer})
        with self.opener.open(request, timeout=10) as response:
            return response, response.read().decode()


def test_an_edit_through_one_app_server_is_served_by_the_other_at_once(
    app_servers, django_user_model
):
    server_a, server_b = app_servers
    chief = django_user_model.objects.create_superuser("chief", "chief@example.org")
    # Hashed the way the app servers check it (the test settings use a fast hasher).
    chief.password = PBKDF2PasswordHasher().encode("a-long-password-1", "scaleoutsalt")
    chief.save()
    SiteSettings.load()  # saved once, as on a running site
    older = make_article(title="An older story")
    section = make_section(name="Harbours", slug="harbours")
    neighbour = make_article(title="A harbour story", section=section)
    draft = make_article(title="Fresh from server A", status="draft", section=section)

    reader = Browser()
    for path in ("/", older.get_absolute_url(), neighbour.get_absolute_url()):
        reader.get(f"{server_b}{path}")
        response, page = reader.get(f"{server_b}{path}")
        assert response.headers["X-Page-Cache"] == "hit"  # B serves its cached copy
        assert "Fresh from server A" not in page

    editor = Browser()
    editor.get(f"{server_a}/admin/login/")
    editor.post(
        f"{server_a}/admin/login/?next=/admin/",
        {"username": "chief", "password": "a-long-password-1"},
        referer=f"{server_a}/admin/login/",
    )
    editor.get(f"{server_a}/admin/articles/article/")
    _, result = editor.post(
        f"{server_a}/admin/articles/article/",
        {"action": "publish_selected", "_selected_action": [draft.pk]},
        referer=f"{server_a}/admin/articles/article/",
    )
    assert re.search(r"Published 1 article", result)
    assert Article.objects.get(pk=draft.pk).is_published()

    response, page = reader.get(f"{server_b}/")
    assert response.headers["X-Page-Cache"] == "miss"
    assert "Fresh from server A" in page
    _, article_page = reader.get(f"{server_b}{Article.objects.get(pk=draft.pk).get_absolute_url()}")
    assert "Fresh from server A" in article_page
    # Only what shows the story was rebuilt: the section's other story now lists it as
    # related; an unrelated article's page is still served from the cache.
    response, page = reader.get(f"{server_b}{neighbour.get_absolute_url()}")
    assert response.headers["X-Page-Cache"] == "miss"
    assert "Fresh from server A" in page
    response, page = reader.get(f"{server_b}{older.get_absolute_url()}")
    assert response.headers["X-Page-Cache"] == "hit"
