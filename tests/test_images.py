"""Safe uploads and normalised files: every rule with a real file made here.

Uploads go through the two real admin forms that accept files: the photo library's own
form and the "upload a new photo" fields inside the article form.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image

from articles import images
from articles.models import Photo

from .admin_forms import ADD_URL, article_form, inline_formset, with_new_photo
from .factories import image_bytes
from .photo_files import (
    CAMERA_MAKE,
    SVG,
    XMP_SECRET,
    camera_jpeg,
    encoded,
    halves,
    media_files,
    noisy_jpeg,
    photo_form,
    png_bomb,
    upload,
)

pytestmark = pytest.mark.django_db

PHOTO_ADD_URL = "/admin/articles/photo/add/"


def post_to_library(client, file) -> tuple[int, list[str]]:
    response = client.post(PHOTO_ADD_URL, photo_form(file))
    if response.status_code == 302:
        return 302, []
    return response.status_code, response.context["adminform"].form.errors.get("image", [])


def post_to_article_form(client, file) -> tuple[int, list[str]]:
    response = client.post(ADD_URL, with_new_photo(article_form(), file))
    if response.status_code == 302:
        return 302, []
    errors = inline_formset(response, "article_photos").formset.errors[0]
    return response.status_code, errors.get("new_image", [])


@pytest.fixture(params=[post_to_library, post_to_article_form], ids=["library", "article-form"])
def post_photo(request, editor_client):
    """Upload through one of the two forms; returns (status, errors on the file field)."""
    return lambda file: request.param(editor_client, file)


def assert_refused(result, message: str) -> None:
    status, errors = result
    assert status == 200
    assert any(message in error for error in errors), errors
    assert not Photo.objects.exists()
    assert media_files() == []  # nothing written to storage either


class TestAcceptedFormats:
    @pytest.mark.parametrize(
        ("fmt", "stored_as"),
        [("JPEG", "JPEG"), ("PNG", "PNG"), ("WEBP", "WEBP"), ("GIF", "PNG")],
    )
    def test_jpeg_png_webp_and_gif_are_accepted(self, post_photo, fmt, stored_as):
        name = f"picture.{fmt.lower()}"
        assert post_photo(upload(image_bytes(fmt, size=(90, 60)), name))[0] == 302
        photo = Photo.objects.get()
        assert (photo.width, photo.height) == (90, 60)
        with photo.image.open() as handle, Image.open(handle) as stored:
            assert stored.format == stored_as
            assert stored.size == (90, 60)

    def test_the_content_decides_not_the_name(self, post_photo):
        png_called_jpg = upload(image_bytes("PNG"), "holiday.jpg")
        assert post_photo(png_called_jpg)[0] == 302
        photo = Photo.objects.get()
        assert photo.image.name.endswith(".png")
        with photo.image.open() as handle, Image.open(handle) as stored:
            assert stored.format == "PNG"

    def test_a_jpeg_with_an_odd_name_is_still_a_jpeg(self, post_photo):
        assert post_photo(upload(image_bytes("JPEG"), "scan.txt", "text/plain"))[0] == 302
        assert Photo.objects.get().image.name.endswith(".jpg")


class TestRefusedFiles:
    @pytest.mark.parametrize("name", ["logo.svg", "logo.jpg"])
    def test_svg_is_refused_whatever_its_name(self, post_photo, name):
        result = post_photo(upload(SVG, name, "image/svg+xml"))
        assert_refused(result, "not a JPEG, PNG, WebP or GIF image")

    @pytest.mark.parametrize("fmt", ["BMP", "TIFF", "ICO", "PPM"])
    def test_other_image_formats_pillow_knows_are_refused(self, post_photo, fmt):
        result = post_photo(upload(image_bytes(fmt), "photo.jpg"))
        assert_refused(result, "not a JPEG, PNG, WebP or GIF image")

    def test_text_pretending_to_be_a_jpeg_is_refused(self, post_photo):
        assert_refused(post_photo(upload(b"not really a jpeg", "photo.jpg")), "not a JPEG")

    def test_files_over_the_byte_limit_are_refused(self, post_photo, settings):
        data = noisy_jpeg()
        settings.NEWSROOM_PHOTO_MAX_BYTES = len(data) - 1
        assert_refused(post_photo(upload(data, "big.jpg")), "photos may be at most")

    def test_files_at_the_byte_limit_are_accepted(self, post_photo, settings):
        data = noisy_jpeg()
        settings.NEWSROOM_PHOTO_MAX_BYTES = len(data)
        assert post_photo(upload(data, "big.jpg"))[0] == 302

    def test_images_over_the_pixel_limit_are_refused_before_decoding(self, post_photo, settings):
        settings.NEWSROOM_PHOTO_MAX_PIXELS = 100 * 100
        result = post_photo(upload(image_bytes("PNG", size=(101, 100)), "wide.png"))
        assert_refused(result, "too large (101 x 100 pixels)")

    def test_a_decompression_bomb_gets_a_clear_error(self, post_photo):
        """50 KB that would decode to 400 megapixels (the default limit is 50)."""
        bomb = png_bomb(20_000, 20_000)
        assert len(bomb) < 100_000
        assert_refused(post_photo(upload(bomb, "bomb.png", "image/png")), "megapixels")

    # Between the limit and twice the limit Pillow only warns (an error in this test run):
    # the upload check must refuse such a file on its own, as it does in production.
    @pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
    def test_a_bomb_just_over_the_limit_is_refused_too(self, post_photo):
        bomb = png_bomb(10_000, 6_000)  # 60 megapixels
        assert_refused(post_photo(upload(bomb, "bomb.png", "image/png")), "(10,000 x 6,000")

    def test_a_truncated_jpeg_is_refused(self, post_photo):
        data = noisy_jpeg()
        result = post_photo(upload(data[: len(data) // 2], "cut.jpg"))
        assert_refused(result, "damaged or incomplete")

    def test_a_truncated_png_is_refused(self, post_photo):
        data = encoded(Image.effect_noise((120, 90), 60), "PNG")
        result = post_photo(upload(data[: len(data) * 2 // 3], "cut.png", "image/png"))
        assert_refused(result, "damaged or incomplete")

    def test_a_corrupt_png_is_refused(self, post_photo):
        data = bytearray(encoded(Image.effect_noise((120, 90), 60), "PNG"))
        data[len(data) // 2] ^= 0xFF  # one flipped byte inside the pixel data: bad checksum
        result = post_photo(upload(bytes(data), "flipped.png", "image/png"))
        assert_refused(result, "damaged or incomplete")


def test_a_decompression_bomb_is_refused_without_a_memory_spike(tmp_path):
    """Checked in a fresh interpreter with Pillow's own guard switched off: the upload
    check alone must refuse the file from its header. Decoding it would take 400 MB."""
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(png_bomb(20_000, 20_000))
    script = textwrap.dedent(
        f"""
        import resource
        from django.core.files.uploadedfile import SimpleUploadedFile
        from PIL import Image
        from articles import images

        Image.MAX_IMAGE_PIXELS = None
        upload = SimpleUploadedFile("bomb.png", open({str(bomb)!r}, "rb").read())
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        try:
            images.open_image(upload, max_bytes=10**8, max_pixels=50_000_000)
        except images.InvalidImage as exc:
            print(exc.code)
        print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before)
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(settings.BASE_DIR),
        timeout=60,
    )
    code, grown_kib = result.stdout.split()
    assert code == "too_many_pixels"
    assert int(grown_kib) < 20 * 1024  # kilobytes: well under 20 MB


