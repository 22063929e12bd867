"""Dates as news pages print them, in English, Spanish, French, Portuguese and Chinese.

``find_dates`` finds every date in a line ("Oct 4, 2025", "3 de enero de 2025",
"12 mars 2025 à 09h30", "2025年3月2日 10:05", "07/06/2025 14:05", ISO 8601) with its
position, so a meta line can be cut into its parts. A date without a year ("May 3",
"12 mars") is reported as such: callers never invent the year. Numeric dates are read
day-first on pages in languages that write them so ("07/06/2025" is 7 June in
Portuguese), month-first in English unless the setting says otherwise; a first number
over 12 decides by itself.
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass

from django.utils import timezone

MONTHS: dict[str, int] = {}


def _add(month: int, *names: str) -> None:
    for name in names:
        MONTHS[name] = month


_add(1, "january", "jan", "enero", "ene", "janvier", "janv", "janeiro", "gennaio", "januar")
_add(2, "february", "feb", "febrero", "février", "fevrier", "févr", "fevr", "fév", "fev",
     "fevereiro", "febbraio", "februar")  # fmt: skip
_add(3, "march", "mar", "marzo", "mars", "março", "marco", "märz")
_add(4, "april", "apr", "abril", "abr", "avril", "avr", "aprile")
_add(5, "may", "mayo", "mai", "maio", "mag", "maggio")
_add(6, "june", "jun", "junio", "juin", "junho", "giugno", "juni")
_add(7, "july", "jul", "julio", "juillet", "juil", "julho", "luglio", "juli")
_add(8, "august", "aug", "agosto", "ago", "août", "aout", "agosto")
_add(9, "september", "sep", "sept", "septiembre", "setiembre", "set", "septembre",
     "setembro", "settembre")  # fmt: skip
_add(10, "october", "oct", "octubre", "octobre", "outubro", "out", "ottobre", "oktober", "okt")
_add(11, "november", "nov", "noviembre", "novembre", "novembro")
_add(12, "december", "dec", "diciembre", "dic", "décembre", "decembre", "déc", "dezembro",
     "dez", "dicembre", "dezember")  # fmt: skip

# Languages that write numeric dates day first.
DAY_FIRST_LANGUAGES = frozenset(
    {"es", "fr", "pt", "it", "de", "nl", "ca", "gl", "ru", "pl", "tr", "id", "vi"}
)

_MONTH = r"(?P<month>" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\.?"
_WEEKDAY = (
    r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?|lunes|martes|"
    r"miércoles|jueves|viernes|sábado|domingo|lundi|mardi|mercredi|jeudi|vendredi|samedi|"
    r"dimanche|segunda(?:-feira)?|terça(?:-feira)?|quarta(?:-feira)?|quinta(?:-feira)?|"
    r"sexta(?:-feira)?)\.?,?\s+"
)
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th|º|°|er|\.)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
# "5:12 p.m.", "14:05", "14:05:31", "09h30", "10 h 05", "上午10:05"
_TIME = (
    r"(?:(?:[,\-–—|·]|\s)*(?:at|à|a\s+las|a\s+la|às|as|um|alle|,)?\s*"
    r"(?P<half_cn>上午|下午|晚上|早上|中午)?\s*"
    r"(?P<hour>[0-2]?\d)\s*(?::|h|H|\s?h\s?)\s*(?P<minute>[0-5]\d)"
    r"(?::(?P<second>[0-5]\d))?(?:\s*(?P<ampm>[ap])\.?\s?m\.?)?(?![\d/])"
    r"(?:\s*(?:ET|EST|EDT|PT|PST|PDT|CT|CST|CDT|GMT|UTC|BST|CET|CEST|WAT|EAT|SAST|HKT|"
    r"BJT|JST|IST|hrs?|horas|heures|hora|Uhr)\b)?)?"
)

# The time before the date: "11:02 PM EDT, Wed June 12, 2024"
_TIME_FIRST = (
    r"(?<![\d:])(?P<hour>[0-2]?\d):(?P<minute>[0-5]\d)(?:\s*(?P<ampm>[ap])\.?\s?m\.?)?"
    r"(?:\s*(?:ET|EST|EDT|PT|PST|PDT|CT|CST|CDT|GMT|UTC|BST|CET|CEST))?\s*,?\s*"
)

_PATTERNS = [
    # ISO 8601 and its relatives: 2025-04-02, 2025-04-02T11:20:05+08:00, 2025/4/2, 2025.04.02
    (
        "iso",
        re.compile(
            r"(?<!\d)(?P<year>(?:19|20)\d{2})(?P<sep>[-/.])(?P<month>[01]?\d)(?P=sep)"
            r"(?P<day>[0-3]?\d)(?!\d)"
            r"(?:(?:T|\s+|,\s*)(?P<hour>[0-2]?\d):(?P<minute>[0-5]\d)(?::(?P<second>[0-5]\d)"
            r"(?:\.\d+)?)?(?P<tz>Z|[+-]\d{2}:?\d{2})?)?"
        ),
    ),
    # 2025年3月2日 10:05
    (
        "cjk",
        re.compile(
            r"(?:(?P<year>(?:19|20)\d{2})\s*年\s*)?(?P<month>[01]?\d)\s*月\s*(?P<day>[0-3]?\d)"
            r"\s*[日号]"
            r"(?:\s*(?:\(|（)?\s*(?:星期|周)[一二三四五六日天](?:\)|）)?)?"
            r"(?:\s*(?P<half_cn>上午|下午|晚上|早上|中午)?\s*(?P<hour>[0-2]?\d)[:：时](?P<minute>[0-5]\d)"
            r"(?:[:：](?P<second>[0-5]\d))?分?)?"
        ),
    ),
    # 07/06/2025, 7.6.2025, 07-06-2025 14:05
    (
        "numeric",
        re.compile(
            r"(?<![\d/.])(?P<first>[0-3]?\d)(?P<sep>[/.\-])(?P<second_part>[0-3]?\d)(?P=sep)"
            r"(?P<year>(?:19|20)\d{2}|\d{2})(?![\d/])" + _TIME
        ),
    ),
    # 11:02 PM EDT, Wed June 12, 2024
    (
        "month_first",
        re.compile(
            rf"{_TIME_FIRST}(?:{_WEEKDAY})?{_MONTH}\s*{_DAY}(?![\d:])\s*,?\s*{_YEAR}(?!\d)",
            re.IGNORECASE,
        ),
    ),
    # March 2, 2025 / Mar. 2 2025 / Sept. 12,2024 / March 2 (no year)
    (
        "month_first",
        re.compile(
            rf"(?<![\w])(?:{_WEEKDAY})?{_MONTH}\s*{_DAY}(?![\d:])(?:\s*,?\s*{_YEAR})?(?!\d)"
            + _TIME,
            re.IGNORECASE,
        ),
    ),
    # 2 March 2025 / 3 de enero de 2025 / le 12 mars 2025 à 09h30 / 9 ene / 14 FEB
    (
        "day_first",
        re.compile(
            rf"(?<![\w:])(?:{_WEEKDAY})?{_DAY}\s*(?:de\s+|of\s+)?{_MONTH}(?![\w])"
            rf"(?:\s*[,.]?\s*(?:de\s+|del\s+)?{_YEAR})?(?!\d)" + _TIME,
            re.IGNORECASE,
        ),
    ),
]


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    value: datetime.datetime  # aware; in the site's time zone unless the text gave a zone
    has_year: bool
    has_time: bool


def find_dates(text: str, *, day_first: bool = False, dateline: bool = False) -> list[FoundDate]:
    """Every date in ``text``, left to right, without overlaps.

    ``dateline``: the text opens a story ("BOGOTÁ, 9 mar (EFE)"), where short month
    names that are also words elsewhere ("mar", "set") can only be months.
    """
    if not _DIGIT.search(text):
        return []  # every form has a day or a year in figures
    return list(_find_dates(text, day_first, dateline, timezone.get_current_timezone_name()))


_DIGIT = re.compile(r"\d")


@functools.lru_cache(maxsize=8192)
def _find_dates(text: str, day_first: bool, dateline: bool, zone: str) -> tuple[FoundDate, ...]:
    """A page's lines are read several times (as a line, as meta, as a dateline); ``zone``
    keys the cache, as dates without an offset are read in the site's time zone."""
    found: list[FoundDate] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            start, end = match.span()
            if any(start < b and a < end for a, b in taken):
                continue
            date = _build(kind, match, day_first=day_first, loose=dateline)
            if date is None:
                continue
            end = match.end()
            while end > start and text[end - 1].isspace():
                end -= 1
            found.append(FoundDate(start, end, *date))
            taken.append((start, end))
    return tuple(sorted(found, key=lambda d: d.start))


