"""An article page's tags, corrections and author credits come from one query and are the
same objects, in the same order, that the ORM's prefetches would give."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Correction
from articles.story_parts import prefetch_parts, prefetch_photos, public_article

from .factories import make_article, make_photo, make_source

pytestmark = pytest.mark.django_db


def fields(instance) -> dict:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def orm_loaded(article: Article) -> Article:
    return Article.objects.prefetch_related("tags", "corrections", "article_authors__author").get(
        pk=article.pk
    )


def parts_loaded(article: Article) -> Article:
    loaded = Article.objects.get(pk=article.pk)
    with CaptureQueriesContext(connection) as queries:
        prefetch_parts(loaded)
    assert len(queries) == 1
    return loaded


def test_parts_match_the_orms_prefetches_in_order_and_in_every_field():
    article = make_article(tags=["Ports", "Ünïcode & <tags>", "Trade"])
    now = timezone.now()
    # Corrections out of id order: the page lists them by date.
    Correction.objects.create(article=article, text="Second", created_at=now)
    Correction.objects.create(
        article=article, text="First, with <b>markup</b>", created_at=now - datetime.timedelta(1)
    )
    zoe = Author.objects.create(
        name="Zoë Ito", slug="zoe-ito", role="Editor", bio="Bio.", links="https://example.org/z",
        photo=make_photo(),
    )  # fmt: skip
    ana = Author.objects.create(name="Ana Silva", slug="ana-silva")
    ArticleAuthor.objects.create(article=article, author=zoe, position=2)
    ArticleAuthor.objects.create(article=article, author=ana, position=1)

    expected, got = orm_loaded(article), parts_loaded(article)
    with CaptureQueriesContext(connection) as queries:
        tags = list(got.tags.all())
        corrections = list(got.corrections.all())
        credits = list(got.article_authors.all())
        authors = [credit.author for credit in credits]
        credited = got.credited_authors
    assert len(queries) == 0  # everything came with the one query

    by_id = lambda f: f["id"]  # noqa: E731 - tags have no order of their own
    assert sorted(map(fields, tags), key=by_id) == sorted(
        map(fields, expected.tags.all()), key=by_id
    )
    assert {t.name for t in tags} == {"Ports", "Ünïcode & <tags>", "Trade"}
    assert [fields(c) for c in corrections] == [fields(c) for c in expected.corrections.all()]
    assert [c.text for c in corrections] == ["First, with <b>markup</b>", "Second"]
    assert [fields(c) for c in credits] == [fields(c) for c in expected.article_authors.all()]
    assert [fields(a) for a in authors] == [
        fields(c.author) for c in expected.article_authors.all()
    ]
    assert [a.name for a in credited] == ["Ana Silva", "Zoë Ito"]
    for instance in [*tags, *corrections, *credits, *authors]:
        assert not instance.get_deferred_fields()  # nothing left to load later, one by one


def test_an_article_without_parts_has_empty_lists_not_queries():
    article = make_article()
    got = parts_loaded(article)
    with CaptureQueriesContext(connection) as queries:
        assert list(got.tags.all()) == []
        assert list(got.corrections.all()) == []
        assert got.credited_authors == []
    assert len(queries) == 0


def test_the_page_shows_every_part(client):
    source = make_source(name="Harbour Daily", slug="harbour-daily")
    article = make_article(tags=["Ports"], source=source, byline="")
    article.corrections.create(text="The ferry leaves at noon, not at ten.")
    author = Author.objects.create(name="Ana Silva", slug="ana-silva")
    article.authors.add(author)
    page = client.get(article.get_absolute_url()).content.decode()
    assert 'href="/tag/ports/"' in page
    assert "The ferry leaves at noon, not at ten." in page
    assert 'href="/author/ana-silva/"' in page


def test_the_public_row_matches_the_orms_with_everything_it_joins():
    from articles.models import Disclaimer, Section

    from .factories import hidden_states

    source_terms = Disclaimer.objects.create(name="Wire terms", body="Reprinted with permission.")
    own_terms = Disclaimer.objects.create(name="Ours", body="Our own terms.")
    source = make_source(name="Harbour Daily", slug="harbour-daily")
    source.default_disclaimer = source_terms
    source.save()
    section = Section.objects.create(name="Order & Ports", slug="order-ports", order=3)
    article = make_article(section=section, source=source, disclaimer=own_terms, photos=2)
    expected = Article.objects.for_page().get(pk=article.pk)
    with CaptureQueriesContext(connection) as queries:
        got = public_article(article.slug)
        joined = [got.section, got.source, got.source.default_disclaimer, got.disclaimer]
        prefetch_photos(got)
        figures = got.figures
        photos = [figure.photo for figure in figures]
    assert len(queries) == 2  # the row with what it joins, then the photos
    assert fields(got) == fields(expected)
    assert [fields(x) for x in joined] == [
        fields(expected.section),
        fields(expected.source),
        fields(source_terms),
        fields(own_terms),
    ]
    placements = list(expected.article_photos.select_related("photo").order_by("position", "id"))
    assert [fields(f) for f in figures] == [fields(f) for f in placements]
    assert [fields(p) for p in photos] == [fields(f.photo) for f in placements]
    assert photos[0].renditions == placements[0].photo.renditions  # JSON, decoded
    for instance in [got, *joined, *figures, *photos]:
        assert not instance.get_deferred_fields()

    for state, extra in hidden_states().items():  # only public articles are found
        hidden = make_article(slug=f"hidden-{state}", **extra)
        assert public_article(hidden.slug) is None, state
    assert public_article("no-such-slug") is None


def test_an_own_story_joins_no_source_or_disclaimer():
    article = make_article()
    with CaptureQueriesContext(connection) as queries:
        got = public_article(article.slug)
        assert (got.section, got.source, got.disclaimer) == (None, None, None)
    assert len(queries) == 1
