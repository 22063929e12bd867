"""When two feed items are the same story: the keys the wire deduplicates on.

A story reaches the inbox once, whichever feed carries it first. Two keys decide, each
backed by a unique constraint so that two ``ingest`` processes cannot both insert it:

- the **link**, normalised: partners add tracking parameters, switch between http and
  https, add ``www.`` or a trailing slash, and send fragments, none of which makes
  another story;
- the **guid**: global when it is a URI (Atom ids, ``tag:``/``urn:`` ids, permalinks,
  ninjs ``uri``), since those name one story everywhere; scoped to its feed otherwise,
  because RSS guids such as "1234" are only unique within the feed that sent them.
"""

from __future__ import annotations

import hashlib
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

# Query parameters that say how a reader arrived, never which story it is.
TRACKING_PARAMETERS = frozenset(
    {"fbclid", "gclid", "dclid", "msclkid", "mc_cid", "mc_eid", "igshid", "ref", "ref_src"}
)
TRACKING_PREFIXES = ("utm_", "at_", "pk_", "mtm_")
# Identifiers that are unique worldwide by their very form (RFC 4151 tags, URNs, URLs).
GLOBAL_SCHEMES = frozenset({"http", "https", "tag", "urn"})
_URI = re.compile(r"^(?P<scheme>[a-z][a-z0-9+.-]*):\S", re.IGNORECASE)


def normalize_link(url: str) -> str:
    """The form of ``url`` that two feeds carrying the same story agree on ("" if none)."""
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return url
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return url
    host = parts.hostname.lower().removeprefix("www.")
    if port and port not in {80, 443}:
        host = f"{host}:{port}"
    path = re.sub(r"/{2,}", "/", parts.path or "/")
    if len(path) > 1:
        path = path.rstrip("/")
    query = sorted(
        (name, value)
        for name, value in parse_qsl(parts.query, keep_blank_values=True)
        if name.lower() not in TRACKING_PARAMETERS
        and not name.lower().startswith(TRACKING_PREFIXES)
    )
    # The scheme is left out: http and https addresses of one page are one story.
    return urlunsplit(("", host, path, urlencode(query), "")).removeprefix("//")


def link_key(url: str) -> str:
    """The unique key of a story's link, or "" when the item has none."""
    normalized = normalize_link(url) if url else ""
    return _digest(normalized) if normalized else ""


def guid_key(guid: str, *, feed_id: int) -> str:
    """The unique key of an item's guid: global for URIs, per feed for anything else."""
    guid = guid.strip()
    match = _URI.match(guid)
    scheme = match["scheme"].lower() if match else ""
    if scheme in {"http", "https"}:
        return _digest(f"link:{normalize_link(guid)}")
    if scheme in GLOBAL_SCHEMES:
        return _digest(guid)
    return _digest(f"feed:{feed_id}:{guid}")


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
