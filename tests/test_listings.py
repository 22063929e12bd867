"""The hand-written listing queries hold exactly what the ORM's ``published()`` rule and
each listing's filter hold, in the same order, counted the same."""

import datetime

import pytest
from django.utils import timezone

from articles import listings
from articles.models import Article, Author, Pin
from articles.models import month_bounds as bounds

from .factories import hidden_states, make_article, make_section, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def archive():
    world, science = make_section(name="World", slug="world"), make_section(name="Science")
    wire = make_source(name="Wire", slug="wire")
    ana = Author.objects.create(name="Ana Silva", slug="ana-silva")
    now = timezone.now()
    same_moment = now - datetime.timedelta(hours=5)
    made = []
    for n in range(12):
        made.append(
            make_article(
                section=world if n % 2 else science,
                source=wire if n % 3 == 0 else None,
                tags=["Ports"] if n % 4 == 0 else ["Trade"],
                # Ties on the date: the id breaks them, newest first.
                published_at=same_moment if n in (4, 5, 6) else now - datetime.timedelta(days=n),
            )
        )
    for article in made[::2]:
        article.authors.add(ana)
    for state, fields in hidden_states().items():  # never listed, whatever else matches
        hidden = make_article(section=world, source=wire, tags=["Ports"], slug=state, **fields)
        hidden.authors.add(ana)
    Pin.objects.create(article=made[1], position=1)
    Pin.objects.create(article=made[2], position=2, until=now - datetime.timedelta(hours=1))
    return {"world": world, "wire": wire, "ana": ana, "made": made}


def expected(queryset) -> list[int]:
    return list(queryset.order_by("-published_at", "-id").values_list("pk", flat=True))


def listed(condition: listings.Condition, per_page: int = 5) -> tuple[int, list[int]]:
    listing = listings.Listing(condition)
    pks = []
    for start in range(0, 40, per_page):
        pks += [row.pk for row in listing[start : start + per_page]]
    return listing.count(), pks


def test_every_listing_matches_the_orm(archive):
    public = Article.objects.published()
    today = timezone.localdate()
    start, end = bounds(today.year, today.month)
    world, wire = archive["world"], archive["wire"]
    cases = {
        "newest": (
            listings.everything_but_lead_stories(),
            public.exclude(pk__in=Pin.objects.active().values("article_id")),
        ),
        "section": (
            listings.in_section(world.pk),
            public.filter(section=world),
        ),
        "source": (listings.from_source(wire.pk), public.filter(source=wire)),
        "tag": (
            listings.tagged(archive["made"][0].tags.get().pk),
            public.filter(tags__slug="ports"),
        ),
        "author": (listings.by_author(archive["ana"].pk), public.filter(authors=archive["ana"])),
        "month": (listings.published_between(start, end), public.in_month(today.year, today.month)),
    }
    for name, (condition, queryset) in cases.items():
        want = expected(queryset)
        assert want, name  # each case lists something
        assert listed(condition) == (len(want), want), name


def test_a_pin_that_ended_leaves_its_story_in_newest(archive):
    _, pks = listed(listings.everything_but_lead_stories())
    assert archive["made"][1].pk not in pks  # pinned: shown as a lead story instead
    assert archive["made"][2].pk in pks  # its pin ended an hour ago


def test_rows_carry_the_dates_the_last_modified_header_needs(archive):
    row = listings.Listing(listings.Condition())[0:1][0]
    article = Article.objects.get(pk=row.pk)
    assert (row.published_at, row.updated_at) == (article.published_at, article.updated_at)
    assert timezone.is_aware(row.published_at)
