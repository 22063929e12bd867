"""Fuzzing: random strings, numbers and bytes at every public URL's parameters, at every
form a reader or editor can send, at the importer and at slug generation. Whatever comes
in, the answer is a page or a clean refusal (4xx), never a server error."""

from __future__ import annotations

import re
from urllib.parse import quote, quote_from_bytes

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from articles import preview
from articles.models import Article, Author
from pages.management.commands.seed_demo import unique_slug as demo_slug
from reprints import importer
from reprints.fetch import FetchError

from .admin_forms import article_form
from .factories import make_article, make_section, make_source

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

# Text of every kind (control characters, NUL, right-to-left marks, emoji...), numbers as
# text, and raw bytes that are not UTF-8 at all.
any_text = st.one_of(
    st.text(max_size=60),
    st.lists(st.sampled_from(["a", "ports", " ", "\x00", "\x1f", "'", '"', "%", "<", "\\"])).map(
        "".join
    ),
    st.integers().map(str),
    st.floats(allow_nan=True).map(str),
    st.sampled_from(["", "0", "-1", "1e9", "9" * 40, "last", "%00", "../", "NaN", "\x00"]),
)
raw_bytes = st.binary(max_size=40)


def path_segment(draw_from=any_text):
    """A value as it appears inside a path, percent-encoded (text or raw bytes)."""
    return st.one_of(
        draw_from.map(lambda text: quote(text, safe="")),
        raw_bytes.map(lambda data: quote_from_bytes(data, safe="")),
    ).filter(bool)


@pytest.fixture
def site(client):
    section = make_section(name="World", slug="world")
    source = make_source(name="Wire", slug="wire")
    article = make_article(section=section, source=source, tags=["Ports"])
    article.authors.add(Author.objects.create(name="Ana Silva", slug="ana"))
    make_article(status=Article.Status.DRAFT, slug="a-draft")
    return article


def assert_not_server_error(response) -> None:
    assert response.status_code < 500, response.status_code


@FUZZ
@given(page=any_text, q=any_text, p=any_text)
@example(page="1\x00", q="ports\x00", p="\x00")
def test_query_parameters(client, site, page, q, p):
    for path, params in (
        ("/", {"page": page}),
        ("/section/world/", {"page": page}),
        ("/tag/ports/", {"page": page}),
        ("/source/wire/", {"page": page}),
        ("/author/ana/", {"page": page}),
        ("/search/", {"q": q, "page": page}),
        ("/search/", {"q": "ports", "author": q}),
        ("/sitemap-articles.xml", {"p": p}),
        ("/sitemap-sections.xml", {"p": p}),
        ("/news-sitemap.xml", {"p": p}),
        ("/sitemap.xml", {"p": p}),
        ("/feed/", {"page": page}),
        ("/archive/2024/09/", {"page": page}),
    ):
        assert_not_server_error(client.get(path, params))


@FUZZ
@given(q=raw_bytes, page=raw_bytes)
def test_query_strings_that_are_not_utf8(client, site, q, page):
    query = f"q={quote_from_bytes(q)}&page={quote_from_bytes(page)}"
    for path in ("/search/", "/", "/section/world/"):
        assert_not_server_error(client.get(f"{path}?{query}"))


@FUZZ
@given(slug=path_segment())
def test_slugs_in_listing_and_feed_addresses(client, site, slug):
    for pattern in (
        "/section/{}/",
        "/tag/{}/",
        "/source/{}/",
        "/section/{}/feed/",
        "/tag/{}/feed/atom/",
        "/source/{}/feed/",
        "/author/{}/",
        "/author/{}/feed/",
        "/author/{}/feed/atom/",
        "/preview/{}/",
        "/sitemap-{}.xml",
        "/{}/",
    ):
        assert_not_server_error(client.get(pattern.format(slug)))


