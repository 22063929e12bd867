"""Text repairs: what they fix, what they must never touch, and their properties."""

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reprints.repair import (
    fix_glued_words,
    fix_mojibake,
    fix_spacing,
    fix_whitespace,
    repair_text,
    split_glued,
    vocabulary,
)

PROPERTY_SETTINGS = settings(max_examples=300, deadline=None)


# --- spacing ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("BEIJING,Sept. 12,2024 --", "BEIJING, Sept. 12, 2024 --"),
        ("BEIJING,Sept.12,2024", "BEIJING, Sept. 12, 2024"),
        ("on September 3,2024 the", "on September 3, 2024 the"),
        ("However,the Global South", "However, the Global South"),
        ("In 2024,Power Construction", "In 2024, Power Construction"),
        ("the obstacles.The project", "the obstacles. The project"),
        ("said,“We agree", "said,“We agree"),  # a quote after a comma is left alone
    ],
)
def test_spacing_puts_back_lost_spaces(before, after):
    assert fix_spacing(before)[0] == after


@pytest.mark.parametrize(
    "text",
    [
        "more than 2,000 workers",
        "a 480MW solar plant",
        "AI and 5G networks",
        "a 3.5 billion dollar plan",
        "1,234,567 people",
        "see https://example.org/a,b/c.Html or www.example.com/x,y",
        "mail jane,doe@example.org",
        "U.S. and e.g. Node.js and example.com",
        "at 10.30am",
    ],
)
def test_spacing_never_touches_numbers_or_addresses(text):
    fixed, changes = fix_spacing(text)
    assert (fixed, changes) == (text, [])


def test_each_spacing_change_is_reported_with_its_words():
    fixed, changes = fix_spacing("BEIJING,Sept. 12,2024 -- However,the end")
    assert fixed == "BEIJING, Sept. 12, 2024 -- However, the end"
    assert [(c.rule, c.before, c.after) for c in changes] == [
        ("spacing", "Sept. 12,2024", "Sept. 12, 2024"),
        ("spacing", "BEIJING,Sept.", "BEIJING, Sept."),
        ("spacing", "However,the", "However, the"),
    ]
    for change in changes:
        assert change.context[change.offset :].startswith(change.after)


# --- glued words ------------------------------------------------------------------------

SAMPLE_WORDS = vocabulary(
    "The sci-tech cooperation between China and Latin America. China-Latin America "
    "sci-tech cooperation has great prospects; sci-tech progress."
)


@pytest.mark.parametrize(
    ("glued", "words"),
    [
        ("Theirsci-tech", ["Their", "sci-tech"]),
        ("Thesci-tech", ["The", "sci-tech"]),
        ("ofsci-tech", ["of", "sci-tech"]),
        ("Americasci-tech", ["America", "sci-tech"]),
        ("theAtacama", ["the", "Atacama"]),
        ("ofICT", ["of", "ICT"]),
        ("thesummit", ["the", "summit"]),
        ("inBrazil", ["in", "Brazil"]),
    ],
)
def test_glued_words_are_split(glued, words):
    assert split_glued(glued, SAMPLE_WORDS) == words


# Names and brands stay as they are, even with the sample's words around them.
NAMES = """
iPhone eBay McDonald JavaScript PhD YouTube WeChat OpenAI DeepSeek LinkedIn PayPal
PowerPoint FedEx GitHub TikTok WhatsApp SpaceX BlackRock McKinsey MacBook PlayStation
SoftBank HarmonyOS BioNTech AstraZeneca ExxonMobil DiCaprio AirPods WordPress DeepMind
NetEase ByteDance HaiPress macOS iOS iPad watchOS tvOS mRNA pH kWh Huawei Xiaomi Junyong
Dongfang Xiaoping Zhongguancun Sinopec Tencent Alibaba Jinping Deepseek Biontech Anhui
Bywater Haipress Sensetime Luckin Weibo Douyin Meituan Pinduoduo Xpeng Zeekr Kuaishou
Bilibili iQiyi Zhihu Hikvision Cainiao
""".split()  # noqa: SIM905 - a paragraph of names reads better


def test_at_least_thirty_names_are_checked():
    assert len(NAMES) >= 30


