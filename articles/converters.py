"""Zero-padded date parts, so each article has exactly one canonical address."""

import datetime


class FourDigitYear:
    """A year ``datetime`` can hold: "0000" matches no URL, so views never see year 0."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
            raise ValueError(f"No year {value}.")  # the resolver treats it as no match: 404
        return year

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"


class TwoDigits:
    regex = "[0-9]{2}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return f"{int(value):02d}"
