"""Related articles and "more from this source": public only, at most four each, one query."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from articles.related import neighbours
from articles.story_parts import prefetch_parts

from .factories import hidden_states, make_article, make_section, make_source

pytestmark = pytest.mark.django_db


def ago(hours: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(hours=hours)


def load(article: Article) -> Article:
    """The article as the detail view has it: tags prefetched."""
    loaded = Article.objects.for_page().get(pk=article.pk)
    prefetch_parts(loaded)
    return loaded


def titles(articles) -> list[str]:
    return [article.title for article in articles]


def test_articles_sharing_more_tags_come_first_then_the_same_section():
    science, world = make_section(), make_section()
    article = make_article(section=science, tags=["Energy", "Chile", "Solar"])
    make_article(
        title="two tags, older", section=world, tags=["Energy", "Chile"], published_at=ago(9)
    )
    make_article(title="one tag, newer", section=world, tags=["Solar"], published_at=ago(2))
    make_article(title="section only", section=science, published_at=ago(1))
    make_article(title="unrelated", section=world, tags=["Sport"], published_at=ago(1))

    found = neighbours(load(article))

    assert titles(found.related) == ["two tags, older", "one tag, newer", "section only"]
    assert found.from_source == []


def test_at_most_four_newest_first_within_a_rank():
    article = make_article(tags=["Energy"])
    for hours in range(1, 8):
        make_article(title=f"{hours}h", tags=["Energy"], published_at=ago(hours))
    assert titles(neighbours(load(article)).related) == ["1h", "2h", "3h", "4h"]


@pytest.mark.parametrize("state", list(hidden_states()))
def test_nothing_unpublished_is_suggested(state):
    section, source = make_section(), make_source()
    article = make_article(section=section, source=source, tags=["Energy"])
    make_article(
        title="hidden", section=section, source=source, tags=["Energy"], **hidden_states()[state]
    )
    found = neighbours(load(article))
    assert found.related == []
    assert found.from_source == []


def test_the_article_itself_is_never_its_own_neighbour():
    section, source = make_section(), make_source()
    article = make_article(section=section, source=source, tags=["Energy"])
    found = neighbours(load(article))
    assert article.pk not in {a.pk for a in [*found.related, *found.from_source]}


def test_more_from_the_source_leaves_out_what_is_already_related():
    source = make_source()
    article = make_article(source=source, tags=["Energy"])
    make_article(title="same source and tag", source=source, tags=["Energy"], published_at=ago(1))
    for hours in range(2, 8):
        make_article(title=f"source {hours}h", source=source, published_at=ago(hours))
    make_article(title="other source", source=make_source(), published_at=ago(1))

    found = neighbours(load(article))

    assert titles(found.related) == ["same source and tag"]
    assert titles(found.from_source) == ["source 2h", "source 3h", "source 4h", "source 5h"]


def test_one_query_for_both_lists_and_none_without_tags_section_or_source():
    section, source = make_section(), make_source()
    article = load(make_article(section=section, source=source, tags=["Energy", "Chile"]))
    for n in range(12):
        make_article(section=section, source=source, tags=["Energy"] if n % 2 else ["Chile"])
    with CaptureQueriesContext(connection) as queries:
        found = neighbours(article)
        for item in [*found.related, *found.from_source]:  # what the template reads
            item.get_absolute_url(), item.title, item.source.name if item.source else None
    assert len(queries) == 1
    assert len(found.related) == 4
    assert len(found.from_source) == 4

    lonely = load(make_article())
    with CaptureQueriesContext(connection) as queries:
        assert neighbours(lonely).related == []
    assert len(queries) == 0


def test_the_article_page_shows_both_lists(client):
    source = make_source(name="Science and Technology Daily", slug="st-daily")
    article = make_article(source=source, tags=["Energy"])
    related = make_article(title="Wind power in Patagonia", tags=["Energy"])
    sibling = make_article(title="Satellites over Brazil", source=source)

    html = client.get(article.get_absolute_url()).content.decode()

    assert '<h2 id="related-heading">Related articles</h2>' in html
    assert f'<a href="{related.get_absolute_url()}">Wind power in Patagonia</a>' in html
    assert '<h2 id="from-source-heading">More from Science and Technology Daily</h2>' in html
    assert f'<a href="{sibling.get_absolute_url()}">Satellites over Brazil</a>' in html
    assert 'href="/source/st-daily/">All articles from Science and Technology Daily</a>' in html


def test_an_article_with_no_neighbours_shows_neither_heading(client):
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert "Related articles" not in html
    assert "More from" not in html
