"""The content model: the published rule, derived values, invariants."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Correction, Photo, SyndicationPolicy
from pages.models import Link, SiteSettings

from .factories import (
    hidden_states,
    make_article,
    make_disclaimer,
    make_photo,
    make_section,
    make_source,
)

pytestmark = pytest.mark.django_db


class TestPublishedRule:
    """Article.objects.published() and Article.is_published() are the same rule."""

    def test_published_in_the_past_is_public(self):
        article = make_article()
        assert article.is_published()
        assert list(Article.objects.published()) == [article]

    @pytest.mark.parametrize("state", ["draft", "review", "withdrawn", "scheduled"])
    def test_every_other_state_is_not_public(self, state):
        article = make_article(**hidden_states()[state])
        assert not article.is_published()
        assert not Article.objects.published().filter(pk=article.pk).exists()
        assert Article.objects.not_published().filter(pk=article.pk).exists()

    def test_method_and_queryset_agree_on_every_row(self):
        now = timezone.now()
        for status in Article.Status.values:
            for offset in (-86400, -1, 3600):
                when = now + datetime.timedelta(seconds=offset)
                make_article(status=status, published_at=when)
        public_ids = set(Article.objects.published().values_list("pk", flat=True))
        assert public_ids  # the matrix has public rows...
        assert public_ids != set(Article.objects.values_list("pk", flat=True))  # ...and others
        for article in Article.objects.all():
            assert article.is_published() == (article.pk in public_ids)

    def test_scheduled_article_becomes_public_when_its_time_comes(self):
        article = make_article(**hidden_states()["scheduled"])
        assert article.is_scheduled()
        Article.objects.filter(pk=article.pk).update(
            published_at=timezone.now() - datetime.timedelta(seconds=1)
        )
        assert Article.objects.published().filter(pk=article.pk).exists()


class TestArticle:
    def test_str_and_absolute_url_use_the_local_publication_date(self, settings):
        settings.TIME_ZONE = "Asia/Shanghai"
        when = datetime.datetime(2024, 9, 12, 20, 30, tzinfo=datetime.UTC)  # 13 Sept in Beijing
        article = make_article(title="Sci-tech cooperation", slug="sci-tech", published_at=when)
        assert str(article) == "Sci-tech cooperation"
        assert article.get_absolute_url() == "/2024/09/13/sci-tech/"

    def test_publishing_without_a_date_stamps_now(self):
        before = timezone.now()
        article = make_article(status=Article.Status.PUBLISHED, published_at=None)
        assert article.published_at is not None
        assert before <= article.published_at <= timezone.now()

    def test_body_is_sanitized_on_save(self):
        article = make_article(body='<p onclick="x()">Hi<script>alert(1)</script></p>')
        article.refresh_from_db()
        assert article.body == "<p>Hi</p>"

    def test_dateline_leads_the_first_paragraph(self):
        article = make_article(dateline="BEIJING, Sept. 12, 2024", body="<p>The summit.</p>")
        html = str(article.body_html())
        assert html.startswith('<p><span class="dateline">BEIJING, Sept. 12, 2024 —</span> The')

    def test_dateline_is_escaped(self):
        article = make_article(dateline="<b>X</b>", body="<p>Text</p>")
        assert "&lt;b&gt;X&lt;/b&gt;" in str(article.body_html())

    def test_slugs_are_unique(self):
        make_article(slug="same")
        with pytest.raises(ValidationError) as excinfo:
            Article(title="Other", slug="same").validate_constraints()
        assert "slug" in excinfo.value.message_dict

    def test_database_refuses_published_without_date(self):
        article = make_article(status=Article.Status.DRAFT)
        with pytest.raises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED)

    def test_database_refuses_unknown_status(self):
        article = make_article()
        with pytest.raises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=article.pk).update(status="bogus")

    def test_modified_date_is_never_before_publication(self):
        article = make_article(**hidden_states()["scheduled"])
        assert article.modified_at == article.published_at

    def test_correction_moves_the_modified_date(self):
        article = make_article()
        Article.objects.filter(pk=article.pk).update(
            updated_at=timezone.now() - datetime.timedelta(days=3)
        )
        before = Article.objects.get(pk=article.pk).updated_at
        Correction.objects.create(article=article, text="A figure was wrong.")
        assert Article.objects.get(pk=article.pk).updated_at > before


class TestReprintRules:
    def test_disclaimer_falls_back_from_article_to_source_to_site(self):
        site_default = make_disclaimer(name="Site")
        source_default = make_disclaimer(name="Source")
        own = make_disclaimer(name="Own")
        source = make_source(default_disclaimer=source_default)
        bare_source = make_source()

        assert make_article(source=source, disclaimer=own).effective_disclaimer(site_default) == own
        assert make_article(source=source).effective_disclaimer(site_default) == source_default
        assert make_article(source=bare_source).effective_disclaimer(site_default) == site_default
        # Our own stories carry no reprint disclaimer unless an editor picks one.
        assert make_article().effective_disclaimer(site_default) is None

    def test_syndication_policy_article_overrides_source(self):
        noindex_source = make_source(syndication_policy=SyndicationPolicy.NOINDEX)
        inherited = make_article(source=noindex_source)
        overridden = make_article(source=noindex_source, syndication_policy="index")
        own = make_article()
        assert inherited.effective_syndication_policy == "noindex"
        assert overridden.effective_syndication_policy == "index"
        assert own.effective_syndication_policy == "index"
        indexable = set(Article.objects.published().indexable())
        assert indexable == {overridden, own}


class TestOtherModels:
    def test_str_and_urls(self):
        section = make_section(name="Science", slug="science")
        source = make_source(name="Science and Technology Daily", slug="st-daily")
        assert str(section) == "Science"
        assert section.get_absolute_url() == "/section/science/"
        assert str(source) == "Science and Technology Daily"
        assert source.get_absolute_url() == "/source/st-daily/"
        assert str(Link.objects.create(title="UN News", url="https://news.un.org/")) == "UN News"

    def test_source_aliases_are_one_per_line(self):
        source = make_source(aliases="S&T Daily\n\n  Keji Ribao  \n")
        assert source.alias_list() == ["S&T Daily", "Keji Ribao"]

    def test_photo_stores_its_dimensions(self):
        photo = make_photo()
        assert (photo.width, photo.height) == (64, 48)
        assert Photo.objects.get(pk=photo.pk).width == 64

    def test_site_settings_is_a_singleton_with_defaults(self, settings):
        settings.NEWSROOM_SITE_NAME = "Daily Reprint"
        first = SiteSettings.load()
        assert first.name == "Daily Reprint"
        SiteSettings(
            name="Other", **{k: v for k, v in first.defaults().items() if k != "name"}
        ).save()
        assert SiteSettings.objects.count() == 1
        assert SiteSettings.load().name == "Other"

    def test_copyright_years(self):
        row = SiteSettings.load()
        year = timezone.localdate().year
        row.copyright_start_year = 2009
        assert row.copyright_years == f"2009–{year}"
        row.copyright_start_year = year
        assert row.copyright_years == str(year)
