"""Query budgets: a page's query count is fixed, whatever the number of articles on it.

Each page is requested once to warm the site-wide cache (settings, navigation), as on a
running site, then measured: 3 articles and 40 articles must cost the same.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Author

from .factories import make_article, make_photo, make_section, make_source

# These measure the building of pages: the page cache (which would answer with no query
# at all) is off, and the fragment cache is off unless a test says otherwise.
pytestmark = [pytest.mark.django_db, pytest.mark.caches(page=False, fragments=False)]

# The budgets reported in the closing note; a change here is a design decision.
# With nothing cached but the site chrome (the fragment cache off, as after an edit):
BUDGETS = {
    # count, the page's ids and dates, the cards (with their lead photos and, on Newest,
    # the lead stories: articles.cards.CARD_SQL)
    "newest": 3,
    # article (+section, source, disclaimers), photos, its tags, corrections and authors
    # together (articles.story_parts), and one for related articles and more from the source
    "article": 4,
    "section": 4,  # section, count, ids, cards
    "tag": 4,
    "author": 4,  # as a tag page: author (+photo), count, ids, cards
    "sitemap": 3,  # count, one page of values, their photos
}
# With the fragment cache warm (counts, pages of ids, cards and related articles kept per
# content version): what a page costs on a running site between edits. A listing's only
# query is then its section or tag; a deep page costs what the first one does.
WARM_BUDGETS = {
    "newest": 0,
    "newest-deep": 0,
    "section": 1,
    "tag": 1,
    "author": 1,
    "article": 1,
}


def populate(count: int):
    section = make_section(name="World", slug="world")
    source = make_source(name="Wire", slug="wire")
    author = Author.objects.create(name="Ana Silva", slug="ana-silva", photo=make_photo())
    articles = [
        make_article(
            section=section, source=source, tags=["Trade", "Ports"], photos=2 if i < 3 else 0
        )
        for i in range(count)
    ]
    for article in articles:
        article.authors.add(author)
        article.corrections.create(text="An earlier version misnamed the port.")
    if count > 3:  # photos on the first three only would hide an N+1: give all of them some
        from articles.models import ArticlePhoto

        photo = make_photo()
        ArticlePhoto.objects.bulk_create(
            ArticlePhoto(article=article, photo=photo, position=5) for article in articles[3:]
        )
    return articles


def count_queries(client, path: str) -> int:
    assert client.get(path).status_code == 200  # warm the site-wide cache
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("size", [3, 40])
@pytest.mark.parametrize(
    ("page", "path"),
    [
        ("newest", "/"),
        ("section", "/section/world/"),
        ("tag", "/tag/trade/"),
        ("author", "/author/ana-silva/"),
        ("sitemap", "/sitemap-articles.xml"),
    ],
)
def test_listing_query_count_does_not_grow(client, size, page, path):
    populate(size)
    assert count_queries(client, path) == BUDGETS[page]


def test_an_author_page_costs_what_a_tag_page_costs():
    assert BUDGETS["author"] == BUDGETS["tag"]
    assert WARM_BUDGETS["author"] == WARM_BUDGETS["tag"]


@pytest.mark.parametrize("size", [3, 40])
def test_article_query_count_does_not_grow(client, size):
    articles = populate(size)
    assert count_queries(client, articles[0].get_absolute_url()) == BUDGETS["article"]


@pytest.mark.parametrize("size", [3, 40])
@pytest.mark.parametrize(
    ("page", "path"),
    [
        ("newest", "/"),
        ("newest-deep", "/?page=last"),
        ("section", "/section/world/"),
        ("tag", "/tag/trade/"),
        ("author", "/author/ana-silva/"),
        ("article", None),
    ],
)
def test_warm_fragment_cache_query_count(client, settings, size, page, path):
    settings.NEWSROOM_FRAGMENT_CACHE = True
    articles = populate(size)
    assert count_queries(client, path or articles[0].get_absolute_url()) == WARM_BUDGETS[page]
