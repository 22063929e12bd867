"""Photo files: which uploads are accepted, and the renditions readers download.

A small module on Pillow rather than a thumbnail library. easy-thumbnails, sorl-thumbnail
and django-imagekit are built around renditions made or looked up when a template asks
for them (a database or key-value lookup per image, or a storage ``exists()`` call); here
every rendition is made once, when the photo is saved, and its name and size travel in
the photo's own row, so a page render costs no query and no storage call per photo. The
libraries would also still need the upload checks, the metadata stripping, the focal-point
crop and the clean-up of files below.

Everything here works on Pillow images and a Django storage; ``Photo`` decides when.
"""

from __future__ import annotations

import io
import logging
import posixpath
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, Storage
from django.utils.encoding import filepath_to_uri
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

# Only these decoders ever see an upload: Pillow identifies the file by its content, and
# formats outside this list (SVG, TIFF, PSD, EPS, FITS...) are never parsed at all.
ALLOWED_FORMATS = ("JPEG", "PNG", "WEBP", "GIF")
# The stored master keeps its format, except GIF: only its first frame is kept, as PNG.
MASTER_FORMAT = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP", "GIF": "PNG"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
MIME_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
SOCIAL_SIZE = (1200, 630)

# Encoder settings: the master stays close to the upload, renditions are tuned for size.
MASTER_OPTIONS = {
    "JPEG": {"quality": 90},
    "PNG": {"optimize": False, "compress_level": 6},
    "WEBP": {"quality": 90, "method": 4},
}
RENDITION_OPTIONS = {
    "JPEG": {"quality": 80, "optimize": True, "progressive": True},
    "PNG": {"optimize": True},
    "WEBP": {"quality": 78, "method": 4},
}


class InvalidImage(ValueError):
    """An upload that is not a photo we accept; the message is for the person uploading."""

    def __init__(self, message: str, code: str):
        super().__init__(message)
        self.message = message
        self.code = code


def megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def open_image(file, *, max_bytes: int, max_pixels: int) -> Image.Image:
    """Check an uploaded file and decode it, or raise ``InvalidImage``.

    The order matters: the byte limit first, then the header (format and dimensions)
    before any pixel is decoded, so a decompression bomb is refused having cost a few
    kilobytes of reading; only then a full decode, which finds truncated or corrupt data.
    """
    size = file.size
    if size is not None and size > max_bytes:
        raise InvalidImage(
            f"This file is {megabytes(size)}; photos may be at most {megabytes(max_bytes)}.",
            "file_too_large",
        )
    try:
        file.seek(0)
        with Image.open(file, formats=ALLOWED_FORMATS) as probe:
            width, height = probe.size
            if width * height > max_pixels:
                raise too_many_pixels(max_pixels, (width, height))
            probe.verify()  # structure and checksums, without decoding
        file.seek(0)
        image = Image.open(file, formats=ALLOWED_FORMATS)
        image.load()
    except InvalidImage:
        raise
    except UnidentifiedImageError as exc:
        raise InvalidImage(
            "This file is not a JPEG, PNG, WebP or GIF image. Other formats (SVG, TIFF, "
            "HEIC, PDF...) are refused: export the picture as JPEG or PNG first.",
            "invalid_image",
        ) from exc
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise too_many_pixels(max_pixels) from exc
    except Exception as exc:
        raise InvalidImage(
            "This image is damaged or incomplete (truncated or corrupt data). "
            "Export it again and upload the new file.",
            "corrupt_image",
        ) from exc
    return image


def too_many_pixels(max_pixels: int, size: tuple[int, int] | None = None) -> InvalidImage:
    found = f" ({size[0]:,} x {size[1]:,} pixels)" if size else ""
    return InvalidImage(
        f"This image is too large{found}: photos may have at most "
        f"{max_pixels / 1_000_000:g} megapixels. Resize it before uploading.",
        "too_many_pixels",
    )


def normalise(image: Image.Image) -> tuple[Image.Image, str]:
    """The upload as readers may see it: upright, RGB(A), with no metadata left.

    EXIF (camera, GPS, orientation), XMP, IPTC and comments live in ``info`` and are
    written back only when passed to ``save()``: emptying ``info`` drops all of them. The
    colour profile stays, because without it colours shift.
    """
    source_format = image.format or "PNG"
    image = ImageOps.exif_transpose(image)  # a new image: orientation applied, EXIF gone
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    icc_profile = image.info.get("icc_profile")
    image.info = {"icc_profile": icc_profile} if icc_profile else {}
    master_format = MASTER_FORMAT[source_format]
    if master_format == "JPEG" and image.mode == "RGBA":
        master_format = "PNG"
    return image, master_format


def encode(image: Image.Image, fmt: str, options: dict) -> bytes:
    buffer = io.BytesIO()
    extra = {}
    if image.info.get("icc_profile"):
        extra["icc_profile"] = image.info["icc_profile"]
    image.save(buffer, fmt, **options, **extra)
    return buffer.getvalue()


def has_alpha(image: Image.Image) -> bool:
    return image.mode == "RGBA" and image.getextrema()[3][0] < 255


def rendition_widths(original_width: int, widths: Iterable[int]) -> list[int]:
    """The configured widths below the original's, topped by the widest one allowed.

    Never upscaled: a 900-pixel photo gets 320, 640 and 900; a tiny one only itself.
    """
    widths = sorted({w for w in widths if w > 0})
    top = min(original_width, widths[-1]) if widths else original_width
    return [w for w in widths if w < top] + [top]


