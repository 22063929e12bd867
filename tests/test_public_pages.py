"""Every public URL: what it shows, and what bad input gets."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from django.views.defaults import server_error

from articles.models import Article, ArticlePhoto, Correction
from pages.models import Link, SiteSettings

from .factories import make_article, make_disclaimer, make_photo, make_section, make_source

pytestmark = pytest.mark.django_db


@pytest.fixture
def reprint():
    """The sample page's story, as an editor would file it."""
    section = make_section(name="Science", slug="science")
    disclaimer = make_disclaimer(
        name="Reprint", body="This article is reproduced from other media."
    )
    source = make_source(
        name="Science and Technology Daily",
        slug="science-and-technology-daily",
        default_disclaimer=disclaimer,
    )
    article = make_article(
        title="China-Latin America Sci-tech Cooperation Puts People First",
        slug="china-latin-america-sci-tech-cooperation",
        summary="Cooperation has improved lives, says a researcher.",
        byline="Staff reporter",
        dateline="BEIJING, Sept. 12, 2024",
        body="<p>The 2024 Summit brings together the Global South.</p><h2>Blue ocean in ICT</h2>"
        "<p>Latin America has a good user base.</p>",
        section=section,
        source=source,
        agency="HaiPress",
        original_url="https://www.stdaily.com/english/2024/0913/article.html",
        published_at=datetime.datetime(2024, 9, 13, 8, 0, tzinfo=datetime.UTC),
        tags=["Latin America", "Science"],
    )
    photo = make_photo(
        caption="Courtesy photo of Xiao Junyong.", credit="Science and Technology Daily"
    )
    ArticlePhoto.objects.create(article=article, photo=photo, position=0)
    return article


