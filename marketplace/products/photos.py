"""Product photos: validated by decoding (not by extension), re-encoded with Pillow to
strip metadata and anything hidden in the file, and thumbnailed.

Memory: Image.open reads only the header, so the dimensions are checked before any
pixel is decoded. A small file can declare a huge image (a 116 KB PNG of 6320 × 6320
decodes to 160 MB RGBA, and the conversions nearly triple that); MAX_PIXELS keeps
the worst decode around 100 MB, far below Pillow's own bomb limit (~89 MP)."""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
# 24 megapixels: a 6000 × 4000 camera photo still fits.
MAX_PIXELS = 24_000_000
# Smaller photos look blurred on the product page (shown up to ~600 px wide).
MIN_SIDE = 200
FULL_SIZE = (1600, 1600)
THUMB_SIZE = (400, 400)
WHITE = (255, 255, 255)


class PhotoError(ValueError):
    pass


@dataclass
class StoredPhoto:
    filename: str
    thumb_filename: str
    width: int
    height: int


def _too_large(width: int | None = None, height: int | None = None) -> PhotoError:
    mp = MAX_PIXELS // 1_000_000
    if width and height:
        return PhotoError(
            _(
                "The photo is too large: %(w)d × %(h)d pixels. At most %(mp)d megapixels "
                "are accepted; please resize it.",
                w=width,
                h=height,
                mp=mp,
            )
        )
    return PhotoError(
        _("The photo has too many pixels: at most %(mp)d megapixels are accepted.", mp=mp)
    )


def check_header(data: bytes) -> tuple[str, int, int]:
    """Format and size read from the header only (no pixel decoded). Raises PhotoError
    for an unreadable file, another format, too many pixels or too few."""
    try:
        # Pillow warns (and past twice its limit, refuses) on huge images; both mean
        # the same as our own, lower limit.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                fmt, width, height = probe.format, probe.width, probe.height
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large() from None
    except (UnidentifiedImageError, OSError):
        raise PhotoError(_("The file is not a readable image.")) from None
    if fmt not in ALLOWED_FORMATS:
        raise PhotoError(_("Only JPEG, PNG or WebP photos are accepted."))
    if width * height > MAX_PIXELS:
        raise _too_large(width, height)
    if min(width, height) < MIN_SIDE:
        raise PhotoError(
            _(
                "The photo is too small: %(w)d × %(h)d pixels. It must be at least "
                "%(min)d pixels on each side.",
                w=width,
                h=height,
                min=MIN_SIDE,
            )
        )
    return fmt, width, height


def flatten(img: Image.Image) -> Image.Image:
    """RGB for JPEG: transparent parts become white (a plain convert makes them
    black), whether the transparency is an alpha channel or a palette entry."""
    has_alpha = img.mode in ("RGBA", "LA", "PA") or (
        img.mode in ("P", "L", "RGB", "I;16") and "transparency" in img.info
    )
    if not has_alpha:
        return img.convert("RGB")
    rgba = img.convert("RGBA")
    background = Image.new("RGB", rgba.size, WHITE)
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def store_photo(stream: BinaryIO, folder: Path, max_bytes: int) -> StoredPhoto:
    """Check, re-encode and store one upload as JPEG plus a thumbnail. Raises PhotoError."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise PhotoError(_("The photo is larger than %(mb)d MB.", mb=max_bytes // (1024 * 1024)))
    if not data:
        raise PhotoError(_("The photo file is empty."))
    check_header(data)
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        with Image.open(io.BytesIO(data)) as img:
            # A JPEG can be decoded at a fraction of its size: less memory and time.
            img.draft("RGB", FULL_SIZE)
            img = flatten(ImageOps.exif_transpose(img))
            img.thumbnail(FULL_SIZE)
            thumb = img.copy()
            thumb.thumbnail(THUMB_SIZE)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise PhotoError(_("The file is not a readable image.")) from None
    folder.mkdir(parents=True, exist_ok=True)
    stem = secrets.token_hex(12)
    full_name, thumb_name = f"{stem}.jpg", f"{stem}-thumb.jpg"
    img.save(folder / full_name, "JPEG", quality=85, optimize=True)
    thumb.save(folder / thumb_name, "JPEG", quality=80, optimize=True)
    return StoredPhoto(full_name, thumb_name, img.width, img.height)


def delete_files(folder: Path, *names: str) -> None:
    for name in names:
        (folder / name).unlink(missing_ok=True)
