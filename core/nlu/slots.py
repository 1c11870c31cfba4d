"""Location and title: what is left of the message once the time phrases are claimed.

The location comes from its markers ("X에서", "장소: X", "@X", "at X", "in Room X", a
meeting point in parentheses) or a trailing address/venue. The title is whatever remains
that names the event, minus particles, command words and chat noise. No list of event kinds
is consulted anywhere.
"""

from __future__ import annotations

import re

from core.nlu.places import is_place_anchor, is_place_part
from core.nlu.temporal import Found

_I = re.IGNORECASE

_DIGITISH = re.compile(r"\d")
_PARTICLE_AFTER_PLACE = r"(?:에서의|에서|으로|(?<=로)로|에)"

P_LABEL_LOCATION = re.compile(
    r"(?:(?:^|\n)[ \t]*[-•*·▶■□○●◆◇※>]?[ \t]*(?:[가-힣]{0,4}[ \t]*)?|(?<=\s))(?:장소|위치|주소|모임\s*장소|where|location|venue|place|address)\s*[:：]\s*(?P<v>[^\n]+)",
    _I,
)
P_LOCATION_IS = re.compile(
    r"(?:장소|위치)\s*(?:는|은|를|을|가|이)?\s+(?P<v>[^\n]+?)\s*(?:으로|로)?\s*(?:변경|바꿔|옮겨|수정|정정|할게|이야|야|예요|입니다)?"
    r"\s*(?:해)?\s*(?:줘|주세요|줄래|요)?\s*[.!?]*$",
    _I,
)
P_LOCATION_TO_EN = re.compile(
    r"\b(?:location|venue|place|where)\b(?:\s+(?:of|for)\s+.+?)?\s+(?:to|is)\s+(?P<v>[^\n]+?)\s*[.!]?$",
    _I,
)
P_AT_SIGN = re.compile(r"@\s*(?P<v>[^\n@,]+)")
P_EOSEO = re.compile(r"(?P<v>[^\s\x00]+?)\s*에서(?![가-힣])")
P_PAREN = re.compile(r"\((?P<v>[^()\n]{2,40})\)")
_MEETING_POINT = re.compile(r"\s*(?:에서\s*)?(?:집결|집합|모여|만나(?:요)?|모임)\s*$")
P_AT_EN = re.compile(
    r"\b(?:at|@)\s+(?P<v>(?:the\s+)?[A-Za-z0-9가-힣'&.-]+(?:\s+(?!(?:on|at|from|to|with|for|in|and|by|tomorrow|today|tonight|next|this|every)\b)[A-Za-z0-9가-힣'&.-]+){0,4})",
    _I,
)
P_IN_EN = re.compile(
    r"\bin\s+(?P<v>(?i:room|rm\.?|building|bldg\.?|hall|conference\s+room)\s*[\w-]+|[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*){0,3})"
)
_UNDECIDED = re.compile(
    r"^\s*(?:미정|tbd|tba|추후\s*공지|추후\s*안내|미확정|정해지지\s*않음)\s*$", _I
)


def _claim_value(found: Found, start: int, end: int) -> str | None:
    value = found.text[start:end].strip(" \t,.;:·-")
    span = (start, end)
    if not value or not found.free(span):
        return None
    found.claim(span)
    return value


def _tidy_location(value: str) -> str | None:
    value = re.sub(r"\s+", " ", value).strip(" \t,.;:·-()[]")
    value = re.sub(rf"{_PARTICLE_AFTER_PLACE}$", "", value).strip()
    if not value or _UNDECIDED.match(value):
        return None
    return value


def find_location(found: Found, *, update: bool = False) -> str | None:
    """Claim and return the place, or None."""
    text = found.masked()
    m = P_LABEL_LOCATION.search(text)
    if m:
        raw = m["v"]
        found.claim(m.span())
        return _tidy_location(raw)
    m = P_LOCATION_TO_EN.search(text)
    if m and update:
        found.claim((m.start("v"), m.end()))
        found.claim((m.start(), m.start() + len(m.group().split()[0])))
        return _tidy_location(m["v"])
    m = P_LOCATION_IS.search(text)
    if m and (update or m.start() > 0):
        found.claim(m.span())
        return _tidy_location(m["v"])
    m = P_AT_SIGN.search(text)
    if m:
        value = _claim_value(found, m.start(), m.end())
        return _tidy_location((value or "").lstrip("@"))
    for m in P_PAREN.finditer(text):
        inner = m["v"]
        trailing = not text[m.end() :].strip(" \x00.!~")
        if (
            _MEETING_POINT.search(inner)
            or re.search(r"\d{1,5}번\s*출구|[가-힣]+역(?:\s|$)|입구|정문|로비", inner)
            or (trailing and _venue_in_parentheses(inner))
        ):
            found.claim(m.span())
            return _tidy_location(_MEETING_POINT.sub("", inner))
    for m in P_EOSEO.finditer(text):
        start = _extend_place_backwards(text, m.start("v"), m["v"])
        value = text[start : m.start("v")] + m["v"]
        if "\x00" in value or not value.strip():
            continue
        found.claim((start, m.end()))
        return _tidy_location(value)
    m = P_AT_EN.search(text)
    if m and not re.match(r"\d", m["v"]):
        found.claim(m.span())
        return _tidy_location(m["v"])
    m = P_IN_EN.search(text)
    if m:
        found.claim(m.span())
        return _tidy_location(m["v"])
    return _venue_line(found) or _trailing_place(found)


