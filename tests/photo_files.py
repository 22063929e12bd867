"""Real image files made in the tests: good ones, hostile ones, and what storage holds."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image

CAMERA_MAKE = "SpyCam Industries"
XMP_SECRET = "Home address of the source"


def encoded(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, fmt, **options)
    return buffer.getvalue()


def upload(data: bytes, name: str, content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def halves(size: tuple[int, int], left="red", right="blue", mode="RGB") -> Image.Image:
    """A picture whose left half and right half differ, to tell which way is up."""
    image = Image.new(mode, size, left)
    image.paste(Image.new(mode, (size[0] - size[0] // 2, size[1]), right), (size[0] // 2, 0))
    return image


def camera_jpeg(size=(60, 40), orientation: int = 6) -> bytes:
    """A phone photo: sideways (EXIF orientation), with camera, GPS and XMP metadata."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = CAMERA_MAKE
    exif[ExifTags.Base.Model] = "Model 3000"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (48.0, 51.0, 29.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (2.0, 17.0, 40.0)
    xmp = f'<x:xmpmeta xmlns:x="adobe:ns:meta/">{XMP_SECRET}</x:xmpmeta>'.encode()
    return encoded(halves(size), "JPEG", exif=exif, xmp=xmp, comment=b"taken at the source's home")


def noisy_jpeg(size=(200, 150), quality=95) -> bytes:
    """A JPEG that does not compress to nothing (for byte limits and truncation)."""
    return encoded(Image.effect_noise(size, 80).convert("RGB"), "JPEG", quality=quality)


def png_chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_bomb(width: int, height: int) -> bytes:
    """A valid black PNG of ``width`` x ``height``: tens of kilobytes that decode to
    hundreds of megabytes. Compressed row by row, so making it costs no memory."""
    row = b"\0" * (1 + (width + 7) // 8)  # filter byte + 1-bit greyscale pixels
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + png_chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
        + png_chunk(b"IDAT", idat)
        + png_chunk(b"IEND", b"")
    )


SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="64" height="48">'
    b'<script>alert("xss")</script><rect width="64" height="48" fill="navy"/></svg>'
)


def media_files() -> list[Path]:
    """Every file in local storage (MEDIA_ROOT), to prove nothing is left behind."""
    root = Path(settings.MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def photo_form(image=None, **fields) -> dict:
    """What the Photo admin form submits."""
    data = {
        "alt_text": "Panels in the desert",
        "caption": "The plant at noon.",
        "credit": "Science and Technology Daily",
        "source": "",
        "focal_x": "50",
        "focal_y": "50",
    }
    if image is not None:
        data["image"] = image
    data.update(fields)
    return data
