"""Lead stories: editors pin up to three public stories above Newest, in order, each
until an optional end time that needs no job to run; each story is shown once."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from articles.models import Article, Pin

from .factories import make_article

pytestmark = pytest.mark.django_db

T0 = datetime.datetime(2027, 5, 1, 9, 0, tzinfo=datetime.UTC)


TITLE = re.compile(r'<h2 class="card-title"><a href="[^"]*">([^<]*)</a>')


def newest(client) -> tuple[list[str], list[str]]:
    """The titles of Newest's lead stories and of its list, as a reader's page shows them
    (served from the page cache when it holds the page)."""
    html = client.get("/").content.decode()
    lead, _, rest = html.rpartition('<section class="lead-stories"')[2].partition("</section>")
    if '<section class="lead-stories"' not in html:
        lead, rest = "", html
    return TITLE.findall(lead), TITLE.findall(rest)


def test_pinned_stories_lead_newest_in_their_order_and_are_shown_once(client):
    old = make_article(
        title="An old story", published_at=timezone.now() - datetime.timedelta(days=9)
    )
    second = make_article(title="Second lead")
    make_article(title="Just news")
    Pin.objects.create(article=old, position=1)
    Pin.objects.create(article=second, position=2)
    lead, listed = newest(client)
    assert lead == ["An old story", "Second lead"]
    assert listed == ["Just news"]
    # Only on the first page.


def test_a_pin_ends_at_its_time_with_nothing_run(client):
    with time_machine.travel(T0, tick=False):
        story = make_article(title="Storm warning", published_at=T0 - datetime.timedelta(hours=1))
        Pin.objects.create(article=story, position=1, until=T0 + datetime.timedelta(hours=2))
        assert newest(client) == (["Storm warning"], [])
        assert newest(client) == (["Storm warning"], [])  # from the page cache
    with time_machine.travel(T0 + datetime.timedelta(hours=2, seconds=1), tick=False):
        assert newest(client) == ([], ["Storm warning"])  # back in the list, once


def test_unpublished_stories_never_lead(client):
    draft = make_article(title="A draft", status=Article.Status.DRAFT)
    Pin.objects.create(article=draft, position=1)
    assert newest(client) == ([], [])


def test_at_most_three_places():
    for position in (1, 2, 3):
        Pin.objects.create(article=make_article(), position=position)
    with pytest.raises(IntegrityError), transaction.atomic():
        Pin.objects.create(article=make_article(), position=1)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        Pin(article=make_article(), position=4).full_clean()


def test_editors_pin_in_the_admin_and_writers_cannot(editor_client, writer):
    story = make_article(title="Election results")
    response = editor_client.post(
        "/admin/articles/pin/add/",
        {"position": "1", "article": story.pk, "until_0": "", "until_1": ""},
    )
    assert response.status_code == 302
    pin = Pin.objects.get()
    assert pin.pinned_by.username == "editor"
    writer_client = Client()
    writer_client.force_login(writer)
    assert writer_client.get("/admin/articles/pin/add/").status_code == 403