_POSITION = re.compile(r"^(?:앞|뒤|옆|근처|건너편|맞은편|입구|정문|후문|로비|안|1층|지하)$")


def _venue_in_parentheses(inner: str) -> bool:
    """A trailing "(더채플앳청담)" or "(본관 301호)" names the venue; "(필참)", "(2차)" do not."""
    inner = inner.strip()
    if len(inner) < 3 or re.search(
        r"필참|예정|미정|선택|필수|가능|\d{1,5}\s*(?:명|원|차)(?![가-힣])", inner
    ):
        return False
    return not re.search(r"\d", inner) or bool(
        _VENUE_WORD.search(inner) or re.search(r"\d{1,5}\s*(?:호|층)|[가-힣]관", inner)
    )


def _extend_place_backwards(text: str, start: int, word: str = "") -> int:
    """Include words such as "2층", "3번 출구" and the word before them ("본사 2층 세미나실"),
    and the landmark before a position ("회사 앞")."""
    words = list(re.finditer(r"[^\s\x00]+", text[:start]))
    take = start
    prev_digit = bool(_POSITION.match(word))
    for w in reversed(words):
        if text[w.end() : take].strip():
            break  # not adjacent (a claimed span in between)
        if _DIGITISH.search(w.group()) or re.match(r"^(?:출구|층|호|번)$", w.group()):
            take, prev_digit = w.start(), True
            continue
        if prev_digit or is_place_anchor(w.group()):  # "본사 2층", "강남역 스타벅스"
            take, prev_digit = w.start(), False
            continue
        break
    return take


_VENUE_WORD = re.compile(
    r"\d{1,5}\s*층|\d{1,5}호|홀|웨딩|컨벤션|호텔|빌딩|타워|센터|[가-힣]+역|[가-힣]+로\s*\d|[가-힣]+길\s*\d|\d{1,5}(?:st|nd|rd|th)\s+floor|\bsuite\b|\bhall\b",
    _I,
)


def _venue_line(found: Found) -> str | None:
    """Invitations without labels often end with the venue on a line of its own."""
    text = found.masked()
    lines = text.split("\n")
    if len(lines) < 3:
        return None
    last = lines[-1]
    start = len(text) - len(last)
    if "\x00" in last or not _VENUE_WORD.search(last):
        return None
    found.claim((start, len(text)))
    return _tidy_location(last)


def _trailing_place(found: Found) -> str | None:
    """A venue or address at the very end with no particle ("… 인천 연수구 갯벌로156", "… 홍대",
    "… 결혼식 더케이호텔 서울", "…, 4:30pm, Room 204")."""
    text = found.masked()
    line_end = len(text.rstrip(" .!~"))
    words = list(re.finditer(r"[^\s\x00]+", text[:line_end]))
    if len(words) < 2:
        return None
    start = None
    for i in range(len(words) - 1, 0, -1):
        w = words[i]
        if i < len(words) - 1 and text[w.end() : words[i + 1].start()].strip():
            break  # a claimed phrase or a comma in between: the place ended
        token = w.group().strip(",.")
        if start is None:
            if not is_place_anchor(token) and not _room_number(words, i):
                break
        elif not is_place_part(token):
            break
        start = w.start()
        if w.group().startswith(",") or text[words[i - 1].end() : w.start()].strip(" ") == ",":
            break
    if start is None:
        return None
    before = text[:start].replace("\x00", " ").strip()
    # something that names the event must remain, and "엄마랑 백화점" is where they go
    if not re.search(r"[가-힣A-Za-z]", before) or re.search(
        r"(?:랑|하고|와|과|\bwith)$", before, _I
    ):
        return None
    found.claim((start, line_end))
    return _tidy_location(text[start:line_end])


