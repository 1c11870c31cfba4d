"""Where an image comes from: dropped files, raw image data, the clipboard.

Turns a ``QMimeData`` (a drop, a paste, the clipboard) into ``ImageSource`` values: a local
file path or the encoded bytes an application offered. Nothing here decides whether the
data *is* a usable image: ``core.vision`` validates every source and says why it refuses.

A ``QMimeData`` that offers only ``image/png`` reports ``hasImage()`` False, so the encoded
formats are read directly; ``application/x-qt-image`` (an in-process QImage, or what the
platform converted) is re-encoded as PNG.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMimeData
from PySide6.QtGui import QImage

#: Encoded formats read as they are, best first (browsers and chat apps offer these).
RAW_FORMATS = (
    "image/png",
    "image/jpeg",
    "image/webp",
    "image/gif",
    "image/bmp",
    "image/x-bmp",
)
CLIPBOARD_NAME = "clipboard.png"


@dataclass(frozen=True)
class ImageSource:
    """One image to read: a local file, or bytes with a display name."""

    data: bytes | Path
    name: str

    @property
    def is_file(self) -> bool:
        return isinstance(self.data, Path)


def local_files(md: QMimeData) -> list[Path]:
    """The local files in a drop or paste (remote URLs are not fetched)."""
    if not md.hasUrls():
        return []
    files = []
    for url in md.urls():
        if url.isLocalFile():
            path = Path(url.toLocalFile())
            if not path.is_dir():
                files.append(path)
    return files


def raw_format(md: QMimeData) -> str | None:
    """The first encoded image format offered, if any."""
    offered = set(md.formats())
    for fmt in RAW_FORMATS:
        if fmt in offered:
            return fmt
    return next((f for f in md.formats() if f.startswith("image/")), None)


def has_image_content(md: QMimeData) -> bool:
    """Cheap check for drag-enter: local files or image data (does not decode anything)."""
    return bool(local_files(md)) or raw_format(md) is not None or md.hasImage()


def has_image_data(md: QMimeData) -> bool:
    """Image data itself (not files)."""
    return raw_format(md) is not None or md.hasImage()


def sources_from_mime(md: QMimeData, *, name: str = CLIPBOARD_NAME) -> list[ImageSource]:
    """Every image in ``md``: its local files if it names any, else its image data.

    A file manager offers files (several at once); a browser or chat app offers encoded
    bytes (``image/png`` …) or a platform image (``application/x-qt-image``).
    """
    files = local_files(md)
    if files:
        return [ImageSource(path, path.name) for path in files]
    fmt = raw_format(md)
    if fmt is not None:
        data = bytes(md.data(fmt).data())
        if data:
            suffix = fmt.split("/", 1)[1].replace("x-", "").replace("jpeg", "jpg")
            return [ImageSource(data, _named(name, suffix))]
    if md.hasImage():
        image = md.imageData()
        if isinstance(image, QImage) and not image.isNull():
            return [ImageSource(png_bytes(image), _named(name, "png"))]
    return []


def png_bytes(image: QImage) -> bytes:
    """``image`` encoded as PNG (for images that exist only as a QImage)."""
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")  # type: ignore[call-overload]  # PySide6 wants str here
    buffer.close()
    return bytes(array.data())


def _named(name: str, suffix: str) -> str:
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem}.{suffix}"
