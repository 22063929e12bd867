"""Telling the language of a story from a short paragraph of its text."""

import pytest

from reprints.language import detect_language

PARAGRAPHS = [
    ("en", "Ghana's central bank held its main interest rate on Thursday as inflation eased "
           "for a fifth month, the governor told reporters in Accra."),
    ("en", "Firefighters battled the blaze through the night before bringing it under control "
           "early on Sunday, officials said."),
    ("en", "Officials in Quito and Guayaquil said President Daniel Noboa would visit San "
           "Cristóbal on Friday."),
    ("en", "Police arrested two suspects."),
    ("es", "El Gobierno de Ecuador anunció este lunes nuevas medidas para reducir el precio de "
           "los combustibles, según informó el ministro de Economía."),
    ("es", "Miles de personas marcharon por las calles de Quito para exigir más seguridad tras "
           "una ola de violencia."),
    ("es", "El presidente Lula da Silva llegó a São Paulo el martes, informó la agencia."),
    ("es", "La policía detuvo a dos sospechosos."),
    ("fr", "Le gouvernement ivoirien a annoncé mardi une hausse du salaire minimum, a indiqué "
           "le porte-parole à l'issue du conseil des ministres."),
    ("fr", "Des milliers de personnes ont manifesté samedi à Paris contre la réforme des "
           "retraites, selon la préfecture de police."),
    ("fr", "Le président Lula da Silva est arrivé à São Paulo lundi, a annoncé Brasília."),
    ("fr", "La police a arrêté deux suspects."),
    ("pt", "O governo brasileiro anunciou nesta segunda-feira um novo pacote de investimentos "
           "em infraestrutura, segundo o ministro da Fazenda."),
    ("pt", "Milhares de pessoas foram às ruas de Lisboa neste sábado para protestar contra o "
           "aumento do custo da habitação."),
    ("pt", "O presidente Gustavo Petro chegou a Bogotá na terça-feira, informou a agência."),
    ("pt", "A polícia prendeu dois suspeitos."),
    ("zh", "国务院总理今天主持召开国务院常务会议，部署进一步扩大内需、促进消费的政策措施。"),
    ("zh", "新华社北京3月2日电 记者从国家统计局获悉，今年前两个月全国规模以上工业增加值同比增长。"),
    ("zh", "习近平在北京会见巴西总统卢拉（Lula da Silva）并举行会谈。"),
    ("zh", "警方逮捕了两名嫌疑人。据报道，嫌疑人已被带走。"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("language", "text"), PARAGRAPHS, ids=[f"{lang}-{i}" for i, (lang, _) in enumerate(PARAGRAPHS)]
)
def test_detect_language_of_news_prose(language, text):
    assert detect_language(text) == language


def test_every_language_is_covered():
    assert {language for language, _ in PARAGRAPHS} == {"en", "es", "fr", "pt", "zh"}


def test_japanese_is_not_taken_for_chinese():
    text = "今日の東京はとても暑いです。ニュースによると、明日も暑くなるでしょう。"
    assert detect_language(text) == "ja"


@pytest.mark.parametrize("text", ["", "Hola", "   ", "Accra"])
def test_too_little_text_gives_the_default(text):
    assert detect_language(text) == ""
    assert detect_language(text, default="es") == "es"
