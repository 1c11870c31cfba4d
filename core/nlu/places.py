"""What a place looks like when nothing marks it as one ("… 결혼식 더케이호텔 서울").

Used only for words at the *end* of a message, after the event's name: a gazetteer of
well-known areas, the kinds of venues Korean and English names end with, and addresses.
Nothing here names kinds of events.
"""

from __future__ import annotations

import re

# Areas, cities and landmarks people write bare ("… 동기 모임 홍대").
AREAS = frozenset(
    """
    홍대 신촌 강남 역삼 선릉 삼성 잠실 건대 성수 합정 망원 연남 연남동 이태원 한남 한남동 용산 광화문 시청 종로 종각
    을지로 명동 동대문 혜화 대학로 신림 사당 교대 서초 양재 판교 분당 일산 수원 인천 부천 여의도 목동 영등포 구로
    노원 왕십리 압구정 청담 신사 가로수길 서울숲 코엑스 부산 대구 대전 광주 울산 세종 제주 서울 해운대 서면 송도
    동탄 광교 가평 양평 춘천 강릉 속초 여수 경주 전주 포항 평창 파주 김포 하남 남양주 용인 안양 의정부 고양 청주
    천안 창원 통영 거제 남해 양양 태안 보령 송파 마포 강서 강동 관악 동작 성북 은평 서대문 중구 노량진 상암 마곡
    seoul busan gangnam hongdae itaewon jongno myeongdong yeouido pangyo incheon jeju seongsu hannam
    """.split()  # noqa: SIM905 - a word list reads better as text
)
# Chains and brands that are places in practice.
BRANDS = frozenset(
    """
    스타벅스 스벅 투썸 이디야 메가커피 빽다방 폴바셋 블루보틀 cgv 메가박스 롯데시네마 롯데월드 롯데타워 코스트코 이마트
    홈플러스 다이소 올리브영 교보문고 영풍문고 맥도날드 버거킹 starbucks costco
    """.split()  # noqa: SIM905
)
# Endings of venue names: 더케이호텔, 학생회관, 대강당, 블루스퀘어, 우리집, 강남역 …
_VENUE_END = re.compile(
    r"(?:호텔|회관|강당|홀|센터|타워|빌딩|스퀘어|플라자|파크|공원|병원|의원|치과|학교|캠퍼스|도서관|체육관|경기장|"
    r"스타디움|구장|극장|아트홀|몰|마트|백화점|시장|식당|카페|하우스|웨딩|컨벤션|아트센터|미술관|박물관|기념관|문화관|"
    r"집|역|점|관|층|호|출구|입구|정문|로비|회의실|세미나실|강의실|룸)$"
)
_ADDRESS = re.compile(
    r"^(?:[가-힣]{2,}(?:특별시|광역시|시|도|군|구|읍|면)|[가-힣]+(?:로|길|번길|대로)\d*(?:-\d+)?|[가-힣]+동\d+가?|"
    r"\d+(?:-\d+)?(?:번지|층|호|번\s*출구|번)?|B\d+|\d+F)$"
)
_EN_VENUE = re.compile(
    r"^(?:room|rm|hall|building|bldg|floor|suite|cafe|café|bar|grill|hotel|park|center|centre)$",
    re.I,
)


def is_place_anchor(token: str) -> bool:
    """Can this word, last in the message, be (the end of) a place?"""
    low = token.lower()
    if low in AREAS or low in BRANDS or _ADDRESS.match(token) and not token.isdigit():
        return True
    return len(token) >= 3 and bool(_VENUE_END.search(token))


def is_place_part(token: str) -> bool:
    """Can this word continue a place backwards ("본관 대강당", "강남역 스타벅스", "Room 204")?"""
    return (
        is_place_anchor(token)
        or bool(_ADDRESS.match(token))
        or (len(token) >= 2 and bool(_VENUE_END.search(token)))
        or bool(_EN_VENUE.match(token))
    )
