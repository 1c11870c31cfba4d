"""What the user wants: replies (confirm / cancel), commands (update / delete / create),
questions (query) or none of these (other).

Replies are recognised only when the whole message is a reply ("네", "ㅇㅋ 저장해",
"cancel that"); anything carrying an event reference is a command ("내일 회의 취소해줘").
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from core.nlu.result import Language

Reply = Literal["confirm", "cancel"]

_CONFIRM_EMOJI = set("👍👌🙆✅🆗💯🙏⭕👏") | {"🙆‍♀️", "🙆‍♂️"}
_CANCEL_EMOJI = set("🙅❌👎🚫✖⛔")

_CONFIRM_WORDS = [
    "네",
    "넵",
    "넹",
    "넴",
    "네네",
    "넵넵",
    "예",
    "예스",
    "옙",
    "응",
    "웅",
    "엉",
    "어",
    "으응",
    "ㅇㅇ",
    "ㅇㅇㅇ",
    "ㅇㅋ",
    "ㅇㅋㅇㅋ",
    "ㅇ",
    "오케이",
    "오키",
    "오키도키",
    "오께이",
    "좋아",
    "좋아요",
    "좋습니다",
    "좋네",
    "좋지",
    "좋죠",
    "좋음",
    "굿",
    "그래",
    "그래요",
    "그러자",
    "그러죠",
    "그럽시다",
    "그렇게",
    "맞아",
    "맞아요",
    "맞습니다",
    "맞음",
    "확인",
    "저장",
    "저장해",
    "저장해줘",
    "저장해주세요",
    "등록",
    "등록해",
    "등록해줘",
    "등록해주세요",
    "추가해",
    "추가해줘",
    "추가해주세요",
    "해줘",
    "해주세요",
    "고고",
    "ㄱㄱ",
    "콜",
    "당근",
    "물론",
    "부탁해",
    "부탁해요",
    "부탁드려요",
    "그걸로",
    "알겠어",
    "알았어",
    "알겠습니다",
    "완벽",
    "딱",
    "좋아",
    "진행",
    "진행해",
    "yes",
    "y",
    "yep",
    "yeah",
    "yup",
    "ya",
    "yea",
    "ok",
    "okay",
    "okey",
    "k",
    "kk",
    "sure",
    "confirm",
    "confirmed",
    "save",
    "correct",
    "right",
    "perfect",
    "great",
    "fine",
    "alright",
    "absolutely",
    "definitely",
    "certainly",
    "please",
]
_CONFIRM_PHRASES = (
    "그렇게 해",
    "그렇게 해줘",
    "그렇게 해주세요",
    "그걸로 해줘",
    "save it",
    "do it",
    "go ahead",
    "sounds good",
    "all right",
    "of course",
    "please do",
    "looks good",
    "that's right",
    "thats right",
    "yes please",
    "ok thanks",
    "why not",
    "go for it",
    "works for me",
    "lgtm",
)
_CANCEL_WORDS = [
    "아니",
    "아니요",
    "아니오",
    "아뇨",
    "아냐",
    "아니야",
    "아닌데",
    "아니에요",
    "ㄴㄴ",
    "ㄴ",
    "노노",
    "노",
    "놉",
    "됐어",
    "됐어요",
    "됐다",
    "됐고",
    "됐습니다",
    "괜찮아",
    "괜찮아요",
    "괜찮습니다",
    "취소",
    "취소해",
    "취소해줘",
    "취소할게",
    "취소요",
    "그만",
    "그만해",
    "안해",
    "안할래",
    "싫어",
    "싫어요",
    "필요없어",
    "no",
    "n",
    "nope",
    "nah",
    "cancel",
    "stop",
    "nevermind",
    "nvm",
    "don't",
    "dont",
    "abort",
]
_CANCEL_PHRASES = (
    "안 해",
    "안 할래",
    "하지 마",
    "하지마",
    "필요 없어",
    "cancel that",
    "cancel it",
    "never mind",
    "forget it",
    "no thanks",
    "no thank you",
    "scratch that",
    "no way",
    "not now",
    "don't add",
    "dont add",
    "don't save",
    "잊어버려",
    "없던 걸로",
    "없던걸로",
    "무시해",
)
_NEGATED_COMMAND = re.compile(
    r"(?:등록|저장|추가|입력|넣지|잡지|만들지)\S*\s*(?:하지\s*)?마|(?:하지|넣지|잡지)\s*마"
)
_INSIST = re.compile(
    r"그래도|상관\s*없|중복(?:이어도|이라도|돼도)|또\s*(?:추가|등록)|하나\s*더|\banyway\b|\bregardless\b|\bstill\s+add\b|\badd\s+another\b",
    re.IGNORECASE,
)
_POLITE = r"(?:요|용|염|여|주세요|해주세요|해줘|해|please|thanks|thank you|고마워|감사|감사합니다|땡큐|ㅎ|ㅋ)"
_REPLY_NOISE = re.compile(r"[\s!.~?,;:^*♡♥❤️😊🙂😄😀😁🥰😍]+")


def _reply_pattern(words: list[str], phrases: tuple[str, ...]) -> re.Pattern[str]:
    options = sorted(
        {re.escape(w) for w in words} | {re.escape(p).replace(r"\ ", r"\s*") for p in phrases},
        key=len,
        reverse=True,
    )
    item = "(?:" + "|".join(options) + ")"
    return re.compile(rf"^{item}(?:\s*(?:{item}|{_POLITE}))*$", re.IGNORECASE)


_CONFIRM = _reply_pattern(_CONFIRM_WORDS, _CONFIRM_PHRASES)
_CANCEL = _reply_pattern(_CANCEL_WORDS, _CANCEL_PHRASES)


def _without_emoji(text: str) -> str:
    return "".join(
        " " if unicodedata.category(ch) == "So" or ch in "\ufe0f\u200d" else ch for ch in text
    )


def classify_reply(text: str) -> tuple[Reply, bool] | None:
    """("confirm" | "cancel", insist) when the whole message is a reply, else None."""
    stripped = text.strip()
    if not stripped:
        return None
    symbols = {ch for ch in stripped if not ch.isspace()}
    if symbols and symbols <= _CONFIRM_EMOJI | {"\ufe0f", "\u200d", "♀", "♂"}:
        return "confirm", False
    if symbols and symbols <= _CANCEL_EMOJI | {"\ufe0f"}:
        return "cancel", False
    core = _REPLY_NOISE.sub(" ", _without_emoji(stripped).lower()).strip()
    if not core:
        if symbols & _CONFIRM_EMOJI:
            return "confirm", False
        return ("cancel", False) if symbols & _CANCEL_EMOJI else None
    if len(core) > 40:
        return None
    if _CANCEL.match(core) or (_NEGATED_COMMAND.search(core) and len(core) <= 14):
        return "cancel", False
    if _CONFIRM.match(core):
        return "confirm", False
    if (
        _INSIST.search(core)
        and re.search(r"추가|등록|저장|넣어|add|save|keep|create|해줘|해$", core)
        and len(core) <= 30
    ):
        return "confirm", True
    return None


# -- commands and questions --------------------------------------------------------------------

UPDATE_VERBS = re.compile(
    r"옮겨|옮기|바꿔|바꾸|바뀌|변경|수정|미뤄|미루|당겨|당기|늦춰|늦추|연장|앞당|연기|조정|고쳐|땡겨|"
    r"\bmove\b|\bmoved\b|\breschedule|\bpush\b|\bpostpone|\bchange\b|\bshift\b|\bbring\s+forward\b|\bextend\b|"
    r"\brename\b|\bdelay\b|\bmake\s+it\b|\bswitch\b",
    re.IGNORECASE,
)
DELETE_VERBS = re.compile(
    r"취소|삭제|지워|지우|지워줘|빼\s*줘|빼\s*주|빼버|뺄래|빼 ?놔|없애|없에|제거|날려|"
    r"\bcancel\b|\bdelete\b|\bremove\b|\bdrop\b|\bclear\b|\bscrap\b|\berase\b|\bcall\s+off\b",
    re.IGNORECASE,
)
_INSTEAD = re.compile(
    r"취소\s*(?:하지\s*)?말고|instead\s+of\s+cancel|don'?t\s+cancel", re.IGNORECASE
)
CREATE_VERBS = re.compile(
    r"잡아|추가|등록|넣어|만들어|기록해|저장해|예약해|일정\s*(?:좀\s*)?(?:잡|넣|추가)|"
    r"\badd\b|\bschedule\b|\bbook\b|\bcreate\b|\bset\s+up\b|\bput\b|\bremind\s+me\b|\bnew\s+event\b|\bplan\b",
    re.IGNORECASE,
)
_QUERY_STRONG = re.compile(
    r"뭐\s*있|뭐있|무슨\s*일정|어떤\s*일정|알려\s*줘|알려\s*줄래|알려\s*주|보여\s*줘|보여\s*줄래|보여\s*주|"
    r"있어\s*\?|있어요\s*\?|있나|있니|있냐|있던가|있었나|있었지|있었던가|있지\s*\?|있음\s*\?|있을까|있는지|"
    r"있더라|했더라|였더라|했었지|했었나|뭐\s*했|있었어\s*\?|잡혀\s*있|잡힌|"
    r"언제|몇\s*시|비어|비었|한가|시간\s*(?:돼|되|있|괜찮)|일정\s*(?:은|이)\s*\?|일정\s*확인|확인해\s*줘|"
    r"찾아\s*줘|몇\s*개|어떻게\s*돼|"
    r"^\s*(?:when|whens|when's)\b|\bdo\s+i\s+have\b|\bam\s+i\s+(?:free|busy|available)\b|"
    r"\bon\s+my\s+calendar\b|\bwhat\s+do\s+i\s+have\b|\bmy\s+schedule\b|\bagenda\b|\bfree\b|\bbusy\b",
    re.IGNORECASE,
)
# English questions that are about the calendar only with a time or a calendar word
_QUERY_EN_WH = re.compile(
    r"^\s*(?:what|what's|whats|any|anything|show|list|how\s+many|where|which|is\s+there|are\s+there|"
    r"have\s+i|did\s+i|do\s+i|am\s+i)\b",
    re.IGNORECASE,
)
_QUERY_WEAK = re.compile(
    r"뭐였|뭐지|뭐야|\?\s*$|뭐\s*해|일정$|일정\s*(?:은|이)$|스케줄$|schedule$|\bschedule\b",
    re.IGNORECASE,
)
_CALENDAR_NOUN = re.compile(
    r"일정|스케줄|약속|schedule|calendar|plans?\b|events?\b|meetings?\b|appointments?\b|"
    r"\bnext\s+\w+|\bupcoming\b",
    re.IGNORECASE,
)
# Topics that are not the calendar even when a day is named ("내일 비 와?").
_NOT_CALENDAR = re.compile(
    r"날씨|weather|기온|temperature|미세먼지|\brain(?:ing|y)?\b|\bsnow(?:ing|y)?\b|(?<![가-힣])(?:비|눈)\s*(?:와|오|올|온|내)",
    re.IGNORECASE,
)
# The last words of a remark, not of an event's name ("너무 피곤하다", "주말 잘 보내세요").
_REMARK_END = re.compile(
    r"(?:하다|싶다|싫다|좋다|같다|겠다|았다|었다|프다|렵다|네요|세요|군요|구나|는데|더라|ㅠ+|ㅜ+)[?!.~]*$"
)
_QUESTION_WORD = re.compile(
    r"(?<![가-힣])(?:뭐|뭘|무엇|어디|누구|왜|어떻게|얼마)(?![가-힣])|\b(?:what|why|where|who|how)\b",
    re.IGNORECASE,
)


def is_remark(text: str) -> bool:
    """Small talk that happens to name a day or a meal: not an event."""
    return bool(_NOT_CALENDAR.search(text) or _REMARK_END.search(text.strip()))


def has_question_word(text: str) -> bool:
    return bool(_QUESTION_WORD.search(text))


def language_of(text: str) -> Language:
    hangul = sum(1 for ch in text if "\uac00" <= ch <= "\ud7a3" or "\u3131" <= ch <= "\u318e")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return "ko" if hangul and hangul * 3 >= min(latin, 3) else "en" if latin else "ko"


_OPINION = re.compile(
    r"어때|어떄|어떨까|어떻게\s*생각|\bhow\s+about\b|\bhow\s+is\b|\bhow's\b", re.IGNORECASE
)


def is_opinion(text: str) -> bool:
    """ "내일 날씨 어때?", "how about 3?": a question, but not about the calendar."""
    return bool(_OPINION.search(text)) and not _CALENDAR_NOUN.search(text)


def is_query(text: str, has_time: bool) -> bool:
    if _NOT_CALENDAR.search(text) and not _CALENDAR_NOUN.search(text):
        return False
    if _QUERY_STRONG.search(text):
        return True
    if is_opinion(text):
        return False
    about_calendar = has_time or bool(_CALENDAR_NOUN.search(text))
    return about_calendar and bool(_QUERY_EN_WH.search(text) or _QUERY_WEAK.search(text))


def command_of(text: str) -> str | None:
    """ "update" / "delete" / "create" when a command verb says so."""
    if UPDATE_VERBS.search(text) or _INSTEAD.search(text):
        return "update"
    if DELETE_VERBS.search(text):
        return "delete"
    if CREATE_VERBS.search(text):
        return "create"
    return None
