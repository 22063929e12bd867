"""Line recognisers: datelines, captions and credits, meta lines, menus and names."""

import itertools

import pytest

from reprints.lines import (
    authors_line,
    byline_names,
    call_sign,
    caption,
    chrome_kind,
    clean_credit,
    copyright_holder,
    credit_only,
    dateline,
    is_menu,
    meta,
    name_kind,
    postal_sender,
    republished,
)
from reprints.repair import repair_text


def day_of(found) -> tuple[int, int, int]:
    return (found.value.year, found.value.month, found.value.day)


def moment(found) -> tuple[int, int, int, int, int, int]:
    value = found.value
    return (value.year, value.month, value.day, value.hour, value.minute, value.second)


# --- datelines -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "day_first", "shown", "agency", "month_day", "story"),
    [
        (
            "ACCRA, Jan. 9 (Reuters) -- Ghana's central bank held rates on Thursday.",
            False,
            "ACCRA, Jan. 9",
            "Reuters",
            (1, 9),
            "Ghana's central bank",
        ),
        (
            "QUITO, 3 may (EFE) - El Gobierno de Ecuador anunció hoy nuevas medidas.",
            True,
            "QUITO, 3 may",
            "EFE",
            (5, 3),
            "El Gobierno de Ecuador",
        ),
        (
            "BOGOTÁ, 9 mar (EFE).- El Gobierno colombiano anunció un plan.",
            True,
            "BOGOTÁ, 9 mar",
            "EFE",
            (3, 9),
            "El Gobierno colombiano",
        ),
        (
            "PARIS, 12 mars (AFP) - Le gouvernement a annoncé un plan.",
            True,
            "PARIS, 12 mars",
            "AFP",
            (3, 12),
            "Le gouvernement",
        ),
    ],
)
def test_wire_datelines_without_a_year(text, day_first, shown, agency, month_day, story):
    found = dateline(text, day_first=day_first)
    assert found is not None
    assert found.dateline == shown
    assert found.agency == agency
    assert found.byline == ""
    assert found.date is not None
    assert found.date.has_year is False  # never a made-up year
    assert (found.date.value.month, found.date.value.day) == month_day
    assert text[found.end :].startswith(story)


def test_a_dateline_with_its_spaces_lost():
    text = "BEIJING,Sept. 12,2024 -- China and Brazil signed a new agreement."
    found = dateline(text)
    assert found is not None
    # Shown as printed: putting back the spaces is a repair an editor can see and undo.
    assert found.dateline == "BEIJING,Sept. 12,2024"
    assert repair_text(found.dateline, field="dateline")[0] == "BEIJING, Sept. 12, 2024"
    assert found.agency == ""
    assert found.date is not None
    assert found.date.has_year
    assert day_of(found.date) == (2024, 9, 12)
    assert text[found.end :].startswith("China and Brazil")


def test_a_dateline_with_a_full_date_in_title_case():
    text = "Santiago, 6 de junio de 2025.– El presidente anunció un nuevo plan."
    found = dateline(text, day_first=True)
    assert found is not None
    assert found.dateline == "Santiago, 6 de junio de 2025"
    assert day_of(found.date) == (2025, 6, 6)
    assert text[found.end :].startswith("El presidente")


@pytest.mark.parametrize(
    ("text", "shown", "agency", "story"),
    [
        ("WASHINGTON (AP) — The Senate voted on Tuesday.", "WASHINGTON", "AP", "The Senate"),
        ("NAIROBI, Kenya (AP) — Police said on Monday.", "NAIROBI, Kenya", "AP", "Police said"),
    ],
)
def test_a_dateline_without_a_date(text, shown, agency, story):
    found = dateline(text)
    assert found is not None
    assert (found.dateline, found.agency, found.date) == (shown, agency, None)
    assert text[found.end :].startswith(story)


