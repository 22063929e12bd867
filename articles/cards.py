"""Article cards for listings: rendered once per content version, then fetched together.

A listing page shows twenty cards; rendering them costs more than everything else on the
page. Each card's HTML is kept in the cache under the content version and the article's
id, so any listing that shows an article (Newest, its section, its tags, page 50...)
reuses it, and any edit anywhere makes every card fresh again. One round trip fetches a
page's cards; only the missing ones are loaded (two queries) and rendered.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from caching.fragments import (
    fragment_get_many,
    fragment_key,
    fragment_set_many,
    fragments_enabled,
)

from .models import Article

CARD_TEMPLATE = "articles/partials.html#card"


def card_key(article_id: int) -> str:
    """A card varies on its article only: everything it shows is that article's."""
    return fragment_key("card", article_id)


def render_cards(article_ids: Sequence[int]) -> list[SafeString]:
    """The cards of these public articles, in this order."""
    keys = {pk: card_key(pk) for pk in article_ids} if fragments_enabled() else {}
    found = fragment_get_many(list(keys.values())) if keys else {}
    html = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in article_ids if pk not in html]
    if missing:
        template = get_template(CARD_TEMPLATE)
        articles = Article.objects.filter(pk__in=missing).for_listing().defer("body", "keywords")
        fresh = {article.pk: template.render({"article": article}) for article in articles}
        html.update(fresh)
        if keys:
            fragment_set_many({keys[pk]: card for pk, card in fresh.items()})
    return [mark_safe(html[pk]) for pk in article_ids if pk in html]  # noqa: S308 - our template
