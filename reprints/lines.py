"""What one line of a news page is: story text, or one of the parts around a story.

Shared by the copied-text reader and the HTML reader. Each recogniser looks at the shape
of a line (length, punctuation, separators, a date, a label from ``lexicon``) and never
at one outlet's wording.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import lexicon as lx
from .dates import FoundDate, find_dates
from .story import Figure

CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
SENTENCE_END = re.compile(r"[.!?。！？…][\"'”’»)）\]」』]*$")
# Segments of a meta line: "Oct 4, 2025 | CGTN | Andes Wire", "By X · 3 min read".
# A single no-break space is French typography ("lecture : 5 min"), not a separator.
SEGMENT_SEPARATOR = re.compile(r"\s*[|｜·•●▪◆]\s*|\s{2,}|\t+")
# The recognisers that answer with a string, a flag or a tuple remember their answers: a
# page's lines are read by several rules (as rendered, as blocks, for the disclaimer), and
# menus, footers and labels repeat from page to page.
remembered = lru_cache(maxsize=4096)

URL = re.compile(r"^(?:(?:original(?:\s+(?:url|link|article))?|source\s+url|url|link|enlace|lien)"
                 r"\s*[:：]\s*)?(?P<url>https?://\S+)$", re.IGNORECASE)  # fmt: skip


def norm(text: str) -> str:
    return " ".join(text.split())


def cjk_share(text: str) -> float:
    letters = [c for c in text if c.isalnum()]
    return sum(1 for c in letters if CJK.match(c)) / len(letters) if letters else 0.0


def size(text: str) -> int:
    """Length in words; a CJK character counts as half a word (two make a word)."""
    cjk = len(CJK.findall(text))
    return len(CJK.sub(" ", text).split()) + cjk // 2


def ends_sentence(text: str) -> bool:
    return bool(SENTENCE_END.search(text.strip()))


@remembered
def is_prose(text: str) -> bool:
    """A sentence or more: story text rather than a label, a name or a headline.

    Prose is made of the small words of its language ("the", "de", "que"); a line of
    names ("Castellanos; Pratt, Nunes, Okoro") is not, however long.
    """
    text = norm(text)
    words = size(text)
    if words >= 8 and not CJK.search(text) and _function_word_share(text) < 0.1:
        return False
    if words >= 25:
        return True
    return words >= 6 and ends_sentence(text) and not text.endswith("...")


def _function_word_share(text: str) -> float:
    tokens = re.findall(r"[^\W\d_]+", text.casefold())
    if not tokens:
        return 0.0
    common = lx.function_words()
    return sum(1 for token in tokens if token in common) / len(tokens)


@remembered
def is_long_prose(text: str) -> bool:
    text = norm(text)
    return is_prose(text) and (size(text) >= 18 or (ends_sentence(text) and size(text) >= 12))


def label(text: str, labels: str) -> str | None:
    """What follows "Label:" (or "【Label】") at the start of ``text`` (maybe ""), or None."""
    match = re.match(rf"^\s*[\[【(（]?\s*{labels}(?:{lx.COLON}|\s*[\]】)）])\s*"
                     r"(?P<rest>.*?)\s*[\]】)）]?\s*$", text, re.IGNORECASE)  # fmt: skip
    return match["rest"] if match else None


def exactly(text: str, phrases: str) -> bool:
    stripped = norm(text).strip(" .:：!|-–—·•»«›[]【】()（）")
    return bool(re.fullmatch(phrases, stripped, re.IGNORECASE))


def starts_with(text: str, phrases: str) -> str | None:
    """``text`` after a leading label phrase with or without a colon ("Lea también: X")."""
    match = re.match(rf"^\s*[\[【(（]?\s*{phrases}\s*[:：\]】)）»›\-–—|]+\s*(?P<rest>.+)$",
                     norm(text), re.IGNORECASE)  # fmt: skip
    return match["rest"] if match else None


# --- chrome ---------------------------------------------------------------------------------------


def is_copyright(text: str) -> bool:
    return bool(lx.COPYRIGHT.search(norm(text))) and size(text) <= 40


def tool_words_only(text: str) -> bool:
    """A share bar or toolbar: every part is a network name or a page tool."""
    parts = [p for p in re.split(r"\s*[|｜·•/,]\s*|\s+", norm(text).casefold()) if p]
    if not parts:
        return False
    joined = norm(text).casefold()
    return bool(
        re.fullmatch(rf"(?:(?:{lx.TOOLS}|{lx.SHARE})[\s|｜·•/,:]*)+", joined, re.IGNORECASE)
    )


def is_menu(text: str) -> bool:
    """A navigation bar: several short parts, none a sentence, no date.

    "Home | World | Business", "INICIO   MUNDO   DEPORTES", "要闻 国内 国际 财经",
    "Home > Business > Markets" (a breadcrumb), "Subscribe | Log in".
    """
    stripped = norm(text)
    if not stripped or find_dates(stripped):
        return False
    raw_parts = [p for p in SEGMENT_SEPARATOR.split(text.strip()) if p.strip()]
    crumbs = [p for p in lx.BREADCRUMB_SEPARATOR.split(stripped) if p.strip()]
    if len(crumbs) == 2 and not lx.HOME.fullmatch(norm(crumbs[0])):
        crumbs = []  # "Russia/Ukraine talks stall", "AC/DC announce tour": a headline
    for parts in (raw_parts, crumbs):
        if len(parts) >= 2 and all(_menu_item(p) for p in parts):
            return True
    # CJK menus separated by single spaces: "要闻 国内 国际 财经 科技"
    cjk_parts = stripped.split()
    if len(cjk_parts) >= 3 and all(
        CJK.search(p) and len(p) <= 6 and not re.search(r"[，。！？、：；/／:]", p)
        for p in cjk_parts
    ):
        return True
    # ALL-CAPS words separated by single spaces: "HOME NEWS SPORTS OPINION"
    words = stripped.split()
    if len(words) >= 4 and stripped.isupper() and not ends_sentence(stripped):
        return (
            len(set(words)) == len(words)
            and all(len(w) <= 14 for w in words)
            and not any(c in stripped for c in ",;:'’")
            and not any(w.casefold() in lx.FUNCTION_WORDS for w in words)
        )
    return False


def _menu_item(part: str) -> bool:
    part = norm(part).strip("[]【】")
    if re.match(rf"^(?:{lx.BYLINE_LABELS}|{lx.PHOTO_WORDS}|{lx.SOURCE_LABELS})(?:{lx.COLON}|\s)",
                part, re.IGNORECASE) and size(part) >= 2:  # fmt: skip
        return False  # "Texto: Elena Márquez", "por Lucía Navarro": a credit, not a menu
    return 0 < size(part) <= 4 and len(part) <= 30 and not ends_sentence(part) and "," not in part


@remembered
def chrome_kind(text: str) -> str | None:
    """The kind of site chrome ``text`` is, or None when it may be story text."""
    stripped = norm(text)
    if not stripped:
        return "blank"
    if exactly(stripped, lx.ADVERT):
        return "advert"
    if re.fullmatch(r"[A-Z]{1,4}(?:\s*//?\s*[A-Z]{1,4})+", stripped) or re.fullmatch(
        rf"(?:{lx.AGENCY_NAMES})\s*[/-]\s*(?:fim|fin|end|final)\.?", stripped, re.IGNORECASE
    ):
        return "ending"  # a wire's sign-off: desk initials "TC // JMR", "Lusa/Fim"
    if re.fullmatch(
        r"(?:share|compart(?:ir|ilhar?|e|a)|partag(?:er|ez))\s+(?:this|esta|este|essa|esse|"
        r"cette|cet|ce|la|le|el)\s+[\w-]+(?:\s+[\w-]+)?",
        stripped,
        re.IGNORECASE,
    ) or re.fullmatch(
        r"(?:字号|字號|字体|字體|字级|字級)\s*[:：]?\s*(?:[大中小]\s*){2,3}", stripped
    ):
        return "share"  # "Share this fact check", "Partager cet article", "字号：大 中 小"
    if lx.SKIP_LINK.match(stripped) and size(stripped) <= 8:
        return "skip"
    if lx.PRINT_NOTE.match(stripped):
        return "print-note"
    if lx.CALL_TO_ACTION.match(stripped) and size(stripped) <= 30:
        return "cta"
    if lx.ALERT_BANNER.match(stripped):
        return "ticker"
    if lx.ORIGINAL_TITLE.match(stripped):
        return "original-title"
    if lx.SPONSOR.match(stripped) and size(stripped) <= 12:
        return "advert"
    if lx.GREETING.match(stripped) and size(stripped) <= 60:
        return "greeting"
    if lx.VIDEO_PLAYER.match(stripped) and size(stripped) <= 16:
        return "video"
    if lx.CLOCK.fullmatch(stripped):
        return "clock"  # "15:05": a live feed's timestamp above an entry
    if exactly(stripped, lx.BACK_TO_TOP):
        return "back-to-top"
    if exactly(stripped, lx.PAGE_TOOLS):
        return "tools"
    if exactly(stripped, lx.SHARE) or (
        starts_with(stripped, lx.SHARE) and tool_words_only(starts_with(stripped, lx.SHARE) or "")
    ):
        return "share"
    if tool_words_only(stripped):
        return "tools"
    audio = re.match(rf"^{lx.AUDIO}\b", stripped, re.IGNORECASE)
    if audio and size(stripped) <= 8:
        return "audio"
    parts = [p for p in SEGMENT_SEPARATOR.split(text.strip()) if p.strip()]
    if parts and all(lx.READ_TIME.match(norm(p)) or lx.RELATIVE_TIME.match(norm(p)) for p in parts):
        return "time"  # "il y a 2 heures · 4 min de lecture"
    if parts and all(lx.CLOCK.fullmatch(norm(p)) for p in parts):
        return "clock"  # "15:05 · Act. 15:37": a live feed entry's times
    if is_copyright(stripped):
        return "copyright"
    if re.fullmatch(rf"{lx.TICKER}\s*[:：!|\-–—]\s*.+", stripped, re.IGNORECASE) or exactly(
        stripped, lx.TICKER
    ):
        return "ticker"
    # Wire slug lines ("POLITICS-GREECE/ELECTION") and sign-off codes ("cl/mdm/swi").
    if re.fullmatch(r"[A-Z0-9]+(?:[-/][A-Z0-9]+)+", stripped) and "/" in stripped:
        return "slug"
    if re.fullmatch(r"[a-z]{1,4}(?:/[a-z]{1,4}){1,5}", stripped):
        return "signoff"
    # Weather widgets: "72°F Sunny", "18 °C Nublado"
    if re.match(r"^-?\d{1,3}\s*°\s*[CF]?\b", stripped) and size(stripped) <= 5:
        return "weather"
    if is_menu(text):
        return "menu"
    without_count = re.sub(r"[(（]?\b\d+\b[)）]?", "", stripped).strip()
    if without_count != stripped and without_count and exactly(without_count, lx.ENDING_LABELS):
        return "ending"  # "32 Comments", "Comentarios (4)"
    return None


# --- blocks announced by a label ------------------------------------------------------------------


@remembered
def block_label(text: str) -> tuple[str, str] | None:
    """("related" | "ending" | "newsletter" | "key-points" | "tags", inline text) or None.

    "Related stories" alone on its line announces headlines below it; "Lea también: X"
    carries its headline inline.
    """
    stripped = norm(text)
    for kind, phrases in (
        ("ending", lx.ENDING_LABELS),
        ("related", lx.RELATED_LABELS),
        ("newsletter", lx.NEWSLETTER_LABELS),
        ("key-points", lx.KEY_POINTS_LABELS),
    ):
        if exactly(stripped, phrases):
            return kind, ""
        rest = starts_with(stripped, phrases) if kind in {"related", "ending"} else None
        if rest and (not is_long_prose(rest) or size(rest) <= 30):
            return kind, rest
    if (rest := label(stripped, lx.TAG_LABELS)) is not None:
        return "tags", rest
    # "More Long Reads", "Más en Economía", "Plus de Sport": a rail of other stories.
    if re.fullmatch(r"(?:more|más|mais|plus(?:\s+de)?|更多)\s+\S+(?:\s+\S+){0,3}", stripped,
                    re.IGNORECASE) and not ends_sentence(stripped):  # fmt: skip
        return "related", ""
    if kind_newsletter(stripped):
        return "newsletter", ""
    return None


def dek(text: str) -> str:
    """The standfirst of a labelled dek line ("摘要：…", "导读：…", "Summary: …"), or ""."""
    rest = label(norm(text), lx.KEY_POINTS_LABELS)
    return rest if rest and size(rest) >= 6 and is_prose(rest) else ""


def kind_newsletter(text: str) -> bool:
    return (
        size(text) <= 14
        and bool(re.match(rf"^{lx.NEWSLETTER_LABELS}\b", text, re.IGNORECASE))
        and not ends_sentence(text.rstrip("."))
    ) or bool(re.fullmatch(r"(?:your|votre|tu|seu|su)\s+e-?mail\w*", text, re.IGNORECASE))


# --- captions and credits -------------------------------------------------------------------------

_CREDIT_IN_BRACKETS = re.compile(
    r"^(?P<caption>.*?)\s*[(\[（【]\s*(?P<credit>[^()\[\]（）【】]{2,120}?)\s*[)\]）】]\s*\.?$"
)
_PHOTO_LABEL = re.compile(rf"^(?:{lx.PHOTO_WORDS})(?:\s+(?:by|de|par|por|du|da|do))?\s*[:：/]?\s*",
                          re.IGNORECASE)  # fmt: skip
_CREDIT_LABEL_INLINE = re.compile(
    rf"(?:^|\s|[|｜.。]\s*)(?P<label>{lx.PHOTO_WORDS})(?:\s+(?:by|de|par|por))?\s*[:：]\s*"
    r"(?P<credit>[^:：]{2,80})$",
    re.IGNORECASE,
)
# "Name/Agency", "Agency/Name", "AFP / Joseph K.", "EFE/José Jácome", "新华社/李明"
_SLASH_CREDIT = re.compile(r"^[^\s/][^/]{0,50}\s?/\s?[^/]{1,50}$")
# Chinese captions: "图为...。新华社记者 李明 摄", "（新华社记者 李明 摄）"
_SHOT_BY = re.compile(
    r"^(?P<caption>.*?[。.]?)\s*[(（]?\s*(?P<credit>[^()（）。]{2,30}?)\s*(?:摄|供图|/摄)\s*[)）]?\s*$"
)


def caption(text: str, *, in_figure: bool = False) -> Figure | None:
    """A photo caption with its credit, in the forms outlets print them.

    ``in_figure``: the text is known to be a caption (a figcaption), so weaker credit
    forms count too: a name in brackets "(Marc Thibodeau)", "(Source: WKRV)", a trailing
    "Name/Outlet" after the last sentence, "Photo Outlet / Name" without a colon.
    """
    stripped = norm(text)
    if not stripped or size(stripped) > 90:
        return None
    if re.match(rf"^(?:{lx.BYLINE_LABELS}){lx.COLON}", stripped, re.IGNORECASE):
        return None  # "Texte : X · Photos : Y" is the byline
    if in_figure and (found := _figure_credit(stripped)):
        return found
    match = _CREDIT_IN_BRACKETS.match(stripped)
    if match:
        credit = match["credit"].strip()
        # "(PHOTO: X)", "(Photo by X)", and "(Viewer photo: X)", "(AP Photo/X)"
        labelled = _PHOTO_LABEL.match(credit) or _PHOTO_LABEL.match(
            re.sub(
                r"^(?:[\w'’]+\s+){1,2}(?=(?:photo|foto|image|imagen|imagem)\b)",
                "",
                credit,
                flags=re.IGNORECASE,
            )
        )
        slash = _SLASH_CREDIT.match(credit) and size(credit) <= 8 and not ends_sentence(credit)
        shot = re.search(r"摄$|供图$", credit)
        if labelled and (labelled.end() < len(credit) or "/" in credit):
            cleaned = clean_credit(credit)
            if cleaned:
                return Figure(caption=clean_caption(match["caption"]), credit=cleaned)
        if slash or shot:
            return Figure(caption=clean_caption(match["caption"]), credit=clean_credit(credit))
    # "Caption text - Carla Nogueira/Reuters", "Caption text. © Name / Outlet"
    match = re.match(r"^(?P<caption>.{12,}?)\s+(?:[-–—|｜]|©)\s*(?P<credit>[^-–—|｜©]{3,60})$",
                     stripped)  # fmt: skip
    if (
        match
        and (
            "©" in stripped[match.start("credit") - 3 : match.start("credit")]
            or _SLASH_CREDIT.match(match["credit"].strip())
        )
        and size(match["credit"]) <= 8
        and not ends_sentence(match["credit"])
    ):
        return Figure(caption=clean_caption(match["caption"]), credit=clean_credit(match["credit"]))
    match = _CREDIT_LABEL_INLINE.search(stripped)
    if match and match.start("label") > 0 and size(match["credit"]) <= 10:
        before = stripped[: match.start("label")].rstrip(" |｜-–—")
        if before and not ends_sentence(match["credit"]):
            return Figure(caption=clean_caption(before), credit=clean_credit(match["credit"]))
    if CJK.search(stripped):
        # "…采摘春茶。图/新华社", "…。圖：中央社": the picture's source after the caption.
        match = re.match(r"^(?P<caption>.+[。！？.!?])\s*(?:图|圖|图片|圖片)\s*[/／:：]\s*"
                         r"(?P<credit>[^/／:：。]{2,24})$", stripped)  # fmt: skip
        if match:
            return Figure(caption=match["caption"], credit=clean_credit(match["credit"]))
        match = _SHOT_BY.match(stripped)
        if match and match["caption"]:
            return Figure(
                caption=clean_caption(match["caption"]), credit=clean_credit(match["credit"])
            )
    return None


def _figure_credit(text: str) -> Figure | None:
    text = CAPTION_CONTROLS.sub("", text)
    slash = re.match(rf"^(?P<caption>.+?[.!?。])\s+/\s*(?:(?:{lx.PHOTO_WORDS})\s*[:：]?\s*)?"
                     r"(?P<credit>[^/]{2,50})$", text, re.IGNORECASE)  # fmt: skip
    if slash and size(slash["credit"]) <= 6 and not ends_sentence(slash["credit"].rstrip(".")):
        # "... zonas caninas. / FOTO: J. M. R.", "... ayer. / AYUNTAMIENTO DE MOTRIL"
        return Figure(caption=slash["caption"].strip(), credit=clean_credit(slash["credit"]))
    bracket = _CREDIT_IN_BRACKETS.match(text)
    if bracket:
        credit = bracket["credit"].strip()
        source = re.match(rf"^(?:{lx.SOURCE_LABELS}){lx.COLON}\s*(?P<rest>.+)$", credit, re.I)
        if source:
            return Figure(caption=clean_caption(bracket["caption"]), credit=norm(source["rest"]))
        if _looks_like_name(credit) and size(credit) <= 6 and bracket["caption"]:
            return Figure(caption=clean_caption(bracket["caption"]), credit=clean_credit(credit))
    # "... evening. Dmitri Volkov for the Metro Ledger": a photographer working for an outlet.
    working = re.match(
        r"^(?P<caption>.+?[.!?。])\s+(?P<credit>[A-ZÀ-Ž][\w.'’-]+(?:\s+[A-ZÀ-Ž][\w.'’-]+){0,3}"
        r"\s+(?:for|para|pour)\s+.{2,50})$",
        text,
    )
    if working and size(working["credit"]) <= 10 and not ends_sentence(working["credit"]):
        return Figure(caption=working["caption"].strip(), credit=working["credit"].strip())
    # "... trucks. Julien Arsenault/The Northern Standard", "... Photo Outlet / Name"
    # "... mid-March. Photo by Priya Raman.", "... à Annecy. Photo C.D.": a last sentence
    # that is a credit (initials keep their dots).
    match = re.match(
        rf"^(?P<caption>.+?[.!?。])\s+(?:(?:{lx.PHOTO_WORDS})(?:\s+(?:by|de|par|por))?\s+)?"
        r"(?P<credit>(?:[^.!?。]|(?<=\b[A-Z])\.(?=\s?[A-Z]|$)){3,70})\.?$",
        text,
        re.IGNORECASE,
    )
    if match:
        credit = match["credit"].strip()
        rest = text[match.end("caption") :].strip().rstrip(".") + credit[-1:] * credit.endswith(".")
        labelled = re.match(rf"^(?:{lx.PHOTO_WORDS})\b", rest, re.I)
        if labelled and size(credit) <= 10:
            return Figure(caption=match["caption"].strip(), credit=clean_credit(rest))
        if _SLASH_CREDIT.match(credit) and size(credit) <= 8:
            return Figure(caption=match["caption"].strip(), credit=clean_credit(credit))
    return None


@remembered
def credit_only(text: str) -> str | None:
    """A line that is only a credit ("Photo: Name/AFP", "Foto: EFE"), for the caption above."""
    stripped = norm(text).strip("()（）[]【】")
    labelled = _PHOTO_LABEL.match(stripped)
    form = (
        rf"^(?:{lx.PHOTO_WORDS})\s*[:：/]|^(?:{lx.PHOTO_WORDS})\s+(?:by|de|par|por)\b"
        rf"|^(?:{lx.PHOTO_WORDS})\s+{lx.COURTESY}"
    )
    if (
        labelled
        and labelled.end() < len(stripped)
        and size(stripped) <= 10
        and re.match(form, stripped, re.IGNORECASE)
    ):
        return clean_credit(stripped)
    return None


def bare_photo_credit(text: str) -> str:
    """ "Photo Margaux Lefèvre", "Foto Ana Paz/EFE": a photo word and a name, no colon
    (read as a credit only under a caption line)."""
    match = re.fullmatch(rf"(?:{lx.PHOTO_WORDS})\s+(?P<name>[^:：]{{2,60}})", norm(text), re.I)
    if match is None:
        return ""
    name = match["name"].strip(" .")
    names = [n for n in re.split(r"\s*/\s*", name) if n]
    return name if names and all(_looks_like_name(n) for n in names) else ""


# Words a page's script adds to a caption: "hide caption", ", opens new tab", "Expand".
CAPTION_CONTROLS = re.compile(
    r"\s*(?:,?\s*opens new tab|hide caption|toggle caption|show caption|expand|enlarge|"
    r"ocultar (?:leyenda|pie de foto)|masquer la légende|ocultar legenda|ampliar|agrandir)\s*$",
    re.IGNORECASE,
)


def clean_caption(text: str) -> str:
    # "图：研究团队..." / "Photo: A view of...": a label before the caption itself.
    text = re.sub(r"^(?:图|图片|photo|foto)\s*[:：]\s*", "", norm(text), flags=re.IGNORECASE)
    previous = None
    while previous != text:
        previous, text = text, CAPTION_CONTROLS.sub("", text)
    return text.rstrip(" -–—|｜:：,")


_CREDIT_LABEL = re.compile(
    r"^(?:photos?|photographs?|photography|photographer|pic|picture|images?|credits?|"
    r"photo credit|image credit|graphic|graphics|infographic|chart|map|illustration|fotos?|"
    r"fotografías?|fotografias?|imagen|imágenes|imagem|imagens|crédito|créditos|crédit|"
    r"crédit photo|crédits|gráfico|infografía|infográfico|ilustración|ilustração|mapa|carte|"
    r"图|图片|图片来源|图源|摄影|source|fuente|fonte)(?:\s+(?:by|de|par|por|du|da|do))?\s*"
    r"(?:[:：/]\s*|\s+(?=\S))",
    re.IGNORECASE,
)


def clean_credit(credit: str) -> str:
    """The credit without its label: "Photo by Name/AFP" → "Name/AFP"; "X 摄" → "X".

    Words that say something about the picture stay: "Archivo X", "Courtesy of X",
    "File Photo", "X供图", "新华社记者 X" (a bare leading "记者", reporter, goes).
    """
    credit = norm(credit).strip("()（）[]【】 ").lstrip("©—–- ").strip()
    # "Sentinel photo by Ann Grube", "AP Photo/Name": an outlet's photo label.
    credit = re.sub(r"^(?:[\w'’.]+\s+){1,3}(?:photo|foto)\s+(?:by|de|por|par)\s+", "", credit,
                    flags=re.IGNORECASE)  # fmt: skip
    previous = None
    while previous != credit:
        previous = credit
        labelled = _CREDIT_LABEL.match(credit)
        if labelled and labelled.end() < len(credit):
            colon = re.search(r"[:：]", labelled.group())
            credit = credit[labelled.end() :].strip()
            if not colon:
                # "Photo courtesy of X" is one label; after "Imagen:", "cortesía de X" is
                # the credit as the page words it.
                credit = re.sub(rf"^{lx.COURTESY}", "", credit, flags=re.IGNORECASE) or credit
        credit = re.sub(r"^(?:by|de|par|por)\s+", "", credit, flags=re.IGNORECASE)
        credit = credit.lstrip("©—–- ").strip()
    credit = re.sub(r"\s*/?\s*(?:摄|攝|提供)$", "", credit).strip(" /:：")
    credit = re.sub(r"^(?:记者|通讯员|記者|通訊員)\s*", "", credit)
    return credit


# --- datelines -----------------------------------------------------------------------------------

# Where a dateline ends and the story starts: "--", an em or en dash, "-", ".-", ".—".
# "--", a dash, ".-", or after the agency's bracket a bare "-" or "." ("(AFP)-", "(ANDINA). ")
_DATELINE_END = re.compile(
    r"\s*(?:--|—|–|\.[-–—]|\s-|-(?=\s)|(?<=[)）])-|(?<=[)）])\.(?=\s+[A-ZÀ-ÖØ-Þ]))\s*(?=\S)"
)
_TRAILING_AGENCY = re.compile(r"\s*[(（](?P<agency>[^()（）]{2,40})[)）]\s*$")
_LEADING_PLACE = re.compile(r"^(?P<place>[^,(]{2,40}?)(?P<qualifier>\s*\([^)]{2,30}\))?\s*(?:,|$)")
_CJK_DATELINE = re.compile(
    r"^(?P<agency>[\u4e00-\u9fff]{1,5}?(?:社|网|報|报|台|本报|本刊))?"
    r"(?P<place>[\u4e00-\u9fff]{2,8}?)(?P<date>\d{1,2}月\d{1,2}日)\s*(?:电|訊|讯|消息)\s*"
    r"(?:[(（]\s*(?:记者|通讯员)?\s*(?P<byline>[^)）]{1,40})[)）])?\s*"
)

# Taiwanese and Hong Kong papers: "〔記者陳怡君／台南報導〕", "【記者王明、林芳/高雄報導】".
_CJK_REPORTER_DATELINE = re.compile(
    r"^[〔【\[（(]\s*(?P<agency>[\u4e00-\u9fff]{1,4}社)?\s*"
    r"(?:特派記者|特派记者|特派員|特派员|實習記者|实习记者|記者|记者)\s*"
    r"(?P<byline>[\u4e00-\u9fff·．]{2,5}(?:[、,，][\u4e00-\u9fff·．]{2,5})*)\s*[／/]\s*"
    r"(?P<place>[\u4e00-\u9fff]{2,8}?)\s*(?:綜合)?(?:報導|报道|電|电)\s*[〕】\]）)]\s*"
)


@dataclass
class Dateline:
    dateline: str
    agency: str = ""
    byline: str = ""
    date: FoundDate | None = None
    end: int = 0  # where the story text starts


def dateline(text: str, *, day_first: bool = False) -> Dateline | None:
    """The dateline opening a story: "ACCRA, Jan. 9 (Reuters) --", "新华社北京3月2日电"."""
    match = _CJK_REPORTER_DATELINE.match(text)
    if match:
        return Dateline(
            dateline=match["place"],
            agency=match["agency"] or "",
            byline=re.sub(r"[、,，]", ", ", match["byline"]),
            end=match.end(),
        )
    match = _CJK_DATELINE.match(text)
    if match:
        agency = match["agency"] or ""
        if agency in {"本报", "本刊"}:
            agency = ""
        dates = find_dates(match["date"])
        return Dateline(
            dateline=f"{match['place']}{match['date']}",
            agency=agency,
            byline=norm(match["byline"] or ""),
            date=dates[0] if dates else None,
            end=match.end(),
        )
    end = _DATELINE_END.search(text[:90])
    if end is None or end.start() < 2:
        return None
    head = text[: end.start()].strip()
    if end.group(0).lstrip().startswith(".") and re.search(r"\b[A-Z]\.[A-Z]$", head):
        head += "."  # "MONTERREY,N.L.-": the period ends the abbreviation
    elif head.endswith(".") and re.search(r"\b[A-Z]\.[A-Z]$", head[:-1]) is None:
        head = head.rstrip(".")
    agency = ""
    trailing = _TRAILING_AGENCY.search(head)
    if (trailing and (trailing.start() > 0) and "," in head[: trailing.start()]) or (
        trailing and not _LEADING_PLACE.match(head[: trailing.start()] + ",")
    ):
        agency = norm(trailing["agency"])
        head = head[: trailing.start()].strip()
    elif trailing and trailing.start() > 0:
        # "ACCRA (Reuters)" without a date: the brackets after the place are the agency.
        place_only = head[: trailing.start()].strip()
        if _all_caps(place_only):
            agency, head = norm(trailing["agency"]), place_only
    leading = _LEADING_PLACE.match(head + ("" if "," in head else ","))
    if leading is None:
        return None
    place = norm(leading["place"] + (leading["qualifier"] or ""))
    rest = head[leading.end() :].strip(" ,")
    found = None
    qualifier = ""
    if rest:
        dates = find_dates(rest, day_first=day_first, dateline=True)
        if dates:
            found = dates[0]
            qualifier = rest[: found.start].strip(" ,")
            if rest[found.end :].strip(" ,."):
                return None  # more than a date after the place: a sentence, not a dateline
        else:
            qualifier = rest
        if qualifier and (size(qualifier) > 3 or (ends_sentence(qualifier) and len(qualifier) > 6)):
            return None
    if not re.match(r"^[A-ZÀ-ÖØ-Þ]", place) or size(place) > 5:
        return None
    if not _all_caps(leading["place"]):
        # "Santiago, 6 de junio de 2025.–": a place in title case needs a date to count.
        if found is None:
            return None
    elif found is None and not agency:
        letters = [c for c in leading["place"] if c.isalpha()]
        if len(letters) < 4 and end.group(0).strip() == "-":
            return None  # "US - China talks"
    # As printed (spacing is the repairs' job, so an editor sees and can undo it), without
    # the agency in brackets, which becomes the article's agency.
    shown = norm(head)
    return Dateline(dateline=shown, agency=agency, date=found, end=end.end())


def _all_caps(text: str) -> bool:
    letters = [c for c in re.sub(r"\([^)]*\)", "", text) if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


# --- meta lines ----------------------------------------------------------------------------


@dataclass
class Meta:
    """What a meta line said: "Source: CGTN | 2025-04-02 11:20 | Editor: Wang Yu"."""

    published: FoundDate | None = None
    updated: FoundDate | None = None
    names: list[str] = field(default_factory=list)  # outlet, then agency, unlabelled
    source: str = ""
    byline: str = ""
    agency: str = ""
    editor: str = ""
    clock: str = ""  # a time of day without a date ("15:05", "11h47")
    other: int = 0  # parts that were none of these (reading time, "Listen"...)

    def found_anything(self) -> bool:
        return bool(
            self.published or self.updated or self.source or self.byline or self.agency
            or self.editor or self.names or self.clock
        )  # fmt: skip


def meta(text: str, *, day_first: bool = False, allow_names: bool = False) -> Meta | None:
    """Read a meta line, or None when ``text`` is not one.

    A meta line is short and made of parts: dates, labelled fields ("Source:", "Por",
    "Mis à jour le"), and outlet or agency names. Unlabelled names count only when the
    line also has a date or a label, or when ``allow_names`` (the line sits where the
    page's meta belongs and holds nothing else).
    """
    stripped = norm(text)
    if (
        not stripped
        or size(stripped) > 40
        or (is_long_prose(stripped) and not find_dates(stripped))
    ):
        return None
    result = Meta()
    evidence = False
    for part in _meta_parts(text, day_first=day_first):
        part = part.strip(" ,;|·-–—")
        if not part:
            continue
        kind, value = _meta_part(part, day_first=day_first)
        if kind == "published":
            result.published = result.published or value
            evidence = True
        elif kind == "updated":
            result.updated = result.updated or value
            evidence = True
        elif kind == "byline":
            names, agency = byline_and_agency(value)
            result.byline = result.byline or names
            result.agency = result.agency or agency
            evidence = True
        elif kind in {"source", "editor", "agency"}:
            if value and not getattr(result, kind):
                setattr(result, kind, value)
            evidence = True
        elif kind == "name":
            result.names.append(value)
        elif kind == "name+agency":
            result.names.append(value[0])
            result.agency = result.agency or value[1]
            evidence = True
        elif kind == "time":
            result.clock = result.clock or value
            evidence = True
        elif kind == "skip":
            result.other += 1
            evidence = evidence or (result.other > 0 and bool(result.names or result.published))
        else:
            return None
    if not (evidence or (allow_names and result.names)):
        return None
    if len(result.names) > 3:
        return None
    return result if result.found_anything() else None


_INNER_LABEL = re.compile(
    rf"(?<=\S)\s+(?=(?:{lx.SOURCE_LABELS}|{lx.EDITOR_LABELS}|{lx.BYLINE_LABELS}|"
    rf"{lx.UPDATED_LABELS}|{lx.PUBLISHED_LABELS}){lx.COLON})"
    # CJK labels run on without a space: "临江日报记者 王晓梅", "【字号：大 中 小】"
    r"|(?<=[\u4e00-\u9fff])(?<!本报)(?<!特约)(?<!首席)\s*(?=(?:本报|特约|首席)?记者\s?|通讯员\s?|(?:作者|编辑|来源)[：:])|\s*[【\[](?=[^】\]]*[】\]])|[】\]]\s*"
    r"|(?<=\S)\s*(?=(?:阅读|点击|浏览|字号|摄影|图片|审核|校对|文字|浏览次数|阅读量)[：:])",
    re.IGNORECASE,
)


def _meta_parts(text: str, *, day_first: bool) -> list[str]:
    """Cut a meta line into parts: at its separators and at labels ("来源：X 作者：Y"), but
    never inside a date ("21 oct 2023 · 08:15"), which keeps its label ("Mis à jour le")."""
    text = text.strip()
    dates = find_dates(text, day_first=day_first)
    out: list[str] = []
    cursor = 0
    for date in [*dates, None]:
        chunk = text[cursor : date.start if date else len(text)]
        label_before = None
        if date is not None:
            label_before = re.search(
                rf"(?:{lx.PUBLISHED_LABELS}|{lx.UPDATED_LABELS})\s*(?:on|at|el|le|em|en|:|：)?\s*$",
                chunk,
                re.IGNORECASE,
            )
        head = chunk[: label_before.start()] if label_before else chunk
        out.extend(
            piece
            for part in SEGMENT_SEPARATOR.split(head)
            if part.strip()
            for piece in _INNER_LABEL.split(part)
            if piece.strip()
        )
        if date is not None:
            out.append(
                (label_before.group(0) if label_before else "") + text[date.start : date.end]
            )
            cursor = date.end
    return out


def _meta_part(part: str, *, day_first: bool):
    # "(hora del centro de México)", "(updated)": a note in brackets says nothing we keep.
    stripped = norm(re.sub(r"\s*[(（][^()（）]{1,40}[)）]\s*$", "", part)) or norm(part)
    folded = stripped.casefold()
    dates = find_dates(stripped, day_first=day_first)
    if dates and dates[0].has_year:
        before = stripped[: dates[0].start]
        if re.search(lx.UPDATED_LABELS, before, re.IGNORECASE):
            return "updated", dates[0]
        rest = before + " " + stripped[dates[0].end :]
        # "Publicado el lunes, 5 de mayo de 2025 a las 13:47 h.": the weekday and the
        # hour's abbreviation say nothing more.
        rest = lx.WEEKDAY.sub(" ", rest)
        rest = re.sub(r"(?<!\w)(?:h|hs|hrs?|horas|heures|Uhr)\.?(?!\w)", " ", rest)
        rest = norm(re.sub(r"\s*,\s*", " ", rest)).strip(" :：,.-–—")
        if not rest or re.fullmatch(rf"(?:{lx.PUBLISHED_LABELS})\s*(?:on|at|el|le|em|en)?",
                                    rest, re.IGNORECASE):  # fmt: skip
            return "published", dates[0]
    for labels in (lx.UPDATED_LABELS, lx.PUBLISHED_LABELS):
        relative = label(stripped, labels)
        if relative is not None and lx.RELATIVE_TIME.match(relative):
            return "skip", None  # "Updated: 10 hours ago"
    if (value := label(stripped, lx.SOURCE_LABELS)) is not None:
        return "source", _first_name(value)
    if (value := label(stripped, lx.EDITOR_LABELS)) is not None:
        return "editor", value
    if (value := label(stripped, lx.BYLINE_LABELS)) is not None and value:
        return "byline", value
    by = re.match(rf"^(?:{lx.BYLINE_LABELS})\s+(?P<names>\S.*)$", stripped, re.IGNORECASE)
    if by and not CJK.search(stripped[:2]) and _looks_like_names(by["names"]):
        return "byline", by["names"]
    # "作者 陈思远", "编辑 王宇": CJK labels followed by a space and a short name.
    cjk = re.match(
        r"^(?P<label>(?:本报)?记者|作者|文|文字|撰文|编辑|责任编辑|来源|图|摄影|审核|校对)\s*[\s/／:：]\s*"
        r"(?P<value>\S{1,20})$",
        stripped,
    )
    if cjk and cjk["label"] in {"图", "摄影", "审核", "校对"}:
        return "skip", None  # the photographer and the checker, beside the writer
    if cjk:
        kind = {"编辑": "editor", "责任编辑": "editor", "来源": "source"}.get(
            cjk["label"], "byline"
        )
        return kind, cjk["value"]
    if re.match(rf"^(?:{lx.PHOTO_WORDS})(?:{lx.COLON}|\s+(?:by|de|par|por)\s)", stripped,
                re.IGNORECASE):  # fmt: skip
        return "skip", None  # "Photographs by Y" beside the byline
    if re.search(rf"\b(?:{lx.BYLINE_ROLES})$", stripped, re.IGNORECASE) and size(stripped) <= 5:
        return "skip", None  # "Scotland correspondent" after the byline
    if (
        lx.TIMEZONE.fullmatch(stripped)
        or lx.WEEKDAY.fullmatch(stripped)
        or re.fullmatch(r"(?:h|hs|hrs?|horas|heures|Uhr)\.?", stripped)
    ):
        return "skip", None  # "MST", "Sábado", "h.": left over beside a date
    if re.search(r"-?\d{1,3}\s*°\s*[CF]?\b", stripped) and size(stripped) <= 5:
        return "skip", None  # "Lima 27 °C": the weather beside today's date
    if lx.CLOCK.fullmatch(stripped):
        return "time", stripped
    agency = lx.WITH_AGENCY.match(stripped)
    if agency and _looks_like_name(agency["agency"]):
        return "agency", norm(agency["agency"])
    if chrome_kind(stripped) in {"time", "audio", "share", "tools"} or lx.READ_TIME.match(stripped):
        return "skip", None
    counter = r"^(?:阅读|点击|浏览|字号|阅读量)(?:次数|量)?\s*(?:[：:\s\d]|$)"
    if re.fullmatch(r"\d+\s*(?:views?|comments?|visitas|vues|comentários|阅读|浏览|评论)",
                    folded) or re.match(counter, stripped):  # fmt: skip
        return "skip", None
    both = lx.WITH_AGENCY_SUFFIX.search(stripped)
    if both and both.start() > 0 and agency_like(both["agency"]):
        outlet = stripped[: both.start()].strip(" ,")
        if _looks_like_name(outlet) or _outlet_shaped(outlet):
            return "name+agency", (outlet, norm(both["agency"]))  # "La Gazette avec AFP"
    if _looks_like_name(stripped) or _outlet_shaped(stripped):
        return "name", stripped
    return "other", None


def _outlet_shaped(text: str) -> bool:
    """ "L'Éveil ivoirien", "El diario del Sur": an article and a capital, or an outlet noun."""
    if size(text) > 6 or ends_sentence(text) or any(c.isdigit() for c in text):
        return False
    return bool(
        re.match(r"^(?i:the|el|la|los|las|le|les|l['’]|o|os|as)\s*[A-ZÀ-ÖØ-Þ]", text)
        or (lx.OUTLET_NOUNS.search(text) and (text[:1].isupper() or bool(CJK.match(text))))
    )


def _first_name(value: str) -> str:
    """ "人民网-人民日报" → keep as written; "CGTN" → "CGTN"."""
    return norm(value).strip(" ,.;")


_SMALL = {"and", "of", "the", "for", "in", "on", "&", "de", "del", "la", "las", "los", "el",
          "do", "da", "dos", "das", "du", "des", "le", "les", "et", "y", "e", "di",
          "news"}  # fmt: skip


def _looks_like_name(text: str) -> bool:
    """An outlet, agency or person's name: short, capitalised, no sentence; or short CJK.

    Names may carry lowercase words after a capitalised start ("Le Fil québécois",
    "L'Éveil ivoirien", "El diario de la Vega").
    """
    text = norm(text).strip("()")
    if not text or (ends_sentence(text) and not re.search(r"\b[A-Z]\.$", text)):
        return False
    if CJK.search(text):
        return len(text) <= 16 and not re.search(r"[，。！？：；]", text)
    words = text.split()
    if not 0 < len(words) <= 6 or len(text) > 60 or any(c.isdigit() for c in text):
        return False
    if re.search(r"[a-z][A-Z].*[a-z][A-Z]", text) or tool_words_only(text):
        return False  # "PartilharFacebookX...": buttons run together, not a name
    if not (words[0][0].isupper() or words[0][0] in "(&" or words[0].casefold() in _SMALL):
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or w.casefold() in _SMALL)
    needed = len(words) if len(words) <= 2 else (len(words) + 1) // 2
    return capitalised >= needed and ":" not in text


def _looks_like_names(text: str) -> bool:
    text = re.split(r"\s*[,;]\s*|\s+(?:in|en|à|em|from|desde|de|with|avec|com|con)\s+",
                    norm(text))[0]  # fmt: skip
    return _looks_like_name(text) or bool(re.fullmatch(r"[A-ZÀ-Ž ,.'’-]{3,60}", text))


def byline_and_agency(text: str) -> tuple[str, str]:
    """ "Antoine Delcourt avec AFP" → ("Antoine Delcourt", "AFP"); "Ana Costa, da Agência
    Brasil" → ("Ana Costa", "Agência Brasil")."""
    text = norm(text)
    match = lx.WITH_AGENCY_SUFFIX.search(text)
    if match and match.start() > 0:
        return byline_names(text[: match.start()]), norm(match["agency"])
    employer = lx.BYLINE_EMPLOYER.search(text)
    if employer and employer.start() > 0 and agency_like(employer["agency"]):
        return byline_names(text[: employer.start()]), norm(employer["agency"])
    return byline_names(text), ""


def byline_names(text: str) -> str:
    """The names of a byline: "JANE DOE and JOHN ROE, Staff Reporters" → "JANE DOE, JOHN ROE".

    Roles, places ("in Quito", "en Quito", "à Paris") and trailing credits are dropped.
    """
    text = norm(text).strip(" ,;|")
    text = re.sub(r"^(?:by|por|par|de|von)\s+", "", text, flags=re.IGNORECASE)
    text = re.split(r"\s*[|｜·•]\s*", text)[0]
    # "Maria Lopez in Quito", "Claire V., envoyée spéciale à Homa Bay (Kenya)"
    text = re.sub(r"\s+(?:in|en|à|em|from|desde|na|no|au|aux)\s+[A-ZÀ-Ž][^,;|]*", "", text)
    if CJK.search(text) and not re.search(r"[A-Za-z]", text):
        text = re.sub(r"^(?:记者|作者|文|撰文|通讯员)\s*", "", text)
        parts = [p for p in re.split(r"[\s,，、/]+", text) if p]
        # Chinese names are two to four characters; tools and counters are not names.
        text = ", ".join(
            p
            for p in parts
            if re.fullmatch(r"[\u4e00-\u9fff·]{2,4}", p) and not exactly(p, lx.TOOLS)
        )
    text = re.split(r"\s+[—–]\s+", text)[0]  # "Name, Outlet — Place"
    parts = [p.strip() for p in re.split(r"\s*[,;]\s*", text) if p.strip()]
    names: list[str] = []
    parts = [re.sub(r"^(?:and|et|y|e|und|&)\s+", "", part, flags=re.IGNORECASE) for part in parts]
    for part in parts:
        if re.search(
            r"\b(?:universit\w*|institut\w*|college|school|escuela|escola|école|"
            r"center|centre|centro|laborat\w+)\b|大学|研究所|学院",
            part,
            re.IGNORECASE,
        ):
            continue  # "University of Westhaven": where the author works
        if (
            re.fullmatch(rf"(?:{lx.BYLINE_ROLES})(?:\s.*)?", part, re.IGNORECASE)
            or (part[:1].islower() and not CJK.search(part))
            or (len(part.split()) > 1 and re.search(rf"\b(?:{lx.BYLINE_ROLES})$", part, re.I))
        ):
            continue  # "Staff Reporter", "envoyée spéciale à X", "East Africa correspondent"
        if names and name_kind(part) == "outlet":
            continue  # "Renata Albuquerque, Gazeta do Vale": the outlet after the name
        for name in lx.AUTHOR_JOIN.split(part):
            name = re.sub(rf"\s*\b(?:{lx.BYLINE_ROLES})$", "", name.strip(), flags=re.I).strip()
            if name:
                names.append(name)
    return ", ".join(names)


# --- notes at the end of a story -----------------------------------------------------------

DISCLAIMER_PHRASES = re.compile(
    r"(?:reproduc|reprint|republish|redistribut|re-?published|may not be (?:published|copied)|"
    r"do(?:es)? not necessarily (?:reflect|represent)|views expressed|for (?:information|reference)"
    r" (?:purposes )?only|creative commons|not (?:be )?responsible for|no (?:legal )?responsib|"
    r"不代表本(?:网|站|报|平台)|转载|版权归|仅供参考|侵权|联系删除|no refleja|no representa|"
    r"no se hace responsable|reproducción|ne reflète|n'engage|reproduction|não reflete|"
    r"não representa|reprodução|não se responsabiliza|derechos de autor|droits d'auteur|"
    r"direitos autorais|presumed innocent|presumption of innocence|présumée? innocente?|"
    r"présomption d'innocence|presunción de inocencia|presunta inocencia|presunção de inocência|"
    r"无罪推定|under (?:a |the )?(?:creative commons )?licen[cs]e|licensed under|"
    r"(?:for|with) (?:informational|information) purposes|not (?:constitute )?(?:investment|"
    r"financial|legal) advice|fines (?:exclusivamente |meramente )?informativos|no constituye|"
    r"ne constitue pas|não constitui|fins (?:meramente )?informativos|à titre informatif|"
    r"不构成(?:任何)?投资建议|未经(?:授权|许可)不得转载|"
    r"bajo (?:una )?licencia|sous (?:une )?licence|sob (?:uma )?licença)",
    re.IGNORECASE,
)


@remembered
def disclaimer(text: str) -> str | None:
    """The text of a reprint or legal disclaimer line, or None."""
    stripped = norm(text)
    value = label(stripped, lx.DISCLAIMER_LABELS)
    if value is None and DISCLAIMER_PHRASES.search(stripped):
        # "Rappel : ...", "Note: ...": a notice behind a short label of its own.
        short = re.match(
            r"^(?P<label>[^\W\d_][^\W\d_ ]*(?: [^\W\d_]+)?)\s*[:：]\s*(?P<rest>.{20,})$", stripped
        )
        if short and not CJK.search(short["label"]):
            value = short["rest"]
    if value is not None and _ABOUT_COMMENTS.search(value):
        return None
    if (
        value is not None
        and size(value) >= 4
        and (
            not re.match(r"^(?:nota|note|notice|aviso|statement|声明)\b", stripped, re.IGNORECASE)
            or DISCLAIMER_PHRASES.search(value)
        )
    ):
        return value
    return None


_ABOUT_COMMENTS = re.compile(r"coment|comment|评论|留言", re.IGNORECASE)


def legal_copyright(text: str) -> bool:
    """A copyright line that goes on to say what may be done with the text: a notice."""
    stripped = norm(text)
    return bool(
        (is_copyright(stripped) or lx.COPYRIGHT.search(stripped))
        and size(stripped) >= 15
        and re.search(
            r"may not|must not|no (?:se )?(?:puede|podrá)|ne (?:peut|doit)|"
            r"não (?:pode|deve)|不得|禁止",
            stripped,
            re.IGNORECASE,
        )
    )


@remembered
def disclaimer_like(text: str) -> bool:
    """Legal notice wording without a label ("This article is reproduced from...")."""
    stripped = norm(text)
    # A notice about readers' comments is the comment section's, not the story's.
    return (
        size(stripped) >= 8
        and bool(DISCLAIMER_PHRASES.search(stripped))
        and not _ABOUT_COMMENTS.search(stripped)
    )


_CORRECTION_SENTENCE = re.compile(
    r"^(?:•\s*)?(?:an earlier version of this (?:article|story)|this (?:article|story) "
    r"(?:was|has been) (?:amended|corrected|updated to correct)|una versión anterior de "
    r"(?:este|esta)|este (?:artículo|texto) (?:fue|ha sido) (?:corregido|modificado)|une "
    r"(?:précédente|première) version de cet article|cet article a été (?:corrigé|modifié)|"
    r"uma versão anterior (?:deste|desta)|(?:este|esta) (?:texto|reportagem|notícia) foi "
    r"(?:corrigid|atualizad)|本文(?:已)?更正|原文(?:有误|错误))",
    re.IGNORECASE,
)


@remembered
def correction(text: str) -> str | None:
    stripped = norm(text)
    value = label(stripped, lx.CORRECTION_LABELS)
    if value is not None and size(value) >= 4:
        return value
    if _CORRECTION_SENTENCE.match(stripped):
        return stripped.lstrip("• ")
    return None


_EDITOR_CREDIT = re.compile(
    r"^[(\[（【]?\s*(?:(?:reporting|writing|additional reporting|reportagem|reportaje|"
    r"reportage|información|redacción|texto)\s+(?:by|de|por|par)\s+(?P<reporters>[^;)）\]]+)"
    r"\s*[;,]\s*)?(?:editing|edited|edição|edición|editado|édition|édité|translated|"
    r"traducción|tradução)\s+(?:by|de|por|par)\s+[^)）\]]+[)\]）】]?\.?$",
    re.IGNORECASE,
)


@remembered
def editor_credit(text: str) -> tuple[bool, str]:
    """(whether ``text`` is an editing credit, the reporters it names)."""
    stripped = norm(text)
    if (value := label(stripped, lx.EDITOR_LABELS)) is not None and size(value) <= 12:
        return True, ""
    match = _EDITOR_CREDIT.match(stripped)
    if match:
        return True, byline_names(match["reporters"] or "")
    reporting = re.fullmatch(
        r"[(\[（]\s*(?:reporting|reportagem|reportaje|reportage)\s+(?:by|de|por|par)\s+"
        r"(?P<reporters>[^)）\]]+)[)\]）]\.?",
        stripped,
        re.IGNORECASE,
    )
    if reporting:
        return True, byline_names(reporting["reporters"])
    return False, ""


@remembered
def original_url(text: str) -> str | None:
    match = URL.match(norm(text))
    return match["url"] if match else None


_HOLDER_NOISE = re.compile(
    r"©|\(c\)|ⓒ|\bcopyright\b|\b(?:19|20)\d{2}\s*(?:[-–—]\s*(?:19|20)?\d{2,4})?\b|"
    r"all rights reserved|todos los derechos reservados|tous droits réservés|"
    r"todos os direitos reservados|derechos reservados|direitos reservados|版权所有|版權所有|"
    r"[\u4e00-\u9fff]ICP备[\d-]+号(?:-\d+)?|\bICP\b.*$",
    re.IGNORECASE,
)
_COMPANY_SUFFIX = re.compile(
    r"\s*,?\s*\b(?:ltd|limited|inc|llc|plc|gmbh|s\.?\s?a\.?|s\.?\s?l\.?|ltda|sarl|sas|"
    r"company|co|corp|corporation|group|media group|ediciones|éditions|editora)\.?$",
    re.IGNORECASE,
)


def copyright_holder(text: str) -> str:
    """Who a copyright line names: "© 2024 The Northern Review Ltd" → "The Northern Review"."""
    first = next(
        (p for p in SEGMENT_SEPARATOR.split(text.strip()) if _HOLDER_NOISE.sub("", p).strip()), ""
    )
    holder = _HOLDER_NOISE.sub(" ", first)
    holder = re.split(r"\s+[-–—|·]\s+|[.。]\s", holder)[0]
    holder = norm(holder).strip(" .,-–—|:")
    if not CJK.search(holder):
        # The name is the leading run of capitalised words: "... Limited or its affiliates".
        kept: list[str] = []
        for word in holder.split():
            if word[0].isupper() or word[0] in "&'" or word.casefold() in _SMALL:
                kept.append(word)
            else:
                break
        while kept and kept[-1].casefold() in _SMALL:
            kept.pop()
        holder = " ".join(kept)
    previous = None
    while previous != holder:
        previous = holder
        holder = _COMPANY_SUFFIX.sub("", holder).strip(" .,")
    return holder if holder and size(holder) <= 8 else ""


def postal_sender(text: str) -> str:
    """Who a mailing address line names: a newsletter's footer ("The Kestrel, 220 3rd
    Avenue South, Saskatoon" or "El Faro Austral · Calle Errázuriz 932, Punta Arenas")."""
    parts = [p.strip() for p in re.split(r"\s*[,·|]\s*|\s+[-–—]\s+", norm(text)) if p.strip()]
    if len(parts) < 3 or size(text) > 25:
        return ""
    name, street = parts[0], parts[1]
    words = name.split()
    if not 1 <= len(words) <= 5 or re.search(r"\d", name) or not name[:1].isupper():
        return ""
    if ends_sentence(text) or any(is_long_prose(p) for p in parts):
        return ""  # "On Monday, 300 workers walked out, the union said."
    numbered = re.fullmatch(
        r"\d+[A-Za-z]?,?\s+(?:\d+\w*\s+)?(?:(?:rue|avenue|av\.?|boulevard|bd|chemin|allée|place|"
        r"quai|calle|avenida|rua|travessa|praça|via)\s+)?[A-ZÀ-Ž].*"
        r"|[A-ZÀ-Ž][^\d]*\w\s+\d+[A-Za-z]?(?:\s.*)?",
        street,
    )
    return name if numbered and not CJK.search(name) else ""


def call_sign(name: str) -> str:
    """ "KVAZ-TV" → "KVAZ": a broadcaster goes by its call sign, without the service."""
    match = re.fullmatch(r"([A-Z]{3,4})[-\s](?:TV|DT|FM|AM|HD)\d?", norm(name))
    return match.group(1) if match else ""


def agency_like(name: str) -> bool:
    """A news agency's name: a well-known wire, or a name that says it is an agency."""
    name = norm(name)
    return bool(re.fullmatch(lx.AGENCY_NAMES, name, re.IGNORECASE) or lx.AGENCY_WORD.search(name))


def name_kind(text: str) -> str:
    """What a bare name line near the headline is: "outlet", "person" or "place".

    "The Morning Dispatch", "Diário Metropolitano" (outlet words); "Ana Lins e Ricardo
    Tavares", "Fiona Gallacher" (people: two to four capitalised words, or several joined
    by "and"); "Recife" (one word: the reporter's city).
    """
    text = norm(text)
    if _outlet_shaped(text) or agency_like(text):
        return "outlet"
    if CJK.search(text):
        return "person" if len(text) <= 4 else "outlet"
    words = text.split()
    if len(words) == 1:
        return "place"
    if any(w[:1].islower() and w.casefold() not in _NAME_PARTICLES for w in words):
        return "outlet"  # "L'Éveil ivoirien", "Le Monde diplomatique": names are capitalised
    if lx.AUTHOR_JOIN.search(text) or 2 <= len(words) <= 4:
        return "person"
    return "outlet"


# Lower-case words people's names carry ("Ana de la Vega", "Ludwig van Dijk", "Ana e Rui").
_NAME_PARTICLES = frozenset(
    {"de", "del", "della", "di", "da", "das", "do", "dos", "du", "des", "la", "le", "van", "von",
     "der", "den", "ter", "y", "e", "i", "and", "et", "bin", "ibn", "al", "el"}
)  # fmt: skip


def republished(text: str, *, day_first: bool = False) -> tuple[str, FoundDate | None] | None:
    """ "This article was originally published by X on 6 March 2025": (X, that date)."""
    stripped = norm(text)
    if size(stripped) > 70:
        return None
    match = lx.REPUBLISHED.search(stripped)
    if match is None or (
        disclaimer_like(stripped)
        and not re.search(
            r"originally|first|initialement|originalmente|original|原文|原载|首发",
            stripped,
            re.I,
        )
    ):
        return None  # "本文转载自其他媒体…": a reprint disclaimer, naming no outlet
    name = norm(next((value for value in match.groupdict().values() if value), ""))
    name = re.sub(r"^the\s+(?=[A-ZÀ-Ž])", "", name)  # "by the University of X"
    dates = [d for d in find_dates(stripped[match.start() :], day_first=day_first) if d.has_year]
    return name.strip(" .,:;"), dates[0] if dates else None


def authors_line(text: str) -> str:
    """Authors without a "By": "Priya Raman, Associate Professor, University of X, and
    Tomás Ferreira, Research Fellow" → "Priya Raman, Tomás Ferreira"; else ""."""
    stripped = norm(text)
    first = re.split(r"\s*,\s*", stripped)[0]
    if "," not in stripped or size(stripped) > 50 or ends_sentence(stripped.rstrip(".")):
        return ""
    if not (2 <= len(first.split()) <= 4 and all(w[:1].isupper() for w in first.split())):
        return ""
    rest = stripped[len(first) :]
    role = re.search(rf"\b(?:{lx.BYLINE_ROLES})\b", rest, re.IGNORECASE) or re.search(
        r"\b(?:universit\w*|institut\w*|college|center|centre|centro)\b", rest, re.IGNORECASE
    )
    return byline_names(stripped) if role else ""
