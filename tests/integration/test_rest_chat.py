"""/api/v1/chat over HTTP: the desktop's dialog on the server's replica of the user's data."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from core.ids import new_id
from tests.fakes.service_server import RunningService, running_service

API = "/api/v1/chat"
NOW = "2026-11-22T10:00:00+09:00"  # a Sunday
TOMORROW = ("2026-11-23T00:00:00+09:00", "2026-11-24T00:00:00+09:00")


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningService]:
    mp = pytest.MonkeyPatch()
    mp.setenv("ILJEONG_SERVER_DATA_DIR", str(tmp_path_factory.mktemp("server-data")))
    mp.setenv("ILJEONG_TZ", "Asia/Seoul")
    mp.delenv("ILJEONG_LLM_BASE_URL", raising=False)
    try:
        with running_service() as svc:
            yield svc
    finally:
        mp.undo()


@pytest.fixture
def email() -> str:
    return f"chat-{new_id()}@example.com"


@pytest.fixture
def http(service: RunningService, email: str) -> Iterator[httpx.Client]:
    token = service.token(email, "laptop")
    with httpx.Client(
        base_url=service.url, headers={"Authorization": f"Bearer {token}"}, timeout=60
    ) as c:
        yield c


def say(http: httpx.Client, text: str, **extra: Any) -> dict[str, Any]:
    response = http.post(f"{API}/message", json={"text": text, "now": NOW, **extra})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def occurrences(http: httpx.Client) -> list[tuple[str, str]]:
    body = http.get(
        "/api/v1/calendar/events", params={"start": TOMORROW[0], "end": TOMORROW[1]}
    ).json()
    return [(o["title"], o["start"]) for o in body["occurrences"]]


def test_propose_edit_confirm_and_undo_like_the_chat_pane(http: httpx.Client) -> None:
    proposed = say(http, "내일 오후 3시 강남역에서 민수랑 저녁")
    assert proposed["intent"] == "create"
    assert proposed["proposal"]["title"] == "민수랑 저녁"
    assert proposed["proposal"]["location"] == "강남역"
    assert [t["role"] for t in proposed["turns"]] == ["user", "assistant"]
    assert occurrences(http) == []  # nothing is saved before the confirmation

    edited = say(http, "4시로 바꿔줘")
    assert "오후 4:00" in edited["reply"]

    saved = say(http, "네")
    assert len(saved["saved_event_ids"]) == 1
    assert occurrences(http) == [("민수랑 저녁", "2026-11-23T16:00:00+09:00")]

    again = say(http, "네")  # confirming twice never saves twice
    assert again["saved_event_ids"] == []
    assert len(occurrences(http)) == 1

    undone = say(http, "되돌려")
    assert "되돌렸어요" in undone["reply"]
    assert occurrences(http) == []


def test_questions_are_answered_from_events_made_anywhere(http: httpx.Client) -> None:
    made = http.post(
        "/api/v1/calendar/events",
        json={"title": "치과", "start": "2026-11-23T11:00:00+09:00", "time_zone": "Asia/Seoul"},
    )
    assert made.status_code == 201
    answer = say(http, "내일 일정 뭐야?")
    assert answer["intent"] == "query"
    assert [e["title"] for e in answer["events"]] == ["치과"]
    assert "치과" in answer["reply"]

    deleting = say(http, "내일 치과 취소해줘")
    assert deleting["proposal"]["kind"] == "delete"
    done = say(http, "응")
    assert done["deleted_event_ids"] == [made.json()["event"]["id"]]
    assert occurrences(http) == []


def test_the_turns_and_saved_events_reach_the_users_devices(
    http: httpx.Client, service: RunningService, email: str
) -> None:
    say(http, "모레 오전 10시 팀 회의")
    say(http, "네")
    phone = service.token(email, "phone")
    page = httpx.get(
        f"{service.url}/v1/pull", params={"cursor": 0}, headers=service.headers(phone)
    ).json()
    kinds = [c["kind"] for c in page["changes"]]
    assert kinds.count("chat_turn") == 4
    titles = [c["data"]["title"] for c in page["changes"] if c["kind"] == "event"]
    assert titles == ["팀 회의"]
    history = http.get(f"{API}/history").json()["turns"]
    assert [t["text"] for t in history if t["role"] == "user"] == ["모레 오전 10시 팀 회의", "네"]


def test_conversations_are_kept_apart(http: httpx.Client) -> None:
    say(http, "내일 오후 2시 미팅", conversation_id="work")
    other = say(http, "네", conversation_id="home")
    assert other["saved_event_ids"] == []
    assert "확인할 제안이 없어요" in other["reply"]
    assert say(http, "네", conversation_id="work")["saved_event_ids"]
    work = http.get(f"{API}/history", params={"conversation_id": "work"}).json()["turns"]
    home = http.get(f"{API}/history", params={"conversation_id": "home"}).json()["turns"]
    assert (len(work), len(home)) == (4, 2)


def test_history_is_oldest_first_and_limited(http: httpx.Client) -> None:
    for text in ("안녕", "도움말", "고마워"):
        say(http, text)
    turns = http.get(f"{API}/history", params={"limit": 4}).json()["turns"]
    assert [t["role"] for t in turns] == ["user", "assistant", "user", "assistant"]
    assert [t["text"] for t in turns if t["role"] == "user"] == ["도움말", "고마워"]


def test_process_intent_only_understands(http: httpx.Client) -> None:
    response = http.post(
        f"{API}/process-intent",
        json={"text": "다음주 화요일 오후 7시 홍대에서 동아리 모임", "now": NOW},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["intent"], body["start"], body["location"]) == (
        "create",
        "2026-11-24T19:00:00+09:00",  # the week starting Monday the 23rd
        "홍대",
    )
    assert body["language"] == "ko" and body["path"] == "rules"
    assert http.get(f"{API}/history").json()["turns"] == []


def test_english_messages_in_another_zone(http: httpx.Client) -> None:
    body = http.post(
        f"{API}/process-intent",
        json={"text": "lunch with Sam tomorrow at noon", "now": NOW, "time_zone": "Europe/Paris"},
    ).json()
    assert (body["intent"], body["language"], body["start"]) == (
        "create",
        "en",
        "2026-11-23T12:00:00+01:00",
    )


@pytest.mark.parametrize(
    ("body", "status", "message"),
    [
        ({"text": "x" * 10_001}, 422, "at most 10000"),
        ({"text": "내일 3시", "now": "2026-11-22T10:00:00"}, 422, "timezone"),
        ({"text": "내일 3시", "time_zone": "Seoul"}, 422, "unknown time zone"),
        ({"text": "내일 3시", "conversation_id": "a/b"}, 422, "pattern"),
        ({}, 422, "Field required"),
    ],
)
def test_bad_requests_are_422(
    http: httpx.Client, body: dict[str, Any], status: int, message: str
) -> None:
    for path in ("/message", "/process-intent"):
        payload = dict(body)
        if path == "/process-intent":
            payload.pop("conversation_id", None)
            if "conversation_id" in body:
                continue
        response = http.post(f"{API}{path}", json=payload)
        assert response.status_code == status, response.text
        assert message in response.text


@pytest.mark.parametrize("text", ["", "   ", "\x00\x01", "🙂🙂🙂", "\u202eاختبار", "a" * 5000])
def test_odd_messages_get_a_polite_answer(http: httpx.Client, text: str) -> None:
    body = say(http, text)
    assert body["reply"]
    assert body["saved_event_ids"] == []
