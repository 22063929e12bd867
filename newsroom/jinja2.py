"""The Jinja2 environment for the templates a cold article page renders most.

An article's story and head tags (and the full-text feed item, which shares the
credit) are the largest templates a reader's cold page renders; Django's template
engine spent about half of that page's Python time resolving their variables. Jinja2
compiles a template to Python once, which renders them several times faster. The rest of
the site stays on Django's templates. The same escaping holds: autoescape is on (the
backend's default), and what Django marks safe (``mark_safe``, ``SafeString``) stays
safe here through ``__html__``.

The filters and functions below are Django's own, with Django's conversion of aware
datetimes to the current time zone applied first, as its template engine does.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.template import defaultfilters
from django.templatetags.static import static
from django.utils.timezone import template_localtime
from jinja2 import Environment

from newsroom.addresses import reverse


def url(viewname: str, *args: Any, **kwargs: Any) -> str:
    """``{% url %}``: ``url("articles:tag", tag.slug)`` or with keyword arguments."""
    return reverse(viewname, args=args or None, kwargs=kwargs or None)


def date(value: datetime.date | None, arg: str | None = None) -> str:
    """Django's ``date`` filter, in the site's time zone."""
    return defaultfilters.date(template_localtime(value), arg)


def linebreaksbr(value: object) -> str:
    return defaultfilters.linebreaksbr(value, autoescape=True)


def environment(**options: Any) -> Environment:
    from articles.cards import story_links_html
    from articles.templatetags.articles import datetime_attr, picture

    env = Environment(**options)  # noqa: S701 - Django's backend passes autoescape=True
    env.globals.update(url=url, static=static, picture=picture, story_links=story_links_html)
    env.filters.update(
        date=date,
        datetime_attr=datetime_attr,
        linebreaksbr=linebreaksbr,
        truncatechars=defaultfilters.truncatechars,
    )
    return env