@pytest.mark.parametrize(
    ("text", "byline", "story"),
    [
        ("新华社北京3月2日电 国务院总理今天主持召开国务院常务会议。", "", "国务院总理"),
        (
            "新华社北京3月2日电（记者李明）国务院总理今天主持召开国务院常务会议。",
            "李明",
            "国务院总理",
        ),
    ],
)
def test_a_chinese_agency_dateline(text, byline, story):
    found = dateline(text)
    assert found is not None
    assert found.dateline == "北京3月2日"
    assert found.agency == "新华社"
    assert found.byline == byline
    assert found.date is not None
    assert found.date.has_year is False
    assert (found.date.value.month, found.date.value.day) == (3, 2)
    assert text[found.end :].startswith(story)


@pytest.mark.parametrize(
    ("text", "place", "byline", "story"),
    [
        ("〔記者陳怡君／台南報導〕台南市政府今天宣布新措施。", "台南", "陳怡君", "台南市政府"),
        ("【記者王明、林芳/高雄報導】高雄市今天舉行活動。", "高雄", "王明, 林芳", "高雄市今天"),
    ],
)
def test_a_taiwanese_reporter_dateline(text, place, byline, story):
    found = dateline(text)
    assert found is not None
    assert found.dateline == place
    assert found.byline == byline
    assert found.agency == ""
    assert text[found.end :].startswith(story)


@pytest.mark.parametrize(
    "text",
    [
        "Paris, the city of light, has - some say - too many tourists.",
        "London, as ever, was wet -- and grey.",
        "Lagos, Nigeria's largest city, has grown -- fast, officials said.",
        "ACCRA, the capital, was calm -- residents said.",
        "Beijing, in a statement -- issued late on Monday -- denied the report.",
        "Quito, la capital, amaneció con lluvias - informó el Inamhi.",
        "Lima, Peru, is a big city - really.",
        "US - China talks resumed today.",
    ],
)
def test_a_sentence_that_starts_with_a_city_is_not_a_dateline(text):
    assert dateline(text, day_first=True) is None


# --- captions and credits ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "in_figure", "expected_caption", "credit"),
    [
        (
            "Workers repair a power line in Accra, Ghana, Jan. 9, 2025. (Xinhua/Li Ming)",
            False,
            "Workers repair a power line in Accra, Ghana, Jan. 9, 2025.",
            "Xinhua/Li Ming",
        ),
        (
            "Firefighters battle a blaze in Los Angeles. (Photo by Jane Roe/AFP)",
            False,
            "Firefighters battle a blaze in Los Angeles.",
            "Jane Roe/AFP",
        ),
        (
            "A view of the Bund in Shanghai. [Photo/Agencies]",
            False,
            "A view of the Bund in Shanghai.",
            "Agencies",
        ),
        (
            "Flooded streets in Dhaka on Monday. (PHOTO: Daily Star)",
            False,
            "Flooded streets in Dhaka on Monday.",
            "Daily Star",
        ),
        (
            "Manifestantes marchan en Quito. (Foto: María Paz/EFE)",
            False,
            "Manifestantes marchan en Quito.",
            "María Paz/EFE",
        ),
        (
            "The new library opened on Monday. (Photo courtesy of the City of Saskatoon)",
            False,
            "The new library opened on Monday.",
            "City of Saskatoon",
        ),
        (
            "The new library opened on Monday. Photo courtesy of the City of Saskatoon",
            True,
            "The new library opened on Monday.",
            "City of Saskatoon",
        ),
        (
            "Volunteers plant trees along the river. Photo by Priya Raman.",
            True,
            "Volunteers plant trees along the river.",
            "Priya Raman",
        ),
        (
            "图为工人在工地上作业。新华社记者 李明 摄",
            False,
            "图为工人在工地上作业。",
            "新华社记者 李明",
        ),
        (
            "图为工人在工地上作业。（新华社记者 李明 摄）",
            False,
            "图为工人在工地上作业。",
            "新华社记者 李明",
        ),
    ],
)
def test_captions_with_their_credits(text, in_figure, expected_caption, credit):
    found = caption(text, in_figure=in_figure)
    assert found is not None
    assert found.caption == expected_caption
    assert found.credit == credit
    # The credit is the name alone: its label and the photographer's mark are gone.
    for label in ("Photo", "PHOTO", "Foto", "by ", "摄", "courtesy"):
        assert label not in found.credit


