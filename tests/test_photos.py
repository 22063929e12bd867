"""Renditions, the markup readers get, and the photo library in the admin."""

from __future__ import annotations

import io
import re

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.db import IntegrityError, transaction
from PIL import Image

from articles import images
from articles.models import Article, ArticlePhoto, Photo

from .factories import image_bytes, make_article, make_photo, make_source
from .photo_files import CAMERA_MAKE, camera_jpeg, encoded, halves, media_files, photo_form, upload

pytestmark = pytest.mark.django_db

WIDTHS = [320, 640, 1024, 1600]


def photo_of(size, fmt="JPEG", colour="navy", **fields) -> Photo:
    return make_photo(image=upload(image_bytes(fmt, size=size, colour=colour), "p.jpg"), **fields)


def stored_image(photo: Photo, name: str) -> Image.Image:
    with photo.image.storage.open(name) as handle:
        image = Image.open(handle)
        image.load()
    return image


def srcset_widths(srcset: str) -> list[int]:
    return [int(part.rsplit(" ", 1)[1].rstrip("w")) for part in srcset.split(", ")]


class TestRenditions:
    def test_every_width_in_webp_and_jpeg_made_once_and_recorded(self):
        photo = photo_of((2000, 1000))
        sources = photo.renditions["sources"]
        assert [(s["format"], s["width"]) for s in sources] == [
            (fmt, width) for width in WIDTHS for fmt in ("webp", "jpeg")
        ]
        storage = photo.image.storage
        for source in sources:
            image = stored_image(photo, source["name"])
            assert image.format == source["format"].upper()
            assert image.size == (source["width"], source["height"])
            assert source["height"] == source["width"] // 2
            assert storage.size(source["name"]) == source["bytes"]

    @pytest.mark.parametrize(
        ("width", "expected"), [(500, [320, 500]), (1024, [320, 640, 1024]), (90, [90])]
    )
    def test_never_upscaled(self, width, expected):
        photo = photo_of((width, 60))
        assert srcset_widths(photo.webp_srcset) == expected
        assert srcset_widths(photo.fallback_srcset) == expected

    def test_widths_come_from_settings(self, settings):
        settings.NEWSROOM_PHOTO_WIDTHS = [100, 200]
        assert srcset_widths(photo_of((400, 300)).webp_srcset) == [100, 200]

    def test_transparent_photos_fall_back_to_png_and_keep_their_alpha(self):
        data = encoded(halves((400, 200), (255, 0, 0, 255), (0, 0, 0, 0), mode="RGBA"), "PNG")
        photo = make_photo(image=upload(data, "logo.png", "image/png"))
        formats = {source["format"] for source in photo.renditions["sources"]}
        assert formats == {"webp", "png"}
        webp = next(s for s in photo.renditions["sources"] if s["format"] == "webp")
        assert stored_image(photo, webp["name"]).getpixel((300, 100))[3] == 0
        card = stored_image(photo, photo.renditions["social"]["name"])
        assert card.format == "JPEG"
        assert card.getpixel((card.width - 2, 100)) == (255, 255, 255)  # flattened on white

    def test_the_social_card_is_1200_by_630(self):
        photo = photo_of((2400, 1600))
        card = photo.social_card
        assert (card.width, card.height, card.mime_type) == (1200, 630, "image/jpeg")
        assert card.url == photo.image.storage.url(photo.renditions["social"]["name"])
        assert stored_image(photo, photo.renditions["social"]["name"]).size == (1200, 630)

    def test_the_social_card_is_never_upscaled(self):
        card = photo_of((600, 400)).social_card
        assert (card.width, card.height) == (600, 315)

    @pytest.mark.parametrize(
        ("focal_x", "colours"),
        [
            (0, ["red", "red", "green"]),
            (50, ["red", "green", "blue"]),
            (100, ["green", "blue", "blue"]),
        ],
    )
    def test_the_social_card_is_centred_on_the_focal_point(self, focal_x, colours):
        """A 900x200 strip, red | green | blue: the 381x200 card shows the focal third."""
        strip = Image.new("RGB", (900, 200), "green")
        strip.paste(Image.new("RGB", (300, 200), "red"), (0, 0))
        strip.paste(Image.new("RGB", (300, 200), "blue"), (600, 0))
        photo = make_photo(image=upload(encoded(strip, "PNG"), "strip.png"), focal_x=focal_x)
        card = stored_image(photo, photo.renditions["social"]["name"]).convert("RGB")
        assert card.size == (381, 200)
        rgb = {"red": (255, 0, 0), "green": (0, 128, 0), "blue": (0, 0, 255)}
        for x, colour in zip([3, 190, 377], colours, strict=True):
            pixel = card.getpixel((x, 100))
            assert all(abs(a - b) < 40 for a, b in zip(pixel, rgb[colour], strict=True)), x

    @pytest.mark.parametrize(
        ("size", "focal", "box"),
        [
            ((2400, 1260), (50, 50), (0, 0, 2400, 1260)),
            ((3000, 1000), (0, 50), (0, 0, 1905, 1000)),
            ((3000, 1000), (100, 50), (1095, 0, 3000, 1000)),
            ((3000, 1000), (50, 50), (548, 0, 2453, 1000)),
            ((1000, 3000), (50, 0), (0, 0, 1000, 525)),
            ((1000, 3000), (50, 100), (0, 2475, 1000, 3000)),
        ],
    )
    def test_social_crop_box(self, size, focal, box):
        assert images.social_crop_box(size, focal) == box

    def test_changing_the_focal_point_remakes_only_the_social_card(self):
        photo = photo_of((800, 400))
        before = dict(photo.renditions)
        photo.focal_x = 10
        photo.save()
        assert photo.renditions["sources"] == before["sources"]
        assert photo.renditions["social"]["name"] != before["social"]["name"]
        assert photo.renditions["social"]["focal"] == [10, 50]

    def test_saving_captions_touches_no_file(self, monkeypatch):
        photo = photo_of((300, 200))
        before = sorted(media_files())
        monkeypatch.setattr(images, "make_renditions", forbidden)
        monkeypatch.setattr(images, "make_social_card", forbidden)
        photo.caption = "A new caption"
        photo.save()
        assert sorted(media_files()) == before


