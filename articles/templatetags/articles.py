"""Template filters for reader pages."""

import datetime

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def datetime_attr(value: datetime.datetime | None) -> str:
    """A ``<time datetime>`` value: local time, whole seconds, with its UTC offset.

    HTML allows at most three digits of a second's fraction; the ``c`` date format
    prints six whenever the stored time has microseconds.
    """
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.isoformat(timespec="seconds")


@register.simple_tag
def picture(photo, *, sizes: str, alt: str = "", eager: bool = False) -> str:
    """A photo in every width we stored: WebP first, JPEG/PNG for the rest.

    Names and sizes come from the photo's row; nothing here opens a file. A tag rather
    than an included template because listings render twenty of these per page.
    """
    from ..cards import picture_markup

    sources = photo.srcsets
    return picture_markup(sources, photo.width, photo.height, sizes=sizes, alt=alt, eager=eager)
