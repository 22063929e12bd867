"""Reading captured pages: encodings, dates, plain-text heuristics and HTML declarations."""

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from reprints.extraction import ExtractionError, decode, extract, parse_date
from reprints.lines import chrome_kind
from reprints.plaintext import read_text as extract_text

PAGES = Path(__file__).parent.parent / "import_pages"


def page(name: str) -> str:
    return decode((PAGES / name).read_bytes())[0]


# --- encodings ------------------------------------------------------------------------------

FRENCH = (
    "Le café de la région a été fermé. Les élèves étaient très déçus, mais le maître a dit : "
    "« c’est la vie ». Naïve “smart quotes” — dash."
)
CHINESE = (
    "中国科技日报报道，中国与拉丁美洲的科技合作惠及民生。这是一个关于合作与发展的长篇报道，"
    "内容涉及新能源、通信技术和人权保护。"
)
JAPANESE = (
    "日本の科学技術振興機構は、新しい研究計画を発表しました。人工知能と通信技術の発展に関する"
    "長い記事です。"
)


@pytest.mark.parametrize(
    ("text", "encoding"),
    [(FRENCH, "cp1252"), (CHINESE, "gb18030"), (JAPANESE, "shift_jis"), (FRENCH, "utf-8")],
)
def test_other_encodings_are_detected(text, encoding):
    decoded, _ = decode(text.encode(encoding))
    assert decoded == text


def test_a_declared_charset_wins_over_guessing():
    html = '<html><head><meta charset="shift_jis"></head><body><p>{}</p></body></html>'
    decoded, encoding = decode(html.format(JAPANESE[:12]).encode("shift_jis"))
    assert JAPANESE[:12] in decoded
    assert encoding == "shift_jis"


def test_latin1_declarations_are_read_as_cp1252_like_browsers_do():
    data = "<meta charset='iso-8859-1'><p>it’s “quoted”</p>".encode("cp1252")
    assert "it’s “quoted”" in decode(data)[0]


def test_utf8_with_byte_order_mark():
    assert decode("\ufeffHeadline".encode())[0] == "Headline"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty file"),
        (b"   \n\t \r\n", "empty file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "binary file (a PNG image)"),
        (b"%PDF-1.7\n" + bytes(range(256)), "binary file (a PDF document)"),
        (bytes(range(256)) * 8, "binary file"),
    ],
)
def test_empty_and_binary_input_are_refused_with_a_reason(data, reason):
    with pytest.raises(
        ExtractionError, match=r"^" + reason.replace("(", r"\(").replace(")", r"\)")
    ):
        decode(data)


# --- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "day_first", "expected"),
    [
        ("2024-09-13", False, (2024, 9, 13, 0, 0)),
        ("Sept. 12, 2024", False, (2024, 9, 12, 0, 0)),
        ("September 12, 2024", False, (2024, 9, 12, 0, 0)),
        ("12 September 2024", False, (2024, 9, 12, 0, 0)),
        ("13/09/2024", False, (2024, 9, 13, 0, 0)),  # can only be day-first
        ("03/09/2024", True, (2024, 9, 3, 0, 0)),
        ("03/09/2024", False, (2024, 3, 9, 0, 0)),
        ("Oct. 2nd, 2024", False, (2024, 10, 2, 0, 0)),
    ],
)
def test_dates_in_many_formats(value, day_first, expected):
    parsed = parse_date(value, day_first=day_first)
    assert parsed.tzinfo is not None
    local = timezone.localtime(parsed)
    assert (local.year, local.month, local.day, local.hour, local.minute) == expected


def test_iso_dates_keep_their_time_zone():
    parsed = parse_date("2024-09-13T08:30:00+08:00")
    assert parsed == datetime.datetime(2024, 9, 13, 0, 30, tzinfo=datetime.UTC)
    assert parse_date("2024-09-13T00:30:00Z") == parsed


@pytest.mark.parametrize("value", ["", "soon", "32/13/2024", "0001-01-01"])
def test_unreadable_dates_are_none(value):
    assert parse_date(value) is None