def social_crop_box(
    size: tuple[int, int], focal: tuple[float, float], target: tuple[int, int] = SOCIAL_SIZE
) -> tuple[int, int, int, int]:
    """The largest box of the target's shape, centred on the focal point (in percent)."""
    width, height = size
    ratio = target[0] / target[1]
    if width / height > ratio:
        crop_w, crop_h = round(height * ratio), height
    else:
        crop_w, crop_h = width, round(width / ratio)
    crop_w, crop_h = max(1, min(width, crop_w)), max(1, min(height, crop_h))
    centre_x, centre_y = focal[0] / 100 * width, focal[1] / 100 * height
    left = round(min(max(centre_x - crop_w / 2, 0), width - crop_w))
    top = round(min(max(centre_y - crop_h / 2, 0), height - crop_h))
    return left, top, left + crop_w, top + crop_h


@dataclass(frozen=True)
class Rendition:
    name: str
    format: str
    width: int
    height: int
    bytes: int

    def as_json(self) -> dict:
        return asdict(self)


class Writer:
    """Saves encoded files next to the master, remembering them to undo a failed batch."""

    def __init__(self, storage: Storage, base: str):
        self.storage = storage
        self.base = base
        self.saved: list[str] = []

    def save(self, image: Image.Image, fmt: str, label: str, options: dict) -> Rendition:
        data = encode(image, fmt, options)
        name = self.storage.save(f"{self.base}/{label}.{EXTENSIONS[fmt]}", ContentFile(data))
        self.saved.append(name)
        return Rendition(name, fmt.lower(), image.width, image.height, len(data))

    def undo(self) -> None:
        delete_files(self.storage, self.saved)


def rendition_base(master_name: str) -> str:
    """Renditions live in a folder named after the master file: photos/2024/09/xiao/..."""
    return posixpath.splitext(master_name)[0]


def make_renditions(
    image: Image.Image,
    *,
    storage: Storage,
    master_name: str,
    widths: Iterable[int],
    focal: tuple[float, float],
) -> dict:
    """Every width in WebP and in a fallback format, plus the social card, all stored.

    Returns what ``Photo.renditions`` keeps: names, formats, sizes and bytes, so pages are
    rendered without opening or even listing a file.
    """
    writer = Writer(storage, rendition_base(master_name))
    fallback = "PNG" if has_alpha(image) else "JPEG"
    sources = []
    try:
        for width in rendition_widths(image.width, widths):
            height = max(1, round(image.height * width / image.width))
            resized = image if width == image.width else resize(image, (width, height))
            for fmt in ("WEBP", fallback):
                sources.append(writer.save(resized, fmt, f"{width}w", RENDITION_OPTIONS[fmt]))
        social = make_social_card(image, focal, writer)
    except Exception:
        writer.undo()
        raise
    return {
        "sources": [rendition.as_json() for rendition in sources],
        "social": social,
    }


def make_social_card(image: Image.Image, focal: tuple[float, float], writer: Writer) -> dict:
    """The 1200x630 OpenGraph crop around the focal point (smaller if the photo is)."""
    box = social_crop_box(image.size, focal)
    crop_w, crop_h = box[2] - box[0], box[3] - box[1]
    size = SOCIAL_SIZE if crop_w >= SOCIAL_SIZE[0] else (crop_w, crop_h)
    card = resize(image, size, box=box)
    if card.mode == "RGBA":  # social networks show transparency as black: flatten on white
        flat = Image.new("RGB", card.size, "white")
        flat.paste(card, mask=card.getchannel("A"))
        flat.info = card.info
        card = flat
    rendition = writer.save(card, "JPEG", "social", RENDITION_OPTIONS["JPEG"])
    return {**rendition.as_json(), "focal": [focal[0], focal[1]]}


def resize(image: Image.Image, size: tuple[int, int], box=None) -> Image.Image:
    # reducing_gap: shrink by an integer factor first (fast), then Lanczos for quality.
    resized = image.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
    resized.info = image.info
    return resized


def file_url(storage: Storage, name: str) -> str:
    """A stored file's URL, without urljoin for local files (pages build dozens of these)."""
    if isinstance(storage, FileSystemStorage):
        return storage.base_url + filepath_to_uri(name).lstrip("/")
    return storage.url(name)


def format_sources(storage: Storage, renditions: dict | None, fmt: str) -> list[tuple[str, int]]:
    """The URL and width of each stored rendition in ``fmt``, narrowest first."""
    return [
        (file_url(storage, source["name"]), source["width"])
        for source in (renditions or {}).get("sources", [])
        if source["format"] == fmt
    ]


def fallback_sources(storage: Storage, renditions: dict | None) -> list[tuple[str, int]]:
    """The renditions for browsers without WebP: JPEG, else PNG."""
    for fmt in ("jpeg", "png"):
        if urls := format_sources(storage, renditions, fmt):
            return urls
    return []


@dataclass(frozen=True)
class Srcsets:
    """What a ``<picture>`` needs of a photo's renditions."""

    webp: str
    fallback: str
    fallback_url: str  # for browsers without srcset: the widest fallback up to 1024 pixels


def srcsets(storage: Storage, name: str, renditions: dict | None) -> Srcsets:
    webp = format_sources(storage, renditions, "webp")
    fallback = fallback_sources(storage, renditions)
    fitting = [url for url, width in fallback if width <= 1024]
    widest = fitting[-1] if fitting else fallback[0][0] if fallback else file_url(storage, name)
    return Srcsets(
        webp=", ".join(f"{url} {width}w" for url, width in webp),
        fallback=", ".join(f"{url} {width}w" for url, width in fallback),
        fallback_url=widest,
    )


def delete_files(storage: Storage, names: Iterable[str]) -> None:
    """Delete stored files; a missing one is not an error, a failing one is logged."""
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except Exception:
            logger.exception("Could not delete photo file %s", name)
