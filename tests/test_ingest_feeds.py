"""Reading partners' feeds (``reprints.feeds``) and knowing one story twice (``reprints.identity``).

The fixtures in ``tests/feeds/`` are one or two per kind, in six languages and three
encodings, with their elements in different orders; the rules are the same for all.
"""

from __future__ import annotations

import datetime
import json

import pytest

from reprints.feeds import FeedError, FeedFormat, is_full_text, parse_feed, text_as_html
from reprints.identity import guid_key, link_key, normalize_link

from .wire_server import FEEDS, rss

UTC = datetime.UTC


def read(name: str, **kwargs):
    return parse_feed((FEEDS / name).read_bytes(), **kwargs)


def at(*args, offset_hours: float = 0) -> datetime.datetime:
    return datetime.datetime(
        *args, tzinfo=datetime.timezone(datetime.timedelta(hours=offset_hours))
    )


# (fixture, format, feed title, [(guid, link, title, author, published, language, full text)])
EXPECTED = [
    (
        "rss2-en.xml",
        FeedFormat.RSS,
        "Andes Tribune — World",
        [
            (
                "48213",
                "https://andes-tribune.example/2024/09/12/solar-farm?utm_source=rss&utm_medium=feed",
                "Solar farm opens in the Atacama desert",
                "Ana Pérez",
                at(2024, 9, 12, 8, 30, offset_hours=-3),
                "en-us",
                True,
            ),
            (
                "https://andes-tribune.example/2024/09/11/port-record",
                "https://andes-tribune.example/2024/09/11/port-record",  # a permalink guid
                "Port authority reports record traffic",
                "",
                at(2024, 9, 11, 17, 5),
                "en-us",
                False,
            ),
            (
                "https://andes-tribune.example/2024/09/10/rail-link/",  # no guid: the link
                "https://andes-tribune.example/2024/09/10/rail-link/",
                "Rail link to the coast delayed again",
                "",
                at(2024, 9, 10, 6, 0),
                "en-us",
                False,  # a description is never the full text, however much markup it has
            ),
        ],
    ),
    (
        "rss2-es-latin1.xml",
        FeedFormat.RSS,
        "Diario del Sur",
        [
            (
                "https://diariodelsur.example/economia/pesca-record",
                "https://diariodelsur.example/economia/pesca-record",
                "Los pescadores celebran una temporada récord",
                "",
                at(2024, 9, 2, 10, 0, offset_hours=-5),
                "es",
                False,
            ),
            (
                "ds-2024-0907",
                "http://www.diariodelsur.example/economia/muelle-buenaventura/#comentarios",
                "El puerto de Buenaventura amplía su muelle",
                "",
                at(2024, 9, 7, 9, 15, offset_hours=-5),
                "es",
                False,
            ),
        ],
    ),
    (
        "rss2-zh-gb18030.xml",
        FeedFormat.RSS,
        "科技日报",
        [
            (
                "stdaily-20240912-001",
                "https://stdaily.example/2024/0912/deep-sea.html",
                "中国科学家在深海发现新物种",
                "王明",  # from "editor@stdaily.example (王明)"
                at(2024, 9, 12, 9, 0, offset_hours=8),
                "zh-cn",
                True,
            ),
            (
                "https://stdaily.example/2024/0911/rail.html",
                "https://stdaily.example/2024/0911/rail.html",
                "北京至雄安高铁客流创新高",
                "",
                at(2024, 9, 11, 20, 30, offset_hours=8),
                "zh-cn",
                False,
            ),
        ],
    ),
    (
        "rss1-fr.rdf",
        FeedFormat.RDF,
        "Le Courrier alpin",
        [
            (
                "https://courrier-alpin.example/2025/03/12/glacier",  # rdf:about
                "https://courrier-alpin.example/2025/03/12/glacier",
                "Le glacier d’Argentière a perdu 40 mètres en un an",
                "Claire Dubois",
                at(2025, 3, 12, 7, 45, offset_hours=1),  # dc:date
                "fr",
                True,
            ),
            (
                "https://courrier-alpin.example/2025/03/11/refuge",
                "https://courrier-alpin.example/2025/03/11/refuge",
                "Un refuge rouvre après deux ans de travaux",
                "",
                at(2025, 3, 11, 18, 0, offset_hours=1),
                "fr",
                False,
            ),
        ],
    ),
    (
        "atom-pt.xml",
        FeedFormat.ATOM,
        "Gazeta do Litoral",
        [
            (
                "tag:gazeta-litoral.example,2024:materia-9911",
                "https://gazeta-litoral.example/2024/10/02/porto-de-santos",  # xml:base
                "Porto de Santos bate recorde de exportações",  # type="html": tags dropped
                "João Silva",
                at(2024, 10, 2, 8, 30, offset_hours=-3),  # published, not updated
                "pt-BR",
                True,
            ),
            (
                "tag:gazeta-litoral.example,2024:materia-9907",
                "https://gazeta-litoral.example/2024/10/01/ciclovia",
                "Prefeitura anuncia nova ciclovia na orla",
                "",
                at(2024, 10, 1, 15, 20),  # only updated
                "pt-BR",
                False,  # one short paragraph of content is a teaser
            ),
        ],
    ),
    (
        "jsonfeed-en.json",
        FeedFormat.JSON_FEED,
        "Pacific Wire",
        [
            (
                "20240913001",  # a number in the wild, kept as text
                "https://pacific-wire.example/2024/09/13/typhoon-warning",
                "Typhoon warning issued for the Ryukyu islands",
                "Kenji Sato",
                at(2024, 9, 13, 10, 15, offset_hours=9),
                "en",
                True,
            ),
            (
                "20240912-17",
                "https://partner.example/fisheries-deal",  # external_url when no url
                "Fisheries ministers agreed on new quotas for skipjack tuna after two days "
                "of talks.",  # no title: the text's beginning
                "Pacific Wire staff",  # the feed's authors
                at(2024, 9, 12, 18, 0),
                "en",
                False,
            ),
        ],
    ),
    (
        "jsonfeed-zh.json",
        FeedFormat.JSON_FEED,
        "港口日报",
        [
            (
                "https://gangkou.example/news/2025/03/02/container",
                "https://gangkou.example/news/2025/03/02/container",
                "宁波舟山港集装箱吞吐量同比增长",
                "港口日报编辑部",  # JSON Feed 1.0's single author
                at(2025, 3, 2, 8, 0, offset_hours=8),
                "zh",
                True,  # content_text in three paragraphs
            ),
        ],
    ),
    (
        "ninjs2-de.json",
        FeedFormat.NINJS,
        "",
        [
            (
                "urn:newsml:dpa.example:20250310:250310-99-100",
                "https://dpa.example/hafen/kran-hamburg.html",  # the HTML rendition
                "Hamburg baut den größten Hafenkran Europas",  # the "main" headline
                "Von Christian Hollmann, dpa",
                at(2025, 3, 10, 6, 30, offset_hours=1),
                "de",
                True,
            ),
            # the picture, the cancelled item and the embargoed one are left out
        ],
    ),
    (
        "ninjs2-no.json",
        FeedFormat.NINJS,
        "",
        [
            (
                "urn:8d19cf88-b3ab-4972-8fec-1207599f2872",
                "",  # a URN is no web page
                "Google har kjøpt giganttomt i Skien",
                "NTB",
                at(2019, 8, 9, 9, 30, 4),
                "nb-NO",
                False,  # descriptions only
            ),
        ],
    ),
    (
        "ninjs-items-es.json",
        FeedFormat.NINJS,
        "Agencia Andina — servicio ninjs",
        [
            (
                "https://agencia-andina.example/noticia/lima-metro-linea-2",
                "https://agencia-andina.example/noticia/lima-metro-linea-2",
                "Lima inaugura el primer tramo de la Línea 2 del metro",  # ninjs 1.x fields
                "Redacción Andina",
                at(2024, 11, 4, 14, 0, offset_hours=-5),
                "es",
                False,  # representationtype "partial"
            ),
        ],
    ),
]


