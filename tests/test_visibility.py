"""Nothing unpublished leaks: every public URL, for every state that is not public."""

import datetime

import pytest
from django.utils import timezone

from .factories import hidden_states, make_article, make_section, make_source

pytestmark = pytest.mark.django_db

STATES = list(hidden_states())


@pytest.fixture
def world():
    section = make_section(name="World", slug="world")
    source = make_source(name="Wire Daily", slug="wire-daily")
    month = timezone.now() - datetime.timedelta(minutes=5)
    public = make_article(
        title="Public story", section=section, source=source, tags=["Shared"], published_at=month
    )
    return {"section": section, "source": source, "public": public}


def listing_paths(public):
    date = public.url_date
    return [
        "/",
        "/section/world/",
        "/tag/shared/",
        "/source/wire-daily/",
        f"/archive/{date:%Y}/{date:%m}/",
        "/sitemap/",
        "/sitemap-articles.xml",
        "/sitemap-sections.xml",
        "/sitemap-sources.xml",
        "/sitemap-tags.xml",
        "/sitemap.xml",
    ]


@pytest.mark.parametrize("state", STATES)
def test_hidden_article_is_not_shown_to_readers(client, world, state):
    hidden = make_article(title="Secret story", section=world["section"], **hidden_states()[state])
    response = client.get(hidden.get_absolute_url())
    # A withdrawn article once was public: its address says so (410), and nothing more.
    assert response.status_code == (410 if state == "withdrawn" else 404)
    assert "Secret story" not in response.content.decode()


@pytest.mark.parametrize("state", STATES)
def test_hidden_article_appears_in_no_list_sitemap_or_count(client, world, state):
    hidden = make_article(
        title="Secret story",
        slug="secret-story",
        section=world["section"],
        source=world["source"],
        tags=["Shared", "Only hidden"],
        **hidden_states()[state],
    )
    for path in listing_paths(world["public"]):
        response = client.get(path)
        assert response.status_code == 200, path
        body = response.content.decode()
        assert "Public story" in body or path.endswith(".xml") or path == "/sitemap/", path
        assert "Secret story" not in body, path
        assert "secret-story" not in body, path
        assert "Only hidden" not in body, path
        assert "only-hidden" not in body, path
    sitemap_page = client.get("/sitemap/").content.decode()
    assert '">World</a> <span class="count">(1)</span>' in sitemap_page
    assert '">Wire Daily</a> <span class="count">(1)</span>' in sitemap_page
    assert '">Shared</a> <span class="count">(1)</span>' in sitemap_page
    assert client.get("/sitemap-articles.xml").content.decode().count("<url>") == 1
    # A tag or source that only hidden articles use has no public page at all.
    assert client.get("/tag/only-hidden/").status_code == 404
    assert hidden.pk


@pytest.mark.parametrize("state", STATES)
def test_source_and_archive_with_only_hidden_articles_are_404(client, state):
    source = make_source(name="Quiet Outlet", slug="quiet-outlet")
    hidden = make_article(source=source, **hidden_states()[state])
    assert client.get("/source/quiet-outlet/").status_code == 404
    date = hidden.url_date
    assert client.get(f"/archive/{date:%Y}/{date:%m}/").status_code == 404


STATUSES = ["draft", "review", "scheduled", "published", "withdrawn"]
VIEWERS = ["anonymous", "writer", "editor"]


def article_in(status: str, **fields):
    if status == "published":
        return make_article(**fields)
    return make_article(**fields, **hidden_states()[status])


@pytest.mark.parametrize("viewer", VIEWERS)
@pytest.mark.parametrize("status", STATUSES)
def test_status_by_surface_by_viewer(client, world, status, viewer, request):
    """Lists are the public record for everyone; only the article page differs for staff."""
    if viewer != "anonymous":
        client.force_login(request.getfixturevalue(viewer))
    article = article_in(
        status,
        title="Matrix story",
        slug="matrix-story",
        section=world["section"],
        source=world["source"],
        tags=["Shared"],
    )
    listed = status == "published"
    article_lists = [p for p in listing_paths(world["public"]) if p != "/sitemap/"]
    article_lists = [p for p in article_lists if not p.endswith(".xml") or "articles" in p]
    for path in article_lists:
        body = client.get(path).content.decode()
        assert ("matrix-story" in body or "Matrix story" in body) == listed, (path, status, viewer)
    counts = client.get("/sitemap/").content.decode()
    expected_count = 2 if listed else 1
    assert f'">World</a> <span class="count">({expected_count})</span>' in counts
    assert f'">Shared</a> <span class="count">({expected_count})</span>' in counts

    response = client.get(article.get_absolute_url())
    if viewer == "anonymous":
        expected = {"published": 200, "withdrawn": 410}.get(status, 404)
        assert response.status_code == expected
    else:
        assert response.status_code == 200  # staff preview
        assert ("Not public." in response.content.decode()) == (status != "published")
