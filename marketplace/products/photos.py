"""Product photos: validated by decoding (not by extension), re-encoded with Pillow to
strip metadata and anything hidden in the file, and thumbnailed."""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from flask_babel import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
MAX_PIXELS = 40_000_000
FULL_SIZE = (1600, 1600)
THUMB_SIZE = (400, 400)


class PhotoError(ValueError):
    pass


@dataclass
class StoredPhoto:
    filename: str
    thumb_filename: str
    width: int
    height: int


def store_photo(stream: BinaryIO, folder: Path, max_bytes: int) -> StoredPhoto:
    """Check, re-encode and store one upload as JPEG plus a thumbnail. Raises PhotoError."""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise PhotoError(_("The photo is larger than %(mb)d MB.", mb=max_bytes // (1024 * 1024)))
    if not data:
        raise PhotoError(_("The photo file is empty."))
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            if fmt not in ALLOWED_FORMATS:
                raise PhotoError(_("Only JPEG, PNG or WebP photos are accepted."))
            if probe.width * probe.height > MAX_PIXELS:
                raise PhotoError(_("The photo has too many pixels."))
            probe.verify()
        with Image.open(io.BytesIO(data)) as img:
            img = ImageOps.exif_transpose(img).convert("RGB")
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