# --- plain text --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "Home | World | Business | Sports | Search",
        "INICIO   MUNDO   DEPORTES   ECONOMÍA   OPINIÓN",
        "Home > Business > Markets",
        "Accueil › International › Afrique",
        "要闻 国内 国际 财经 科技",
        "Back to top",
        "Volver arriba",
        "返回顶部",
        "©Copyright 2009-2020 BBC Network News      Contact Us   SiteMap",
        "Copyright 2024 The Outlet",
        "© 2025 Le Courrier – Tous droits réservés",
        "Share this article",
        "Facebook | Twitter | WeChat",
        "Compartir",
        "分享到：微信 微博 QQ空间",
        "Advertisement",
        "PUBLICIDADE",
        "Listen to this article · 4 min",
        "Écouter cet article",
        "il y a 2 heures · 4 min de lecture",
        "Skip to main content",
    ],
)
def test_site_chrome_is_recognised_in_any_language(line):
    assert chrome_kind(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "Links between China and Brazil grow",
        "Top scientists meet",
        "CHILE SENATE APPROVES LITHIUM BILL AFTER MARATHON SESSION",  # a headline shouting
        "Newest",  # one word alone is decided by its neighbours, not by a list of words
    ],
)
def test_story_lines_are_not_chrome(line):
    assert chrome_kind(line) is None


def test_plain_text_byline_source_url_and_dateline():
    story = extract_text(
        "Home\n\nWind farms grow offshore\n\nMarch 4, 2025\nBy Jane Doe\nSource: Harbour Post\n"
        "Original URL: https://harbour.example/wind\n\n"
        "LISBON (Lusa) -- Wind farms are growing.\n\nMore turbines are planned.\n"
    )
    assert story.title == "Wind farms grow offshore"
    assert timezone.localdate(story.published) == datetime.date(2025, 3, 4)
    assert story.byline == "Jane Doe"
    assert story.source == "Harbour Post"
    assert story.original_url == "https://harbour.example/wind"
    assert story.dateline == "LISBON"
    assert story.agency == "Lusa"
    assert [b.text for b in story.blocks] == [
        "Wind farms are growing.",
        "More turbines are planned.",
    ]


def test_a_page_without_a_title_is_refused():
    with pytest.raises(ExtractionError, match="no recognizable title"):
        extract("Newest\n\nLinks\n\n2024-09-13\n\nBack to top\n")


def test_a_page_without_text_is_refused():
    with pytest.raises(ExtractionError, match="no article text"):
        extract("Newest\n\nA headline alone\n\nBack to top\n")


# --- HTML ----------------------------------------------------------------------------------------


def test_json_ld_news_article_comes_first():
    story = extract(page("jsonld-article.html"))
    assert story.format == "html"
    assert story.title == "Solar farm opens in the Atacama"  # not the og:title
    assert story.published == datetime.datetime(
        2024, 10, 2, 12, 30, tzinfo=datetime.UTC
    )  # 08:30 at -04:00
    assert story.source == "Andes Tribune"
    assert story.byline == "Ana Rojas, Li Wei"
    # The declared description is not shown on the page: no standfirst, so no summary.
    assert story.summary == ""
    assert story.original_url == "https://andes-tribune.example/2024/10/02/solar-farm-atacama"
    assert story.dateline == "SANTIAGO, Oct. 2, 2024"
    assert story.disclaimer == "Reprinted with permission of the Andes Tribune."
    assert [(b.kind, b.text) for b in story.blocks] == [
        (
            "p",
            "A 480MW solar plant opened on Wednesday in the Atacama Desert, "
            "the driest place on Earth.",
        ),
        ("p", "The plant cost 3.5 billion dollars and employed 2,000 workers at its peak."),
        ("h2", "Power for 400,000 homes"),
        ("p", "Engineers say the grid connection was the hardest part of the build."),
    ]
    [figure] = story.figures
    assert figure.caption == "The plant seen from the air."
    assert figure.credit == "Andes Tribune"
    assert figure.image_url == "photos/plant.png"
    assert figure.alt_text == "Rows of solar panels in the desert"