@pytest.mark.parametrize(("name", "kind", "title", "items"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_every_kind_of_feed_reads_the_same_way(name, kind, title, items):
    feed = read(name)
    assert (feed.format, feed.title, feed.warning) == (kind, title, "")
    got = [
        (i.guid, i.link, i.title, i.author, i.published, i.language, bool(i.content))
        for i in feed.items
    ]
    assert got == items
    for item in feed.items:
        assert item.summary
        assert "<" not in item.summary
        assert item.published.tzinfo is not None


def test_the_kind_is_found_by_reading_not_by_the_content_type_the_server_sends():
    for name, kind, *_ in EXPECTED:
        assert read(name, content_type="text/html").format == kind
        assert read(name, content_type="application/octet-stream").format == kind


def test_the_http_charset_decides_when_the_document_does_not_say():
    document = rss([{"title": "Café crème", "link": "https://p.example/1"}])
    latin = document.replace('encoding="utf-8"', "").encode("iso-8859-1")
    feed = parse_feed(latin, content_type="application/rss+xml", charset="iso-8859-1")
    assert feed.items[0].title == "Café crème"


def test_full_text_keeps_its_markup_and_html_entities_in_titles_are_decoded():
    feed = read("atom-pt.xml")
    assert feed.items[0].content.count("<p>") == 3
    assert "exportações" in feed.items[0].title
    assert read("rss1-fr.rdf").items[0].title.startswith("Le glacier d’Argentière")
    zh = read("jsonfeed-zh.json").items[0].content
    assert zh.count("<p>") == 3  # content_text, paragraph by paragraph


def test_the_ninjs_html_body_is_preferred_to_its_plain_text():
    body = read("ninjs2-de.json").items[0].content
    assert body.startswith('<section class="main"><p>HAMBURG (dpa)')


@pytest.mark.parametrize(
    "document",
    [
        {"uri": "urn:x:1", "headlines": [{"value": "Eins"}]},  # one item
        [{"uri": "urn:x:1", "headlines": [{"value": "Eins"}]}],  # a list
        {"items": [{"uri": "urn:x:1", "headlines": [{"value": "Eins"}]}]},  # a wrapper
        {"standard": {"name": "ninjs"}, "uri": "urn:x:1", "headline": "Eins"},  # ninjs 1.x
    ],
)
def test_ninjs_arrives_as_one_item_a_list_or_a_wrapper(document):
    feed = parse_feed(json.dumps(document).encode())
    assert feed.format == FeedFormat.NINJS
    assert [(i.guid, i.title) for i in feed.items] == [("urn:x:1", "Eins")]


def test_items_come_in_the_documents_order_whichever_it_is():
    oldest_first = rss(
        [
            {
                "title": "Old",
                "link": "https://p.example/old",
                "date": "Mon, 02 Sep 2024 08:00:00 GMT",
            },
            {
                "title": "New",
                "link": "https://p.example/new",
                "date": "Tue, 03 Sep 2024 08:00:00 GMT",
            },
        ]
    )
    assert [i.title for i in parse_feed(oldest_first.encode()).items] == ["Old", "New"]


def test_items_with_nothing_to_know_them_by_are_left_out():
    document = (
        rss([{"title": "No link, no guid"}, {"title": "Kept", "guid": "k-1"}])
        .replace("<pubDate>", "<x>")
        .replace("</pubDate>", "</x>")
    )
    feed = parse_feed(document.encode())
    assert [(i.guid, i.link, i.published) for i in feed.items] == [("k-1", "", None)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "the feed is empty"),
        (b"<html><body><p>Our news</p></body></html>", "not a feed"),
        (b"\x89PNG\r\n\x1a\n....", "not a feed"),
        (b'<rss version="2.0"><channel><title>T</title><item><title>Cut', "the feed is cut off"),
        (b"{not json", "malformed JSON"),
        (b'{"title": "no items"}', "neither a JSON Feed nor ninjs"),
        (b'{"version": "https://jsonfeed.org/version/1.1", "items": 3}', "no list of items"),
    ],
)
def test_what_is_not_a_feed_is_a_clear_error(data, message):
    with pytest.raises(FeedError, match=message):
        parse_feed(data)


