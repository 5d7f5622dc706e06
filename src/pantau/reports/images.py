"""Photos: a public-safe copy without EXIF (GPS, device, owner), a perceptual hash for duplicate detection.

The original bytes are kept untouched as evidence; only the derivative is re-encoded. Re-encoding with Pillow
drops every metadata block (EXIF, XMP, IPTC, PNG text chunks) because nothing is passed through except the
colour profile. The orientation from EXIF is applied to the pixels first, so the copy looks the same.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

# A 50-megapixel phone photo is the largest we expect; a "decompression bomb" beyond that is refused.
MAX_PIXELS = 80_000_000
PUBLIC_MAX_SIDE = 2560
GPS_IFD = 0x8825

_FORMATS = {"jpeg": "JPEG", "png": "PNG", "gif": "GIF", "webp": "WEBP"}


class ImageError(ValueError):
    pass


@dataclass
class ProcessedImage:
    public_bytes: bytes | None
    public_mime: str
    had_gps: bool
    had_exif: bool
    width: int
    height: int
    dhash: str


def has_gps(data: bytes) -> bool:
    try:
        with Image.open(io.BytesIO(data)) as img:
            gps = img.getexif().get_ifd(GPS_IFD)
            return bool(gps)
    except (UnidentifiedImageError, OSError, ValueError):
        return False


def dhash(img: Image.Image, size: int = 8) -> str:
    """Difference hash: 64 bits as 16 hex digits. Robust to re-encoding and resizing."""
    small = img.convert("L").resize((size + 1, size), Image.Resampling.BILINEAR)
    px = small.load()
    bits = 0
    for y in range(size):
        for x in range(size):
            bits = (bits << 1) | (1 if px[x, y] > px[x + 1, y] else 0)
    return f"{bits:016x}"


def hash_similarity(a: str, b: str) -> float:
    if not a or not b or len(a) != len(b):
        return 0.0
    distance = bin(int(a, 16) ^ int(b, 16)).count("1")
    return 1.0 - distance / (len(a) * 4)


@dataclass
class ImageInfo:
    width: int
    height: int
    had_gps: bool
    had_exif: bool


def inspect(data: bytes, kind: str) -> ImageInfo | None:
    """Cheap check at upload time (no pixel decode): a real image of a sane size; does it carry GPS?

    The public copy is made after the report is stored (``process``), on a worker when one is configured.
    """
    if kind not in _FORMATS:
        return None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                if img.width * img.height > MAX_PIXELS:
                    raise ImageError(_("Gambar terlalu besar (lebih dari 80 megapiksel)."))
                exif = img.getexif()
                info = ImageInfo(img.width, img.height, bool(exif.get_ifd(GPS_IFD)) if exif else False, bool(exif))
            with Image.open(io.BytesIO(data)) as img:
                img.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise ImageError(_("Gambar terlalu besar (lebih dari 80 megapiksel).")) from exc
    except ImageError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ImageError(_("Berkas gambar rusak atau tidak dapat dibaca.")) from exc
    return info


def process(data: bytes, kind: str) -> ProcessedImage:
    """Validate an image and make its public copy. ``kind`` is the sniffed kind name (jpeg, png, ...)."""
    fmt = _FORMATS.get(kind)
    if fmt is None:  # HEIC and others Pillow cannot decode here: no public copy, the original stays internal
        return ProcessedImage(None, "", False, False, 0, 0, "")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            img = Image.open(io.BytesIO(data))
            if img.width * img.height > MAX_PIXELS:
                raise ImageError(_("Gambar terlalu besar (lebih dari 80 megapiksel)."))
            exif = img.getexif()
            had_exif = bool(exif)
            had_gps = bool(exif.get_ifd(GPS_IFD)) if had_exif else False
            width, height = img.size
            animated = getattr(img, "is_animated", False)
            img.load()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as exc:
        raise ImageError(_("Gambar terlalu besar (lebih dari 80 megapiksel).")) from exc
    except ImageError:
        raise
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as exc:
        raise ImageError(_("Berkas gambar rusak atau tidak dapat dibaca.")) from exc

    # Hash on a reduced decode for speed (JPEG draft mode) but from the same pixels.
    small = img.copy()
    small.thumbnail((256, 256))  # antialiased: robust to the recompression of messaging apps
    perceptual = dhash(small)

    out = io.BytesIO()
    if animated and fmt == "GIF":
        # Re-save all frames; GIF carries no EXIF but may carry comments/XMP, which are not passed on.
        img.save(out, format="GIF", save_all=True, optimize=False)
    else:
        clean = ImageOps.exif_transpose(img)
        if max(clean.size) > PUBLIC_MAX_SIDE:
            clean.thumbnail((PUBLIC_MAX_SIDE, PUBLIC_MAX_SIDE), Image.Resampling.LANCZOS)
        params: dict = {}
        if fmt == "JPEG":
            if clean.mode not in ("RGB", "L"):
                clean = clean.convert("RGB")
            params = {"quality": 88, "optimize": False}
        elif fmt == "WEBP":
            params = {"quality": 88}
        icc = img.info.get("icc_profile")
        if icc and fmt in ("JPEG", "PNG", "WEBP"):
            params["icc_profile"] = icc
        clean.save(out, format=fmt, **params)
    return ProcessedImage(out.getvalue(), Image.MIME[fmt], had_gps, had_exif, width, height, perceptual)