@pytest.mark.parametrize(
    "text",
    [
        "He said it was fine (and it was).",
        "The market (pictured) was busy on Monday.",
        "Ghana's central bank held its main rate on Thursday, the governor said.",
    ],
)
def test_sentences_with_brackets_are_not_captions(text):
    assert caption(text) is None


@pytest.mark.parametrize(
    ("text", "credit"),
    [
        ("Photo: Jane Roe/AFP", "Jane Roe/AFP"),
        ("Foto: EFE", "EFE"),
        ("(Photo by Jane Roe/AFP)", "Jane Roe/AFP"),
    ],
)
def test_a_line_that_is_only_a_credit(text, credit):
    assert credit_only(text) == credit


def test_a_sentence_about_photos_is_not_a_credit():
    assert credit_only("Photos are great for remembering a trip.") is None


def test_a_courtesy_line_is_only_a_credit():
    assert credit_only("Photo courtesy of the City of Saskatoon") == "City of Saskatoon"


@pytest.mark.parametrize(
    ("credit", "cleaned"),
    [
        ("Photo by Jane Roe/AFP", "Jane Roe/AFP"),
        ("PHOTO: Daily Star", "Daily Star"),
        ("Foto: María Paz/EFE", "María Paz/EFE"),
        ("Photo courtesy of X", "X"),
        ("Sentinel photo by Ann Grube", "Ann Grube"),
        ("新华社记者 李明 摄", "新华社记者 李明"),
        ("记者 李明 摄", "李明"),
        ("Courtesy of the family", "Courtesy of the family"),  # says where it came from
    ],
)
def test_clean_credit_drops_the_label_only(credit, cleaned):
    assert clean_credit(credit) == cleaned


# --- meta lines ------------------------------------------------------------------------------

# The separators pages print between a meta line's parts.
SEPARATORS = {
    "bar": " | ",
    "middle-dot": " · ",
    "spaces": "   ",
    "nbsp": "\u00a0\u00a0",
    "tab": "\t",
}

OUTLETS = ("Oct 4, 2025", "CGTN", "Andes Wire")
LABELLED = ("Source: CGTN", "2025-04-02 11:20:05", "Editor: Wang Yu")
BYLINED = ("By MARIA LOPEZ in Quito", "El Diario", "Updated: 2025-01-10 14:05")
DAY_FIRST = ("07/06/2025", "Agência Sul", "EFE")


def meta_lines(parts):
    """Every order of the parts, joined by every separator."""
    for order in itertools.permutations(parts):
        for name, separator in SEPARATORS.items():
            yield pytest.param(order, separator.join(order), id=f"{name}:{'/'.join(order)}")


def published_names(order, names):
    return [part for part in order if part in names]


@pytest.mark.parametrize(("order", "line"), list(meta_lines(OUTLETS)))
def test_meta_with_a_date_and_two_names(order, line):
    found = meta(line)
    assert found is not None
    assert day_of(found.published) == (2025, 10, 4)
    assert found.published.has_year
    assert found.updated is None
    # Unlabelled names, as the line gives them (outlet, then agency, in the line's order).
    assert found.names == published_names(order, {"CGTN", "Andes Wire"})
    assert (found.source, found.byline, found.editor, found.agency) == ("", "", "", "")


@pytest.mark.parametrize(("order", "line"), list(meta_lines(LABELLED)))
def test_meta_with_labelled_source_and_editor(order, line):
    found = meta(line)
    assert found is not None
    assert moment(found.published) == (2025, 4, 2, 11, 20, 5)
    assert found.published.has_time
    assert found.updated is None
    assert found.source == "CGTN"
    assert found.editor == "Wang Yu"
    assert found.byline == ""
    assert found.names == []


@pytest.mark.parametrize(("order", "line"), list(meta_lines(BYLINED)))
def test_meta_with_a_byline_and_an_update(order, line):
    found = meta(line)
    assert found is not None
    assert found.published is None
    assert moment(found.updated) == (2025, 1, 10, 14, 5, 0)
    assert found.byline == "MARIA LOPEZ"  # the place ("in Quito") is not a name
    assert found.names == ["El Diario"]
    assert (found.source, found.editor) == ("", "")


