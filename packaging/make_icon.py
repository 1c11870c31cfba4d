"""Draw the app icon: resources/icons/iljeong.svg and a 256 px iljeong.png made from it.

A calendar page (blue header, two binder rings) with the syllable 일 ("il", of 일정). The
syllable is written into the SVG as outline paths taken from a Hangul font on this machine,
so the SVG looks the same everywhere without that font. Run:
``QT_QPA_PLATFORM=offscreen .venv/bin/python packaging/make_icon.py``
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QImage, QPainter, QPainterPath
from PySide6.QtSvg import QSvgRenderer

ROOT = Path(__file__).resolve().parent.parent
ICONS = ROOT / "resources" / "icons"
SIZE = 256
BLUE = "#2f6fdb"
INK = "#1f2a3d"
FONT_CANDIDATES = ("NanumSquareRound", "NanumGothic", "Noto Sans CJK KR", "Noto Sans KR")


def _font() -> QFont:
    families = set(QFontDatabase.families())
    for name in FONT_CANDIDATES:
        if name in families:
            font = QFont(name)
            font.setBold(True)
            return font
    raise SystemExit("make_icon: no Hangul font found (install fonts-nanum)")


def _path_data(path: QPainterPath) -> str:
    """SVG path data of a QPainterPath (moves, lines and cubic curves)."""
    parts: list[str] = []
    i = 0
    count = path.elementCount()
    while i < count:
        e = path.elementAt(i)
        if e.type == QPainterPath.ElementType.MoveToElement:
            parts.append(f"M{e.x:.2f} {e.y:.2f}")
            i += 1
        elif e.type == QPainterPath.ElementType.LineToElement:
            parts.append(f"L{e.x:.2f} {e.y:.2f}")
            i += 1
        else:  # CurveTo followed by two CurveToData elements
            c1, c2, end = e, path.elementAt(i + 1), path.elementAt(i + 2)
            parts.append(f"C{c1.x:.2f} {c1.y:.2f} {c2.x:.2f} {c2.y:.2f} {end.x:.2f} {end.y:.2f}")
            i += 3
    return " ".join(parts) + " Z"


def _glyph() -> str:
    font = _font()
    font.setPixelSize(120)
    path = QPainterPath()
    path.addText(0, 0, font, "일")
    box = path.boundingRect()
    # Centre the syllable in the page body (y 92..224).
    dx = SIZE / 2 - box.center().x()
    dy = 160 - box.center().y()
    path.translate(dx, dy)
    path.setFillRule(Qt.FillRule.WindingFill)
    return _path_data(path)


def svg_text() -> str:
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{SIZE}" \
viewBox="0 0 {SIZE} {SIZE}">
  <title>iljeong</title>
  <rect x="20" y="36" width="216" height="200" rx="28" fill="#ffffff" stroke="{BLUE}" \
stroke-width="8"/>
  <path d="M24 64 a28 28 0 0 1 28 -28 h152 a28 28 0 0 1 28 28 v28 h-208 z" fill="{BLUE}"/>
  <rect x="70" y="16" width="20" height="48" rx="10" fill="{INK}"/>
  <rect x="166" y="16" width="20" height="48" rx="10" fill="{INK}"/>
  <path fill="{INK}" fill-rule="nonzero" d="{_glyph()}"/>
</svg>
"""


def main() -> int:
    app = QGuiApplication.instance() or QGuiApplication(sys.argv)
    ICONS.mkdir(parents=True, exist_ok=True)
    svg = svg_text()
    (ICONS / "iljeong.svg").write_text(svg, encoding="utf-8")
    renderer = QSvgRenderer(QByteArray(svg.encode("utf-8")))
    if not renderer.isValid():
        raise SystemExit("make_icon: the SVG did not parse")
    image = QImage(SIZE, SIZE, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter, QRectF(0, 0, SIZE, SIZE))
    painter.end()
    if not image.save(str(ICONS / "iljeong.png")):
        raise SystemExit("make_icon: could not write the PNG")
    del app
    print(ICONS / "iljeong.svg")
    print(ICONS / "iljeong.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
