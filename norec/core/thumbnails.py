"""Small previews of uploaded photos, made on the server with Pillow, so a phone shows what was
uploaded without downloading a 5 MB photo.

A preview is a JPEG of at most SIZE pixels a side, turned upright as the camera meant it (the
EXIF orientation: phones store a portrait photo as a landscape one with a note to turn it). It is
made once per stored file and kept in the cache: stored names are random and never reused
(norec.core.uploads.CaseUploadPath), so a replaced file gets a new preview, never a stale one.
Reading a JPEG at a reduced scale (`draft`) makes even a 48-megapixel photo quick to shrink.

Who may see a preview is the caller's business: serve it through the same access check as the
file itself."""

import io
import logging
from pathlib import PurePath

from django.core.cache import cache
from PIL import Image, ImageOps, UnidentifiedImageError

logger = logging.getLogger(__name__)

SIZE = 320  # pixels, the longer side: a 160 CSS-pixel box on a phone's 2x screen
CACHE_SECONDS = 7 * 24 * 3600
# Larger pictures are not decoded (a crafted PNG of a few kilobytes can claim a billion pixels);
# phones take 12 to 48 megapixels.
MAX_PIXELS = 64_000_000

# HEIC only when a Pillow plugin reads it (pillow-heif registers the extension); Pillow alone does not.
_FORMATS = {".jpg", ".jpeg", ".png", ".heic", ".heif"}


def can_preview(stored_name: str) -> bool:
    """Whether the stored file is a picture this Pillow can read (by its stored, validated extension)."""
    extension = PurePath(stored_name or "").suffix.lower()
    return extension in _FORMATS and extension in Image.registered_extensions()


def preview(stored_file) -> bytes | None:
    """The JPEG preview of an uploaded picture, from the cache or made now; None when the file
    is not a picture Pillow reads, is missing, or is too large to decode."""
    if not stored_file or not can_preview(stored_file.name):
        return None
    key = f"thumbnail:{SIZE}:{stored_file.name}"
    found = cache.get(key)
    if found is None:
        found = _make(stored_file)
        if found is None:
            return None
        cache.set(key, found, CACHE_SECONDS)
    return found


def _make(stored_file) -> bytes | None:
    try:
        with stored_file.storage.open(stored_file.name, "rb") as handle, Image.open(handle) as image:
            if image.width * image.height > MAX_PIXELS:
                logger.warning("not previewing %s: %s by %s pixels", stored_file.name, image.width, image.height)
                return None
            image.draft("RGB", (SIZE, SIZE))  # JPEG: decode at the smallest scale still larger than SIZE
            upright = ImageOps.exif_transpose(image)
            upright.thumbnail((SIZE, SIZE))
            out = io.BytesIO()
            _on_white(upright).save(out, "JPEG", quality=80, optimize=True)
            return out.getvalue()
    except (OSError, UnidentifiedImageError, Image.DecompressionBombError, ValueError) as error:
        logger.warning("could not preview %s: %s", stored_file.name, error)
        return None


def _on_white(image: Image.Image) -> Image.Image:
    """JPEG has no transparency: a transparent PNG is shown on white, as on the page."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, "white")
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")