def test_opengraph_and_article_meta_without_json_ld():
    story = extract(page("meta-only.html"))
    assert story.title == "New 5G network links 12 cities"
    assert story.source == "Pacific Wire"
    assert story.original_url == "https://pacific-wire.example/news/5g-network"
    assert story.summary == ""  # the og:description is not on the page
    assert story.published == datetime.datetime(2024, 3, 11, 0, 15, tzinfo=datetime.UTC)
    assert story.byline == "Kenji Sato"
    assert story.dateline == "TOKYO"
    assert [(b.kind, b.text) for b in story.blocks] == [
        ("p", "Operators switched on a 5G network linking 12 cities on Monday."),
        ("p", "The network carries 2,000 gigabits a second at peak."),
        ("h3", "What comes next"),  # the page's own heading level
        ("p", "More cities will join next year, the ministry said."),
    ]
    [figure] = story.figures  # og:image, waiting for its file
    assert figure.image_url == "https://pacific-wire.example/img/tower.jpg"


def test_bare_markup_falls_back_to_the_text_rules(settings):
    story = extract(page("bare-markup.html"), day_first=True)
    assert story.title == "Rain returns to the valley"
    assert timezone.localdate(story.published) == datetime.date(2024, 9, 13)
    assert story.source == "Valley Courier"
    assert [b.text for b in story.blocks] == [
        "Farmers welcomed the first rain in four months on Friday.",
        "The river rose by 1.5 metres overnight.",
    ]


def test_html_title_from_the_title_element_and_time_element():
    story = extract(
        "<html><head><title>Harbour reopens – The Coast Daily</title></head><body>"
        "<div><time datetime='2024-05-01'>1 May</time><p>The harbour reopened.</p></div>"
        "</body></html>"
    )
    assert story.title == "Harbour reopens"
    assert timezone.localdate(story.published) == datetime.date(2024, 5, 1)
    assert [b.text for b in story.blocks] == ["The harbour reopened."]


def test_scripts_and_styles_never_reach_the_text():
    story = extract(
        "<html><body><article><h1>Safe</h1><script>alert('x')</script>"
        "<style>p{}</style><p>Plain <b>words</b> only.</p></article></body></html>"
    )
    assert [b.text for b in story.blocks] == ["Plain words only."]


@pytest.mark.parametrize(
    ("line", "byline", "agency"),
    [
        ("By Tom Reyes, of The Associated Press", "Tom Reyes", "Associated Press"),
        ("Par Claire Dumas, de l'AFP", "Claire Dumas", "AFP"),
        ("Por Julia Paredes, de la agencia Andina", "Julia Paredes", "agencia Andina"),
        ("Por Tiago Reis, da Agência Lusa", "Tiago Reis", "Agência Lusa"),
        # Whom the reporter works for, when it is not an agency, stays out of the agency.
        ("By Noor Haddad, of the Riverside Courier", "Noor Haddad", ""),
        ("Por Lívia Sousa, da Universidade Estadual", "Lívia Sousa", ""),
    ],
)
def test_an_agency_named_as_the_reporters_employer(line, byline, agency):
    from reprints.lines import byline_and_agency

    assert byline_and_agency(line) == (byline, agency)


def test_a_subheading_after_a_related_box_goes_on_with_the_story():
    article = " ".join(
        f"Sentence {n} of the council's budget story says what changed and why it matters."
        for n in range(4)
    )
    html = f"""<!doctype html><html lang="en"><head><title>Council passes budget</title></head>
    <body><main><article><h1>Council passes a leaner budget after a long night</h1>
    <p class="byline">By Ruth Ambler</p>
    <div class="story"><p>{article}</p><p>{article}</p>
    <div class="see-also"><p>Read also</p><ul>
    <li><a href="/a">Library hours cut again in the east</a></li>
    <li><a href="/b">Bus depot plan wins a second vote</a></li></ul></div>
    <h2>Where the money goes</h2><p>{article} The roads fund grows by a fifth.</p>
    <p>{article} The vote was seven to four.</p></div></article></main></body></html>"""
    story = extract(html)
    kinds = [(b.kind, b.text) for b in story.blocks]
    assert ("h2", "Where the money goes") in kinds
    assert any("The vote was seven to four." in text for _, text in kinds)
    assert not any("Library hours" in text or "Bus depot" in text for _, text in kinds)
