"""Repairs for copy-and-pasted reprint text, each reporting exactly what it changed.

Pasting a story out of a web page loses the spaces that links and line breaks stood for
("Theirsci-tech", "BEIJING,Sept. 12,2024") and sometimes re-decodes the text wrongly
("Chileâ€™s"). Every rule here returns the repaired text *and* the list of ``Change``s it
made, so the import report can show an editor each one and undo it. Rules only ever touch
what they are sure of: numbers ("2,000", "3.5", "480MW", "5G") and names ("iPhone",
"YouTube", "DeepSeek") are left alone.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Collection
from dataclasses import asdict, dataclass
from functools import lru_cache

import ftfy
from wordfreq import top_n_list, zipf_frequency

CONTEXT_CHARS = 24


@dataclass(frozen=True)
class Change:
    """One repair: ``before`` became ``after`` at ``start`` of the repaired text."""

    rule: str
    before: str
    after: str
    context: str  # the repaired text around the change, to find it again for an undo
    offset: int  # where ``after`` starts inside ``context``
    field: str = ""

    def as_dict(self) -> dict:
        return asdict(self)


Repair = Callable[[str], tuple[str, list[Change]]]


def _replace(
    text: str, pattern: re.Pattern, rule: str, replacement: Callable[[re.Match], str]
) -> tuple[str, list[Change]]:
    """``pattern.sub`` that records each match it rewrote."""
    pieces: list[str] = []
    spans: list[tuple[int, str, str]] = []  # (start in new text, before, after)
    last = 0
    length = 0
    for match in pattern.finditer(text):
        new = replacement(match)
        old = match.group(0)
        pieces.append(text[last : match.start()])
        length += match.start() - last
        if new != old:
            spans.append((length, old, new))
        pieces.append(new)
        length += len(new)
        last = match.end()
    if not spans:
        return text, []
    pieces.append(text[last:])
    result = "".join(pieces)
    return result, [_change(rule, result, start, before, after) for start, before, after in spans]


def _change(rule: str, result: str, start: int, before: str, after: str) -> Change:
    left = max(0, start - CONTEXT_CHARS)
    right = min(len(result), start + len(after) + CONTEXT_CHARS)
    return Change(
        rule=rule, before=before, after=after, context=result[left:right], offset=start - left
    )


def _diff_changes(rule: str, old: str, new: str) -> list[Change]:
    """Changes between two versions of a text, widened to whole words for reading."""
    changes = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        while i1 > 0 and j1 > 0 and not old[i1 - 1].isspace() and not new[j1 - 1].isspace():
            i1, j1 = i1 - 1, j1 - 1
        while i2 < len(old) and j2 < len(new) and not old[i2].isspace() and old[i2] == new[j2]:
            i2, j2 = i2 + 1, j2 + 1
        changes.append(_change(rule, new, j1, old[i1:i2], new[j1:j2]))
    return _merge_overlapping(changes)


def _merge_overlapping(changes: list[Change]) -> list[Change]:
    merged: list[Change] = []
    for change in changes:
        if merged and merged[-1].after == change.after and merged[-1].context == change.context:
            continue
        merged.append(change)
    return merged


# --- mojibake -----------------------------------------------------------------------

# Only the encoding repairs: quotes, ligatures and widths are the outlet's typography.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    remove_control_chars=False,
    normalization=None,
    explain=False,
)


def fix_mojibake(text: str) -> tuple[str, list[Change]]:
    """Undo text that was decoded with the wrong encoding ("Chileâ€™s" for "Chile's")."""
    fixed = text
    for _ in range(4):  # ftfy fixes one layer of wrong decoding per pass
        again = ftfy.fix_text(fixed, _FTFY_CONFIG)
        if again == fixed:
            break
        fixed = again
    if fixed == text:
        return text, []
    return fixed, _diff_changes("mojibake", text, fixed)


# --- stray whitespace ---------------------------------------------------------------

_SPACE_RUN = re.compile(
    r"[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff\u00ad]+"
)
_ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
# What the rule would change: a run that is not one plain space (most text has none).
_ODD_SPACE = re.compile(
    r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u200b\u200c\u200d\u2060\ufeff\u00ad]| {2}"
)


def fix_whitespace(text: str) -> tuple[str, list[Change]]:
    """Hard and zero-width spaces, tabs and runs of spaces inside a line become one space."""

    if not _ODD_SPACE.search(text):
        return text, []

    def one_space(match: re.Match) -> str:
        run = match.group(0)
        return "" if set(run) <= _ZERO_WIDTH else " "

    text, changes = _replace(text, _SPACE_RUN, "whitespace", one_space)
    return text, _widen(text, changes)


# --- spaces lost after commas and periods --------------------------------------------

LATIN = "A-Za-z\u00c0-\u024f"
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# "Sept.12,2024" / "Sept. 12,2024" / "September 12,2024": the space after the month's
# period and after the day's comma. A comma followed by three digits stays ("12,000").
_DATE = re.compile(
    rf"(?<![{LATIN}])(?P<month>{MONTH})(?P<dot>\.?)(?P<s1>\s*)(?P<day>\d{{1,2}})"
    r"(?P<comma>,)(?P<s2>\s*)(?P<year>\d{4})(?!\d)"
)
_MONTH_DOT_DAY = re.compile(rf"(?<![{LATIN}])(?P<month>{MONTH})\.(?P<day>\d{{1,2}})(?!\d)")
# A comma glued to the next word: "However,the", "Africa,which", "2024,Power".
# Never between digits ("2,000") and never inside a web or e-mail address.
_COMMA = re.compile(rf"(?<=[{LATIN}\d)\]\"\u201d\u2019%]),(?=[{LATIN}])")
# A sentence's period glued to the next sentence: "obstacles.The". Both sides must be
# words ("e.g.", "U.S.", "3.5", "Node.js" and "example.com" do not match).
_PERIOD = re.compile(r"(?<=[a-z]{2})\.(?=[A-Z][a-z]+(?:[\s,;:!?)]|$))")
_ADDRESS = re.compile(r"(?:https?://|www\.|\S+@)\S+", re.IGNORECASE)


def _date_spacing(match: re.Match) -> str:
    s1 = match["s1"] or " "
    s2 = match["s2"] or " "
    return f"{match['month']}{match['dot']}{s1}{match['day']},{s2}{match['year']}"


def fix_spacing(text: str) -> tuple[str, list[Change]]:
    """Put back the space lost after a comma or period in dates, datelines and sentences.

    Only ever inserts spaces: letters, digits and punctuation stay exactly as they were.
    """
    changes: list[Change] = []
    text, found = _replace(text, _DATE, "spacing", _date_spacing)
    changes += found
    text, found = _replace(text, _MONTH_DOT_DAY, "spacing", lambda m: f"{m['month']}. {m['day']}")
    changes += found
    protected = [m.span() for m in _ADDRESS.finditer(text)]

    def outside_addresses(replacement: str) -> Callable[[re.Match], str]:
        def replace(match: re.Match) -> str:
            if any(start <= match.start() < end for start, end in protected):
                return match.group(0)
            return replacement

        return replace

    # Both remaining rules insert one character per match: recompute protected spans once
    # more between them, since the first shifts offsets.
    text, found = _replace(text, _COMMA, "spacing", outside_addresses(", "))
    changes += found
    protected = [m.span() for m in _ADDRESS.finditer(text)]
    text, found = _replace(text, _PERIOD, "spacing", outside_addresses(". "))
    changes += found
    return text, _widen(text, changes)


def _widen(text: str, changes: list[Change]) -> list[Change]:
    """Show a spacing fix with the words on both sides: "Africa,which" → "Africa, which"."""
    widened = []
    for change in changes:
        if any(char.isalnum() for char in change.before + change.after):
            widened.append(change)
            continue
        start = change.offset
        context = change.context
        left = start
        while left > 0 and not context[left - 1].isspace():
            left -= 1
        right = start + len(change.after)
        while right < len(context) and not context[right].isspace():
            right += 1
        after = context[left:right]
        before = context[left:start] + change.before + context[start + len(change.after) : right]
        widened.append(Change(change.rule, before, after, context, left, change.field))
    return widened


# --- words glued together where a link was stripped ------------------------------------

_L = "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"  # Latin letters, accented ones too
_LOW = "a-z\u00df-\u00f6\u00f8-\u00ff"
_UP = "A-Z\u00c0-\u00d6\u00d8-\u00de"
# A word, possibly hyphenated, and possibly with a possessive "'s" after it ("theEU's").
_TOKEN = re.compile(
    rf"(?<![\w@/.'\u2019&-])[{_L}]+(?:-[{_L}]+)*(?!(?!['\u2019]s\b)[\w@/'\u2019&-]|\.\w)"
)
_LOWER_GLUE = re.compile(rf"[{_UP}]?[{_LOW}]+(?:-[{_LOW}]+)*")
_CAMEL_GLUE = re.compile(rf"(?P<left>[{_LOW}]{{2,}})(?P<right>[{_UP}][{_L}]*(?:-[{_L}]+)*)")
KNOWN_WORD_ZIPF = 3.0  # about once per million words: a word, not a name fragment
FUNCTION_WORDS = 150
# A glued pair is written far less often than the two words side by side ("ofthe" vs
# "of the"); a real word ("nowhere", "another", "into") is not. Zipf values are log10 of
# frequency per billion words, so two independent words occur together about
# zipf(a) + zipf(b) - 9; a token rarer than that by this margin is a glued pair.
GLUE_MARGIN = 1.5
# Languages whose words are separated by spaces and that wordfreq knows well.
SPACED_LANGUAGES = frozenset({"en", "es", "fr", "pt", "it", "de", "nl", "ca", "sv", "da", "nb",
                              "pl", "id", "ms", "tr", "ro", "fi", "cs"})  # fmt: skip


def word_language(language: str) -> str | None:
    """The wordfreq language for glued-word repair, or None where words are not spaced."""
    primary = (language or "en").split("-")[0].lower()
    if primary in SPACED_LANGUAGES:
        return primary
    return None if primary in {"zh", "ja", "ko", "th", "lo", "km", "my"} else "en"


@lru_cache(maxsize=200_000)
def zipf(word: str, language: str = "en") -> float:
    return zipf_frequency(word, language)


@lru_cache(maxsize=32)
def function_words(language: str = "en") -> frozenset[str]:
    """The language's most common words ("the", "of"; "de", "la"), which glue onto a link."""
    return frozenset(
        word for word in top_n_list(language, FUNCTION_WORDS) if len(word) > 1 and word.isalpha()
    )


