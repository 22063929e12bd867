"""Dates as news pages print them, in English, Spanish, French, Portuguese and Chinese."""

import datetime

import pytest

from reprints.dates import at_clock, day_first_for, find_dates, only_date


def when(found) -> tuple[int, int, int, int, int, int]:
    """The wall-clock reading of a found date, whatever the site's time zone."""
    value = found.value
    return (value.year, value.month, value.day, value.hour, value.minute, value.second)


def the_date(text: str, *, day_first: bool = False):
    """The one date in ``text``; fails the test when there is none or several."""
    found = find_dates(text, day_first=day_first)
    assert len(found) == 1, f"expected one date in {text!r}, found {found!r}"
    return found[0]


# --- one date per language ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "expected", "has_time"),
    [
        ("en", "Jan. 9, 2025", (2025, 1, 9, 0, 0, 0), False),
        ("en", "9 January 2025", (2025, 1, 9, 0, 0, 0), False),
        ("en", "March 3, 2025 at 4:15 PM", (2025, 3, 3, 16, 15, 0), True),
        ("en", "5:12 p.m., March 3, 2025", (2025, 3, 3, 17, 12, 0), True),
        ("es", "3 de enero de 2025", (2025, 1, 3, 0, 0, 0), False),
        ("es", "lunes, 5 de mayo de 2025 a las 13:47", (2025, 5, 5, 13, 47, 0), True),
        ("es", "3 ene 2025", (2025, 1, 3, 0, 0, 0), False),
        ("fr", "12 mars 2025", (2025, 3, 12, 0, 0, 0), False),
        ("fr", "1er avril 2025", (2025, 4, 1, 0, 0, 0), False),
        ("pt", "7 de junho de 2025", (2025, 6, 7, 0, 0, 0), False),
        ("pt", "terça-feira, 7 de junho de 2025", (2025, 6, 7, 0, 0, 0), False),
        ("pt", "07/06/2025 às 14h30", (2025, 6, 7, 14, 30, 0), True),
        ("zh", "2025年3月2日", (2025, 3, 2, 0, 0, 0), False),
        ("zh", "2025-04-02 11:20:05", (2025, 4, 2, 11, 20, 5), True),
        ("zh", "2025年3月2日 08:15", (2025, 3, 2, 8, 15, 0), True),
        ("zh", "2025年03月02日 08:15:30", (2025, 3, 2, 8, 15, 30), True),
    ],
)
def test_a_date_in_each_language(language, text, expected, has_time):
    found = the_date(text, day_first=day_first_for(language))
    assert when(found) == expected
    assert found.has_year is True
    assert found.has_time is has_time
    assert found.value.tzinfo is not None  # aware: stored as the moment it names
    # The whole line is the date: nothing of it is left over for a caller to misread.
    assert (found.start, found.end) == (0, len(text))


def test_a_chinese_morning_time_stays_in_the_morning():
    found = the_date("2025年3月2日 上午10:05")
    assert when(found) == (2025, 3, 2, 10, 5, 0)


def test_a_chinese_afternoon_time_is_after_noon():
    found = the_date("2025年3月2日 下午3:15")
    assert when(found) == (2025, 3, 2, 15, 15, 0)


def test_a_label_before_the_date_is_not_part_of_it():
    text = "mis à jour le 3 avril 2025 à 10h05"
    found = the_date(text, day_first=day_first_for("fr"))
    assert when(found) == (2025, 4, 3, 10, 5, 0)
    assert found.has_time
    assert text[found.start : found.end] == "3 avril 2025 à 10h05"


def test_an_explicit_offset_is_kept():
    found = the_date("2025-04-02T11:20:05+08:00")
    assert when(found) == (2025, 4, 2, 11, 20, 5)
    assert found.value.utcoffset() == datetime.timedelta(hours=8)