def is_red(pixel) -> bool:
    return pixel[0] > 200 > 60 > pixel[2]


def is_blue(pixel) -> bool:
    return pixel[2] > 200 > 60 > pixel[0]


class TestNormalisedFiles:
    def test_exif_orientation_is_applied_and_dimensions_stored(self, editor_client):
        """A phone photo stored sideways (60x40, "rotate 90° clockwise") stands up."""
        assert post_to_library(editor_client, upload(camera_jpeg(), "phone.jpg"))[0] == 302
        photo = Photo.objects.get()
        assert (photo.width, photo.height) == (40, 60)
        with photo.image.open() as handle, Image.open(handle) as stored:
            stored = stored.convert("RGB")
            assert stored.size == (40, 60)
            assert is_red(stored.getpixel((20, 5)))  # the left half is now on top
            assert is_blue(stored.getpixel((20, 55)))

    def test_no_file_readers_can_download_keeps_camera_or_location_data(self, editor_client):
        assert post_to_library(editor_client, upload(camera_jpeg(), "phone.jpg"))[0] == 302
        photo = Photo.objects.get()
        stored = media_files()
        assert len(stored) == len(photo.stored_names()) > 3
        for path in stored:
            data = path.read_bytes()
            assert CAMERA_MAKE.encode() not in data, path
            assert XMP_SECRET.encode() not in data, path
            assert b"Exif" not in data, path
            assert b"source's home" not in data, path
            with Image.open(path) as image:
                assert not image.getexif(), path
                assert not {"exif", "xmp", "comment", "XML:com.adobe.xmp"} & set(image.info)

    def test_bytes_hidden_after_the_image_are_not_stored(self, editor_client):
        data = image_bytes("JPEG") + b"<script>alert('polyglot')</script>"
        assert post_to_library(editor_client, upload(data, "polyglot.jpg"))[0] == 302
        assert all(b"<script>" not in path.read_bytes() for path in media_files())

    def test_colour_modes_become_rgb_or_rgba(self):
        for mode, expected in [("CMYK", "RGB"), ("L", "RGB"), ("P", "RGB"), ("LA", "RGBA")]:
            data = encoded(Image.new(mode, (8, 8)), "PNG" if mode != "CMYK" else "JPEG")
            opened = images.open_image(upload(data, "x"), max_bytes=10**6, max_pixels=10**6)
            assert images.normalise(opened)[0].mode == expected, mode

    def test_transparency_survives_in_the_master(self):
        data = encoded(halves((20, 10), (255, 0, 0, 255), (0, 0, 0, 0), mode="RGBA"), "PNG")
        opened = images.open_image(upload(data, "x.png"), max_bytes=10**6, max_pixels=10**6)
        clean, fmt = images.normalise(opened)
        assert (clean.mode, fmt) == ("RGBA", "PNG")
        assert clean.getpixel((15, 5))[3] == 0
