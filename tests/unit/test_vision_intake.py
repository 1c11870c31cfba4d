"""Image intake refuses what it cannot read, with a clear message, before any OCR."""

from pathlib import Path

import pytest
from PIL import Image

from core.vision.cancel import Cancelled, CancelToken
from core.vision.intake import ImageRejected, load_image
from tests.image_factory import png_bytes, poster


def _refused(source: bytes | Path, *words: str) -> str:
    with pytest.raises(ImageRejected) as info:
        load_image(source, name="x.png")
    message = str(info.value)
    for word in words:
        assert word in message, message
    return message


def test_formats_we_read_load_as_rgb_with_a_content_hash() -> None:
    img = poster(["12월 3일 오후 2시 회의"])
    seen = set()
    for fmt in ("PNG", "JPEG", "WEBP", "BMP", "GIF"):
        loaded = load_image(png_bytes(img, fmt), name=f"a.{fmt.lower()}")
        assert loaded.format == fmt and loaded.image.mode == "RGB"
        assert loaded.image.size == img.size and len(loaded.sha256) == 64
        seen.add(loaded.sha256)
    assert len(seen) == 5


def test_bad_inputs_get_clear_messages(tmp_path: Path) -> None:
    _refused(b"", "empty", "0 bytes")
    whole = png_bytes(poster(["내일 3시 회의"]))
    _refused(whole[: len(whole) // 2], "damaged or cut off")
    _refused("회의 내일 3시\n".encode(), "not an image")
    _refused(b"%PDF-1.7\n1 0 obj <<>>", "PDF")
    _refused(b"<svg xmlns='http://www.w3.org/2000/svg'/>", "SVG")
    _refused(tmp_path / "missing.png", "no such file")
    _refused(tmp_path, "folder")


def test_a_huge_image_is_refused_before_decoding() -> None:
    # 20000×20000 declared in the header: refused on its size, never decoded.
    huge = png_bytes(Image.new("1", (20000, 20000)))
    _refused(huge, "too large", "megapixels")
    # A size just over our cap (below Pillow's own bomb limit) names its size.
    _refused(png_bytes(Image.new("1", (8000, 6000))), "8000×6000", "too large")


def test_a_transparent_screenshot_gets_a_white_background() -> None:
    rgba = Image.new("RGBA", (200, 100), (0, 0, 0, 0))
    loaded = load_image(png_bytes(rgba))
    assert loaded.image.getpixel((10, 10)) == (255, 255, 255)


def test_exif_orientation_is_applied() -> None:
    img = Image.new("RGB", (300, 100), (255, 255, 255))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise when shown
    loaded = load_image(png_bytes(img, "JPEG", exif=exif.tobytes()))
    assert loaded.image.size == (100, 300)


def test_an_animated_gif_gives_its_first_frame() -> None:
    first = poster(["첫 장면"]).convert("P")
    second = Image.new("P", first.size, 0)
    data = png_bytes(first, "GIF", save_all=True, append_images=[second], duration=100, loop=0)
    loaded = load_image(data)
    assert loaded.format == "GIF" and loaded.image.getpixel((5, 5)) == (255, 255, 255)


def test_cancel_tokens_fire_callbacks_once() -> None:
    token = CancelToken()
    calls: list[int] = []
    detach = token.on_cancel(lambda: calls.append(1))
    token.cancel()
    token.cancel()
    detach()
    assert calls == [1] and token.cancelled
    with pytest.raises(Cancelled):
        token.check()
    token.on_cancel(lambda: calls.append(2))  # already cancelled: runs now
    assert calls == [1, 2]