def vocabulary(text: str) -> Counter:
    """How often each word stands alone in a document: evidence for splitting glued ones."""
    return Counter(token.casefold() for token in _TOKEN.findall(text))


def split_glued(
    token: str, seen: Collection[str] | Counter = (), language: str = "en"
) -> list[str]:
    """Split ``token`` into the words it was glued from, or return it whole.

    A token the word list has never seen splits into known words where the first is a
    very common word ("theAtacama", "ofsci-tech", "Theirsci-tech") or the second stands
    alone elsewhere in the same document ("Americasci-tech"). A token the list knows
    splits only when it is far rarer than its two words side by side ("atthe", "ofthe";
    Spanish "dela", but not Portuguese "dela", a word). Names and brands are either known
    words ("YouTube") or do not split into two common words ("HaiPress", "DeepSeek").
    """
    whole = zipf(token.casefold(), language)
    parts = _split_camel(token, whole, language) or _split_lower(token, seen, whole, language)
    if parts is None:
        return [token]
    # The pieces get the same treatment, so one pass leaves nothing more to split.
    return [word for part in parts for word in split_glued(part, seen, language)]


def _split_camel(token: str, whole: float, language: str) -> list[str] | None:
    """ "theWHO", "inGhana", "daPrefeitura": a common word glued to a capitalised one."""
    match = _CAMEL_GLUE.fullmatch(token)
    if match and match["left"] in function_words(language) and whole < KNOWN_WORD_ZIPF:
        return [match["left"], match["right"]]
    return None