def forbidden(*args, **kwargs):
    raise AssertionError("this must not run")


class TestReaderMarkup:
    def test_figures_are_pictures_with_webp_sources_and_sized_fallbacks(self, client):
        article = make_article()
        lead = photo_of((1600, 900), caption="The lead.", credit="Wire Agency")
        second = photo_of((800, 600), caption="The second.", credit="")
        ArticlePhoto.objects.create(article=article, photo=lead, position=0)
        ArticlePhoto.objects.create(article=article, photo=second, position=1)
        html = client.get(article.get_absolute_url()).content.decode()

        figures = re.findall(r"<figure.*?</figure>", html, re.S)
        assert len(figures) == 2
        lead_html, second_html = figures
        webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)">', lead_html)
        assert webp.group(1) == lead.webp_srcset
        assert srcset_widths(webp.group(1)) == [320, 640, 1024, 1600]
        img = re.search(r"<img [^>]+>", lead_html).group(0)
        assert f'srcset="{lead.fallback_srcset}"' in img
        assert f'sizes="{webp.group(2)}"' in img
        assert 'width="1600" height="900"' in img
        assert 'alt="A test picture' in img
        assert 'fetchpriority="high"' in img
        assert "loading=" not in img  # the lead loads at once
        assert 'decoding="async"' in img
        assert lead.image.url not in html  # readers get renditions, not the master

        second_img = re.search(r"<img [^>]+>", second_html).group(0)
        assert 'loading="lazy"' in second_img
        assert 'decoding="async"' in second_img
        assert 'width="800" height="600"' in second_img

        assert (
            '<figcaption>The lead. <span class="photo-credit">(PHOTO: Wire Agency)</span>'
            in lead_html
        )
        assert "<figcaption>The second.</figcaption>" in second_html

    def test_cards_show_the_lead_photo_lazily_as_decoration(self, client):
        article = make_article(photos=1)
        photo = article.photos.get()
        html = client.get("/").content.decode()
        card = re.search(r'<div class="card-image">.*?</div>', html, re.S).group(0)
        assert f'srcset="{photo.webp_srcset}"' in card
        assert 'alt=""' in card
        assert 'loading="lazy"' in card

    def test_pages_never_touch_the_image_files(self, client, monkeypatch):
        article = make_article(photos=2)
        for name in ["open", "exists", "size", "listdir", "path", "get_modified_time"]:
            monkeypatch.setattr(FileSystemStorage, name, forbidden)
        assert client.get("/").status_code == 200
        html = client.get(article.get_absolute_url()).content.decode()
        assert html.count("<picture>") == 2

    def test_photos_without_renditions_still_show_their_file(self, client):
        article = make_article(photos=1)
        Photo.objects.update(renditions={})
        html = client.get(article.get_absolute_url()).content.decode()
        assert f'src="{article.photos.get().image.url}"' in html


