"""Glued-word repair on pages in English, Spanish, French, Portuguese and Chinese.

A link's text pasted without its spaces ("atthe", "inGhana") is split, in the words of
the page's own language, while names, brands and that language's ordinary words stay as
they are ("dela" is two words in Spanish and one in Portuguese).
"""

import re
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reprints.repair import fix_glued_words, repair_text, split_glued, vocabulary

LANGUAGES = ("en", "es", "fr", "pt", "zh")
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)


# --- glued words are split -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "fixed", "glued", "split"),
    [
        ("en", "Travellers waited atthe border for hours.",
         "Travellers waited at the border for hours.", "atthe", "at the"),
        ("en", "Officials said theWHO said the outbreak was over.",
         "Officials said the WHO said the outbreak was over.", "theWHO", "the WHO"),
        ("en", "Health officials inGhana said on Monday.",
         "Health officials in Ghana said on Monday.", "inGhana", "in Ghana"),
        ("en", "the head ofthe agency resigned", "the head of the agency resigned", "ofthe",
         "of the"),
        ("es", "Los migrantes esperaron enla frontera durante horas.",
         "Los migrantes esperaron en la frontera durante horas.", "enla", "en la"),
        ("es", "El presidente dela República habló ayer.",
         "El presidente de la República habló ayer.", "dela", "de la"),
        ("es", "Funcionarios enGhana dijeron que no.", "Funcionarios en Ghana dijeron que no.",
         "enGhana", "en Ghana"),
        ("fr", "Les responsables auGhana ont démenti.", "Les responsables au Ghana ont démenti.",
         "auGhana", "au Ghana"),
        ("fr", "la fin dela guerre approche", "la fin de la guerre approche", "dela", "de la"),
        ("pt", "Funcionários daPrefeitura disseram que não.",
         "Funcionários da Prefeitura disseram que não.", "daPrefeitura", "da Prefeitura"),
        ("pt", "o presidente dogoverno falou", "o presidente do governo falou", "dogoverno",
         "do governo"),
    ],
)  # fmt: skip
def test_glued_words_mid_sentence_are_split(language, text, fixed, glued, split):
    result, changes = fix_glued_words(text, language=language)
    assert result == fixed
    assert [(c.rule, c.before, c.after) for c in changes] == [("glued words", glued, split)]
    # The change can be found again in the repaired text, for an undo.
    assert changes[0].context[changes[0].offset :].startswith(split)


def test_the_same_letters_split_by_the_pages_language():
    # Spanish and French "de la" glued together; in Portuguese "dela" is a word ("hers").
    assert split_glued("dela", language="es") == ["de", "la"]
    assert split_glued("dela", language="fr") == ["de", "la"]
    assert split_glued("dela", language="pt") == ["dela"]


def test_repair_text_uses_the_pages_language():
    assert repair_text("El presidente dela República habló.", language="es")[0] == (
        "El presidente de la República habló."
    )
    text = "A casa dela fica perto da praça."
    assert repair_text(text, language="pt") == (text, [])


def test_french_elision_is_repaired_on_french_pages_only():
    text = "Le ministre a déclaré àl'AFP qu'il partait."
    fixed, changes = repair_text(text, language="fr")
    assert fixed == "Le ministre a déclaré à l'AFP qu'il partait."
    assert [(c.rule, c.before, c.after) for c in changes] == [("glued words", "àl'", "à l'")]
    assert changes[0].context[changes[0].offset :].startswith("à l'AFP")
    for language in ("en", "es", "pt"):
        assert repair_text(text, language=language) == (text, [])


def test_chinese_pages_are_left_alone():
    text = "华为发布新款手机，DeepSeek也参与。officials inGhana said"
    assert fix_glued_words(text, language="zh") == (text, [])


# --- names, brands and ordinary words stay whole ----------------------------------------------

SENTENCE = {
    "en": "Analysts said {} would matter this year.",
    "es": "Los analistas dijeron que {} importará este año.",
    "fr": "Les analystes ont dit que {} comptera cette année.",
    "pt": "Os analistas disseram que {} vai importar este ano.",
}
# Each language's own words that look like two glued words, and names and brands.
WHOLE = {
    "en": ["Facebook", "McDonald", "iPhone", "JavaScript", "Ghanaian", "YouTube", "WhatsApp",
           "PayPal", "DeSantis", "LeBron", "McCarthy", "DiCaprio", "OpenAI", "LinkedIn",
           "nowhere", "another", "into", "without", "Thereafter"],
    "es": ["alrededor", "además", "entonces", "adelante", "aunque", "también", "porque",
           "Telefónica", "Iberdrola", "Mercosur", "McDonald", "iPhone", "WhatsApp"],
    "fr": ["aujourd'hui", "lorsque", "quelque", "dessous", "davantage", "auprès", "parce",
           "TotalEnergies", "Airbus", "Renault", "Ouattara", "Facebook", "iPhone"],
    "pt": ["dela", "dele", "nela", "aquele", "daquela", "naquele", "embora", "porém", "desde",
           "também", "Petrobras", "Embraer", "Bradesco", "JavaScript", "YouTube"],
}  # fmt: skip
WHOLE_CASES = [(language, word) for language, words in WHOLE.items() for word in words]