def _split_lower(
    token: str, seen: Collection[str] | Counter, whole: float, language: str
) -> list[str] | None:
    best: tuple[float, int] | None = None
    for score, cut, needs_seen in _lower_cuts(token, whole, language):
        if needs_seen and not _stands_alone(needs_seen, seen, language):
            continue
        if best is None or score > best[0]:
            best = (score, cut)
    if best is None:
        return None
    return [token[: best[1]], token[best[1] :]]


@lru_cache(maxsize=100_000)
def _lower_cuts(token: str, whole: float, language: str) -> tuple[tuple[float, int, str], ...]:
    """Where a lower-case ``token`` may split into two known words, whatever the document:
    (score, cut, the right-hand word that must also stand alone in the document, or "")."""
    if not _LOWER_GLUE.fullmatch(token):
        return ()
    first = token.split("-", 1)[0]
    common = function_words(language)
    cuts: list[tuple[float, int, str]] = []
    for cut in range(2, len(first) - 1):
        left, right = token[:cut].casefold(), token[cut:].casefold()
        left_zipf, right_zipf = zipf(left, language), zipf(right, language)
        if left_zipf < KNOWN_WORD_ZIPF or right_zipf < KNOWN_WORD_ZIPF:
            continue
        needs_seen = ""
        if whole > 0:
            # A known token: only a pair of common words written as one ("atthe").
            if not (left in common and (right in common or right_zipf >= 5.0)):
                continue
            if whole >= left_zipf + right_zipf - 9 - GLUE_MARGIN:
                continue
        elif left not in common:
            needs_seen = right  # "Americasci-tech": only if "sci-tech" stands alone too
        cuts.append((left_zipf + right_zipf, cut, needs_seen))
    return tuple(cuts)


