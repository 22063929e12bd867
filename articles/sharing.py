"""Share links without trackers: plain addresses, opened only when a reader follows one.

No network's script, button or pixel is loaded on our pages; each link carries the
article's address and headline to the network's own "share" page.
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import quote, urlencode


class ShareLink(NamedTuple):
    name: str  # the network, as readers know it
    label: str  # the link's accessible text
    url: str


def share_links(*, url: str, title: str) -> list[ShareLink]:
    """E-mail first (no account needed), then the big networks by their share URLs."""

    def query(**params: str) -> str:
        return urlencode(params, quote_via=quote)

    return [
        ShareLink("E-mail", "Share by e-mail", f"mailto:?{query(subject=title, body=url)}"),
        ShareLink(
            "Facebook",
            "Share on Facebook",
            f"https://www.facebook.com/sharer/sharer.php?{query(u=url)}",
        ),
        ShareLink("X", "Share on X", f"https://x.com/intent/tweet?{query(text=title, url=url)}"),
        ShareLink(
            "LinkedIn",
            "Share on LinkedIn",
            f"https://www.linkedin.com/sharing/share-offsite/?{query(url=url)}",
        ),
        ShareLink(
            "WhatsApp", "Share on WhatsApp", f"https://wa.me/?{query(text=f'{title} {url}')}"
        ),
        ShareLink(
            "Reddit",
            "Share on Reddit",
            f"https://www.reddit.com/submit?{query(url=url, title=title)}",
        ),
        ShareLink(
            "Telegram", "Share on Telegram", f"https://t.me/share/url?{query(url=url, text=title)}"
        ),
    ]
