"""A partner's web server, played by the test itself on 127.0.0.1.

Routes are set per test: a path answers with bytes (and a content type), honours
``If-None-Match`` / ``If-Modified-Since`` as a real server does, and can be slow, fail,
or redirect. Every request is counted, so a test can say what was fetched how often.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FEEDS = Path(__file__).parent / "feeds"


@dataclass
class Route:
    body: bytes = b""
    content_type: str = "application/rss+xml; charset=utf-8"
    status: int = 200
    etag: str = ""
    last_modified: str = ""
    delay: float = 0.0
    location: str = ""  # a redirect's target
    headers: dict[str, str] = field(default_factory=dict)


class WireServer:
    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.hits: Counter[str] = Counter()
        self.conditional_hits: Counter[str] = Counter()
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                path = self.path
                with server.lock:
                    server.hits[path] += 1
                    route = server.routes.get(path)
                if route is None:
                    return self.reply(404, b"not here", "text/plain")
                if route.delay:
                    time.sleep(route.delay)
                if route.location:
                    self.send_response(route.status or 302)
                    self.send_header("Location", route.location)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                if route.status == 200 and self.not_modified(route):
                    with server.lock:
                        server.conditional_hits[path] += 1
                    self.send_response(304)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return None
                extra = dict(route.headers)
                if route.etag:
                    extra["ETag"] = route.etag
                if route.last_modified:
                    extra["Last-Modified"] = route.last_modified
                return self.reply(route.status, route.body, route.content_type, extra)

            def not_modified(self, route: Route) -> bool:
                etag = self.headers.get("If-None-Match")
                since = self.headers.get("If-Modified-Since")
                if route.etag and etag:
                    return etag == route.etag
                return bool(route.last_modified and since == route.last_modified)

            def reply(self, status, body, content_type, extra=None):
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                for name, value in (extra or {}).items():
                    self.send_header(name, value)
                self.end_headers()
                # the client may have given up (a timeout or size test)
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                    self.wfile.write(body)
                return None

            def log_message(self, *args):
                pass

        class QuietServer(ThreadingHTTPServer):
            daemon_threads = True

            def handle_error(self, request, client_address):
                pass

        self.httpd = QuietServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(
            target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    def start(self) -> WireServer:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def url(self, path: str) -> str:
        return f"{self.base}{path}"

    def add(self, path: str, body: bytes | str = b"", **options) -> str:
        """Serve ``body`` at ``path``; return the full address."""
        if isinstance(body, str):
            body = body.encode()
        self.routes[path] = Route(body=body, **options)
        return self.url(path)

    def add_file(self, path: str, name: str, **options) -> str:
        content_type = "application/json" if name.endswith(".json") else "application/xml"
        options.setdefault("content_type", content_type)
        return self.add(path, (FEEDS / name).read_bytes(), **options)


def rss(items: list[dict], *, title: str = "Partner") -> str:
    """A small RSS 2.0 feed of ``items`` (title, link, guid, description, content, date)."""
    entries = []
    for item in items:
        parts = [f"<title>{item['title']}</title>"]
        if item.get("link"):
            parts.append(f"<link>{item['link']}</link>")
        if item.get("guid"):
            parts.append(f'<guid isPermaLink="false">{item["guid"]}</guid>')
        if item.get("description"):
            parts.append(f"<description>{item['description']}</description>")
        if item.get("content"):
            parts.append(f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>")
        parts.append(f"<pubDate>{item.get('date', 'Thu, 12 Sep 2024 08:00:00 GMT')}</pubDate>")
        entries.append(f"<item>{''.join(parts)}</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>{title}</title><link>https://partner.example/</link>"
        f"<description>d</description>{''.join(entries)}</channel></rss>"
    )


def article_page(title: str, *, source: str = "Partner Daily", paragraphs: int = 4) -> str:
    """A partner's article page, as the importer reads them (JSON-LD and an article)."""
    body = "".join(
        f"<p>Paragraph {n} of the story about {title.lower()}, with enough words in it to "
        f"read as prose, and a figure of {n * 120} tonnes that officials confirmed.</p>"
        for n in range(1, paragraphs + 1)
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title>"
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        f'"headline": "{title}", "datePublished": "2024-09-12T08:00:00Z", '
        f'"publisher": {{"name": "{source}"}}}}</script></head><body>'
        f"<article><h1>{title}</h1>{body}</article></body></html>"
    )


def make_feed(url: str, *, source=None, **fields):
    """A partner feed, due now, of ``source`` (a new outlet when none is given)."""
    from reprints.models import Feed

    from .factories import make_source

    return Feed.objects.create(source=source or make_source(), url=url, **fields)


def make_due(*feeds) -> None:
    from django.utils import timezone

    from reprints.models import Feed

    Feed.objects.filter(pk__in=[feed.pk for feed in feeds]).update(next_poll_at=timezone.now())