@pytest.mark.parametrize("name", NAMES)
def test_names_and_brands_stay_whole(name):
    assert split_glued(name, SAMPLE_WORDS) == [name]
    text = f"Xiao said {name} and the sci-tech firms met."
    assert fix_glued_words(text, SAMPLE_WORDS) == (text, [])


def test_glued_words_leave_numbers_possessives_and_addresses_alone():
    text = "The 480MW plant, 5G, COVID-19, Chile's grid, mail@theAtacama.org, theatacama.org/ofICT"
    assert fix_glued_words(text, SAMPLE_WORDS) == (text, [])


def test_glued_word_change_names_the_words():
    fixed, changes = fix_glued_words("the blue ocean ofICT.", SAMPLE_WORDS)
    assert fixed == "the blue ocean of ICT."
    assert [(c.rule, c.before, c.after) for c in changes] == [("glued words", "ofICT", "of ICT")]


# --- whitespace and mojibake -------------------------------------------------------------


def test_stray_whitespace_becomes_one_space():
    fixed, changes = fix_whitespace("Blue\u00a0ocean  in\u200b ICT\tnow")
    assert fixed == "Blue ocean in ICT now"
    assert {c.rule for c in changes} == {"whitespace"}
    assert len(changes) == 4


def test_mojibake_is_decoded_again():
    fixed, changes = fix_mojibake("Chileâ€™s energy â€” and the cafÃ©")
    assert fixed == "Chile\u2019s energy \u2014 and the café"
    assert [c.rule for c in changes] == ["mojibake"] * len(changes)
    assert any(c.before == "Chileâ€™s" and c.after == "Chile\u2019s" for c in changes)


def test_mojibake_keeps_the_outlets_typography():
    text = "“Quoted” – ﬁne, Ｆｕｌｌ width"
    assert fix_mojibake(text) == (text, [])


def test_repair_text_tags_changes_with_the_field():
    fixed, changes = repair_text("BEIJING,Sept. 12,2024", field="dateline")
    assert fixed == "BEIJING, Sept. 12, 2024"
    assert {c.field for c in changes} == {"dateline"}


# --- properties ----------------------------------------------------------------------------

# Pasted news copy: letters and digits mixed with the pieces the rules care about.
prose = st.lists(
    st.sampled_from(
        [
            *"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ,.-'\"’:;()",
            *["Sept.", "BEIJING,", "2,000", "480MW", "5G", "3.5", "the", "of", "ICT", "sci-tech"],
            *["Their", "Atacama", " May 5,2024", "https://x.org/a,b", "\u00a0", "  ", "\u200b"],
        ]
    ),
    max_size=60,
).map("".join)
anything = st.text(max_size=80)
SEEN = Counter({"sci-tech": 3, "atacama": 2, "ict": 2})


def letters(text: str) -> str:
    return re.sub(r"\s", "", text)


@PROPERTY_SETTINGS
@given(st.one_of(prose, anything))
def test_spacing_only_ever_changes_whitespace(text):
    fixed, _ = fix_spacing(text)
    assert letters(fixed) == letters(text)


@PROPERTY_SETTINGS
@given(st.one_of(prose, anything))
def test_glue_splitting_only_ever_changes_whitespace(text):
    fixed, _ = fix_glued_words(text, SEEN)
    assert letters(fixed) == letters(text)


@PROPERTY_SETTINGS
@given(st.one_of(prose, anything))
def test_whitespace_repair_only_ever_changes_whitespace(text):
    fixed, _ = fix_whitespace(text)
    assert letters(fixed) == re.sub(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]", "", letters(text))


@pytest.mark.parametrize(
    "repair",
    [
        fix_spacing,
        fix_whitespace,
        fix_mojibake,
        lambda text: fix_glued_words(text, SEEN),
        lambda text: repair_text(text, seen=SEEN),
    ],
    ids=["spacing", "whitespace", "mojibake", "glued", "all"],
)
@PROPERTY_SETTINGS
@given(text=st.one_of(prose, anything))
def test_every_repair_is_idempotent(repair, text):
    once, _ = repair(text)
    twice, changes = repair(once)
    assert twice == once
    assert changes == []