def _room_number(words: list[re.Match[str]], i: int) -> bool:
    """ "Room 204", "회의실 3": a number right after a venue word."""
    return i > 0 and words[i].group().isdigit() and is_place_part(words[i - 1].group())


# -- title --------------------------------------------------------------------------------------

_COMMAND_WORDS = re.compile(
    r"(?:을|를)?\s*(?:좀\s*)?(?:일정\s*(?:으로|로)?\s*)?(?:잡아|추가해|추가|등록해|등록|넣어|만들어|기록해|저장해|캘린더에\s*넣어)"
    r"\s*(?:줘|줄래|주세요|주라|둬|놔|놓아|줘요|봐|주실래요|줄래요|주면\s*돼)?(?:요)?(?![가-힣])"
    r"|(?<![가-힣])(?:일정|스케줄|캘린더에|달력에|부탁해|부탁해요|부탁드려요|부탁|좀|제발|ㄱ)(?![가-힣])"
    r"|(?<=[가-힣])해\s*(?:줘|주세요|줄래)(?:요)?(?![가-힣])|(?<![가-힣])해\s*(?:줘|주세요|줄래)(?:요)?(?![가-힣])"
    r"|^\s*(?:please\s+)?(?:add|schedule|create|set\s+up)\s+(?:an?\s+|the\s+|my\s+)?"
    r"|^\s*(?:please\s+)?(?:book|put|plan)\s+(?:an?|the|my)\s+"
    r"|\b(?:to\s+my\s+calendar|on\s+my\s+calendar|in\s+my\s+calendar|please)\b"
    r"|^\s*remind\s+me\s+(?:to|about|of)?\s*"
    r"|^\s*(?:please\s+)?join\s+us\s+(?:for|at)\s+(?:the\s+|a\s+|an\s+|our\s+)?"
    r"|^\s*you(?:'re|\s+are)\s+invited\s+to\s+(?:the\s+|a\s+|an\s+|our\s+)?",
    _I,
)
_TARGET_WORDS = re.compile(
    r"(?:을|를)?\s*(?:좀\s*)?(?:옮겨|옮기|바꿔|바꾸|변경|수정|미뤄|미루|당겨|당기|늦춰|늦추|연장|앞당겨|연기|조정|고쳐|"
    r"취소|삭제|지워|지우|빼|없애|없에|제거|날려)[가-힣]*"
    r"|(?<![가-힣])(?:일정|스케줄|전부|모두|다|전체|싹|것|거|방금|아까|등록한|추가한|잡은|만든|말고|하고|해서)(?![가-힣])"
    r"|\b(?:move|reschedule|push|postpone|change|shift|delete|remove|cancel|drop|clear|rename|extend|delay|"
    r"my|the|a|an|to|back|forward|by|it|please|events?|all|everything|for|on|at|make|instead)\b",
    _I,
)
_QUERY_WORDS = re.compile(
    r"(?:이|가|은|는|을|를)?\s*(?:뭐\s*있(?:어|나|니|냐|지|을까)?|뭐있어|무슨|어떤|알려\s*(?:줘|줄래|주세요)|보여\s*(?:줘|줄래|주세요)|"
    r"있(?:어요|어|나요|나|니|냐|던가|었나|었지|었던가|지|음|을까|는지)|언제(?:야|지|였지|예요|에요|더라|였더라|인지)?|"
    r"몇\s*시(?:야|지|였지|에)?|몇\s*(?:개|건|번)|시간\s*(?:돼|되|있|괜찮)[가-힣]*|비어(?:\s*있(?:어|나|니)?)?|비었|있더라|했더라|였더라|뭐\s*했(?:더라|지|어|나)?|잡힌|잡혀\s*있(?:는|어|나|니|지)?|예정된|등록된|한가|확인해\s*줘|찾아\s*줘|어떻게\s*돼|뭐(?:였지|지|야)|"
    r"전부|모두|다|다음|남은|나|내|뭐)(?![가-힣])"
    r"|\bwhat\s+time\b|\b(?:what(?:'s|s)?|when(?:'s|s)?|is|are|any|anything|do|does|did|i|have|has|my|the|a|an|on|show|me|list|"
    r"next|upcoming|there|am|free|busy|how|many|where|which|scheduled|schedule|calendar|for|this|at|of)\b",
    _I,
)
_LEADING_PARTICLE = re.compile(
    r"^(?:에서|에는|에|엔|부터|까지로|까지|으로|로|의|은|는|을|를|도|와|과|이랑|랑|하고|날|쯤|경|중에|중)(?![가-힣])\s*"
)
_TRAILING_PARTICLE = re.compile(r"(?<=[가-힣]{2})(?:을|를|은|는|에|에서|으로|부터|까지|쯤)$")
_TRAILING_SUBJECT = re.compile(r"(?<=[가-힣]{2})(?:이|가)$")
_DANGLING_EN = re.compile(
    r"^(?:(?:at|on|in|from|to|by|around|for|of)(?:\s+|$))+|(?:\s+(?:at|on|in|from|to|by|around|for|of|and))+$",
    _I,
)
_BRACKETS = re.compile(r"[\[\]【】「」『』<>《》〈〉\"“”‘’]")
_HEADER_WORDS = re.compile(r"\s*(?:안내|공지|알림|초대장|초대|notice|invitation|reminder)\s*$", _I)
_HEADER_WORDS_ANY = re.compile(r"(?<![가-힣])(?:안내|공지|알림|초대|초대장)(?![가-힣])")
_JUNK = re.compile(r"^[\s\W_]*$")


