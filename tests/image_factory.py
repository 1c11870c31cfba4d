"""Screenshots made for tests: chat bubbles, dark mode, small e-mail text, schedule tables.

Drawn with Pillow and NanumGothic (fonts-nanum, installed by packaging/system-deps.sh), so
the OCR tests read layouts no file in the corpus has.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

FONT = Path("/usr/share/fonts/truetype/nanum/NanumGothic.ttf")
BOLD = Path("/usr/share/fonts/truetype/nanum/NanumGothicBold.ttf")


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(BOLD if bold else FONT), size)


def chat(
    bubbles: Sequence[tuple[str, str]],
    *,
    dark: bool = False,
    width: int = 1080,
    height: int = 1920,
    size: int = 40,
) -> Image.Image:
    """A messenger screenshot: ("left"|"right", text) bubbles, newest at the bottom."""
    page = (30, 30, 34) if dark else (186, 206, 224)
    left_fill = (58, 58, 64) if dark else (255, 255, 255)
    right_fill = (250, 225, 0)
    ink_left = (235, 235, 235) if dark else (20, 20, 20)
    img = Image.new("RGB", (width, height), page)
    draw = ImageDraw.Draw(img)
    face = font(size)
    draw.text((30, 30), "김민지", font=font(size, True), fill=ink_left)
    y = 130
    for side, text in bubbles:
        lines = text.split("\n")
        box_w = max(int(draw.textlength(line, font=face)) for line in lines) + 60
        box_h = len(lines) * int(size * 1.45) + 40
        x = 40 if side == "left" else width - 40 - box_w
        fill = left_fill if side == "left" else right_fill
        draw.rounded_rectangle((x, y, x + box_w, y + box_h), radius=24, fill=fill)
        ink = ink_left if side == "left" else (20, 20, 20)
        for i, line in enumerate(lines):
            draw.text((x + 30, y + 20 + i * int(size * 1.45)), line, font=face, fill=ink)
        stamp_x = x + box_w + 12 if side == "left" else x - 130
        draw.text((stamp_x, y + box_h - 30), "오후 3:12", font=font(22), fill=(90, 90, 90))
        y += box_h + 40
    return img


def email(subject: str, rows: Sequence[tuple[str, str]], *, scale: float = 1.0) -> Image.Image:
    """A desktop mail client: folder list on a grey panel, subject, a label/value card."""
    w, h = int(1440 * scale), int(900 * scale)
    img = Image.new("RGB", (w, h), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    s = scale
    draw.rectangle((0, 0, int(200 * s), h), fill=(240, 242, 247))
    for i, folder in enumerate(("받은편지함", "보낸편지함", "임시보관함")):
        draw.text(
            (int(24 * s), int((90 + 36 * i) * s)), folder, font=font(int(17 * s)), fill=(60, 60, 60)
        )
    draw.text((int(240 * s), int(40 * s)), subject, font=font(int(24 * s), True), fill=(20, 20, 20))
    draw.text(
        (int(240 * s), int(84 * s)),
        "보낸사람: 박서준 <sj.park@example.com>",
        font=font(int(16 * s)),
        fill=(110, 110, 110),
    )
    top = int(130 * s)
    draw.rectangle(
        (int(240 * s), top, int(960 * s), top + int((30 + 36 * len(rows)) * s)),
        outline=(210, 210, 210),
        width=2,
    )
    for i, (label, value) in enumerate(rows):
        y = top + int((18 + 36 * i) * s)
        draw.text((int(260 * s), y), label, font=font(int(17 * s)), fill=(130, 130, 130))
        draw.text((int(380 * s), y), value, font=font(int(17 * s)), fill=(20, 20, 20))
    return img


def poster(lines: Sequence[str], *, size: int = 30) -> Image.Image:
    """Plain text on white, one line each (tables, notices, injection attempts)."""
    face = font(size)
    img = Image.new("RGB", (1200, 120 + int(size * 1.6) * len(lines)), (255, 255, 255))
    draw = ImageDraw.Draw(img)
    for i, line in enumerate(lines):
        draw.text((60, 60 + int(size * 1.6) * i), line, font=face, fill=(15, 15, 15))
    return img


def png_bytes(img: Image.Image, fmt: str = "PNG", **options: object) -> bytes:
    out = io.BytesIO()
    img.save(out, format=fmt, **options)
    return out.getvalue()
