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
def test_hidden_article_is_404_for_readers(client, world, state):
    hidden = make_article(title="Secret story", section=world["section"], **hidden_states()[state])
    assert client.get(hidden.get_absolute_url()).status_code == 404


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