_NOTICE_NOISE = re.compile(
    r"[^.\n\x00]*?(?:바랍니다|부탁드립니다|부탁드려요|해\s*주십시오|해\s*주시기\s*바랍니다)[.!~]*"
    r"|(?<![가-힣])(?:예약|접수|신청)(?:이|은|가)?\s+[가-힣]*(?:습니다|ㅂ니다|니다)"
    r"|\[?\s*web\s*발신\s*\]?|(?<=\])\s*[가-힣]{2,4}님(?![가-힣])"
    r"|(?<![가-힣])[가-힣]*(?:되어|되었|돼|해)\s*있(?:습니다|어요|음)"
    r"|(?:문의|연락처|전화|tel|call)\s*[:：]?\s*[\d-]{7,}|\(?\d{2,4}\)?[-.\s]\d{3,4}[-.\s]\d{4}"
    r"|(?<![가-힣])[가-힣]*(?:습니다|ㅂ니다|니다|십시오|세요|해요|드려요|바랍니다)(?![가-힣])"
    r"|(?<![가-힣])(?:감사합니다|고객님의?|회원님의?)(?![가-힣])",
    _I,
)


def _fragments(found: Found) -> list[str]:
    return [f for f in re.split(r"\x00+|\n", found.masked()) if f.strip()]


def _tidy(fragment: str, *, strip_subject: bool) -> str:
    words: list[str] = []
    for word in fragment.split():
        word = word.strip(",.;:!?~·-_()")
        if not word:
            continue
        words.append(word)
    text = " ".join(words)
    text = _DANGLING_EN.sub("", text)
    text = _LEADING_PARTICLE.sub("", text)
    if words:
        last = text.split(" ")[-1] if text else ""
        trimmed = _TRAILING_PARTICLE.sub("", last)
        if strip_subject:
            trimmed = _TRAILING_SUBJECT.sub("", trimmed)
        text = text[: len(text) - len(last)] + trimmed
    return text.strip()


def title_of(found: Found, intent: str) -> str | None:
    """The event name: the unclaimed text, cleaned."""
    removal = {"create": _COMMAND_WORDS, "query": _QUERY_WORDS}.get(intent, _TARGET_WORDS)
    parts: list[str] = []
    for fragment in _fragments(found):
        fragment = _NOTICE_NOISE.sub(" ", fragment)
        fragment = _HEADER_WORDS_ANY.sub(" ", _BRACKETS.sub(" ", fragment))
        for _ in range(2):
            fragment = removal.sub(" ", fragment)
            if intent != "create":
                fragment = _COMMAND_WORDS.sub(" ", fragment)
        tidy = _tidy(fragment, strip_subject=intent != "create")
        if tidy and not _JUNK.match(tidy):
            parts.append(tidy)
    title = " ".join(parts).strip()
    title = re.sub(r"\s+", " ", title)
    title = re.sub(r"^(?:'s|s)\s+", "", title)
    return title[:200] or None


def label_title(value: str) -> str | None:
    """A title given by a label ("내용: …", "제목은 …"): brackets and edge punctuation dropped."""
    value = re.sub(r"\s+", " ", _BRACKETS.sub(" ", value)).strip(" ,.;:·-")
    return value or None


def header_title(line: str) -> str | None:
    """The title an invitation's first line gives ("[모임 안내]", "Join us for the party!")."""
    value = _HEADER_WORDS.sub("", _BRACKETS.sub(" ", line)).strip()
    value = _tidy(_COMMAND_WORDS.sub(" ", value), strip_subject=False)
    return value or None