class TestPhotoLibrary:
    def test_list_has_thumbnails_and_usage_counts_with_links(self, editor_client):
        used = make_photo(caption="Used twice")
        unused = make_photo(caption="Never used")
        for _ in range(2):
            ArticlePhoto.objects.create(article=make_article(), photo=used)
        html = editor_client.get("/admin/articles/photo/").content.decode()
        assert f'src="{used.thumbnail_url}"' in html
        assert f'src="{unused.thumbnail_url}"' in html
        link = f'href="/admin/articles/article/?photos__id__exact={used.pk}"'
        assert f"<a {link}>2 articles</a>" in html
        assert "not used" in html

        listed = editor_client.get(f"/admin/articles/article/?photos__id__exact={used.pk}")
        assert listed.status_code == 200
        assert {a.pk for a in listed.context["cl"].result_list} == set(
            used.articles.values_list("pk", flat=True)
        )

    @pytest.mark.parametrize(
        "field", [{"caption": "Xiao Junyong"}, {"credit": "Xiao Junyong"}, {"alt_text": "Xiao"}]
    )
    def test_search_by_caption_credit_and_alt_text(self, editor_client, field):
        wanted = make_photo(**field)
        make_photo(caption="Something else", credit="Other", alt_text="Other")
        response = editor_client.get("/admin/articles/photo/?q=Xiao")
        assert list(response.context["cl"].result_list) == [wanted]

    def test_filters_by_source_date_and_use(self, editor_client):
        source = make_source(name="Daily")
        from_source = make_photo(source=source)
        used = make_photo()
        ArticlePhoto.objects.create(article=make_article(), photo=used)
        url = "/admin/articles/photo/"
        by_source = editor_client.get(f"{url}?source__id__exact={source.pk}")
        assert list(by_source.context["cl"].result_list) == [from_source]
        unused = editor_client.get(f"{url}?use=unused")
        assert list(unused.context["cl"].result_list) == [from_source]
        in_use = editor_client.get(f"{url}?use=used")
        assert list(in_use.context["cl"].result_list) == [used]
        year = from_source.created_at.year
        assert editor_client.get(f"{url}?created_at__year={year}").context["cl"].result_count == 2

    def test_change_page_lists_the_articles_using_the_photo(self, editor_client):
        photo = make_photo()
        article = make_article(title="Where the photo runs")
        ArticlePhoto.objects.create(article=article, photo=photo)
        html = editor_client.get(f"/admin/articles/photo/{photo.pk}/change/").content.decode()
        assert "Used in 1 article." in html
        assert (
            f'<a href="/admin/articles/article/{article.pk}/change/">Where the photo runs</a>'
            in html
        )
        assert f'src="{photo.social_card.url}"' in html  # the crop the editor is choosing
        assert "focal-point-picker" in html
        assert "js/admin-focal-point.js" in html

    def test_editor_sets_the_focal_point_in_the_admin(
        self, editor_client, django_capture_on_commit_callbacks
    ):
        photo = photo_of((900, 300))
        old_card = photo.renditions["social"]["name"]
        with django_capture_on_commit_callbacks(execute=True):
            response = editor_client.post(
                f"/admin/articles/photo/{photo.pk}/change/",
                photo_form(focal_x="80", focal_y="30", alt_text=photo.alt_text),
            )
        assert response.status_code == 302
        photo.refresh_from_db()
        assert (photo.focal_x, photo.focal_y) == (80, 30)
        assert photo.renditions["social"]["focal"] == [80, 30]
        assert not photo.image.storage.exists(old_card)

    def test_focal_point_must_be_inside_the_picture(self, editor_client):
        photo = make_photo()
        response = editor_client.post(
            f"/admin/articles/photo/{photo.pk}/change/", photo_form(focal_x="101")
        )
        assert "focal_x" in response.context["adminform"].form.errors

    def test_one_photo_is_reused_across_articles(self, client):
        photo = make_photo(caption="Shared picture")
        articles = [make_article(), make_article()]
        for article in articles:
            ArticlePhoto.objects.create(article=article, photo=photo)
        for article in articles:
            html = client.get(article.get_absolute_url()).content.decode()
            assert photo.webp_srcset in html
        assert Photo.objects.count() == 1

    def test_a_photo_in_use_cannot_be_deleted_and_the_page_says_where(self, editor_client):
        photo = make_photo(caption="Protected")
        article = make_article(title="Still running")
        ArticlePhoto.objects.create(article=article, photo=photo)
        url = f"/admin/articles/photo/{photo.pk}/delete/"
        html = editor_client.get(url).content.decode()
        assert "Cannot delete photo" in html
        assert (
            f'used in the article <a href="/admin/articles/article/{article.pk}/change/">'
            "Still running</a> (Published)"
        ) in html
        editor_client.post(url, {"post": "yes"})
        assert Photo.objects.filter(pk=photo.pk).exists()

    def test_bulk_delete_also_names_the_articles(self, editor_client):
        photo = make_photo()
        article = make_article(title="Uses it")
        ArticlePhoto.objects.create(article=article, photo=photo)
        response = editor_client.post(
            "/admin/articles/photo/",
            {"action": "delete_selected", "_selected_action": [photo.pk, make_photo().pk]},
        )
        html = response.content.decode()
        assert f'<a href="/admin/articles/article/{article.pk}/change/">Uses it</a>' in html
        assert Photo.objects.count() == 2


