"""Fetching an original article: only public http(s) addresses, bounded in time and size.

The pages are served on 127.0.0.1 by the test itself; that address is only reachable with
``NEWSROOM_IMPORT_ALLOW_PRIVATE_URLS`` on, and the default refusing it is tested too.
"""

import io
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article
from reprints.fetch import FetchError, fetch, is_public
from reprints.models import PendingFigure

from ..factories import image_bytes

PAGE = (Path(__file__).parent.parent / "import_pages" / "jsonld-article.html").read_bytes()


class Handler(BaseHTTPRequestHandler):
    hits: list[str] = []
    photo: tuple[bytes, str] = (image_bytes("PNG", size=(48, 36)), "image/png")

    def do_GET(self):
        Handler.hits.append(self.path)
        if self.path == "/article":
            self.reply(200, PAGE, "text/html; charset=utf-8")
        elif self.path == "/moved":
            self.send_response(302)
            self.send_header("Location", "/article")
            self.end_headers()
        elif self.path == "/loop":
            self.send_response(301)
            self.send_header("Location", "/loop")
            self.end_headers()
        elif self.path == "/big":
            self.reply(200, b"<p>" + b"x" * 5000 + b"</p>", "text/html")
        elif self.path == "/big-unannounced":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.write(b"<p>" + b"x" * 5000 + b"</p>")
            self.close_connection = True
        elif self.path == "/slow":
            time.sleep(1.5)
            self.reply(200, PAGE, "text/html")
        elif self.path == "/picture":
            self.reply(200, b"\x89PNG....", "image/png")
        elif self.path == "/photos/plant.png":
            self.reply(200, *Handler.photo)
        else:
            self.reply(404, b"not here", "text/plain")

    def reply(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the client hanging up on an oversized page is the point of that test


@pytest.fixture
def server():
    httpd = QuietServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    Handler.hits = []
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()
    thread.join(timeout=5)


@pytest.fixture
def private_allowed(settings):
    settings.NEWSROOM_IMPORT_ALLOW_PRIVATE_URLS = True


def test_by_default_a_loopback_address_is_refused_before_any_request(server):
    with pytest.raises(FetchError, match=r"private or local address \(127\.0\.0\.1\); refused"):
        fetch(f"{server}/article")
    assert Handler.hits == []


def test_by_default_localhost_by_name_is_refused(server):
    port = server.rsplit(":", 1)[1]
    with pytest.raises(FetchError, match="private or local address"):
        fetch(f"http://localhost:{port}/article")
    assert Handler.hits == []


def test_every_address_of_a_host_is_checked(monkeypatch):
    def resolve(host, port, *args, **kwargs):
        return [
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
            (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.0.0.7", port)),
        ]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    with pytest.raises(FetchError, match=r"\(10\.0\.0\.7\); refused"):
        fetch("https://news.example.com/story")


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/a.txt", "javascript:alert(1)", "//x.org/"]
)
def test_only_http_and_https(url):
    with pytest.raises(FetchError, match="only http and https"):
        fetch(url)


@pytest.mark.parametrize(
    ("address", "public"),
    [
        ("8.8.8.8", True),
        ("2a00:1450:4001:80e::200e", True),
        ("127.0.0.1", False),
        ("10.1.2.3", False),
        ("172.16.0.1", False),
        ("192.168.1.1", False),
        ("169.254.169.254", False),  # cloud metadata
        ("100.64.0.1", False),  # carrier-grade NAT
        ("0.0.0.0", False),  # noqa: S104 - an address to refuse, not one to bind
        ("::1", False),
        ("fe80::1%eth0", False),
        ("fd00::1", False),
        ("::ffff:127.0.0.1", False),
        ("224.0.0.1", False),
    ],
)
def test_public_addresses(address, public):
    assert is_public(address) is public


@pytest.mark.usefixtures("private_allowed")
def test_with_the_setting_on_a_local_page_is_fetched(server):
    page = fetch(f"{server}/article")
    assert page.content == PAGE
    assert page.content_type == "text/html"
    assert page.charset == "utf-8"


@pytest.mark.usefixtures("private_allowed")
def test_redirects_are_followed_and_checked(server):
    page = fetch(f"{server}/moved")
    assert page.url == f"{server}/article"
    assert Handler.hits == ["/moved", "/article"]
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(f"{server}/loop")


@pytest.mark.usefixtures("private_allowed")
@pytest.mark.parametrize("path", ["/big", "/big-unannounced"])
def test_pages_over_the_size_limit_are_refused(server, settings, path):
    settings.NEWSROOM_IMPORT_MAX_BYTES = 1000
    with pytest.raises(FetchError, match="larger than the limit of 1,000 bytes"):
        fetch(f"{server}{path}")


@pytest.mark.usefixtures("private_allowed")
def test_a_slow_server_times_out(server):
    started = time.monotonic()
    with pytest.raises(FetchError, match="did not answer in time"):
        fetch(f"{server}/slow", timeout=0.3)
    assert time.monotonic() - started < 1.4


@pytest.mark.usefixtures("private_allowed")
def test_errors_and_non_pages_are_refused(server):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(f"{server}/missing")
    with pytest.raises(FetchError, match=r"not a web page \(image/png\)"):
        fetch(f"{server}/picture")


@pytest.mark.django_db
@pytest.mark.usefixtures("private_allowed")
def test_importing_an_original_articles_address(server):
    out = io.StringIO()
    call_command("import_articles", f"{server}/moved", stdout=out)
    article = Article.objects.get()
    assert article.title == "Solar farm opens in the Atacama"
    assert article.source.name == "Andes Tribune"
    # The page's canonical address, not the one we were given.
    assert article.original_url == "https://andes-tribune.example/2024/10/02/solar-farm-atacama"
    assert article.status == Article.Status.DRAFT
    assert "1 imported, 0 updated, 0 skipped, 0 failed." in out.getvalue()


@pytest.mark.django_db
def test_importing_a_local_address_fails_by_default(server):
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 of 1 pages failed"):
        call_command("import_articles", f"{server}/article", stdout=io.StringIO(), stderr=err)
    assert err.getvalue().strip() == (
        f"failed: {server}/article: 127.0.0.1 resolves to a private or local address "
        "(127.0.0.1); refused"
    )
    assert not Article.objects.exists()
    assert Handler.hits == []


# --- a page's photos, downloaded with it -------------------------------------------------------


@pytest.mark.django_db
def test_an_imported_address_brings_its_photos_with_caption_and_credit(server, private_allowed):
    call_command("import_articles", f"{server}/article", stdout=io.StringIO())
    article = Article.objects.get()
    [placement] = article.article_photos.select_related("photo")
    photo = placement.photo
    assert (photo.width, photo.height) == (48, 36)
    assert photo.caption == "The plant seen from the air."
    assert photo.credit == "Andes Tribune"
    assert photo.alt_text == "Rows of solar panels in the desert"
    assert not PendingFigure.objects.exists()
    assert "/photos/plant.png" in Handler.hits


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("payload", "content_type"),
    [
        (b"<html>not a picture</html>", "text/html"),  # the wrong kind of file
        (b"\x89PNG\r\n\x1a\n" + bytes(64), "image/png"),  # says PNG, is not one
    ],
)
def test_a_photo_that_is_not_one_waits_as_a_caption(server, private_allowed, payload, content_type):
    Handler.photo = (payload, content_type)
    try:
        call_command("import_articles", f"{server}/article", stdout=io.StringIO())
    finally:
        Handler.photo = (image_bytes("PNG", size=(48, 36)), "image/png")
    article = Article.objects.get()
    assert not article.article_photos.exists()
    assert PendingFigure.objects.get().caption == "The plant seen from the air."


@pytest.mark.django_db
def test_a_photo_over_the_size_limit_is_not_downloaded(server, private_allowed, settings):
    settings.NEWSROOM_PHOTO_MAX_BYTES = 100
    call_command("import_articles", f"{server}/article", stdout=io.StringIO())
    assert not Article.objects.get().article_photos.exists()
    assert PendingFigure.objects.count() == 1


@pytest.mark.django_db
def test_a_dry_run_downloads_no_photo(server, private_allowed):
    call_command("import_articles", f"{server}/article", "--dry-run", stdout=io.StringIO())
    assert "/photos/plant.png" not in Handler.hits


def test_retry_after_reads_seconds_and_http_dates_and_ignores_the_rest():
    import datetime

    from reprints.fetch import retry_after

    now = datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC)
    assert retry_after("120", now=now) == now + datetime.timedelta(seconds=120)
    assert retry_after("Sat, 01 Mar 2025 14:30:00 GMT", now=now) == now.replace(hour=14, minute=30)
    assert retry_after("Sat, 01 Mar 2025 08:00:00 GMT", now=now) == now  # past: now
    assert retry_after("", now=now) is None
    assert retry_after("soon", now=now) is None
    assert retry_after("-5", now=now) is None