def test_a_feed_with_an_undefined_entity_is_read_with_a_warning():
    """Common in the wild (``&nbsp;`` in RSS): feedparser's lenient reading recovers it."""
    document = rss([{"title": "Ports &nbsp; grow", "link": "https://p.example/1"}])
    feed = parse_feed(document.encode())
    assert [i.title for i in feed.items] == ["Ports grow"]
    assert feed.warning.startswith("read despite malformed XML (line")


@pytest.mark.parametrize(
    ("content", "summary", "full"),
    [
        ("<p>One.</p><p>Two.</p>", "", True),  # two paragraphs
        ("x " * 300, "", True),  # long
        ("<p>Just a teaser.</p>", "", False),
        ("<p>The summary again.</p><p>More.</p>", "The summary again. More.", False),
        ("", "Anything", False),
        ("<p>" + "长" * 520 + "</p>", "短", True),  # characters, not words: Chinese too
    ],
)
def test_what_counts_as_the_full_text(content, summary, full):
    assert is_full_text(content, summary) is full


def test_plain_text_becomes_paragraphs_and_is_escaped():
    assert text_as_html("One <b>\n\nTwo") == "<p>One &lt;b&gt;</p><p>Two</p>"
    assert text_as_html("Line one\nLine two") == "<p>Line one</p><p>Line two</p>"


