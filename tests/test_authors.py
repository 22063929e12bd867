"""Authors: our own writers, credited in order, with a page, feeds, structured data, the
site map, search facets, and the admin that credits a writer on their new stories."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group

from articles.models import Article, ArticleAuthor, Author

from .admin_forms import ADD_URL, article_form, inline_formset, inline_management
from .factories import make_article, make_photo, make_source

pytestmark = pytest.mark.django_db


def make_author(**fields) -> Author:
    fields.setdefault("name", "Ana Silva")
    fields.setdefault("slug", "ana-silva")
    return Author.objects.create(**fields)


def credit(article: Article, *authors: Author) -> Article:
    for position, author in enumerate(authors):
        ArticleAuthor.objects.create(article=article, author=author, position=position)
    return article


def jsonld(html: str) -> dict:
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(block.group(1))


class TestArticlePage:
    def test_each_author_is_linked_in_byline_order(self, client):
        ana, wei = make_author(), make_author(name="Wei Fang", slug="wei-fang")
        article = credit(make_article(byline="ignored for own stories"), wei, ana)
        html = client.get(article.get_absolute_url()).content.decode()
        assert (
            '<span class="byline">By <a href="/author/wei-fang/" rel="author">Wei Fang</a>'
            ' and <a href="/author/ana-silva/" rel="author">Ana Silva</a></span>'
        ) in html

    def test_jsonld_names_each_author_as_a_person_with_their_page(self, client):
        article = credit(make_article(), make_author())
        data = jsonld(client.get(article.get_absolute_url()).content.decode())
        assert data["author"] == [
            {
                "@type": "Person",
                "name": "Ana Silva",
                "url": "https://news.example.org/author/ana-silva/",
            }
        ]

    def test_a_reprint_keeps_the_originals_byline_as_text(self, client):
        article = make_article(source=make_source(), byline="Zhang Wei")
        html = client.get(article.get_absolute_url()).content.decode()
        assert '<span class="byline">By Zhang Wei</span>' in html
        assert jsonld(html)["author"] == [{"@type": "Person", "name": "Zhang Wei"}]

    def test_a_reprint_credited_to_our_writer_still_shows_the_originals_byline(self, client):
        """A writer who adds a reprint by hand starts credited (the form's default): the
        page, its JSON-LD and the feed still name the original's author."""
        article = credit(
            make_article(title="Wire story", source=make_source(), byline="Zhang Wei"),
            make_author(),
        )
        html = client.get(article.get_absolute_url()).content.decode()
        assert '<span class="byline">By Zhang Wei</span>' in html
        assert "Ana Silva" not in html
        assert jsonld(html)["author"] == [{"@type": "Person", "name": "Zhang Wei"}]
        feed = client.get("/feed/").content.decode()
        assert "Zhang Wei" in feed
        assert "Ana Silva" not in feed


class TestAuthorPage:
    def test_lists_public_stories_only_with_the_profile(self, client):
        author = make_author(
            role="Science correspondent",
            bio="Covers energy and climate.",
            links="https://ana.example.org/\nhttps://social.example/@ana",
            photo=make_photo(alt_text="Ana Silva in the newsroom"),
        )
        public = credit(make_article(title="Her public story"), author)
        credit(make_article(title="Her draft", status=Article.Status.DRAFT), author)
        make_article(title="Someone else's story")
        response = client.get("/author/ana-silva/")
        html = response.content.decode()
        assert response.status_code == 200
        assert "<h1>Ana Silva</h1>" in html
        assert "Science correspondent" in html
        assert "Covers energy and climate." in html
        assert 'href="https://social.example/@ana"' in html
        assert 'alt="Ana Silva in the newsroom"' in html
        assert public.title in html
        assert "Her draft" not in html
        assert "Someone else" not in html
        assert 'href="/author/ana-silva/feed/"' in html
        assert 'href="/author/ana-silva/feed/atom/"' in html

    def test_is_paginated(self, client):
        author = make_author()
        for _ in range(25):
            credit(make_article(), author)
        assert len(client.get("/author/ana-silva/").context["cards"]) == 20
        assert len(client.get("/author/ana-silva/?page=2").context["cards"]) == 5

    def test_unknown_author_is_a_404(self, client):
        assert client.get("/author/nobody/").status_code == 404

    @pytest.mark.parametrize("path", ["/author/ana-silva/feed/", "/author/ana-silva/feed/atom/"])
    def test_feeds_carry_the_authors_public_stories(self, client, path):
        author = make_author()
        credit(make_article(title="Her story"), author)
        credit(make_article(title="Her draft", status=Article.Status.DRAFT), author)
        make_article(title="Not hers")
        body = client.get(path).content.decode()
        ET.fromstring(body)  # well-formed
        assert "Her story" in body
        assert "Her draft" not in body
        assert "Not hers" not in body
        assert "Ana Silva" in body  # the item's author


def test_site_map_lists_authors_with_public_stories(client):
    author = make_author()
    credit(make_article(), author)
    make_author(name="Nobody Yet", slug="nobody-yet")
    html = client.get("/sitemap/").content.decode()
    assert '<a href="/author/ana-silva/">Ana Silva</a> <span class="count">(1)</span>' in html
    assert "Nobody Yet" not in html


class TestSearch:
    def test_finds_stories_by_author_name(self, client):
        article = credit(make_article(title="Port traffic grows"), make_author())
        results = client.get("/search/", {"q": "Silva"}).context["results"]
        assert [result for result, _snippet in results] == [article]

    def test_author_facets_count_and_narrow_the_results(self, client):
        ana, wei = make_author(), make_author(name="Wei Fang", slug="wei-fang")
        credit(make_article(title="Harbour story one"), ana)
        credit(make_article(title="Harbour story two"), ana)
        only_wei = credit(make_article(title="Harbour story three"), wei)
        response = client.get("/search/", {"q": "harbour"})
        html = response.content.decode()
        assert [(a.name, a.count) for a in response.context["author_facets"]] == [
            ("Ana Silva", 2),
            ("Wei Fang", 1),
        ]
        assert 'href="?q=harbour&amp;author=wei-fang"' in html
        narrowed = client.get("/search/", {"q": "harbour", "author": "wei-fang"})
        assert [result for result, _ in narrowed.context["results"]] == [only_wei]
        assert "by Wei Fang" in narrowed.content.decode()


class TestAdmin:
    def test_a_writers_new_article_starts_with_their_own_profile(self, writer_client, writer):
        author = make_author(name="Wei Fang", slug="wei-fang", user=writer)
        form = writer_client.get(ADD_URL)
        authors = inline_formset(form, "article_authors").formset
        assert authors.forms[0].initial["author"] == author.pk
        assert f'<option value="{author.pk}" selected>Wei Fang</option>' in form.content.decode()

    def test_posting_the_form_credits_the_authors_in_order(self, writer_client, writer):
        ana, wei = make_author(), make_author(name="Wei Fang", slug="wei-fang", user=writer)
        data = article_form(**inline_management("article_authors", total=2))
        data.update(
            {
                "article_authors-0-author": str(wei.pk),
                "article_authors-0-position": "0",
                "article_authors-1-author": str(ana.pk),
                "article_authors-1-position": "1",
            }
        )
        response = writer_client.post(ADD_URL, data)
        assert response.status_code == 302
        article = Article.objects.get()
        assert [a.name for a in article.credited_authors] == ["Wei Fang", "Ana Silva"]
        assert "Wei Fang" in Article.objects.get().keywords

    def test_author_profile_form_refuses_links_that_are_not_web_addresses(self, editor_client):
        response = editor_client.post(
            "/admin/articles/author/add/",
            {"name": "Ana", "slug": "ana", "links": "https://ok.example/\njavascript:alert(1)"},
        )
        assert response.status_code == 200
        assert "links" in response.context["adminform"].form.errors
        assert not Author.objects.exists()

    def test_writers_credit_authors_but_only_editors_keep_profiles(self):
        writers = set(
            Group.objects.get(name="Writers").permissions.values_list("codename", flat=True)
        )
        editors = set(
            Group.objects.get(name="Editors").permissions.values_list("codename", flat=True)
        )
        assert {"view_author", "add_articleauthor", "delete_articleauthor"} <= writers
        assert not {"add_author", "change_author", "delete_author"} & writers
        assert {"add_author", "change_author", "delete_author"} <= editors

    def test_an_author_with_stories_cannot_be_deleted(self, editor_client):
        author = make_author()
        credit(make_article(), author)
        response = editor_client.post(
            f"/admin/articles/author/{author.pk}/delete/", {"post": "yes"}
        )
        assert response.status_code == 200
        assert "Cannot delete" in response.content.decode()
        assert Author.objects.filter(pk=author.pk).exists()
