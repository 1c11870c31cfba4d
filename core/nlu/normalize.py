"""Text clean-up before understanding: Unicode forms, chat noise, common spellings.

Nothing here decides meaning; it only makes the same thing look the same way
("낼" → "내일", "담주" → "다음주", "수욜" → "수요일", "모래 3시" → "모레 3시", full-width digits).
"""

from __future__ import annotations

import re
import unicodedata

MAX_CHARS = 2000  # longer messages are cut: no calendar message needs more

# Emoji and pictographs, variation selectors, zero-width joiners, bidi controls.
_SYMBOLS = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\u2b00-\u2bff\ufe00-\ufe0f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2069\U000e0000-\U000e007f]"
)
# Korean chat noise: laughter, crying, lone jamo cheers (ㄱㄱ = "let's go"), trailing tildes.
_NOISE = re.compile(
    r"[ㅋㅎㅠㅜ]{2,}|(?<![가-힣A-Za-z0-9])[ㄱ-ㅎㅏ-ㅣ]+(?![가-힣A-Za-z0-9])|\^\^|;;+"
)
_REPEATED_PUNCT = re.compile(r"([!?.~])\1+")
_SPACES = re.compile(r"[ \t\u00a0\u3000]+")

_WEEKDAY_SHORT = {
    "월욜": "월요일",
    "화욜": "화요일",
    "수욜": "수요일",
    "목욜": "목요일",
    "금욜": "금요일",
    "토욜": "토요일",
    "일욜": "일요일",
}

# (pattern, replacement) applied in order; every pattern is anchored on word edges so it
# only rewrites whole words.
_SPELLINGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(p), r)
    for p, r in (
        (r"(?<![가-힣])낼\s*모레", "내일모레"),
        (r"(?<![가-힣])낼(?=$|[\s0-9]|오전|오후|아침|점심|저녁|밤|새벽|은|도|까지|부터)", "내일"),
        (r"(?<![가-힣])모래(?=$|[\s0-9]|오전|오후|아침|점심|저녁|밤|새벽|에|까지|부터)", "모레"),
        (r"(?<![가-힣])담주", "다음주"),
        (r"(?<![가-힣])담달", "다음달"),
        (r"(?<![가-힣])다음\s+(주|달)", r"다음\1"),
        (r"(?<![가-힣])다다음\s+(주|달)", r"다다음\1"),
        (r"(?<![가-힣])이번\s+(주|달)", r"이번\1"),
        (r"(?<![가-힣])(지난|저번)\s+(주|달)", r"\1\2"),
        (r"(?<![가-힣])(이번|다음|다다음|지난|저번)주\s+말(?![가-힣])", r"\1주말"),
        (r"([월화수목금토일])욜", r"\1요일"),
        (r"(?<![가-힣])이따가?(?=\s)", "오늘"),
        (r"(\d)\s*시\s*(\d{1,2})\s*분", r"\1시 \2분"),
        (r"오휴|오후(?=\d)", "오후 "),
        (r"오젼", "오전"),
        (r"저녘|져녁", "저녁"),
        (r"점심\s*때", "점심"),
        (r"저녁\s*때", "저녁"),
        (r"\btmrw\b|\btmr\b|\btomorow\b|\btommorow\b|\btomorrrow\b", "tomorrow"),
    )
)


def clean(text: str) -> str:
    """Unicode-normalised text with control characters removed and spacing made regular."""
    # NFC first (macOS hands out decomposed Hangul), then NFKC per character so full-width
    # digits become ASCII while chat jamo such as ㅋ, ㅇㅇ stay compatibility jamo.
    text = unicodedata.normalize("NFC", text[:MAX_CHARS])
    return "".join(_fold(ch) for ch in text)


def _fold(ch: str) -> str:
    if "\u3131" <= ch <= "\u318e":
        return ch
    if ch not in "\n\t" and unicodedata.category(ch)[0] == "C":
        return " "
    return unicodedata.normalize("NFKC", ch)


def normalize(text: str) -> str:
    """The text the grammar reads: noise removed, spellings unified, one space between words.

    Newlines are kept (invitation text is line based)."""
    text = clean(text)
    text = _SYMBOLS.sub(" ", text)
    text = _NOISE.sub(" ", text)
    text = _REPEATED_PUNCT.sub(r"\1", text)
    for short, full in _WEEKDAY_SHORT.items():
        text = text.replace(short, full)
    for pattern, replacement in _SPELLINGS:
        text = pattern.sub(replacement, text)
    lines = [_SPACES.sub(" ", line).strip() for line in text.splitlines()]
    return "\n".join(line for line in lines if line)
