"""The public read API: only what readers may see, filtered, paged, cached, conditional."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from articles.models import Article, ArticleAuthor, Author, Correction
from tests.factories import hidden_states, make_article, make_section, make_source

pytestmark = pytest.mark.django_db

LIST = "/api/v1/articles/"


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["results"]]


@pytest.fixture
def newsroom():
    """One public article and one of every hidden kind, all sharing every attribute a
    filter can select on, so each filter would find the hidden ones if it leaked them."""
    world = make_section(name="World", slug="world")
    wire = make_source(name="Wire", slug="wire")
    author = Author.objects.create(name="Ana Lima", slug="ana-lima")
    day = timezone.now() - datetime.timedelta(hours=2)
    common = {"section": world, "source": wire, "language": "pt-BR", "tags": ["ports"]}
    public = make_article(title="Public story", published_at=day, **common)
    hidden = {}
    for name, state in hidden_states().items():
        fields = {**common, **state}
        if "published_at" not in fields:
            fields["published_at"] = day
        hidden[name] = make_article(title=f"Hidden {name}", **fields)
    for article in [public, *hidden.values()]:
        ArticleAuthor.objects.create(article=article, author=author)
    return public, hidden


FILTERS = [
    "",
    "?section=world",
    "?tag=ports",
    "?source=wire",
    "?author=ana-lima",
    "?language=pt-BR",
    "?published_after=2000-01-01T00:00:00Z",
    "?published_before=2999-01-01T00:00:00Z",
    "?updated_since=2000-01-01T00:00:00Z",
]


@pytest.mark.parametrize("query", FILTERS)
def test_lists_hold_public_articles_only_whatever_the_filter(client, newsroom, query):
    public, _hidden = newsroom
    assert ids(client.get(LIST + query)) == [public.pk]


@pytest.mark.parametrize("state", list(hidden_states()))
def test_a_hidden_article_has_no_detail(client, newsroom, state):
    _public, hidden = newsroom
    assert client.get(f"{LIST}{hidden[state].pk}/").status_code == 404


@pytest.mark.parametrize("state", list(hidden_states()))
def test_a_token_does_not_widen_the_public_api(newsroom, editor_api, state):
    """Staff read drafts through /api/v1/desk/, never through the public endpoints, so
    a public answer is the same for everyone (and may be cached for everyone)."""
    public, hidden = newsroom
    assert ids(editor_api.get(LIST)) == [public.pk]
    assert editor_api.get(f"{LIST}{hidden[state].pk}/").status_code == 404


def test_hidden_articles_leave_no_trace_in_the_taxonomies(client, newsroom):
    make_article(status=Article.Status.DRAFT, tags=["secret-merger"])
    tags = [tag["slug"] for tag in client.get("/api/v1/tags/").json()["results"]]
    assert tags == ["ports"]
    assert client.get("/api/v1/tags/secret-merger/").status_code == 404


def test_taxonomies_list_and_detail(client, newsroom):
    assert [s["slug"] for s in client.get("/api/v1/sections/").json()] == ["world"]
    assert client.get("/api/v1/sections/world/").json()["name"] == "World"
    assert client.get("/api/v1/sources/wire/").json()["url"].endswith("/source/wire/")
    assert client.get("/api/v1/authors/ana-lima/").json()["name"] == "Ana Lima"
    assert client.get("/api/v1/tags/ports/").json()["name"] == "ports"


def test_no_internal_field_is_shown(client, newsroom):
    public, _ = newsroom
    body = client.get(f"{LIST}{public.pk}/").json()
    for private in ("status", "edit_version", "keywords", "notes", "created_by", "updated_by"):
        assert private not in body


def test_detail_has_what_the_page_shows(client):
    source = make_source(name="Daily", slug="daily", syndication_policy="canonical")
    article = make_article(
        title="Harbour reopens",
        body="<p>Ships <script>alert(1)</script>are back.</p>",
        dateline="ACCRA",
        source=source,
        agency="HaiPress",
        original_url="https://daily.example/harbour",
        tags=["ports"],
        photos=2,
    )
    Correction.objects.create(article=article, text="An earlier version misspelt Accra.")
    body = client.get(f"{LIST}{article.pk}/").json()
    assert body["source"]["name"] == "Daily"
    assert body["agency"] == "HaiPress"
    assert body["canonical_url"] == "https://daily.example/harbour"
    assert body["url"] == "https://news.example.org" + article.get_absolute_url()
    assert "<script" not in body["body"]
    assert "<script" not in body["body_html"]
    assert body["body_html"].startswith('<p><span class="dateline">ACCRA')
    assert [c["text"] for c in body["corrections"]] == ["An earlier version misspelt Accra."]
    assert len(body["photos"]) == 2
    renditions = body["photos"][0]["photo"]["renditions"]
    assert renditions
    assert all(r["url"].startswith("https://news.example.org/") for r in renditions)
    assert body["photos"][0]["photo"]["alt_text"]


def test_cursor_pages_are_stable_and_ordered():
    from django.test import Client

    now = timezone.now()
    made = [make_article(published_at=now - datetime.timedelta(minutes=n)) for n in range(1, 6)]
    client = Client()
    seen, url = [], LIST + "?page_size=2"
    while url:
        page = client.get(url).json()
        seen += [item["id"] for item in page["results"]]
        url = page["next"]
    assert seen == [article.pk for article in made]  # newest first, each once


def test_updated_since_walks_changes_oldest_first(client):
    first, second = make_article(), make_article()
    since = timezone.now()
    first.title = "Changed later"
    first.save()
    second.title = "Changed first"
    second.save()
    # second was saved last: it comes last.
    assert ids(client.get(LIST + "?updated_since=" + since.isoformat().replace("+00:00", "Z"))) == [
        first.pk,
        second.pk,
    ]


def test_bad_filter_values_are_400(client):
    assert client.get(LIST + "?published_after=yesterday").status_code == 400
    assert client.get(LIST + "?cursor=not-ours").status_code == 404


def test_etag_and_last_modified_answer_304(client):
    article = make_article()
    url = f"{LIST}{article.pk}/"
    first = client.get(url)
    assert first["ETag"]
    assert first["Last-Modified"]
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    listing = client.get(LIST)
    assert client.get(LIST, HTTP_IF_NONE_MATCH=listing["ETag"]).status_code == 304


def test_anonymous_answers_come_from_the_page_cache(client):
    article = make_article()
    url = f"{LIST}{article.pk}/"
    assert client.get(url)["X-Page-Cache"] == "miss"
    assert client.get(url)["X-Page-Cache"] == "hit"
    assert "public" in client.get(url)["Cache-Control"]


@pytest.mark.parametrize("path", ["detail", LIST, LIST + "?tag=ports", "/api/v1/tags/"])
def test_an_edit_never_leaves_a_stale_answer(client, path):
    article = make_article(title="Before", tags=["ports"])
    url = f"{LIST}{article.pk}/" if path == "detail" else path
    assert "Before" in client.get(url).content.decode() or path == "/api/v1/tags/"
    assert client.get(url)["X-Page-Cache"] == "hit"
    article.title = "After"
    article.save()
    article.tags.add("harbours")
    answer = client.get(url).content.decode()
    assert "Before" not in answer
    if path != "/api/v1/tags/":
        assert "After" in answer
    else:
        assert "harbours" in answer


def test_withdrawing_removes_the_article_from_cached_answers(client):
    article = make_article()
    url = f"{LIST}{article.pk}/"
    assert client.get(url).status_code == 200
    assert ids(client.get(LIST)) == [article.pk]
    article.status = Article.Status.WITHDRAWN
    article.save()
    assert client.get(url).status_code == 404
    assert ids(client.get(LIST)) == []


def test_cors_allows_get_from_configured_origins(client, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://app.example.com"]
    make_article()
    allowed = client.get(LIST, HTTP_ORIGIN="https://app.example.com")
    assert allowed["Access-Control-Allow-Origin"] == "https://app.example.com"
    other = client.get(LIST, HTTP_ORIGIN="https://evil.example")
    assert "Access-Control-Allow-Origin" not in other
    preflight = client.options(
        LIST,
        HTTP_ORIGIN="https://app.example.com",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="POST",
    )
    assert "POST" not in preflight.get("Access-Control-Allow-Methods", "")
    # Not beyond the API.
    assert "Access-Control-Allow-Origin" not in client.get(
        "/", HTTP_ORIGIN="https://app.example.com"
    )


def test_anonymous_rate_limit_answers_429_with_retry_after(client, settings):
    settings.NEWSROOM_API_ANON_RATE = "3/minute"
    answers = [client.get(f"{LIST}?page_size={n}") for n in range(1, 6)]  # distinct: no cache hits
    assert [a.status_code for a in answers[:3]] == [200, 200, 200]
    assert answers[3].status_code == 429
    assert int(answers[3]["Retry-After"]) > 0


def test_staff_tokens_are_not_held_to_the_anonymous_limit(editor_api, settings):
    settings.NEWSROOM_API_ANON_RATE = "1/minute"
    assert [editor_api.get(f"{LIST}?page_size={n}").status_code for n in (1, 2, 3)] == [200] * 3


@pytest.mark.caches(page=False, fragments=False)
def test_list_query_count_does_not_grow_with_articles(client, django_assert_num_queries):
    author = Author.objects.create(name="Ana", slug="ana")
    section, source = make_section(), make_source()

    def add(count: int) -> None:
        for _ in range(count):
            article = make_article(section=section, source=source, tags=["a", "b"], photos=1)
            ArticleAuthor.objects.create(article=article, author=author)
            Correction.objects.create(article=article, text="Fixed.")

    add(2)
    # The articles, then tags, photos, authors: one query each, however many articles.
    with django_assert_num_queries(4):
        assert len(ids(client.get(LIST))) == 2
    add(8)
    with django_assert_num_queries(4):
        assert len(ids(client.get(LIST))) == 10


@pytest.mark.caches(page=False, fragments=False)
def test_detail_query_budget(client, django_assert_num_queries):
    article = make_article(section=make_section(), source=make_source(), tags=["a", "b"], photos=3)
    Correction.objects.create(article=article, text="Fixed.")
    # The article, tags, photos, authors, corrections.
    with django_assert_num_queries(5):
        assert client.get(f"{LIST}{article.pk}/").status_code == 200