@pytest.mark.parametrize(("order", "line"), list(meta_lines(DAY_FIRST)))
def test_meta_with_a_day_first_date(order, line):
    found = meta(line, day_first=True)
    assert found is not None
    assert day_of(found.published) == (2025, 6, 7)  # 7 June
    assert found.names == published_names(order, {"Agência Sul", "EFE"})
    assert (found.source, found.byline, found.editor) == ("", "", "")


def test_meta_reads_the_same_numbers_month_first_on_an_english_page():
    found = meta("07/06/2025 | Agência Sul | EFE", day_first=False)
    assert found is not None
    assert day_of(found.published) == (2025, 7, 6)


def test_meta_in_spanish_french_and_chinese():
    spanish = meta("Publicado el lunes, 5 de mayo de 2025 a las 13:47 h. | Por Ana de la Vega",
                   day_first=True)  # fmt: skip
    assert spanish is not None
    assert moment(spanish.published) == (2025, 5, 5, 13, 47, 0)
    assert spanish.byline == "Ana de la Vega"

    french = meta("Mis à jour le 3 avril 2025 à 10h05 | Par Claire Dubois avec AFP", day_first=True)
    assert french is not None
    assert french.published is None
    assert moment(french.updated) == (2025, 4, 3, 10, 5, 0)
    assert (french.byline, french.agency) == ("Claire Dubois", "AFP")

    chinese = meta("来源：新华社 | 2025年3月2日 08:15 | 编辑：王宇")
    assert chinese is not None
    assert moment(chinese.published) == (2025, 3, 2, 8, 15, 0)
    assert (chinese.source, chinese.editor) == ("新华社", "王宇")


def test_names_alone_are_meta_only_where_meta_belongs():
    assert meta("CGTN | Andes Wire") is None
    found = meta("CGTN | Andes Wire", allow_names=True)
    assert found is not None
    assert found.names == ["CGTN", "Andes Wire"]


@pytest.mark.parametrize(
    "text",
    [
        "Ghana's central bank held its policy rate on Thursday, the governor told reporters.",
        "Home | World | Business",
        "",
    ],
)
def test_story_text_and_menus_are_not_meta(text):
    assert meta(text) is None


# --- menus -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Home | World | Business",
        "INICIO   MUNDO   DEPORTES",
        "要闻 国内 国际 财经",
        "Home > Business > Markets",
        "Accueil › Monde › Afrique",
        "HOME NEWS SPORTS OPINION",
    ],
)
def test_menus(text):
    assert is_menu(text) is True
    assert chrome_kind(text) == "menu"


@pytest.mark.parametrize(
    "text",
    [
        "Ghana holds interest rate as inflation eases",
        "Ghana's cedi hits record low",
        "Israel-Hamas truce holds",
        "UN CHIEF URGES CEASEFIRE IN SUDAN",
        "El dólar cae frente al peso",
        "Le franc CFA en débat",
        "新华社：国务院召开常务会议",
        "El Gobierno de Ecuador anunció hoy nuevas medidas económicas.",
        "国务院总理今天主持召开国务院常务会议。",
        "Oct 4, 2025 | CGTN | Andes Wire",
        "Texto: Elena Márquez | Fotos: Juan Pérez",
    ],
)
def test_headlines_sentences_and_meta_are_not_menus(text):
    assert is_menu(text) is False
    assert chrome_kind(text) != "menu"


@pytest.mark.parametrize(
    "text", ["Russia/Ukraine talks stall", "AC/DC announce world tour", "Inflation > 20% in March"]
)
def test_a_headline_with_a_slash_or_comparison_is_not_a_menu(text):
    assert is_menu(text) is False


