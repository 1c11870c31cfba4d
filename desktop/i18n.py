"""Locale-dependent formatting for the UI (Korean or English) and Qt translator loading.

Widget texts go through ``tr()``; the translations live in resources/i18n as Qt .ts/.qm
files. Date formats below are chosen per locale because Korean dates read year-first
("2026년 11월 24일 (화)") while English reads "Tue, Nov 24, 2026".
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from core.paths import resource_dir

log = logging.getLogger(__name__)

I18N_DIR = resource_dir() / "i18n"  # the source tree's or the frozen bundle's resources/

KO_WEEKDAYS = ("월", "화", "수", "목", "금", "토", "일")  # Python weekday() order
EN_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
EN_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip


def is_korean(locale: QLocale | None = None) -> bool:
    """True when the UI should speak Korean (QLocale default, which follows LANG)."""
    return (locale or QLocale()).language() == QLocale.Language.Korean


def weekday_name(d: date | int, korean: bool | None = None) -> str:
    index = d if isinstance(d, int) else d.weekday()
    return (KO_WEEKDAYS if (is_korean() if korean is None else korean) else EN_WEEKDAYS)[index]


def month_title(d: date) -> str:
    if is_korean():
        return f"{d.year}년 {d.month}월"
    return f"{EN_MONTHS[d.month - 1]} {d.year}"


def day_title(d: date) -> str:
    if is_korean():
        return f"{d.year}년 {d.month}월 {d.day}일 ({weekday_name(d)})"
    return f"{weekday_name(d)}, {EN_MONTHS[d.month - 1][:3]} {d.day}, {d.year}"


def range_title(first: date, last: date) -> str:
    """A compact inclusive date range: "2026년 11월 22일 – 28일" / "Nov 22 – 28, 2026"."""
    if is_korean():
        head = f"{first.year}년 {first.month}월 {first.day}일"
        if first.year != last.year:
            return f"{head} – {last.year}년 {last.month}월 {last.day}일"
        if first.month != last.month:
            return f"{head} – {last.month}월 {last.day}일"
        return f"{head} – {last.day}일"
    head = f"{EN_MONTHS[first.month - 1][:3]} {first.day}"
    if first.year != last.year:
        return f"{head}, {first.year} – {EN_MONTHS[last.month - 1][:3]} {last.day}, {last.year}"
    if first.month != last.month:
        return f"{head} – {EN_MONTHS[last.month - 1][:3]} {last.day}, {last.year}"
    return f"{head} – {last.day}, {last.year}"


def short_day(d: date) -> str:
    """Agenda day heading: "11월 24일 (화)" / "Tue, Nov 24"."""
    if is_korean():
        return f"{d.month}월 {d.day}일 ({weekday_name(d)})"
    return f"{weekday_name(d)}, {EN_MONTHS[d.month - 1][:3]} {d.day}"


def install_translator(app: QCoreApplication, locale: QLocale | None = None) -> QTranslator | None:
    """Load resources/i18n/iljeong_<lang>.qm when present; the caller keeps the reference."""
    translator = QTranslator(app)
    if translator.load(locale or QLocale(), "iljeong", "_", str(I18N_DIR)):
        app.installTranslator(translator)
        return translator
    log.debug("no translation for %s in %s", (locale or QLocale()).name(), I18N_DIR)
    return None
