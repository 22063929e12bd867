"""Remembered ``reverse()``: the same answers as Django's, and never one from another
prefix or URL configuration."""

import datetime

import pytest
from django.template import Context, Template
from django.test import override_settings
from django.urls import NoReverseMatch, clear_url_caches, set_script_prefix
from django.urls import reverse as django_reverse

from articles.models import article_url
from newsroom.addresses import reverse

CASES = [
    ("articles:newest", None, None),
    ("articles:section", None, {"slug": "world"}),
    ("articles:tag", None, {"slug": "économie"}),
    ("articles:archive", None, {"year": 2024, "month": 9}),
    ("articles:author", ["ana-lima"], None),
    ("pages:links", None, None),
]


@pytest.mark.parametrize(("name", "args", "kwargs"), CASES)
def test_the_same_as_django(name, args, kwargs):
    expected = django_reverse(name, args=args, kwargs=kwargs)
    assert reverse(name, args=args, kwargs=kwargs) == expected
    assert reverse(name, args=args, kwargs=kwargs) == expected  # the remembered answer


def test_arguments_are_part_of_the_answer():
    assert reverse("articles:section", kwargs={"slug": "a"}) != reverse(
        "articles:section", kwargs={"slug": "b"}
    )


def test_a_script_prefix_is_part_of_the_answer():
    plain = reverse("articles:section", kwargs={"slug": "world"})
    set_script_prefix("/news/")
    try:
        assert reverse("articles:section", kwargs={"slug": "world"}) == "/news" + plain
    finally:
        set_script_prefix("/")
    assert reverse("articles:section", kwargs={"slug": "world"}) == plain


def test_another_url_configuration_is_asked_afresh():
    assert reverse("pages:links")
    with override_settings(ROOT_URLCONF="tests.urls_without_pages"):
        clear_url_caches()
        with pytest.raises(NoReverseMatch):
            reverse("pages:links")
    clear_url_caches()
    assert reverse("pages:links") == django_reverse("pages:links")


TEMPLATES = [
    "{% url 'articles:tag' slug %}",
    "{% url 'articles:archive' year=2024 month=9 %}",
    "{% url 'articles:section' slug as there %}[{{ there }}]",
    "{% url 'articles:no-such-page' as there %}[{{ there }}]",  # as Django: nothing
]


@pytest.mark.parametrize("source", TEMPLATES)
def test_the_url_tag_renders_what_djangos_renders(source):
    context = {"slug": "économie"}
    remembered = Template("{% load addresses %}" + source).render(Context(context))
    assert remembered == Template(source).render(Context(context))


def test_the_url_tag_refuses_an_unknown_name_as_django_does():
    with pytest.raises(NoReverseMatch):
        Template("{% load addresses %}{% url 'articles:no-such-page' %}").render(Context())


def test_article_addresses_follow_the_script_prefix():
    day = datetime.date(2024, 9, 13)
    assert article_url("harbour", day) == "/2024/09/13/harbour/"
    set_script_prefix("/news/")
    try:
        assert article_url("harbour", day) == "/news/2024/09/13/harbour/"
    finally:
        set_script_prefix("/")
