"""seed_demo and bootstrap: the demo site `make run` opens on."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import Count
from PIL import Image

from articles.models import Article, Photo, Section, Source
from pages.models import Link, SiteSettings

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def test_seed_demo_creates_a_believable_site(client):
    output = seed(articles=60, seed=1)
    assert "Added 60 articles" in output
    assert Article.objects.count() == 60
    assert Article.objects.published().count() > 40
    assert Article.objects.exclude(status="published").exists()  # drafts, review, withdrawn...
    assert Section.objects.count() >= 5
    assert Source.objects.count() >= 5
    assert Link.objects.exists()
    assert SiteSettings.load().default_disclaimer is not None
    reprint = Article.objects.filter(source__isnull=False).first()
    assert reprint.original_url.startswith("http") or not reprint.source.homepage_url
    assert Article.objects.filter(source__isnull=True).exclude(byline="").exists()
    assert Article.objects.annotate(n=Count("tags")).filter(n__gt=0).count() == 60
    photo = Photo.objects.first()
    assert photo.alt_text
    assert photo.caption
    assert photo.credit
    with photo.image.open() as handle, Image.open(handle) as image:
        assert image.format == "JPEG"
        assert image.size == (photo.width, photo.height)
    assert client.get("/").status_code == 200


def test_seed_demo_twice_never_duplicates_slugs_or_reference_data():
    seed(articles=40, seed=7)
    seed(articles=40, seed=7)  # same seed: same titles, so slugs must be renumbered
    assert Article.objects.count() == 80
    assert Article.objects.values("slug").distinct().count() == 80
    assert Section.objects.values("slug").distinct().count() == Section.objects.count()
    assert Photo.objects.count() == 24


def test_seed_demo_rejects_a_negative_count():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        seed(articles=-1)


def test_bootstrap_seeds_an_empty_site_and_prints_a_new_admin_password():
    out = io.StringIO()
    call_command("bootstrap", stdout=out)
    text = out.getvalue()
    assert Article.objects.count() == 200
    user = get_user_model().objects.get(is_superuser=True)
    password = text.split("Password: ")[1].split()[0]
    assert user.username == "admin"
    assert user.check_password(password)

    again = io.StringIO()
    call_command("bootstrap", stdout=again)
    assert "Password:" not in again.getvalue()
    assert Article.objects.count() == 200  # not seeded twice
    assert get_user_model().objects.count() == 1


def test_bootstrap_takes_the_login_from_the_environment(monkeypatch):
    monkeypatch.setenv("ADMIN_USERNAME", "chief")
    monkeypatch.setenv("ADMIN_PASSWORD", "a-long-chosen-password")
    Article.objects.create(title="x", slug="x")  # not empty: no demo content
    out = io.StringIO()
    call_command("bootstrap", stdout=out)
    assert "a-long-chosen-password" not in out.getvalue()
    assert get_user_model().objects.get(username="chief").check_password("a-long-chosen-password")
    assert Article.objects.count() == 1