def _build(kind: str, match: re.Match, *, day_first: bool, loose: bool = False):
    groups = match.groupdict()
    year = groups.get("year")
    if kind == "numeric":
        first, second = int(groups["first"]), int(groups["second_part"])
        if first > 12 or (day_first and second <= 12):
            day, month = first, second
        else:
            month, day = first, second
        year_number = int(year) + (2000 if len(year) == 2 else 0)
    else:
        month_value = groups["month"]
        month = (
            MONTHS.get(month_value.casefold().rstrip("."))
            if kind
            in {
                "month_first",
                "day_first",
            }
            else int(month_value)
        )
        day = int(groups["day"])
        year_number = int(year) if year else None
        # "may" and "mar" are also words; only take them before a number that is a day.
        if (
            kind == "month_first"
            and month_value.casefold() in {"may", "mar", "set", "out"}
            and not (year or loose or groups.get("hour"))
            and month_value.islower()
        ):
            return None
        ambiguous = month_value.casefold() in _AMBIGUOUS_SHORT
        if kind == "day_first" and not (year or loose) and ambiguous:
            return None
    if month is None or not 1 <= month <= 12:
        return None
    hour = int(groups["hour"]) if groups.get("hour") else 0
    minute = int(groups["minute"]) if groups.get("minute") else 0
    second = int(groups["second"]) if groups.get("second") else 0
    if groups.get("half_cn") in {"下午", "晚上"} and hour < 12:
        hour += 12  # "下午3:15": afternoon
    elif groups.get("half_cn") == "中午" and hour < 6:
        hour += 12  # "中午12:30", "中午1:00"
    if groups.get("ampm"):
        hour = hour % 12 + (12 if groups["ampm"].lower() == "p" else 0)
    has_year = year_number is not None
    try:
        naive = datetime.datetime(year_number or 2000, month, day, hour, minute, second)  # noqa: DTZ001 (zoned below)
    except ValueError:
        return None
    tz = groups.get("tz")
    if tz:
        offset = 0 if tz == "Z" else _offset_minutes(tz)
        value = naive.replace(tzinfo=datetime.timezone(datetime.timedelta(minutes=offset)))
    else:
        value = timezone.make_aware(naive)
    return value, has_year, bool(groups.get("hour"))