def test_dates_are_found_in_order_with_their_positions():
    text = "Published Oct 4, 2025 | CGTN | Updated 2025-10-05 09:30"
    found = find_dates(text)
    assert [text[d.start : d.end] for d in found] == ["Oct 4, 2025", "2025-10-05 09:30"]
    assert [when(d)[:5] for d in found] == [(2025, 10, 4, 0, 0), (2025, 10, 5, 9, 30)]


# --- numeric dates: day first or month first -----------------------------------------------


@pytest.mark.parametrize("language", ["es", "fr", "pt", "pt-BR", "es-419", "FR"])
def test_languages_that_write_the_day_first(language):
    assert day_first_for(language) is True
    found = the_date("07/06/2025", day_first=day_first_for(language))
    assert when(found)[:3] == (2025, 6, 7)  # 7 June


@pytest.mark.parametrize("language", ["en", "en-US", "zh", ""])
def test_languages_that_write_the_month_first(language):
    assert day_first_for(language) is False
    found = the_date("07/06/2025", day_first=day_first_for(language))
    assert when(found)[:3] == (2025, 7, 6)  # July 6


def test_the_default_decides_for_languages_without_a_rule():
    assert day_first_for("en", default=True) is True
    assert day_first_for("en", default=False) is False
    assert day_first_for("pt", default=False) is True  # the language's own rule wins


def test_a_first_number_over_twelve_is_the_day_whatever_the_language():
    found = the_date("25/06/2025", day_first=day_first_for("en"))
    assert when(found)[:3] == (2025, 6, 25)


@pytest.mark.parametrize(("text", "expected"), [("12/25/2024", (2024, 12, 25)),
                                                ("03/25/2025", (2025, 3, 25))])  # fmt: skip
def test_a_month_first_date_with_a_late_day(text, expected):
    found = the_date(text, day_first=day_first_for("en"))
    assert when(found)[:3] == expected


# --- dates without a year ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "month", "day"),
    [
        ("en", "May 3", 5, 3),
        ("en", "Jan. 9", 1, 9),
        ("fr", "12 mars", 3, 12),
        ("es", "3 de enero", 1, 3),
        ("zh", "3月2日", 3, 2),
    ],
)
def test_a_date_without_a_year_says_so(language, text, month, day):
    found = the_date(text, day_first=day_first_for(language))
    assert found.has_year is False
    assert (found.value.month, found.value.day) == (month, day)


@pytest.mark.parametrize("text", ["We may 3 times a week", "a 3 set of rules"])
def test_words_that_are_also_month_names_are_not_dates(text):
    assert find_dates(text) == []


# --- only_date -------------------------------------------------------------------------------


def test_only_date_accepts_a_line_that_is_just_a_date():
    found = only_date("Oct 4, 2025")
    assert found is not None
    assert when(found)[:3] == (2025, 10, 4)
    assert only_date("(07/06/2025)", day_first=True) is not None


def test_only_date_rejects_a_line_with_more_than_a_date():
    assert only_date("Oct 4, 2025 | CGTN") is None
    assert only_date("Oct 4, 2025 and Oct 5, 2025") is None
    assert only_date("no date here") is None


# --- at_clock --------------------------------------------------------------------------------

DAY = datetime.datetime(2025, 1, 9, tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("clock", "hour", "minute"),
    [
        ("15:05", 15, 5),
        ("11h47", 11, 47),
        ("10:30 PM", 22, 30),
        ("10:30 p.m.", 22, 30),
        ("12:15 AM", 0, 15),
        ("12:15 PM", 12, 15),
        ("Act. 15:37", 15, 37),
    ],
)
def test_at_clock_sets_the_time_of_day(clock, hour, minute):
    moment = at_clock(DAY, clock)
    assert (moment.hour, moment.minute) == (hour, minute)
    assert moment.date() == DAY.date()
    assert moment.tzinfo == DAY.tzinfo


def test_at_clock_without_a_time_keeps_the_day():
    assert at_clock(DAY, "no time here") == DAY
