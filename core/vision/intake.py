"""Image intake: what may be read, checked with Pillow before any OCR runs.

Refusals are ``ImageRejected`` with a message fit to show: empty or oversized files,
unsupported formats (PDF, SVG, text named .png), truncated data, decompression bombs.
The accepted image is decoded fully here (so a truncated file fails now, not inside a
backend), EXIF-rotated, and reduced to RGB; a GIF gives its first frame.
"""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from core.errors import InvalidInput

#: Largest file read (phone screenshots are 0.2–5 MB).
MAX_BYTES = 25 * 1024 * 1024
#: Largest decoded image: 40 megapixels (a 20000×20000 image is refused before decoding).
MAX_PIXELS = 40_000_000
SUPPORTED_FORMATS = ("PNG", "JPEG", "WEBP", "BMP", "GIF")
_MAGIC = {
    b"%PDF": "a PDF document",
    b"<svg": "an SVG drawing",
    b"<?xm": "an XML file",
    b"PK\x03\x04": "a ZIP archive",
}


class ImageRejected(InvalidInput):
    """An input that is not an image we can read; nothing was created."""


@dataclass(frozen=True)
class LoadedImage:
    image: Image.Image = field(repr=False)  # RGB, EXIF orientation applied, first frame
    sha256: str
    format: str
    data: bytes = field(repr=False)
    name: str

    @property
    def width(self) -> int:
        return self.image.width

    @property
    def height(self) -> int:
        return self.image.height

    def png_bytes(self) -> bytes:
        """The normalised image as PNG (what cloud backends are sent)."""
        out = io.BytesIO()
        self.image.save(out, format="PNG", optimize=False)
        return out.getvalue()


def load_image(source: bytes | Path, *, name: str | None = None) -> LoadedImage:
    """Validate and decode ``source`` (a file path or raw bytes)."""
    if isinstance(source, Path):
        label = name or source.name
        try:
            size = source.stat().st_size
            if size > MAX_BYTES:
                raise ImageRejected(_too_big(label, size))
            data = source.read_bytes()
        except FileNotFoundError as exc:
            raise ImageRejected(f"{label}: no such file") from exc
        except IsADirectoryError as exc:
            raise ImageRejected(f"{label}: is a folder, not an image") from exc
        except OSError as exc:
            raise ImageRejected(f"{label}: cannot be read ({exc.strerror})") from exc
    else:
        data = bytes(source)
        label = name or "clipboard image"
    return decode(data, label)


def decode(data: bytes, label: str) -> LoadedImage:
    if not data:
        raise ImageRejected(f"{label}: the file is empty (0 bytes)")
    if len(data) > MAX_BYTES:
        raise ImageRejected(_too_big(label, len(data)))
    head = data[:4].lower() if data[:4].lower() == b"<svg" else data[:4]
    if head in _MAGIC:
        raise ImageRejected(
            f"{label}: is {_MAGIC[head]}, not an image; "
            "use a screenshot (PNG, JPEG, WebP, BMP or GIF)"
        )
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data))
            fmt = (opened.format or "").upper()
            if fmt not in SUPPORTED_FORMATS:
                raise ImageRejected(
                    f"{label}: {fmt or 'this'} images are not supported; "
                    "use PNG, JPEG, WebP, BMP or GIF"
                )
            width, height = opened.size
            if width * height > MAX_PIXELS:
                raise ImageRejected(
                    f"{label}: {width}×{height} pixels is too large to read "
                    f"(at most {MAX_PIXELS // 1_000_000} megapixels)"
                )
            if width < 8 or height < 8:
                raise ImageRejected(f"{label}: {width}×{height} pixels is too small to hold text")
            opened.seek(0)  # a GIF's first frame
            opened.load()
            image = ImageOps.exif_transpose(opened) or opened
            image = _to_rgb(image)
    except ImageRejected:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise ImageRejected(
            f"{label}: too large to read safely (at most {MAX_PIXELS // 1_000_000} megapixels)"
        ) from exc
    except UnidentifiedImageError as exc:
        raise ImageRejected(
            f"{label}: is not an image we can read (PNG, JPEG, WebP, BMP or GIF)"
        ) from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        raise ImageRejected(f"{label}: the image data is damaged or cut off ({exc})") from exc
    return LoadedImage(
        image=image,
        sha256=hashlib.sha256(data).hexdigest(),
        format=fmt,
        data=data,
        name=label,
    )


def _to_rgb(image: Image.Image) -> Image.Image:
    """RGB on white: transparent parts of a screenshot become white, not black."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        canvas = Image.new("RGB", rgba.size, (255, 255, 255))
        canvas.paste(rgba, mask=rgba.getchannel("A"))
        return canvas
    return image.convert("RGB")


def _too_big(label: str, size: int) -> str:
    return f"{label}: {size / 1_048_576:.1f} MB is too large (at most {MAX_BYTES // 1_048_576} MB)"
