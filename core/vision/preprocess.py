"""Make screenshots readable for tesseract.

Plain tesseract on a whole chat screenshot reads almost nothing: dark text sits on
coloured bubbles over a coloured background, small e-mail text is below its comfortable
size, and dark mode inverts everything. This module finds the text regions, binarises
each on its own terms, and paints them dark-on-white onto a clean page at their original
places (so tesseract's own layout analysis still sees rows such as "일시  2027.01.23"),
scaled up when the text is small.

Regions come from a recursive XY-cut over the "not background" mask: runs of empty rows
and columns separate bubbles, cards, panels and lines of text.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from core.vision.cancel import CancelToken

#: Colour distance (sum over RGB) from the background above which a pixel is "content".
_CONTENT_DISTANCE = 48
#: Text line height (pixels) tesseract reads best at; smaller text is scaled up to it.
#: (Scaling large text down was tried: it lost more than it won on the corpus.)
_TARGET_LINE = 44
_MAX_SCALE = 3.0
_MAX_DEPTH = 12
#: How far the ink threshold leans from Otsu's towards the background tone: dark text
#: on light keeps its thin grey strokes; light text on dark (which renders bolder)
#: leans the other way so its strokes do not merge.
_LEAN_LIGHT_PAGE = 0.2
_LEAN_DARK_PAGE = -0.15

Mask = NDArray[np.bool_]
Gray = NDArray[np.uint8]


@dataclass(frozen=True)
class Region:
    top: int
    left: int
    bottom: int
    right: int

    @property
    def height(self) -> int:
        return self.bottom - self.top

    @property
    def width(self) -> int:
        return self.right - self.left


def background_colour(rgb: NDArray[np.uint8]) -> NDArray[np.int16]:
    """The most common colour (4 bits per channel), sampled on a grid; exact mean of it."""
    sample = rgb[:: max(1, rgb.shape[0] // 400), :: max(1, rgb.shape[1] // 400)].reshape(-1, 3)
    keys = (sample >> 4).astype(np.int32)
    packed = (keys[:, 0] << 8) | (keys[:, 1] << 4) | keys[:, 2]
    mode = np.bincount(packed).argmax()
    members = sample[packed == mode]
    colour: NDArray[np.int16] = members.mean(axis=0).astype(np.int16)
    return colour


def content_mask(rgb: NDArray[np.uint8], background: NDArray[np.int16]) -> Mask:
    distance = np.abs(rgb.astype(np.int16) - background).sum(axis=2)
    mask: Mask = distance > _CONTENT_DISTANCE
    return mask


def _runs(profile: NDArray[np.bool_]) -> list[tuple[int, int]]:
    """[start, end) runs of True."""
    padded = np.concatenate(([False], profile, [False]))
    edges = np.flatnonzero(padded[1:] != padded[:-1])
    return list(zip(edges[::2].tolist(), edges[1::2].tolist(), strict=True))


def _split(profile: NDArray[np.int64], min_gap: int) -> list[tuple[int, int]]:
    """Split a projection into content runs separated by at least ``min_gap`` empty cells."""
    runs = _runs(profile > 0)
    if not runs:
        return []
    merged = [runs[0]]
    for start, end in runs[1:]:
        if start - merged[-1][1] < min_gap:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return merged


def xy_cut(mask: Mask, *, row_gap: int, col_gap: int) -> list[Region]:
    """Leaf regions of a recursive XY-cut, in reading order (top-down, left-right)."""
    out: list[Region] = []

    def cut(top: int, left: int, bottom: int, right: int, depth: int, horizontal: bool) -> None:
        sub = mask[top:bottom, left:right]
        if horizontal:
            pieces = _split(sub.sum(axis=1), row_gap)
            boxes = [(top + a, left, top + b, right) for a, b in pieces]
        else:
            pieces = _split(sub.sum(axis=0), col_gap)
            boxes = [(top, left + a, bottom, left + b) for a, b in pieces]
        if not boxes:
            return
        if len(boxes) == 1 and (depth > 0 or not horizontal):
            t, lft, b, r = boxes[0]
            if depth >= _MAX_DEPTH or ((t, lft, b, r) == (top, left, bottom, right) and depth > 1):
                out.append(Region(t, lft, b, r))
                return
        for t, lft, b, r in boxes:
            if depth >= _MAX_DEPTH:
                out.append(Region(t, lft, b, r))
            else:
                cut(t, lft, b, r, depth + 1, not horizontal)

    cut(0, 0, mask.shape[0], mask.shape[1], 0, True)
    return out


def otsu(values: Gray) -> int:
    hist = np.bincount(values.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    if total == 0:
        return 128
    levels = np.arange(256)
    weight = np.cumsum(hist)
    mean = np.cumsum(hist * levels)
    between = (mean[-1] * weight / total - mean) ** 2 / np.maximum(weight * (total - weight), 1)
    return int(np.argmax(between))


def _binarise(gray: Gray, near_background: Mask) -> Gray:
    """Text black (0) on white (255) inside one region, whatever the colours or polarity.

    Pixels of the page background (rounded bubble corners) take the region's own
    dominant tone first, so Otsu separates text from bubble, not bubble from page. The
    background tone is read on the region's edge (regions are padded), and the threshold
    leans towards it on light pages (thin grey strokes stay whole) and away from it on
    dark ones.
    """
    inside = gray[~near_background]
    if inside.size < 16:
        return np.full_like(gray, 255)
    work = gray.copy()
    work[near_background] = int(np.median(inside))
    ring = np.concatenate((work[0], work[-1], work[:, 0], work[:, -1]))
    background = float(np.median(ring))
    threshold = otsu(work)
    light_page = background > threshold
    share = _LEAN_LIGHT_PAGE if light_page else _LEAN_DARK_PAGE
    lean = threshold + (background - threshold) * share
    ink = work < lean if light_page else work > lean
    return np.where(ink, 0, 255).astype(np.uint8)


def _line_height(binary: Gray) -> float | None:
    runs = [b - a for a, b in _runs((binary == 0).any(axis=1)) if b - a >= 4]
    return float(np.median(runs)) if runs else None


def prepare(image: Image.Image, cancel: CancelToken | None = None) -> Image.Image:
    """A clean dark-on-white page of the text regions of ``image``, row by row, with its
    text scaled to the size tesseract reads best."""
    rgb: NDArray[np.uint8] = np.asarray(image.convert("RGB"))
    height, width = rgb.shape[:2]
    background = background_colour(rgb)
    mask = content_mask(rgb, background)
    gray: Gray = np.asarray(image.convert("L"))
    unit = max(height, width) / 1000
    margin = max(2, round(3 * unit))
    # Columns first (a mail client's folder list beside the message): each is read whole,
    # so rows of one column never interleave with rows of the other.
    columns = _split(mask.sum(axis=0), max(16, round(0.04 * width))) or [(0, width)]
    regions: list[list[Region]] = []
    for left, right in columns:
        leaves = xy_cut(
            mask[:, left:right], row_gap=max(3, round(4 * unit)), col_gap=max(8, round(22 * unit))
        )
        regions.append(
            [
                _padded(
                    Region(r.top, r.left + left, r.bottom, r.right + left), margin, height, width
                )
                for r in leaves
            ]
        )
    pieces: list[tuple[Region, Gray, Mask]] = []
    column_of: dict[Region, int] = {}
    heights: list[float] = []
    for column, region in ((c, r) for c, col in enumerate(regions) for r in col):
        if cancel is not None:
            cancel.check()
        if region.height < 5 or region.width < 5:
            continue
        window = (slice(region.top, region.bottom), slice(region.left, region.right))
        content = mask[window]
        near_background = ~content if _is_panel(content) else np.zeros_like(content)
        binary = _binarise(gray[window], near_background)
        if not (binary == 0).any():
            continue
        pieces.append((region, binary, near_background))
        column_of[region] = column
        line = _line_height(binary)
        if line is not None:
            heights.append(line)
    line = float(np.median(heights)) if heights else float(_TARGET_LINE)
    scale = min(_MAX_SCALE, _TARGET_LINE / line) if line < _TARGET_LINE * 0.75 else 1.0
    if scale > 1.01:
        # Small text is enlarged before binarising: thresholding first would merge the
        # strokes of small bold glyphs, and no resampling can separate them again.
        enlarged = [_enlarged(gray, region, near, scale) for region, _, near in pieces]
        column_of = {new[0]: column_of[old[0]] for old, new in zip(pieces, enlarged, strict=True)}
        pieces = enlarged
    page = _stack(
        [(r, b) for r, b, _ in pieces],
        column_of,
        round(width * scale),
        gap=max(24, round(line * scale * 0.8)),
    )
    return Image.fromarray(page, mode="L")


def _padded(region: Region, margin: int, height: int, width: int) -> Region:
    """A few pixels of the surroundings: the region's edge then shows its background."""
    return Region(
        max(0, region.top - margin),
        max(0, region.left - margin),
        min(height, region.bottom + margin),
        min(width, region.right + margin),
    )