# --- one story, two feeds -------------------------------------------------------------------


@pytest.mark.parametrize(
    "variant",
    [
        "https://news.example/2024/story",
        "http://news.example/2024/story",
        "https://www.news.example/2024/story/",
        "https://NEWS.example:443/2024//story#comments",
        "https://news.example/2024/story?utm_source=rss&utm_medium=feed",
        "https://news.example/2024/story?fbclid=abc&ref=home",
    ],
)
def test_the_same_story_has_one_link_key(variant):
    assert link_key(variant) == link_key("https://news.example/2024/story")


@pytest.mark.parametrize(
    "other",
    [
        "https://news.example/2024/story-2",
        "https://news.example/2024/Story",  # paths are case-sensitive
        "https://news.example/2024/story?id=2",  # a query that names the story
        "https://other.example/2024/story",
        "https://news.example:8080/2024/story",
    ],
)
def test_other_stories_have_other_link_keys(other):
    assert link_key(other) != link_key("https://news.example/2024/story")


def test_query_parameters_are_compared_in_any_order():
    assert normalize_link("https://n.example/a?b=2&a=1") == normalize_link(
        "https://n.example/a?a=1&b=2"
    )
    assert link_key("") == ""


def test_uri_guids_are_global_and_other_guids_belong_to_their_feed():
    assert guid_key("tag:n.example,2024:1", feed_id=1) == guid_key(
        "tag:n.example,2024:1", feed_id=2
    )
    assert guid_key("urn:uuid:1234", feed_id=1) == guid_key("urn:uuid:1234", feed_id=2)
    assert guid_key("https://n.example/a?utm_source=x", feed_id=1) == guid_key(
        "http://www.n.example/a", feed_id=2
    )
    # "1234" from one partner is not "1234" from another
    assert guid_key("1234", feed_id=1) != guid_key("1234", feed_id=2)
    assert guid_key("1234", feed_id=1) == guid_key(" 1234 ", feed_id=1)
