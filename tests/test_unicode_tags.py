"""Tags named in any script: taggit gives them Unicode slugs, and every page that links
to or lists them answers (an ASCII-only URL pattern made the article page a 500)."""

import pytest
from django.urls import reverse

from .factories import make_article

pytestmark = pytest.mark.django_db

NAMES = ["Économie", "经济", "Москва", "Trade"]


@pytest.mark.parametrize("name", NAMES)
def test_an_article_tagged_in_any_script_and_its_tag_page(client, name):
    article = make_article(tags=[name])
    tag = article.tags.get()
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    url = reverse("articles:tag", kwargs={"slug": tag.slug})
    assert f'href="{url}"'.encode() in page.content
    listing = client.get(url)
    assert listing.status_code == 200
    assert article.title in listing.content.decode()
    for feed in ("articles:tag-feed", "articles:tag-feed-atom"):
        response = client.get(reverse(feed, kwargs={"slug": tag.slug}))
        assert response.status_code == 200
        assert article.title in response.content.decode()


def test_the_site_map_links_every_tag(client):
    for name in NAMES:
        make_article(tags=[name])
    page = client.get(reverse("articles:sitemap"))
    assert page.status_code == 200
    for name in NAMES:
        assert name in page.content.decode()


def test_an_unknown_unicode_tag_is_a_404(client):
    assert client.get("/tag/не-такого/").status_code == 404


def test_the_api_gives_every_tag_its_address(client):
    article = make_article(tags=["经济", "Économie"])
    data = client.get(f"/api/v1/articles/{article.pk}/").json()
    urls = {tag["name"]: tag["url"] for tag in data["tags"]}
    for tag in article.tags.all():
        path = reverse("articles:tag", kwargs={"slug": tag.slug})
        assert urls[tag.name].endswith(path)
        assert client.get(path).status_code == 200
