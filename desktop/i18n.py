"""Locale-dependent formatting for the UI (Korean or English) and Qt translator loading.

Widget texts go through ``tr()``; the translations live in resources/i18n as Qt .ts/.qm
files. Date formats below are chosen per locale because Korean dates read year-first
("2026년 11월 24일 (화)") while English reads "Tue, Nov 24, 2026".
"""

from __future__ import annotations

import logging
from datetime import date

from PySide6.QtCore import QCoreApplication, QEvent, QLibraryInfo, QLocale, QTranslator

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


LANGUAGES = ("system", "ko", "en")


def locale_for(language: str) -> QLocale:
    """The QLocale a language setting means ("system" = the OS locale)."""
    if language == "ko":
        return QLocale(QLocale.Language.Korean, QLocale.Country.SouthKorea)
    if language == "en":
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    system = QLocale.system()
    if system.language() == QLocale.Language.C:  # LANG=C / POSIX: English
        return QLocale(QLocale.Language.English, QLocale.Country.UnitedStates)
    return system


def install_translator(app: QCoreApplication, locale: QLocale | None = None) -> QTranslator | None:
    """Load resources/i18n/iljeong_<lang>.qm when present; the caller keeps the reference."""
    translator = QTranslator(app)
    if translator.load(locale or QLocale(), "iljeong", "_", str(I18N_DIR)):
        app.installTranslator(translator)
        return translator
    log.debug("no translation for %s in %s", (locale or QLocale()).name(), I18N_DIR)
    return None


def _qt_translator(app: QCoreApplication, locale: QLocale) -> QTranslator | None:
    """Qt's own texts (standard buttons, file dialogs) from PySide6's translations folder."""
    if locale.language() == QLocale.Language.English:
        return None
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translator = QTranslator(app)
    if translator.load(locale, "qtbase", "_", folder):
        app.installTranslator(translator)
        return translator
    return None


_installed: list[QTranslator] = []
_language = "system"


def current_language() -> str:
    """The language setting last applied ("system", "ko" or "en")."""
    return _language


def apply_language(app: QCoreApplication, language: str) -> QLocale:
    """Speak ``language`` ("system", "ko" or "en") from now on, in every open window.

    Sets the default QLocale (date titles and weekday names read it), swaps the installed
    translators (ours and Qt's) and sends every widget a ``LanguageChange`` event, which the
    window's widgets answer by re-setting their texts (their ``retranslate()`` methods).
    English is the source language: it needs no translator.
    """
    global _language
    _language = language if language in LANGUAGES else "system"
    locale = locale_for(_language)
    QLocale.setDefault(locale)
    for old in _installed:
        app.removeTranslator(old)
    _installed.clear()
    if locale.language() != QLocale.Language.English:
        for translator in (install_translator(app, locale), _qt_translator(app, locale)):
            if translator is not None:
                _installed.append(translator)
    # The translator swap may have sent nothing (English to English with another locale,
    # or no .qm): tell the widgets once more so locale-dependent titles follow too.
    QCoreApplication.sendEvent(app, QEvent(QEvent.Type.LanguageChange))
    # QApplication posts the change on to its windows; deliver it now, not at the next loop.
    QCoreApplication.sendPostedEvents(None, QEvent.Type.LanguageChange)
    log.info("language", extra={"language": _language, "locale": locale.name()})
    return locale
