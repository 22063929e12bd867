"""Fetch an original article by its URL, safely.

Whoever may import may make this server fetch an address, so the address is checked
before any connection: http or https only, and every address its host name resolves to
must be public (no loopback, private, link-local or reserved ranges) unless
``NEWSROOM_IMPORT_ALLOW_PRIVATE_URLS`` is on. The connection then goes to the very
address that was checked, so a second DNS answer cannot swap in an internal one, and
each redirect is checked the same way. Downloads stop at a size limit and a deadline.
The wire (``reprints.ingest``) polls partners' feeds through the same door, adding
conditional-GET headers: a 304 comes back as a ``Fetched`` with ``status`` 304 and no body;
a busy server's 429 or 503 raises ``RetryLater`` with the time its ``Retry-After`` gave,
and ``Fetched.moved_to`` tells where an address moved for good (301 and 308 redirects).
"""

from __future__ import annotations

import datetime
import http.client
import ipaddress
import socket
import ssl
import time
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import Message
from email.utils import parsedate_to_datetime
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils import timezone

MAX_REDIRECTS = 5
CHUNK = 64 * 1024
USER_AGENT = "NewsroomImporter/1.0 (+reprint import)"
ACCEPTED_TYPES = ("text/html", "application/xhtml+xml", "text/plain")
IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
# What partners' servers send feeds as; HTML too, so a page where a feed should be is
# reported by the feed reader as "not a feed" rather than as a bare content type.
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
    "application/feed+json",
    "application/json",
    "application/ld+json",
    "text/plain",
    "text/html",
    "application/octet-stream",
)


PERMANENT_REDIRECTS = frozenset({301, 308})
BUSY_STATUSES = frozenset({429, 503})  # "too many requests", "unavailable": come back later


class FetchError(Exception):
    """The page could not be fetched; the message says why."""


class RetryLater(FetchError):
    """The server is busy (HTTP 429 or 503); ``retry_at`` is when its ``Retry-After``
    said to come back, or None when it did not say."""

    def __init__(self, message: str, retry_at: datetime.datetime | None = None):
        super().__init__(message)
        self.retry_at = retry_at


@dataclass(frozen=True)
class Fetched:
    url: str  # after redirects
    content: bytes
    content_type: str
    charset: str
    status: int = 200  # 304: not modified since the validators sent (content is empty)
    etag: str = ""
    last_modified: str = ""
    # Where the address asked for has moved for good: the end of the redirects that were
    # all permanent (301, 308) from the first one on; "" when there was none.
    moved_to: str = ""


def fetch(
    url: str,
    *,
    timeout: float | None = None,
    max_bytes: int | None = None,
    allow_private: bool | None = None,
    accepted_types: tuple[str, ...] = ACCEPTED_TYPES,
    headers: Mapping[str, str] | None = None,
) -> Fetched:
    """GET ``url`` and return its body; raises ``FetchError`` for anything unsafe or broken.

    ``accepted_types``: the content types that may come back (web pages by default; the
    importer asks for ``IMAGE_TYPES`` when it downloads a page's photos). ``headers``:
    extra request headers, e.g. ``If-None-Match`` / ``If-Modified-Since``; when one of
    those is sent, a 304 answer is returned (``status`` 304) instead of refused.
    """
    timeout = settings.NEWSROOM_IMPORT_FETCH_TIMEOUT if timeout is None else timeout
    max_bytes = settings.NEWSROOM_IMPORT_MAX_BYTES if max_bytes is None else max_bytes
    if allow_private is None:
        allow_private = settings.NEWSROOM_IMPORT_ALLOW_PRIVATE_URLS
    deadline = time.monotonic() + timeout
    conditional = bool(headers) and any(
        name.lower() in {"if-none-match", "if-modified-since"} for name in headers
    )
    moved_to = ""
    permanent = True  # every redirect so far was permanent
    for _ in range(MAX_REDIRECTS + 1):
        connection, response = _request(
            url,
            deadline=deadline,
            allow_private=allow_private,
            accept=", ".join(accepted_types),
            headers=headers,
        )
        try:
            if response.status in {301, 302, 303, 307, 308}:
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"redirect without a Location (HTTP {response.status})")
                url = urljoin(url, location)
                permanent = permanent and response.status in PERMANENT_REDIRECTS
                if permanent:
                    moved_to = url
                continue
            if response.status == 304 and conditional:
                return Fetched(
                    url=url,
                    content=b"",
                    content_type="",
                    charset="",
                    status=304,
                    etag=response.getheader("ETag", ""),
                    last_modified=response.getheader("Last-Modified", ""),
                    moved_to=moved_to,
                )
            if response.status != 200:
                message = f"the server answered HTTP {response.status} {response.reason}"
                if response.status in BUSY_STATUSES:
                    raise RetryLater(message, retry_after(response.getheader("Retry-After", "")))
                raise FetchError(message)
            content_type, charset = _content_type(response.getheader("Content-Type", ""))
            if content_type and content_type not in accepted_types:
                wanted = {IMAGE_TYPES: "an image", FEED_TYPES: "a feed"}.get(
                    accepted_types, "a web page"
                )
                raise FetchError(f"not {wanted} ({content_type})")
            content = _read(connection, response, max_bytes=max_bytes, deadline=deadline)
            return Fetched(
                url=url,
                content=content,
                content_type=content_type,
                charset=charset,
                etag=response.getheader("ETag", ""),
                last_modified=response.getheader("Last-Modified", ""),
                moved_to=moved_to,
            )
        finally:
            connection.close()
    raise FetchError(f"more than {MAX_REDIRECTS} redirects")


