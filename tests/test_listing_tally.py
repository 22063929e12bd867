"""The database's tally of each listing's published articles (``articles.tally``) stays
exact through every kind of edit, whatever path makes it: a listing's count always equals
counting its public articles the ORM's way."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from taggit.models import Tag

from articles import listings, tally
from articles.models import Article, ArticleAuthor, Author, Pin, Section, Source

from .factories import make_article, make_section, make_source

pytestmark = pytest.mark.django_db


def tallies() -> dict[str, int]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT key, n FROM {tally.TALLY}")  # noqa: S608 - a constant
        return {key: n for key, n in cursor.fetchall() if n}


def expected() -> dict[str, int]:
    """Every listing's count, the ORM's way (``published()`` and the listing's filter)."""
    public = Article.objects.published()
    counts = {
        ("newest", 0): public.exclude(pk__in=Pin.objects.active().values("article")).count(),
    }
    for section in Section.objects.all():
        counts["section", section.pk] = public.filter(section=section).count()
    for source in Source.objects.all():
        counts["source", source.pk] = public.filter(source=source).count()
    for tag in Tag.objects.all():
        counts["tag", tag.pk] = public.filter(tags=tag).count()
    for author in Author.objects.all():
        counts["author", author.pk] = public.filter(authors=author).distinct().count()
    return counts


CONDITIONS = {
    "newest": lambda _: listings.everything_but_lead_stories(),
    "section": listings.in_section,
    "source": listings.from_source,
    "tag": listings.tagged,
    "author": listings.by_author,
}


def counted() -> dict[tuple[str, int], int]:
    return {(kind, pk): listings.Listing(CONDITIONS[kind](pk)).count() for kind, pk in expected()}


def assert_exact(step: str) -> None:
    assert counted() == expected(), step


@pytest.fixture
def newsroom():
    world, science = make_section(name="World"), make_section(name="Science")
    wire, daily = make_source(name="Wire"), make_source(name="Daily")
    ana = Author.objects.create(name="Ana", slug="ana")
    ben = Author.objects.create(name="Ben", slug="ben")
    return {"world": world, "science": science, "wire": wire, "daily": daily, "ana": ana,
            "ben": ben}  # fmt: skip


def test_every_kind_of_edit_keeps_every_listing_exact(newsroom):
    world, science = newsroom["world"], newsroom["science"]
    wire, daily, ana, ben = newsroom["wire"], newsroom["daily"], newsroom["ana"], newsroom["ben"]
    now = timezone.now()
    first = make_article(section=world, source=wire, tags=["Ports", "Trade"])
    first.authors.add(ana, ben)
    draft = make_article(section=world, tags=["Ports"], status=Article.Status.DRAFT)
    draft.authors.add(ana)
    later = make_article(section=science, published_at=now + datetime.timedelta(hours=2))
    later.tags.add("Ports")
    others = [make_article(section=science, source=daily, tags=["Trade"]) for _ in range(3)]
    assert_exact("created: published, a draft, a scheduled one")

    draft.status, draft.published_at = Article.Status.PUBLISHED, now
    draft.save()
    assert_exact("a draft published")
    first.section, first.source = science, daily
    first.save()
    assert_exact("section and source changed")
    first.source = None
    first.section = None
    first.save()
    assert_exact("section and source taken off")
    others[2].source = wire
    others[2].save()
    assert_exact("the source alone changed")
    others[2].section = world
    others[2].save()
    assert_exact("the section alone changed")
    first.tags.remove("Trade")
    first.tags.add("Energy")
    assert_exact("a tag taken off, one put on")
    ArticleAuthor.objects.filter(article=first, author=ben).delete()
    assert_exact("an author uncredited")
    first.status = Article.Status.DRAFT
    first.save()
    first.tags.add("Harbours")  # tags and credits of an article that is not public
    first.authors.add(ben)
    assert_exact("unpublished, then tagged and credited")
    first.status = Article.Status.PUBLISHED
    first.save()
    assert_exact("published again, with what it gained meanwhile")
    later.published_at = now - datetime.timedelta(minutes=1)
    later.save()
    assert_exact("a scheduled story moved into the past")
    Pin.objects.create(article=others[0], position=1)
    Pin.objects.create(article=later, position=2, until=now - datetime.timedelta(minutes=1))
    assert_exact("one lead story pinned, one pin ended")
    Article.objects.filter(pk__in=[a.pk for a in others]).update(status=Article.Status.WITHDRAWN)
    assert_exact("withdrawn in bulk (no signal sent)")
    Article.objects.filter(pk=others[1].pk).update(status=Article.Status.PUBLISHED)
    assert_exact("one republished in bulk")
    Tag.objects.filter(name="Ports").delete()
    assert_exact("a tag deleted with its taggings")
    draft.delete()
    assert_exact("a published article deleted with its tags and credits")
    first.tags.clear()
    cleo = Author.objects.create(name="Cleo", slug="cleo")
    ArticleAuthor.objects.filter(article=first, author=ben).update(author=cleo)
    assert_exact("tags cleared, a credit moved to another author in bulk")
    assert tallies()["all"] == Article.objects.filter(status=Article.Status.PUBLISHED).count()


def test_scheduled_and_pinned_stories_are_subtracted_not_tallied_away(newsroom):
    """The tally counts what is published; the listing subtracts what is not public yet
    and Newest's lead stories, so time passing needs no write at all."""
    now = timezone.now()
    public = make_article(section=newsroom["world"])
    make_article(section=newsroom["world"], published_at=now + datetime.timedelta(hours=1))
    lead = make_article(section=newsroom["world"])
    Pin.objects.create(article=lead, position=1)
    assert tallies()[f"section:{newsroom['world'].pk}"] == 3
    assert listings.Listing(listings.in_section(newsroom["world"].pk)).count() == 2
    newest = listings.Listing(listings.everything_but_lead_stories())
    assert newest.count() == 1
    assert [row.pk for row in newest[0:10]] == [public.pk]


def test_a_rebuilt_table_gets_its_triggers_back_and_is_counted_again(newsroom):
    """Django's SQLite migrations rebuild a table to alter it, dropping its triggers:
    ``ensure`` (after every migrate) puts them back and counts from the rows."""
    make_article(section=newsroom["world"], tags=["Ports"])
    assert tally.ensure(connection) is False  # all there: nothing to do
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER newsroom_tally_article_insert ON articles_article")
        else:
            cursor.execute("DROP TRIGGER newsroom_tally_article_insert")
    make_article(section=newsroom["world"], tags=["Ports"])  # not counted: no trigger
    assert counted() != expected()
    assert tally.ensure(connection) is True
    assert_exact("after ensure")
    make_article(section=newsroom["science"])
    assert_exact("the trigger counts again")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_flush_leaves_no_tally_behind(newsroom):
    """``flush`` (TRUNCATE on PostgreSQL, DELETE on SQLite) empties the tally with the
    articles; what is loaded afterwards is counted as it goes in."""
    make_article(section=newsroom["world"], tags=["Ports"]).authors.add(newsroom["ana"])
    assert tallies()
    call_command(  # as a test rollback flushes: keep the sequences and what post_migrate made
        "flush", interactive=False, verbosity=0, inhibit_post_migrate=True, reset_sequences=False
    )
    assert tallies() == {}
    section = make_section(name="Again")
    make_article(section=section, tags=["Ports"])
    assert tallies() == {"all": 1, f"section:{section.pk}": 1,
                         f"tag:{Tag.objects.get().pk}": 1}  # fmt: skip


def test_listing_pages_count_from_the_tally(client, newsroom):
    """Through the public page: the last page number follows publishing and unpublishing."""
    for _ in range(21):
        make_article(section=newsroom["world"])
    path = newsroom["world"].get_absolute_url()
    assert client.get(path + "?page=2").status_code == 200
    Article.objects.filter(section=newsroom["world"]).order_by("id").first().delete()
    assert client.get(path + "?page=2").status_code == 404