# Short words that are month abbreviations in one language and ordinary words in another
# ("3 set" in English, "2 out"): only months with a year, or in a dateline.
_AMBIGUOUS_SHORT = frozenset({"set", "out", "mar", "mai", "ago", "dez"})


def _offset_minutes(tz: str) -> int:
    sign = -1 if tz[0] == "-" else 1
    digits = tz[1:].replace(":", "")
    return sign * (int(digits[:2]) * 60 + int(digits[2:4]))


def day_first_for(language: str, *, default: bool = False) -> bool:
    """Whether "03/09/2024" is 3 September on a page in ``language``."""
    primary = (language or "").split("-")[0].lower()
    return True if primary in DAY_FIRST_LANGUAGES else default


def only_date(text: str, *, day_first: bool = False) -> FoundDate | None:
    """The date when ``text`` is nothing but a date (and a time), else None."""
    dates = find_dates(text, day_first=day_first)
    if len(dates) != 1:
        return None
    date = dates[0]
    rest = (text[: date.start] + text[date.end :]).strip(" \t,.-–—|·()[]")
    return date if not rest else None


_CLOCK_TIME = re.compile(
    r"(?<!\d)(?P<hour>[01]?\d|2[0-3])\s*(?::|h|\.)\s*(?P<minute>[0-5]\d)(?!\d)"
    r"(?:\s*(?P<half>[ap])\.?\s?m\b\.?)?",
    re.IGNORECASE,
)


def at_clock(day: datetime.datetime, clock: str) -> datetime.datetime:
    """``day`` at the time of day ``clock`` shows ("15:05", "11h47", "10:30 PM")."""
    match = _CLOCK_TIME.search(clock)
    if match is None:
        return day
    hour = int(match["hour"])
    if match["half"] and hour <= 12:
        hour = hour % 12 + (12 if match["half"].casefold() == "p" else 0)
    return day.replace(hour=hour, minute=int(match["minute"]))