@FUZZ
@given(
    year=st.integers(min_value=0, max_value=9999),
    month=st.integers(min_value=0, max_value=99),
    day=st.integers(min_value=0, max_value=99),
    slug=st.one_of(st.just("headline"), path_segment()),
)
def test_date_parts_of_article_and_archive_addresses(client, site, year, month, day, slug):
    assert_not_server_error(client.get(f"/{year:04d}/{month:02d}/{day:02d}/{slug}/"))
    for suffix in ("", "feed/", "feed/atom/"):
        assert_not_server_error(client.get(f"/archive/{year:04d}/{month:02d}/{suffix}"))
    date = site.url_date
    assert_not_server_error(client.get(f"/{date:%Y/%m/%d}/{slug}/"))


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.sampled_from(["a", "e", "x"]), children, max_size=3)
    ),
    max_leaves=6,
)


@FUZZ
@given(payload=json_values)
def test_preview_tokens_even_when_properly_signed(client, site, payload):
    """Whatever a token carries, even signed with our key, it is an article or a 404."""
    token = signing.dumps(payload, salt=preview.SALT)
    article_id = preview.article_id_from(token)
    assert article_id is None or isinstance(article_id, int)
    assert_not_server_error(client.get(reverse("articles:preview", kwargs={"token": token})))


@FUZZ
@given(name=any_text, email=any_text, subject=any_text, message=any_text, website=any_text)
def test_contact_form_fields(client, name, email, subject, message, website):
    cache.clear()  # past the rate limit is a 429, fine, but the form should be reached
    response = client.post(
        "/contact/",
        {"name": name, "email": email, "subject": subject, "message": message, "website": website},
    )
    assert response.status_code in {200, 302}


@FUZZ
@given(
    fields=st.fixed_dictionaries(
        {
            "title": any_text,
            "slug": any_text,
            "summary": any_text,
            "byline": any_text,
            "dateline": any_text,
            "body": any_text,
            "agency": any_text,
            "original_url": any_text,
            "section": any_text,
            "source": any_text,
            "status": st.one_of(any_text, st.sampled_from(["draft", "review", "published"])),
            "published_at_0": any_text,
            "published_at_1": any_text,
            "syndication_policy": any_text,
            "base_version": any_text,
        }
    ),
    tags=st.lists(any_text, max_size=4),
)
def test_admin_article_form_fields(editor_client, site, fields, tags):
    response = editor_client.post(
        reverse("admin:articles_article_add"), article_form(**fields, tags=tags)
    )
    assert response.status_code in {200, 302}
    change = reverse("admin:articles_article_change", args=[site.pk])
    response = editor_client.post(change, article_form(**fields, tags=tags))
    assert response.status_code in {200, 302}


@FUZZ
@given(text=any_text, url=any_text, dry_run=st.booleans())
def test_admin_import_form_fields(editor_client, monkeypatch, text, url, dry_run):
    def offline(url, **kwargs):
        raise FetchError("no network in tests")

    monkeypatch.setattr(importer, "fetch", offline)
    data = {"text": text, "url": url}
    if dry_run:
        data["dry_run"] = "on"
    response = editor_client.post(reverse("admin:articles_article_import"), data)
    assert response.status_code == 200


@FUZZ
@given(
    params=st.dictionaries(
        st.sampled_from(
            ["q", "o", "p", "e", "state", "status__exact", "section__id__exact",
             "published_at__year", "published_at__month", "use", "source__id__exact", "_to_field"]
        ),
        any_text,
        max_size=4,
    ),
    term=any_text,
)  # fmt: skip
@example(params={"q": "a\x00b"}, term="a\x00")
@example(params={"published_at__year": "2147483648"}, term="")
def test_admin_lists_and_autocomplete(editor_client, site, params, term):
    for name in ("articles_article", "articles_photo", "articles_source", "pages_contactmessage"):
        response = editor_client.get(reverse(f"admin:{name}_changelist"), params)
        assert response.status_code in {200, 302, 400, 403}
    for field in ("section", "source", "disclaimer"):
        response = editor_client.get(
            reverse("admin:autocomplete"),
            {"term": term, "app_label": "articles", "model_name": "article", "field_name": field},
        )
        assert response.status_code in {200, 403}
    response = editor_client.get(
        reverse("admin:articles_article_tag_autocomplete"),
        {"term": term, "app_label": "articles", "model_name": "article", "field_name": "tags"},
    )
    assert response.status_code == 200


# --- the importer and slugs -------------------------------------------------------------------