def _enlarged(
    gray: Gray, region: Region, near_background: Mask, scale: float
) -> tuple[Region, Gray, Mask]:
    crop = Image.fromarray(gray[region.top : region.bottom, region.left : region.right])
    size = (max(1, round(region.width * scale)), max(1, round(region.height * scale)))
    big: Gray = np.asarray(crop.resize(size, Image.Resampling.BICUBIC))
    near_img = Image.fromarray(near_background.astype(np.uint8) * 255)
    near: Mask = np.asarray(near_img.resize(size, Image.Resampling.NEAREST)) > 127
    scaled = Region(
        round(region.top * scale),
        round(region.left * scale),
        round(region.top * scale) + size[1],
        round(region.left * scale) + size[0],
    )
    return scaled, _binarise(big, near), near


def _rows(regions: list[Region]) -> list[list[Region]]:
    """Regions side by side on one row (a label and its value, a time beside a bubble)
    stay together; everything else becomes a row of its own, top to bottom."""
    rows: list[list[Region]] = []
    for region in sorted(regions, key=lambda r: (r.top, r.left)):
        if rows:
            row = rows[-1]
            top = min(r.top for r in row)
            bottom = max(r.bottom for r in row)
            overlap = min(bottom, region.bottom) - max(top, region.top)
            shorter = min(bottom - top, region.height)
            similar = max(bottom - top, region.height) <= 2.5 * shorter
            if overlap >= 0.5 * shorter and similar:
                row.append(region)
                continue
        rows.append([region])
    return rows


def _stack(
    pieces: list[tuple[Region, Gray]], column_of: dict[Region, int], width: int, gap: int
) -> Gray:
    """Rows of binarised regions one under another, each region at its own x position;
    column by column."""
    binaries = dict(pieces)
    rows = [
        row
        for column in sorted(set(column_of.values()))
        for row in _rows([r for r, _ in pieces if column_of[r] == column])
    ]
    spans = [(min(r.top for r in row), max(r.bottom for r in row)) for row in rows]
    total = sum(b - t for t, b in spans) + gap * (len(rows) + 1)
    page = np.full((max(total, 1), width), 255, dtype=np.uint8)
    y = gap
    for row, (top, bottom) in zip(rows, spans, strict=True):
        for region in row:
            offset = y + region.top - top
            page[offset : offset + region.height, region.left : region.right] = binaries[region]
        y += bottom - top + gap
    return page


def _is_panel(mask: Mask) -> bool:
    """A region mostly covered by content is a bubble/card/panel (text inside it); a sparse
    one is text straight on the page background."""
    return bool(mask.mean() > 0.45)
