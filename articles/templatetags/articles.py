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