@pytest.mark.parametrize(("language", "word"), WHOLE_CASES)
def test_names_brands_and_ordinary_words_stay_whole(language, word):
    assert split_glued(word, language=language) == [word]
    text = SENTENCE[language].format(word)
    assert fix_glued_words(text, vocabulary(text), language=language) == (text, [])


# News paragraphs as outlets print them: a repair must find nothing to do.
PARAGRAPHS = {
    "en": "The Ghanaian finance minister said on Monday that the government would not raise "
    "fuel taxes this year. Nowhere else in the region has inflation fallen so fast, analysts "
    "at the central bank noted, adding that another cut was likely. Facebook, McDonald's and "
    "iPhone sales in Accra have grown; JavaScript developers are in demand, however.",
    "es": "El ministro de Hacienda aseguró este lunes que el Gobierno no subirá los impuestos "
    "alrededor de los combustibles. Además, los analistas del banco central señalaron que la "
    "inflación bajó más rápido de lo esperado, aunque advirtieron que todavía hay riesgos. "
    "Entonces, dijo, habrá que esperar hasta diciembre.",
    "fr": "Le ministre des Finances a affirmé aujourd'hui que le gouvernement n'augmenterait "
    "pas les taxes sur les carburants. Lorsque l'inflation recule, quelque chose change, "
    "a-t-il ajouté, parce que les ménages retrouvent davantage de pouvoir d'achat. Les "
    "analystes restent néanmoins prudents auprès de la presse.",
    "pt": "O ministro da Fazenda afirmou nesta segunda-feira que o governo não vai aumentar os "
    "impostos sobre os combustíveis. A casa dela fica perto daquela praça, onde os moradores "
    "protestaram contra o aumento. Embora a inflação tenha caído, também há riscos, disse "
    "ele, desde que a economia desacelere naquele ritmo.",
    "zh": "国务院总理今天主持召开国务院常务会议，部署进一步扩大内需、促进消费的政策措施。"
    "会议指出，要支持iPhone等消费电子产品以旧换新。",
}


@pytest.mark.parametrize("language", sorted(PARAGRAPHS))
def test_clean_paragraphs_are_left_alone(language):
    text = PARAGRAPHS[language]
    assert fix_glued_words(text, vocabulary(text), language=language) == (text, [])
    assert repair_text(text, seen=vocabulary(text), language=language) == (text, [])


# --- properties, in every language --------------------------------------------------------------

# Pasted copy in the five languages: letters, accents and CJK mixed with glued pairs,
# names and the words each language would be tempted to split.
multilingual = st.lists(
    st.sampled_from(
        [
            *"abcdeélnorstuzABCDEGHLMRSTUWÉÀÇ ,.-'’:;()0123456789",
            *["atthe", "theWHO", "inGhana", "ofthe", "dela", "enla", "delos", "auGhana"],
            *["daPrefeitura", "dogoverno", "naquela", "alrededor", "aujourd'hui", "àl'AFP"],
            *["McDonald", "iPhone", "JavaScript", "Ghanaian", "Facebook", "également"],
            *["国务院", "新华社", "，", "。", "\u00a0", "  ", "sci-tech", "Chile's", "5G"],
        ]
    ),
    max_size=50,
).map("".join)
anything = st.text(max_size=80)
SEEN = Counter({"sci-tech": 3, "frontera": 2, "governo": 2, "prefeitura": 2})


def without_whitespace(text: str) -> str:
    return re.sub(r"\s", "", text)


@pytest.mark.parametrize("language", LANGUAGES)
@PROPERTY_SETTINGS
@given(text=st.one_of(multilingual, anything))
def test_glue_splitting_only_changes_whitespace_in_every_language(language, text):
    fixed, changes = fix_glued_words(text, SEEN, language=language)
    assert without_whitespace(fixed) == without_whitespace(text)
    assert (fixed == text) == (changes == [])


@pytest.mark.parametrize("language", LANGUAGES)
@PROPERTY_SETTINGS
@given(text=st.one_of(multilingual, anything))
def test_glue_splitting_is_idempotent_in_every_language(language, text):
    once, _ = fix_glued_words(text, SEEN, language=language)
    twice, changes = fix_glued_words(once, SEEN, language=language)
    assert twice == once
    assert changes == []
