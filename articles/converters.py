"""Path converters: zero-padded date parts, so each article has exactly one canonical
address; slugs in any script, as taggit makes them for tags named in any language."""

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


class UnicodeSlug:
    """Letters and digits of any script, hyphens and underscores: a tag named "Économie"
    or "经济" gets the slug taggit makes for it (``slugify(allow_unicode=True)``), which
    Django's ``slug`` converter (ASCII only) would refuse to reverse."""

    regex = r"[-\w]+"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value
