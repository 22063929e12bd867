"""One allow-list for every piece of HTML the newsroom stores or renders.

News copy needs paragraphs, subheadings, emphasis, lists, quotes, links and the odd
table; nothing else survives. Photos are data (``Photo``), not ``<img>`` in the body.
"""

import nh3

ALLOWED_TAGS = frozenset(
    {
        "p", "br", "hr", "h2", "h3", "h4", "blockquote", "q", "cite", "ul", "ol", "li",
        "a", "strong", "b", "em", "i", "u", "s", "sub", "sup", "small", "abbr", "code",
        "pre", "time", "table", "caption", "thead", "tbody", "tr", "th", "td",
    }
)  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "abbr": {"title"},
    "blockquote": {"cite"},
    "q": {"cite"},
    "time": {"datetime"},
    "ol": {"start"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Content of these is dropped entirely, not kept as text.
DROPPED_WITH_CONTENT = frozenset({"script", "style", "template", "noscript", "iframe", "object"})


def clean_html(html: str) -> str:
    """Return ``html`` reduced to the allow-list; safe to mark safe and idempotent."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()
