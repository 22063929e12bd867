"""The Jinja2 templates (newsroom/jinja2.py) escape and format as Django's templates do:
the article's story and the feed item moved engines, not rules."""

import datetime

import pytest
from django.template import engines
from django.utils.safestring import mark_safe

from articles.models import Article, Correction

from .factories import make_article, make_source

MOMENT = datetime.datetime(2026, 3, 1, 23, 30, 15, 123456, tzinfo=datetime.UTC)


def jinja(source: str, **context) -> str:
    return engines["jinja2"].from_string(source).render(context)


def django(source: str, **context) -> str:
    return engines["django"].from_string("{% load articles %}" + source).render(context)


@pytest.mark.parametrize(
    ("jinja_source", "django_source"),
    [
        ('{{ value|date("j F Y, H:i T") }}', '{{ value|date:"j F Y, H:i T" }}'),
        ('{{ value|date("c") }}', '{{ value|date:"c" }}'),
        ("{{ value|datetime_attr }}", "{{ value|datetime_attr }}"),
    ],
)
@pytest.mark.parametrize("zone", ["UTC", "Asia/Shanghai", "America/Sao_Paulo"])
def test_dates_read_in_the_site_time_zone_as_in_django(settings, jinja_source, django_source, zone):
    settings.TIME_ZONE = zone
    assert jinja(jinja_source, value=MOMENT) == django(django_source, value=MOMENT)


def test_escaping_is_on_and_safe_markup_stays_safe():
    hostile = '<script>alert("x")</script> & co'
    out = jinja(
        "{{ text }}|{{ safe }}|{{ text|linebreaksbr }}", text=hostile, safe=mark_safe("<b>ok</b>")
    )
    assert "<script>" not in out
    assert "&lt;script&gt;" in out
    assert "|<b>ok</b>|" in out


def test_addresses_as_django_url_tag_gives_them():
    assert jinja("{{ url('articles:tag', 'ports') }}") == django("{% url 'articles:tag' 'ports' %}")
    assert jinja("{{ url('articles:newest') }}") == "/"


@pytest.mark.django_db
def test_the_story_escapes_what_editors_typed(client):
    source = make_source(name="Wire <b>News</b>")
    article = make_article(
        title='Ports & "harbours" <i>now</i>',
        summary="<script>alert(1)</script>",
        source=source,
        agency="Agency & <Co>",
        tags=["<em>tag</em>"],
    )
    Correction.objects.create(article=article, text="<img src=x onerror=alert(1)>")
    html = client.get(article.get_absolute_url()).content.decode()
    for typed in ("<i>now</i>", "<script>alert(1)", "<b>News</b>", "<Co>", "<em>tag", "<img src=x"):
        assert typed not in html
    assert "Ports &amp; &quot;harbours&quot; &lt;i&gt;now&lt;/i&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


@pytest.mark.django_db
def test_the_byline_joins_three_authors_as_before(client):
    from articles.models import ArticleAuthor, Author

    article = make_article()
    for position, name in enumerate(["Ana", "Ben", "Cleo"]):
        author = Author.objects.create(name=name, slug=name.lower())
        ArticleAuthor.objects.create(article=article, author=author, position=position)
    html = client.get(article.get_absolute_url()).content.decode()
    assert ">Ana</a>, <a" in html
    assert ">Ben</a> and <a" in html
    assert Article.objects.get(pk=article.pk).credited_authors[-1].name == "Cleo"