html_pieces = st.sampled_from(
    [
        "<html>", "<head>", "<title>", "</title>", "<body>", "<article>", "<h1>", "</h1>",
        "<p>", "</p>", "<br>", "<img src=x.jpg alt=a>", "<figure>", "<figcaption>",
        "BEIJING, Sept. 12, 2024 --", "By Staff", "(PHOTO: Agency)", "Source: Daily",
        "<meta charset=latin-1>", '<meta property="og:title" content="T">', "\n\n", "&amp;",
        "<script>x</script>", "Disclaimer:", "<a href='https://example.org/'>a</a>", "\x00",
    ]
)  # fmt: skip
page_text = st.lists(st.one_of(html_pieces, st.text(max_size=20)), max_size=40).map("".join)


@FUZZ
@given(
    data=st.one_of(page_text.map(str.encode), raw_bytes, st.binary(max_size=400)),
    name=st.sampled_from(["page.txt", "page.html", "page.htm", "pasted text"]),
)
def test_the_importer_reports_every_page_without_crashing(data, name):
    outcome = importer.import_document(
        importer.Document(name=name, data=data), importer.Options(dry_run=True)
    )
    assert outcome.status in {
        importer.IMPORTED,
        importer.UPDATED,
        importer.SKIPPED,
        importer.FAILED,
    }
    assert not outcome.message.startswith("unexpected error"), outcome.message


SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@settings(max_examples=300, deadline=None)
@given(titles=st.lists(any_text, min_size=1, max_size=8))
def test_demo_slugs_are_valid_unique_and_routable(titles):
    taken: set[str] = set()
    suffixes: dict[str, int] = {}
    made = []
    for title in titles:
        slug = demo_slug(title, taken, suffixes)
        assert SLUG.fullmatch(slug)
        assert len(slug) <= 200
        reverse("articles:detail", kwargs={"year": 2024, "month": 9, "day": 13, "slug": slug})
        made.append(slug)
    assert len(set(made)) == len(made)


@FUZZ
@given(title=any_text)
def test_import_slugs_are_valid_free_and_saveable(title):
    slug = importer.unique_slug(title)
    assert SLUG.fullmatch(slug)
    assert len(slug) <= 200
    make_article(title="A headline", slug=slug)
    assert importer.unique_slug(title) != slug


def test_fuzzing_covers_every_public_url_pattern():
    """A new public URL must be added to the fuzzing above: this lists them all."""
    from articles.urls import urlpatterns as article_urls
    from pages.urls import urlpatterns as page_urls

    fuzzed = {
        "newest", "detail", "feed", "feed-atom", "section", "section-feed",
        "section-feed-atom", "tag-feed", "tag-feed-atom", "source-feed", "source-feed-atom",
        "tag", "source", "archive", "archive-feed", "archive-feed-atom", "sitemap", "search",
        "preview", "author", "author-feed", "author-feed-atom",
        "links", "contact", "contact_thanks", "robots", "favicon",
    }  # fmt: skip
    patterns = [*article_urls, *page_urls]
    assert all(pattern.name for pattern in patterns), "every public URL needs a name"
    names = {pattern.name for pattern in patterns}
    assert names <= fuzzed, names - fuzzed


@FUZZ
@given(path=st.lists(path_segment(), min_size=1, max_size=4))
def test_any_path_at_all(path):
    client = Client()
    for prefix in ("/", "/links/", "/contact/thanks/", "/robots.txt/", "/sitemap/"):
        assert_not_server_error(client.get(prefix + "/".join(path)))


# Found by the fuzzing above, kept as plain regressions.


@pytest.mark.parametrize("field", ["section", "source", "disclaimer"])
@pytest.mark.parametrize("value", [":", "abc", "1.5", "9" * 40])
def test_an_id_that_is_not_a_number_is_a_form_error(editor_client, field, value):
    response = editor_client.post(
        reverse("admin:articles_article_add"), article_form(**{field: value})
    )
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors


@pytest.mark.parametrize("query", ["ports\x00", "\x00", "a\x00b\x1f"])
def test_control_characters_in_a_search_are_ignored(client, query):
    make_article(title="Ports reopen", slug="ports-reopen")
    response = client.get("/search/", {"q": query})
    assert response.status_code == 200