def _stands_alone(word: str, seen: Collection[str] | Counter, language: str) -> bool:
    """A content word the document also uses on its own (twice, so not by chance)."""
    if len(word) < 3 or word in function_words(language):
        return False
    return seen[word] >= 2 if isinstance(seen, Counter) else word in seen


def fix_glued_words(
    text: str, seen: Collection[str] | Counter = (), language: str = "en"
) -> tuple[str, list[Change]]:
    """Split words glued together where a link's text lost its spaces."""
    wordlist = word_language(language)
    if wordlist is None:
        return text, []
    return _replace(
        text, _TOKEN, "glued words", lambda m: " ".join(split_glued(m[0], seen, wordlist))
    )


# --- French elision glued to the word before it ----------------------------------------

# "àl'AFP", "del'État", "quel'on": a preposition glued to an elided article.
_ELISION = re.compile(
    r"(?<![\w'’])(?P<word>à|de|que|sur|pour|par|dans|et|ou)(?P<article>[ldn]['’])(?=\w)",
    re.IGNORECASE,
)


def fix_elision(text: str) -> tuple[str, list[Change]]:
    text, changes = _replace(text, _ELISION, "glued words", lambda m: f"{m['word']} {m['article']}")
    return text, _widen(text, changes)


# --- datelines -------------------------------------------------------------------------

# "MONTRÉAL,3 oct.", "KAYAR (Sénégal),22 juin": in a dateline every comma is followed by
# a space, except between digits ("12,000" never occurs in one, but stay safe).
_DATELINE_COMMA = re.compile(r"(?<!\d),(?=\S)|(?<=\d),(?=[^\d\s])")


def fix_dateline_spacing(text: str) -> tuple[str, list[Change]]:
    text, changes = _replace(text, _DATELINE_COMMA, "spacing", lambda m: ", ")
    return text, _widen(text, changes)


# --- all of them ------------------------------------------------------------------------


def repair_text(
    text: str, *, seen: Collection[str] | Counter = (), field: str = "", language: str = "en"
) -> tuple[str, list[Change]]:
    """Every repair in order; the changes are tagged with ``field`` for the import report."""
    changes: list[Change] = []
    repairs: list[Repair] = [
        fix_mojibake,
        fix_whitespace,
        fix_spacing,
        lambda value: fix_glued_words(value, seen, language),
    ]
    if (language or "").split("-")[0].lower() == "fr":
        repairs.append(fix_elision)
    if field == "dateline":
        repairs.append(fix_dateline_spacing)
    # One repair can expose work for another (dropping a soft hyphen can leave a pair of
    # characters that read as mojibake), so go round until nothing changes: repairing
    # repaired text must change nothing.
    for _ in range(4):
        before = text
        for repair in repairs:
            text, found = repair(text)
            changes += found
        if text == before:
            break
    stripped = text.strip()
    return stripped, [
        Change(c.rule, c.before, c.after, c.context, c.offset, field) for c in changes
    ]
