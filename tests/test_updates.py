"""Readers are told when a story changed after it went public: "Updated <date, time>"."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article, Correction

from .factories import make_article

pytestmark = pytest.mark.django_db

UPDATED = '<span class="updated">Updated <time datetime="'


def test_a_fresh_story_shows_no_update(client):
    article = make_article()
    assert UPDATED not in client.get(article.get_absolute_url()).content.decode()


def at(*args) -> time_machine.travel:
    return time_machine.travel(datetime.datetime(*args, tzinfo=datetime.UTC), tick=False)


def test_an_edit_after_publication_shows_the_date_and_time(client):
    with at(2027, 3, 1, 8):
        article = make_article(published_at=timezone.now())
    with at(2027, 3, 4, 9, 30):
        article = Article.objects.get(pk=article.pk)
        article.title = "Corrected headline"
        article.save()
    with at(2027, 3, 5):
        html = client.get(article.get_absolute_url()).content.decode()
    assert f'{UPDATED}2027-03-04T09:30:00+00:00">4 March 2027, 09:30 UTC</time></span>' in html
    assert '<time datetime="2027-03-01T08:00:00+00:00">1 March 2027</time>' in html


def test_publishing_a_backdated_story_is_not_an_update(client):
    """A reprint published today with yesterday's date was never changed after going out."""
    article = make_article(status=Article.Status.DRAFT)
    article = Article.objects.get(pk=article.pk)
    article.status = Article.Status.PUBLISHED
    article.published_at = timezone.now() - datetime.timedelta(days=1)
    article.save()
    assert UPDATED not in client.get(article.get_absolute_url()).content.decode()


def test_a_correction_is_an_update(client):
    article = make_article()
    Correction.objects.create(article=article, text="The port is in Ningbo.")
    assert UPDATED in client.get(article.get_absolute_url()).content.decode()