class TestArticlePage:
    def test_shows_every_part_of_a_reprint(self, client, reprint):
        response = client.get(reprint.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert "<h1>China-Latin America Sci-tech Cooperation Puts People First</h1>" in html
        assert "Cooperation has improved lives, says a researcher." in html
        assert "By Staff reporter" in html
        assert '<span class="dateline">BEIJING, Sept. 12, 2024 —</span>' in html
        assert '<time datetime="2024-09-13T08:00:00+00:00">13 September 2024</time>' in html
        assert 'Source: <a href="/source/science-and-technology-daily/">' in html
        assert "via HaiPress" in html
        assert 'href="https://www.stdaily.com/english/2024/0913/article.html"' in html
        assert "<figcaption>Courtesy photo of Xiao Junyong." in html
        assert "(PHOTO: Science and Technology Daily)" in html
        assert "<h2>Blue ocean in ICT</h2>" in html
        assert 'href="/tag/latin-america/"' in html
        assert "This article is reproduced from other media." in html
        assert (
            f'<link rel="canonical" href="https://news.example.org{reprint.get_absolute_url()}">'
            in html
        )

    def test_caption_override_replaces_the_photo_caption(self, client, reprint):
        ArticlePhoto.objects.filter(article=reprint).update(caption_override="Xiao in 2024.")
        html = client.get(reprint.get_absolute_url()).content.decode()
        assert "<figcaption>Xiao in 2024." in html
        assert "Courtesy photo of Xiao Junyong." not in html

    def test_lead_photo_loads_eagerly_and_later_ones_lazily(self, client):
        article = make_article(photos=2)
        html = client.get(article.get_absolute_url()).content.decode()
        assert html.count('loading="lazy"') == 1
        assert 'width="64" height="48"' in html

    def test_corrections_are_shown(self, client, reprint):
        Correction.objects.create(article=reprint, text="The trade figure was 489 billion USD.")
        html = client.get(reprint.get_absolute_url()).content.decode()
        assert "Corrections" in html
        assert "489 billion USD" in html

    def test_own_story_has_no_reprint_credit_or_disclaimer(self, client):
        site = SiteSettings.load()
        site.default_disclaimer = make_disclaimer(body="Reprint notice")
        site.save()
        html = client.get(make_article().get_absolute_url()).content.decode()
        assert "Source:" not in html
        assert "Reprint notice" not in html

    def test_canonical_policy_points_at_the_original(self, client, reprint):
        reprint.syndication_policy = "canonical"
        reprint.save()
        html = client.get(reprint.get_absolute_url()).content.decode()
        assert f'<link rel="canonical" href="{reprint.original_url}">' in html

    def test_noindex_policy_adds_robots_meta(self, client, reprint):
        reprint.syndication_policy = "noindex"
        reprint.save()
        html = client.get(reprint.get_absolute_url()).content.decode()
        assert '<meta name="robots" content="noindex">' in html

    @pytest.mark.parametrize(
        "path",
        [
            "/2024/09/14/china-latin-america-sci-tech-cooperation/",  # wrong day
            "/2024/09/13/no-such-article/",  # unknown slug
            "/2024/02/30/china-latin-america-sci-tech-cooperation/",  # impossible date
            "/2024/13/13/china-latin-america-sci-tech-cooperation/",  # month 13
            "/2024/9/13/china-latin-america-sci-tech-cooperation/",  # not zero-padded
        ],
    )
    def test_unknown_slugs_and_dates_are_404(self, client, reprint, path):
        response = client.get(path)
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()  # our own 404 page


class TestListings:
    def test_newest_lists_public_articles_newest_first_twenty_per_page(self, client):
        articles = [
            make_article(published_at=timezone.now() - datetime.timedelta(minutes=i))
            for i in range(1, 26)
        ]
        page1 = client.get("/")
        assert page1.status_code == 200
        assert [a.pk for a in page1.context["object_list"]] == [a.pk for a in articles[:20]]
        page2 = client.get("/?page=2")
        assert [a.pk for a in page2.context["object_list"]] == [a.pk for a in articles[20:]]
        html = page1.content.decode()
        assert 'rel="next"' in html
        assert 'aria-current="page"' in html
        assert '<nav class="pagination" aria-label="Pages">' in html
        assert 'rel="prev"' in page2.content.decode()

    @pytest.mark.parametrize("page", ["abc", "999", "0", "-1", "1.5", "2" * 30])
    def test_bad_page_numbers_are_404_not_500(self, client, page):
        make_article()
        assert client.get(f"/?page={page}").status_code == 404

    def test_section_tag_source_and_archive_pages(self, client, reprint):
        other = make_article(title="Unrelated story")
        for path in [
            "/section/science/",
            "/tag/latin-america/",
            "/source/science-and-technology-daily/",
            "/archive/2024/09/",
        ]:
            response = client.get(path)
            assert response.status_code == 200, path
            html = response.content.decode()
            assert reprint.title in html, path
            assert other.title not in html, path

    @pytest.mark.parametrize(
        "path",
        ["/section/nope/", "/tag/nope/", "/source/nope/", "/archive/2024/13/", "/archive/1999/01/"],
    )
    def test_unknown_listings_are_404(self, client, reprint, path):
        assert client.get(path).status_code == 404

    def test_empty_section_still_has_a_page(self, client):
        make_section(name="Opinion", slug="opinion")
        response = client.get("/section/opinion/")
        assert response.status_code == 200
        assert "No articles here yet." in response.content.decode()


class TestSiteChrome:
    def test_base_layout_has_navigation_and_footer(self, client):
        make_section(name="World", slug="world", order=0)
        make_section(name="Science", slug="science", order=1)
        Link.objects.create(title="UN News", url="https://news.un.org/", in_footer=True)
        site = SiteSettings.load()
        site.name, site.copyright_holder, site.copyright_start_year = (
            "Daily Reprint",
            "BBC Network News",
            2009,
        )
        site.save()
        html = client.get("/").content.decode()
        year = timezone.localdate().year
        assert '<p class="site-name"><a href="/">Daily Reprint</a></p>' in html
        nav = html[html.index('<nav class="site-nav"') : html.index("</nav>")]
        assert (
            nav.index(">Newest<")
            < nav.index(">World<")
            < nav.index(">Science<")
            < nav.index(">Links<")
        )
        assert ">Contact Us</a>" in html
        assert ">SiteMap</a>" in html
        assert f"© 2009–{year} BBC Network News" in html
        assert '<a class="back-to-top" href="#top">Back to top</a>' in html
        assert 'href="https://news.un.org/">UN News' in html
        assert '<a class="skip-link" href="#main">' in html

    def test_site_settings_changes_show_at_once(self, client):
        client.get("/")  # fills the cache
        site = SiteSettings.load()
        site.name = "Renamed Daily"
        site.save()
        assert "Renamed Daily" in client.get("/").content.decode()

    def test_links_page_groups_links_in_order(self, client):
        Link.objects.create(title="B link", url="https://b.example/", group="Reference", order=2)
        Link.objects.create(title="A link", url="https://a.example/", group="Reference", order=1)
        Link.objects.create(title="Press", url="https://p.example/", group="Press")
        html = client.get("/links/").content.decode()
        assert (
            html.index(">Press<")
            < html.index(">Reference<")
            < html.index("A link")
            < html.index("B link")
        )

    def test_sitemap_page_lists_sections_sources_tags_and_months_with_counts(self, client, reprint):
        html = client.get("/sitemap/").content.decode()
        assert 'href="/section/science/">Science</a> <span class="count">(1)</span>' in html
        assert '>Science and Technology Daily</a> <span class="count">(1)</span>' in html
        assert 'href="/tag/latin-america/">Latin America</a> <span class="count">(1)</span>' in html
        assert 'href="/archive/2024/09/"' in html

    def test_robots_txt_names_the_sitemap(self, client):
        response = client.get("/robots.txt")
        assert response["Content-Type"].startswith("text/plain")
        assert "Sitemap: https://news.example.org/sitemap.xml" in response.content.decode()

    def test_500_page_is_our_own(self, rf):
        response = server_error(rf.get("/"))
        assert response.status_code == 500
        assert "Something went wrong" in response.content.decode()

    def test_static_files_are_served_with_debug_off(self, client, settings):
        assert settings.DEBUG is False
        response = client.get(reverse("articles:newest"))
        assert "/static/css/site.css" in response.content.decode()


class TestStaffPreview:
    def test_staff_can_preview_a_draft_with_a_banner_and_noindex(self, editor_client):
        draft = make_article(status=Article.Status.DRAFT)
        response = editor_client.get(draft.get_absolute_url())
        assert response.status_code == 200
        html = response.content.decode()
        assert "Not public." in html
        assert '<meta name="robots" content="noindex">' in html
        assert "no-cache" in response["Cache-Control"]

    def test_readers_get_404_for_the_same_url(self, client):
        draft = make_article(status=Article.Status.DRAFT)
        assert client.get(draft.get_absolute_url()).status_code == 404


def test_debug_off_static_files_are_hashed_compressed_and_cached(settings, tmp_path):
    """What production does: collectstatic, then whitenoise serves from STATIC_ROOT."""
    from django.core.management import call_command
    from django.test import Client

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    call_command("collectstatic", interactive=False, verbosity=0)
    client = Client()  # a new handler, so whitenoise reads the new STATIC_ROOT
    html = client.get("/").content.decode()
    css = html.split('<link rel="stylesheet" href="')[1].split('"')[0]
    assert css.startswith("/static/css/site.")
    assert css != "/static/css/site.css"
    response = client.get(css, headers={"accept-encoding": "gzip"})
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "max-age=315360000" in response["Cache-Control"]
    response.close()