class TestNoOrphanFiles:
    def files_per_photo(self, photo: Photo) -> int:
        return 1 + len(photo.renditions["sources"]) + 1  # master, renditions, social card

    def test_upload_writes_the_master_and_its_renditions(self, editor_client):
        editor_client.post("/admin/articles/photo/add/", photo_form(upload(camera_jpeg(), "a.jpg")))
        photo = Photo.objects.get()
        assert len(media_files()) == self.files_per_photo(photo) == 4  # 40 px wide: one width
        stored = {p.relative_to(photo.image.storage.location).as_posix() for p in media_files()}
        assert stored == set(photo.stored_names())

    def test_replacing_the_file_remakes_renditions_and_removes_the_old_files(
        self, editor_client, django_capture_on_commit_callbacks
    ):
        photo = photo_of((700, 400))
        old_names = set(photo.stored_names())
        assert len(media_files()) == self.files_per_photo(photo) == 8  # 320, 640, 700
        with django_capture_on_commit_callbacks(execute=True):
            response = editor_client.post(
                f"/admin/articles/photo/{photo.pk}/change/",
                photo_form(upload(image_bytes("PNG", size=(1100, 500)), "new.png")),
            )
        assert response.status_code == 302
        photo.refresh_from_db()
        assert (photo.width, photo.height) == (1100, 500)
        assert srcset_widths(photo.webp_srcset) == [320, 640, 1024, 1100]
        assert not old_names & set(photo.stored_names())
        assert len(media_files()) == self.files_per_photo(photo) == 10
        assert all(not photo.image.storage.exists(name) for name in old_names)

    def test_deleting_in_the_admin_removes_every_file(
        self, editor_client, django_capture_on_commit_callbacks
    ):
        photo = photo_of((700, 400))
        keep = photo_of((300, 200))
        with django_capture_on_commit_callbacks(execute=True):
            editor_client.post(f"/admin/articles/photo/{photo.pk}/delete/", {"post": "yes"})
        assert not Photo.objects.filter(pk=photo.pk).exists()
        assert len(media_files()) == self.files_per_photo(keep)

    def test_bulk_delete_removes_every_file(
        self, editor_client, django_capture_on_commit_callbacks
    ):
        ids = [photo_of((500, 300)).pk, photo_of((300, 200)).pk]
        assert len(media_files()) == 10
        with django_capture_on_commit_callbacks(execute=True):
            editor_client.post(
                "/admin/articles/photo/",
                {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
            )
        assert not Photo.objects.exists()
        assert media_files() == []

    def test_files_stay_until_the_delete_is_committed(self, django_capture_on_commit_callbacks):
        photo = photo_of((300, 200))
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            photo.delete()
        assert len(media_files()) == 4  # a rollback now would lose nothing
        for callback in callbacks:
            callback()
        assert media_files() == []


class TestCommands:
    def test_make_renditions_upgrades_photos_uploaded_before_renditions(
        self, django_capture_on_commit_callbacks
    ):
        """A row saved the old way: the camera's file as uploaded, no renditions."""
        legacy = Photo(alt_text="An old upload")
        legacy.image.save("old.jpg", ContentFile(camera_jpeg(size=(700, 400))), save=False)
        Photo.objects.bulk_create([legacy])  # bypasses save(), as rows made before did
        assert len(media_files()) == 1
        with django_capture_on_commit_callbacks(execute=True):
            call_command("make_renditions", stdout=io.StringIO())
        photo = Photo.objects.get()
        assert (photo.width, photo.height) == (400, 700)  # turned upright
        assert srcset_widths(photo.webp_srcset) == [320, 400]
        stored = {p.relative_to(photo.image.storage.location).as_posix() for p in media_files()}
        assert stored == set(photo.stored_names())  # the raw upload is gone
        assert all(CAMERA_MAKE.encode() not in path.read_bytes() for path in media_files())

    def test_seed_demo_makes_renditions_per_photo_not_per_article(self, monkeypatch):
        calls = []
        real = images.make_renditions
        monkeypatch.setattr(
            images, "make_renditions", lambda *a, **k: calls.append(1) or real(*a, **k)
        )
        call_command("seed_demo", articles=300, seed=3, stdout=io.StringIO())
        assert len(calls) == Photo.objects.count() == 24
        assert Article.objects.count() == 300
        photo = Photo.objects.first()
        assert photo.social_card.width == 1200
        assert srcset_widths(photo.webp_srcset) == [320, 640, 1024, 1200]


def test_new_files_are_removed_when_the_row_cannot_be_saved():
    photo = Photo(alt_text="Out of range", focal_x=150)  # the database refuses it
    photo.image = upload(image_bytes(size=(400, 300)), "refused.jpg")
    with pytest.raises(IntegrityError), transaction.atomic():
        photo.save()
    assert media_files() == []