# --- names -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("L'Éveil ivoirien", "outlet"),
        ("Le Monde diplomatique", "outlet"),
        ("The Morning Dispatch", "outlet"),
        ("Diário Metropolitano", "outlet"),
        ("El Diario", "outlet"),
        ("Reuters", "outlet"),
        ("Agencia EFE", "outlet"),
        ("新华社", "outlet"),
        ("Ana de la Vega", "person"),
        ("Ludwig van Dijk", "person"),
        ("Fiona Gallacher", "person"),
        ("Jean-Pierre Dubois", "person"),
        ("Ana Lins e Ricardo Tavares", "person"),
        ("李明", "person"),
        ("Recife", "place"),
    ],
)
def test_name_kind(text, kind):
    assert name_kind(text) == kind


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("By JANE DOE and JOHN ROE, Staff Reporters", "JANE DOE, JOHN ROE"),
        ("Por Ana de la Vega, en Quito", "Ana de la Vega"),
        ("Maria Lopez in Quito", "Maria Lopez"),
        ("Jane Doe, University of Westhaven", "Jane Doe"),
        ("Renata Albuquerque, Gazeta do Vale", "Renata Albuquerque"),
        ("记者 李明 王芳", "李明, 王芳"),
    ],
)
def test_byline_names(text, names):
    assert byline_names(text) == names


def test_authors_without_a_by():
    line = (
        "Priya Raman, Associate Professor, University of Westhaven, and Tomás Ferreira, "
        "Research Fellow"
    )
    assert authors_line(line) == "Priya Raman, Tomás Ferreira"
    assert authors_line("Ghana, Nigeria and Kenya agreed on a plan.") == ""


def test_republished_names_the_outlet_and_the_date():
    found = republished(
        "This article was originally published by The Conversation on 6 March 2025."
    )
    assert found is not None
    name, date = found
    assert name == "The Conversation"
    assert day_of(date) == (2025, 3, 6)
    spanish = republished(
        "Este artículo fue publicado originalmente en El Faro Austral el 3 de enero de 2025.",
        day_first=True,
    )
    assert spanish is not None
    assert spanish[0] == "El Faro Austral"
    assert day_of(spanish[1]) == (2025, 1, 3)
    assert republished("Ghana said the rate would stay unchanged.") is None


# --- copyright holders, senders and call signs --------------------------------------------------


@pytest.mark.parametrize(
    ("text", "holder"),
    [
        ("© 2024 The Northern Review Ltd", "The Northern Review"),
        ("Copyright © 2025 El Faro Austral S.A. Todos los derechos reservados.", "El Faro Austral"),
        ("© 2025 CGTN. All rights reserved.", "CGTN"),
        ("© 2025 Diário do Sul Ltda. Todos os direitos reservados.", "Diário do Sul"),
        ("Copyright 2023-2025 Andes Wire Limited or its affiliates | Privacy", "Andes Wire"),
        ("版权所有 © 2025 新华网", "新华网"),
        ("© 2024", ""),
    ],
)
def test_copyright_holder(text, holder):
    assert copyright_holder(text) == holder


@pytest.mark.parametrize(
    ("text", "sender"),
    [
        ("The Kestrel, 220 3rd Avenue South, Saskatoon, SK", "The Kestrel"),
        ("El Faro Austral · Calle Errázuriz 932, Punta Arenas", "El Faro Austral"),
        ("Le Fil québécois, 1200 rue Sainte-Catherine, Montréal", "Le Fil québécois"),
        ("The Kestrel, Saskatoon", ""),  # no street: not an address
        ("Saskatoon, SK, Canada", ""),
    ],
)
def test_postal_sender(text, sender):
    assert postal_sender(text) == sender


@pytest.mark.parametrize(
    "text",
    [
        "On Monday, 300 workers walked out, the union said.",
        "In Accra, 12 people were hurt, police said.",
    ],
)
def test_a_story_sentence_is_not_a_postal_address(text):
    assert postal_sender(text) == ""


@pytest.mark.parametrize(
    ("name", "sign"),
    [
        ("KVAZ-TV", "KVAZ"),
        ("WXYZ-DT", "WXYZ"),
        ("KQED FM", "KQED"),
        ("KVAZ", ""),  # already bare: nothing to strip
        ("CNN", ""),
        ("KVAZ-TV News", ""),
    ],
)
def test_call_sign(name, sign):
    assert call_sign(name) == sign