def retry_after(value: str, *, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """When a ``Retry-After`` header says to come back (seconds, or an HTTP date), or
    None when it says nothing usable."""
    value = (value or "").strip()
    now = now or timezone.now()
    if value.isdigit():
        return now + datetime.timedelta(seconds=min(int(value), 10**8))
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if timezone.is_naive(when):
        when = when.replace(tzinfo=datetime.UTC)
    return max(when, now)


def check_url(url: str, *, allow_private: bool) -> tuple[str, int, str]:
    """The host, port and the checked IP address to connect to for ``url``."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        raise FetchError("only http and https addresses can be imported")
    if not parts.hostname:
        raise FetchError("the address has no host name")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError as exc:
        raise FetchError("the address has an invalid port") from exc
    try:
        infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {parts.hostname}") from exc
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchError(f"cannot resolve {parts.hostname}")
    if not allow_private:
        for address in addresses:
            if not is_public(address):
                raise FetchError(
                    f"{parts.hostname} resolves to a private or local address ({address}); refused"
                )
    return parts.hostname, port, addresses[0]


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return ip.is_global and not (ip.is_multicast or ip.is_reserved or ip.is_unspecified)


def _request(
    url: str,
    *,
    deadline: float,
    allow_private: bool,
    accept: str,
    headers: Mapping[str, str] | None = None,
):
    host, port, address = check_url(url, allow_private=allow_private)
    parts = urlsplit(url)
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            host, port, timeout=_remaining(deadline), context=ssl.create_default_context()
        )
    else:
        connection = http.client.HTTPConnection(host, port, timeout=_remaining(deadline))

    # Connect to the address that was checked, not to a fresh lookup of the name; TLS
    # still verifies the certificate against the host name.
    def connect_checked(_address, timeout, source_address=None):
        return socket.create_connection((address, port), timeout, source_address)

    connection._create_connection = connect_checked
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    try:
        connection.request(
            "GET",
            path,
            headers={"User-Agent": USER_AGENT, "Accept": accept, **(headers or {})},
        )
        return connection, connection.getresponse()
    except TimeoutError as exc:
        connection.close()
        raise FetchError(_too_slow()) from exc
    except (OSError, http.client.HTTPException) as exc:
        connection.close()
        raise FetchError(f"cannot fetch {host}: {exc}") from exc


def _read(
    connection: http.client.HTTPConnection,
    response: http.client.HTTPResponse,
    *,
    max_bytes: int,
    deadline: float,
) -> bytes:
    length = response.getheader("Content-Length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise FetchError(f"the page is larger than the limit of {max_bytes:,} bytes")
    chunks: list[bytes] = []
    size = 0
    try:
        while True:
            if connection.sock is not None:
                connection.sock.settimeout(_remaining(deadline))  # the whole download
            chunk = response.read(CHUNK)
            if not chunk:
                break
            size += len(chunk)
            if size > max_bytes:
                raise FetchError(f"the page is larger than the limit of {max_bytes:,} bytes")
            chunks.append(chunk)
    except TimeoutError as exc:
        raise FetchError(_too_slow()) from exc
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError(f"the download broke off: {exc}") from exc
    return b"".join(chunks)


def _remaining(deadline: float) -> float:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise FetchError(_too_slow())
    return remaining


def _too_slow() -> str:
    return "the server did not answer in time"


def _content_type(header: str) -> tuple[str, str]:
    message = Message()
    message["Content-Type"] = header or "application/octet-stream"
    return message.get_content_type() if header else "", message.get_param("charset") or ""
