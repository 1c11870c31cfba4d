<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>AgendaView</name>
    <message>
        <location filename="../../desktop/views/agenda.py" line="158"/>
        <source>Agenda view</source>
        <translation>일정 목록 보기</translation>
    </message>
    <message>
        <location filename="../../desktop/views/agenda.py" line="159"/>
        <source>Upcoming events</source>
        <translation>다가오는 일정</translation>
    </message>
    <message>
        <location filename="../../desktop/views/agenda.py" line="160"/>
        <source>Enter opens the event or the day</source>
        <translation>Enter: 일정이나 날짜 열기</translation>
    </message>
    <message>
        <location filename="../../desktop/views/agenda.py" line="161"/>
        <source>Search these 60 days (Ctrl+F)</source>
        <translation>60일 안에서 찾기 (Ctrl+F)</translation>
    </message>
    <message>
        <location filename="../../desktop/views/agenda.py" line="162"/>
        <source>Search events</source>
        <translation>일정 찾기</translation>
    </message>
    <message>
        <location filename="../../desktop/views/agenda.py" line="202"/>
        <source>All day</source>
        <translation>종일</translation>
    </message>
</context>
<context>
    <name>Background</name>
    <message>
        <location filename="../../desktop/tray.py" line="280"/>
        <source>Reminder: {0} — {1}</source>
        <translation>알림: {0} — {1}</translation>
    </message>
</context>
<context>
    <name>Bubble</name>
    <message>
        <location filename="../../desktop/chat_pane.py" line="112"/>
        <source>You: {0}</source>
        <translation>나: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="114"/>
        <source>Assistant: {0}</source>
        <translation>도우미: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="117"/>
        <source>via language model</source>
        <translation>언어 모델 사용</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="119"/>
        <source>This answer used the configured language model.</source>
        <translation>이 답은 설정된 언어 모델을 사용했습니다.</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <location filename="../../desktop/chat_pane.py" line="356"/>
        <location filename="../../desktop/chat_pane.py" line="357"/>
        <source>Chat</source>
        <extracomment>(text, now, ParseResult) from the understanding thread (LLM configured)</extracomment>
        <translation>대화</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="358"/>
        <source>Undo</source>
        <translation>되돌리기</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="363"/>
        <source>Messages</source>
        <translation>메시지</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="365"/>
        <source>e.g. 내일 오후 3시 팀 미팅</source>
        <translation>예: 내일 오후 3시 팀 미팅</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="370"/>
        <source>Write an event or a question; Enter sends. Ctrl+V pastes an image.</source>
        <translation>일정이나 질문을 쓰고 Enter로 보내세요. Ctrl+V로 이미지를 붙여 넣을 수 있어요.</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="372"/>
        <source>Write to the assistant (Ctrl+L)</source>
        <translation>도우미에게 말하기 (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="375"/>
        <source>Send the message (Enter)</source>
        <translation>메시지 보내기 (Enter)</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="432"/>
        <source>Thinking…</source>
        <translation>생각 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="469"/>
        <source>What should change? e.g. 4시로, 장소는 강남역</source>
        <translation>무엇을 바꿀까요? 예: 4시로, 장소는 강남역</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="368"/>
        <source>Chat message</source>
        <translation>대화 메시지</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="359"/>
        <source>Undo the last change</source>
        <translation>마지막 변경 되돌리기</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="361"/>
        <source>Undo the last change, made here or anywhere else (Ctrl+Z)</source>
        <translation>여기서든 다른 곳에서든 한 마지막 변경 되돌리기 (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="373"/>
        <location filename="../../desktop/chat_pane.py" line="374"/>
        <source>Send</source>
        <translation>보내기</translation>
    </message>
</context>
<context>
    <name>ChoiceButtons</name>
    <message>
        <location filename="../../desktop/chat_pane.py" line="216"/>
        <source>Choices</source>
        <translation>선택지</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="224"/>
        <source>Choose {0}</source>
        <translation>{0}번 선택</translation>
    </message>
</context>
<context>
    <name>ConflictsDialog</name>
    <message>
        <location filename="../../desktop/sync_status.py" line="143"/>
        <location filename="../../desktop/sync_status.py" line="144"/>
        <source>Conflicts</source>
        <translation>충돌</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="176"/>
        <source>No conflicts: every device agrees.</source>
        <translation>충돌이 없습니다. 모든 기기의 내용이 같아요.</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="181"/>
        <source>Conflict</source>
        <translation>충돌</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="186"/>
        <source>{0}: here “{1}” · other “{2}”</source>
        <translation>{0}: 이 기기 “{1}” · 다른 기기 “{2}”</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="193"/>
        <source>Keep this device&apos;s</source>
        <translation>이 기기 것 유지</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="194"/>
        <source>Keep the other</source>
        <translation>다른 기기 것 유지</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="195"/>
        <source>Keep this device&apos;s value of “{0}”</source>
        <translation>“{0}”: 이 기기 값 유지</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="196"/>
        <source>Keep the other device&apos;s value of “{0}”</source>
        <translation>“{0}”: 다른 기기 값 유지</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="222"/>
        <source>Settled; every device receives it with the next sync.</source>
        <translation>해결했어요. 다음 동기화 때 모든 기기에 반영됩니다.</translation>
    </message>
</context>
<context>
    <name>DropArea</name>
    <message>
        <location filename="../../desktop/side_panes.py" line="42"/>
        <source>Image drop area</source>
        <translation>이미지 놓기 영역</translation>
    </message>
    <message>
        <location filename="../../desktop/side_panes.py" line="44"/>
        <source>Drop or paste a screenshot anywhere in the window, or press to choose files</source>
        <translation>창 어디에나 스크린샷을 끌어 놓거나 붙여 넣으세요. 누르면 파일을 고를 수 있어요</translation>
    </message>
    <message>
        <location filename="../../desktop/side_panes.py" line="47"/>
        <source>Ctrl+V in the chat pastes an image; Ctrl+Shift+V reads the clipboard image</source>
        <translation>채팅에서 Ctrl+V로 이미지를 붙여 넣고, Ctrl+Shift+V로 클립보드 이미지를 읽어요</translation>
    </message>
    <message>
        <location filename="../../desktop/side_panes.py" line="49"/>
        <source>Drop or paste a screenshot
or click to choose image files</source>
        <translation>스크린샷을 끌어 놓거나 붙여 넣으세요
클릭하면 이미지 파일을 고를 수 있어요</translation>
    </message>
    <message>
        <location filename="../../desktop/side_panes.py" line="59"/>
        <source>Choose screenshots or images</source>
        <translation>스크린샷 또는 이미지 고르기</translation>
    </message>
    <message>
        <location filename="../../desktop/side_panes.py" line="61"/>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp *.gif);;All files (*)</source>
        <translation>이미지 (*.png *.jpg *.jpeg *.webp *.bmp *.gif);;모든 파일 (*)</translation>
    </message>
</context>
<context>
    <name>EventDialog</name>
    <message>
        <location filename="../../desktop/event_dialog.py" line="89"/>
        <source>Edit event</source>
        <extracomment>The repeat choice &quot;every year on the start&apos;s lunar date&quot; (a rule made on saving).</extracomment>
        <translation>일정 수정</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="89"/>
        <source>New event</source>
        <translation>새 일정</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="94"/>
        <location filename="../../desktop/event_dialog.py" line="172"/>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="95"/>
        <source>Title, e.g. 팀 미팅</source>
        <translation>제목 (예: 팀 미팅)</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="96"/>
        <source>All day</source>
        <translation>종일</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="102"/>
        <source>Start date</source>
        <translation>시작 날짜</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="102"/>
        <source>End date</source>
        <translation>종료 날짜</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="107"/>
        <source>Start time</source>
        <translation>시작 시각</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="107"/>
        <source>End time</source>
        <translation>종료 시각</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="118"/>
        <location filename="../../desktop/event_dialog.py" line="176"/>
        <source>Time zone</source>
        <translation>시간대</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="120"/>
        <location filename="../../desktop/event_dialog.py" line="177"/>
        <source>Location</source>
        <translation>장소</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="122"/>
        <location filename="../../desktop/event_dialog.py" line="178"/>
        <source>Description</source>
        <translation>설명</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="125"/>
        <location filename="../../desktop/event_dialog.py" line="179"/>
        <source>Repeat</source>
        <translation>반복</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="127"/>
        <source>Does not repeat</source>
        <translation>반복 안 함</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="127"/>
        <source>Daily</source>
        <translation>매일</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="127"/>
        <source>Weekly</source>
        <translation>매주</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="127"/>
        <source>Monthly</source>
        <translation>매월</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="127"/>
        <source>Yearly</source>
        <translation>매년</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="131"/>
        <source>Yearly (lunar date)</source>
        <translation>매년 (음력)</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="133"/>
        <location filename="../../desktop/event_dialog.py" line="180"/>
        <source>Calendar</source>
        <translation>캘린더</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="138"/>
        <location filename="../../desktop/event_dialog.py" line="181"/>
        <source>Reminder</source>
        <translation>알림</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="140"/>
        <source>No reminder</source>
        <translation>알림 없음</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="140"/>
        <source>At start</source>
        <translation>시작 시</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="140"/>
        <source>10 minutes before</source>
        <translation>10분 전</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="141"/>
        <source>30 minutes before</source>
        <translation>30분 전</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="141"/>
        <source>1 hour before</source>
        <translation>1시간 전</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="141"/>
        <source>1 day before</source>
        <translation>1일 전</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="146"/>
        <source>Error</source>
        <translation>오류</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="155"/>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="161"/>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="174"/>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="175"/>
        <source>End</source>
        <translation>종료</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="246"/>
        <source>Custom: %1</source>
        <translation>사용자 지정: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="252"/>
        <source>Calendar default</source>
        <translation>캘린더 기본값</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="265"/>
        <source>%1 min</source>
        <translation>%1분</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="341"/>
        <source>Change only this event, or all events of the series?</source>
        <translation>이 일정만 바꿀까요, 반복 일정 전체를 바꿀까요?</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="354"/>
        <source>Delete only this event, or all events of the series?</source>
        <translation>이 일정만 삭제할까요, 반복 일정 전체를 삭제할까요?</translation>
    </message>
</context>
<context>
    <name>GoToDateDialog</name>
    <message>
        <location filename="../../desktop/go_to_date.py" line="62"/>
        <location filename="../../desktop/go_to_date.py" line="63"/>
        <source>Go to date</source>
        <translation>날짜로 이동</translation>
    </message>
    <message>
        <location filename="../../desktop/go_to_date.py" line="66"/>
        <location filename="../../desktop/go_to_date.py" line="67"/>
        <source>Date</source>
        <translation>날짜</translation>
    </message>
    <message>
        <location filename="../../desktop/go_to_date.py" line="68"/>
        <source>Month calendar</source>
        <translation>달력</translation>
    </message>
    <message>
        <location filename="../../desktop/go_to_date.py" line="71"/>
        <source>Previous month</source>
        <translation>이전 달</translation>
    </message>
    <message>
        <location filename="../../desktop/go_to_date.py" line="72"/>
        <source>Next month</source>
        <translation>다음 달</translation>
    </message>
    <message>
        <location filename="../../desktop/go_to_date.py" line="73"/>
        <source>Days of the month</source>
        <translation>이달의 날짜</translation>
    </message>
    <message>
        <location filename="../../desktop/go_to_date.py" line="78"/>
        <location filename="../../desktop/go_to_date.py" line="79"/>
        <source>Today</source>
        <translation>오늘</translation>
    </message>
</context>
<context>
    <name>GoogleStatusWidget</name>
    <message>
        <location filename="../../desktop/google_status.py" line="112"/>
        <source>Google sync</source>
        <extracomment>Runs the browser sign-in; receives the URL callback. Replaced in tests.</extracomment>
        <translation>Google 동기화</translation>
    </message>
    <message>
        <location filename="../../desktop/google_status.py" line="113"/>
        <source>Google sync status</source>
        <translation>Google 동기화 상태</translation>
    </message>
    <message>
        <location filename="../../desktop/google_status.py" line="114"/>
        <source>Sync now</source>
        <translation>지금 동기화</translation>
    </message>
    <message>
        <location filename="../../desktop/google_status.py" line="115"/>
        <source>Sync with Google now</source>
        <translation>Google과 지금 동기화</translation>
    </message>
    <message>
        <location filename="../../desktop/google_status.py" line="116"/>
        <source>Sync with Google now (F5)</source>
        <translation>Google과 지금 동기화 (F5)</translation>
    </message>
    <message>
        <location filename="../../desktop/google_status.py" line="117"/>
        <source>Reconnect…</source>
        <translation>다시 연결…</translation>
    </message>
    <message>
        <location filename="../../desktop/google_status.py" line="118"/>
        <source>Reconnect the Google account</source>
        <translation>Google 계정 다시 연결</translation>
    </message>
    <message>
        <location filename="../../desktop/google_status.py" line="130"/>
        <source>Google: not connected</source>
        <translation>Google: 연결 안 됨</translation>
    </message>
    <message>
        <location filename="../../desktop/google_status.py" line="132"/>
        <source>Google: reconnect needed — {0}</source>
        <translation>Google: 다시 연결 필요 — {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/google_status.py" line="134"/>
        <source>Google: syncing…</source>
        <translation>Google: 동기화 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/google_status.py" line="137"/>
        <source>sync failed — {0}</source>
        <translation>동기화 실패 — {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/google_status.py" line="140"/>
        <source>synced {0}</source>
        <translation>{0} 동기화됨</translation>
    </message>
    <message>
        <location filename="../../desktop/google_status.py" line="143"/>
        <source>{0} change(s) waiting</source>
        <translation>변경 {0}건 대기 중</translation>
    </message>
    <message>
        <location filename="../../desktop/google_status.py" line="145"/>
        <source>{0} conflict(s) to resolve</source>
        <translation>충돌 {0}건 해결 필요</translation>
    </message>
    <message>
        <location filename="../../desktop/google_status.py" line="146"/>
        <location filename="../../desktop/google_status.py" line="169"/>
        <source>Google: {0}</source>
        <translation>Google: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/google_status.py" line="146"/>
        <source>connected</source>
        <translation>연결됨</translation>
    </message>
    <message>
        <location filename="../../desktop/google_status.py" line="162"/>
        <source>Google: waiting for the browser…</source>
        <translation>Google: 브라우저 기다리는 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/google_status.py" line="165"/>
        <source>If the browser did not open, visit: {0}</source>
        <translation>브라우저가 열리지 않으면 이 주소로 가세요: {0}</translation>
    </message>
</context>
<context>
    <name>History</name>
    <message>
        <location filename="../../desktop/history_text.py" line="19"/>
        <source>add {0}</source>
        <translation>{0} 추가</translation>
    </message>
    <message>
        <location filename="../../desktop/history_text.py" line="20"/>
        <source>edit {0}</source>
        <translation>{0} 수정</translation>
    </message>
    <message>
        <location filename="../../desktop/history_text.py" line="21"/>
        <source>delete {0}</source>
        <translation>{0} 삭제</translation>
    </message>
    <message>
        <location filename="../../desktop/history_text.py" line="22"/>
        <source>move {0}</source>
        <translation>{0} 이동</translation>
    </message>
    <message>
        <location filename="../../desktop/history_text.py" line="23"/>
        <source>conflict resolution for {0}</source>
        <translation>{0} 충돌 해결</translation>
    </message>
    <message>
        <location filename="../../desktop/history_text.py" line="24"/>
        <source>import of {0}</source>
        <translation>{0} 가져오기</translation>
    </message>
    <message>
        <location filename="../../desktop/history_text.py" line="25"/>
        <source>calendar {0}</source>
        <translation>캘린더 {0} 변경</translation>
    </message>
    <message>
        <location filename="../../desktop/history_text.py" line="27"/>
        <source>change of {0}</source>
        <translation>{0} 변경</translation>
    </message>
    <message>
        <location filename="../../desktop/history_text.py" line="14"/>
        <source>{0} events</source>
        <translation>일정 {0}개</translation>
    </message>
    <message>
        <location filename="../../desktop/history_text.py" line="16"/>
        <source>“{0}”</source>
        <translation>&apos;{0}&apos;</translation>
    </message>
</context>
<context>
    <name>ImageBubble</name>
    <message>
        <location filename="../../desktop/image_bubble.py" line="33"/>
        <source>Image: {0}</source>
        <translation>이미지: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="43"/>
        <source>Thumbnail</source>
        <translation>미리 보기</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="49"/>
        <source>Waiting…</source>
        <translation>기다리는 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="57"/>
        <source>Reading progress</source>
        <translation>읽는 중</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="59"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="61"/>
        <source>Cancel reading {0}</source>
        <translation>{0} 읽기 취소</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="99"/>
        <source>Reading the image…</source>
        <translation>이미지를 읽는 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="103"/>
        <source>Read: no event found</source>
        <translation>읽음: 일정을 찾지 못했어요</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="105"/>
        <source>Read: 1 event found</source>
        <translation>읽음: 일정 1개</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="107"/>
        <source>Read: {0} events found</source>
        <translation>읽음: 일정 {0}개</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="111"/>
        <source>Not read</source>
        <translation>읽지 못함</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="114"/>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="117"/>
        <source>Cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
</context>
<context>
    <name>ImageIntake</name>
    <message>
        <location filename="../../desktop/image_intake.py" line="118"/>
        <source>Paste image</source>
        <translation>이미지 붙여넣기</translation>
    </message>
    <message>
        <location filename="../../desktop/image_intake.py" line="180"/>
        <source>The clipboard holds no image. Copy a screenshot or an image first.</source>
        <translation>클립보드에 이미지가 없어요. 먼저 스크린샷이나 이미지를 복사하세요.</translation>
    </message>
    <message>
        <location filename="../../desktop/image_intake.py" line="261"/>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/image_intake.py" line="263"/>
        <source>{0} could not be read: an unexpected error (details in the log).</source>
        <translation>{0}을(를) 읽지 못했어요: 예상하지 못한 오류예요 (자세한 내용은 로그에 있어요).</translation>
    </message>
    <message>
        <location filename="../../desktop/image_intake.py" line="272"/>
        <source>Reading {0} was cancelled; nothing was saved.</source>
        <translation>{0} 읽기를 취소했어요. 아무것도 저장하지 않았어요.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="283"/>
        <source>iljeong 일정</source>
        <extracomment>The menu bar: attribute names of actions (&quot;-&quot; a separator, &quot;views&quot; the four views). Names that do not exist (yet) are skipped, so actions other parts add appear once they exist.</extracomment>
        <translation>일정 iljeong</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="284"/>
        <source>iljeong main window</source>
        <translation>일정 주 창</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="285"/>
        <source>Calendar</source>
        <translation>캘린더</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="286"/>
        <location filename="../../desktop/main_window.py" line="287"/>
        <source>Navigation</source>
        <translation>탐색</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="290"/>
        <source>Today</source>
        <translation>오늘</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="290"/>
        <source>Go to today</source>
        <translation>오늘로 이동</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="291"/>
        <source>Previous</source>
        <translation>이전</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="291"/>
        <source>Previous period</source>
        <translation>이전 기간</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="292"/>
        <source>Next</source>
        <translation>다음</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="294"/>
        <source>Find events</source>
        <translation>일정 찾기</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="294"/>
        <source>Search the agenda</source>
        <translation>일정 목록에서 찾기</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="299"/>
        <source>Write to the assistant</source>
        <translation>도우미에게 말하기</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="300"/>
        <source>Sync now</source>
        <translation>지금 동기화</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="300"/>
        <source>Sync and reload now</source>
        <translation>지금 동기화하고 새로 고침</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="301"/>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="302"/>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="304"/>
        <location filename="../../desktop/main_window.py" line="392"/>
        <source>Settings…</source>
        <translation>설정…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="308"/>
        <source>Paste image</source>
        <translation>이미지 붙여넣기</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="309"/>
        <source>Read the image on the clipboard</source>
        <translation>클립보드 이미지 읽기</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="312"/>
        <source>&amp;File</source>
        <translation>파일(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="313"/>
        <source>&amp;Edit</source>
        <translation>편집(&amp;E)</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="314"/>
        <source>&amp;View</source>
        <translation>보기(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="315"/>
        <source>&amp;Go</source>
        <translation>이동(&amp;G)</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="316"/>
        <source>&amp;Help</source>
        <translation>도움말(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="357"/>
        <source>Syncing…</source>
        <translation>동기화 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="288"/>
        <source>Period</source>
        <translation>기간</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="292"/>
        <source>Next period</source>
        <translation>다음 기간</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="293"/>
        <source>Go to date…</source>
        <translation>날짜로 이동…</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="295"/>
        <source>Month</source>
        <translation>월</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="295"/>
        <source>Week</source>
        <translation>주</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="295"/>
        <source>Day</source>
        <translation>일</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="295"/>
        <source>Agenda</source>
        <translation>일정 목록</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="297"/>
        <source>{0} view</source>
        <translation>{0} 보기</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="298"/>
        <source>New event</source>
        <translation>새 일정</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="299"/>
        <source>Chat</source>
        <translation>대화</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="500"/>
        <source>Undo</source>
        <translation>되돌리기</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="500"/>
        <source>Undo {0}</source>
        <translation>되돌리기: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="501"/>
        <source>Redo</source>
        <translation>다시 실행</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="501"/>
        <source>Redo {0}</source>
        <translation>다시 실행: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="530"/>
        <source>Redone: {0}</source>
        <translation>다시 실행함: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="530"/>
        <source>Undone: {0}</source>
        <translation>되돌림: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="546"/>
        <source>Something went wrong: {0} (details in the log)</source>
        <translation>문제가 생겼습니다: {0} (자세한 내용은 로그에 있습니다)</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="627"/>
        <source>Move only this event, or all events of the series?</source>
        <translation>이 일정만 옮길까요, 반복 일정 전체를 옮길까요?</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="636"/>
        <source>Cannot move the event</source>
        <translation>일정을 옮길 수 없습니다</translation>
    </message>
</context>
<context>
    <name>MonthView</name>
    <message>
        <location filename="../../desktop/views/month.py" line="71"/>
        <source>Month view</source>
        <translation>월 보기</translation>
    </message>
    <message>
        <location filename="../../desktop/views/month.py" line="73"/>
        <source>Arrow keys or Page Up/Down change the month; double-click adds an event</source>
        <translation>화살표 키나 Page Up/Down으로 달을 바꾸고, 두 번 클릭하면 일정을 추가해요</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/month.py" line="257"/>
        <source>+%n more</source>
        <translation>
            <numerusform>+%n개 더</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProposalCard</name>
    <message>
        <location filename="../../desktop/chat_pane.py" line="139"/>
        <source>Proposal</source>
        <translation>제안</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="144"/>
        <source>New event</source>
        <translation>새 일정</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="145"/>
        <source>Change event</source>
        <translation>일정 변경</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="146"/>
        <source>Delete event</source>
        <translation>일정 삭제</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="159"/>
        <source>Warning: {0}</source>
        <translation>주의: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="165"/>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="165"/>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="169"/>
        <source>Same as typing “네” / “yes”</source>
        <translation>“네”라고 입력하는 것과 같습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="171"/>
        <location filename="../../desktop/chat_pane.py" line="173"/>
        <source>Edit</source>
        <translation>수정</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="174"/>
        <source>Say what to change in the message line</source>
        <translation>바꿀 내용을 메시지 입력란에 적어 주세요</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="176"/>
        <location filename="../../desktop/chat_pane.py" line="178"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
<context>
    <name>ReminderService</name>
    <message numerus="yes">
        <location filename="../../desktop/reminders.py" line="327"/>
        <source>Snooze %n min</source>
        <extracomment>&quot;Snooze&quot; on a notification shows it again this much later. A reminder was shown (by a notification or the fallback). The user clicked a notification: show this day.</extracomment>
        <translation>
            <numerusform>%n분 후 다시 알림</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../desktop/reminders.py" line="346"/>
        <source>All day, {0}</source>
        <translation>종일, {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/reminders.py" line="354"/>
        <source>{0}, now</source>
        <translation>{0}, 지금</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/reminders.py" line="356"/>
        <source>{0}, in %n minute(s)</source>
        <translation>
            <numerusform>{0}, %n분 후</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SettingsDialog</name>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="67"/>
        <location filename="../../desktop/settings_dialog.py" line="68"/>
        <source>Settings</source>
        <translation>설정</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="73"/>
        <source>Settings sections</source>
        <translation>설정 항목</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="89"/>
        <source>Settings error</source>
        <translation>설정 오류</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="135"/>
        <source>General</source>
        <translation>일반</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="138"/>
        <location filename="../../desktop/settings_dialog.py" line="144"/>
        <source>Follow the system</source>
        <translation>시스템 설정 따르기</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="141"/>
        <source>Language</source>
        <translation>언어</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="145"/>
        <source>Light</source>
        <translation>밝게</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="146"/>
        <source>Dark</source>
        <translation>어둡게</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="150"/>
        <source>Theme</source>
        <translation>테마</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="161"/>
        <source>Time zone</source>
        <translation>시간대</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="166"/>
        <source> min</source>
        <translation>분</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="168"/>
        <source>Default event length</source>
        <translation>기본 일정 길이</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="173"/>
        <source>The default calendar</source>
        <translation>기본 캘린더</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="176"/>
        <source>New events go to</source>
        <translation>새 일정 저장 위치</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="187"/>
        <source>Calendars shown</source>
        <translation>표시할 캘린더</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="189"/>
        <source>Show reminders as notifications</source>
        <translation>알림을 데스크톱 알림으로 보이기</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="191"/>
        <source>Notifications</source>
        <translation>알림</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="194"/>
        <source> min before</source>
        <translation>분 전</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="196"/>
        <source>Default reminder</source>
        <translation>기본 알림</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="197"/>
        <source>Start minimized</source>
        <translation>최소화 상태로 시작</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="199"/>
        <source>On start</source>
        <translation>시작할 때</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="200"/>
        <source>Start when I log in</source>
        <translation>로그인할 때 시작</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="202"/>
        <source>At login</source>
        <translation>로그인 시</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="205"/>
        <source>Assistant</source>
        <translation>도우미</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="209"/>
        <source>Off (understand messages on this computer only)</source>
        <translation>끔 (이 컴퓨터에서만 메시지 이해)</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="210"/>
        <source>OpenAI</source>
        <translation>OpenAI</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="211"/>
        <source>OpenAI-compatible server (Ollama, llama.cpp …)</source>
        <translation>OpenAI 호환 서버 (Ollama, llama.cpp …)</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="215"/>
        <source>Language model</source>
        <translation>언어 모델</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="217"/>
        <source>What leaves this computer (assistant)</source>
        <translation>이 컴퓨터 밖으로 나가는 것 (도우미)</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="221"/>
        <location filename="../../desktop/settings_dialog.py" line="413"/>
        <source>Server URL</source>
        <translation>서버 URL</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="223"/>
        <source>Model</source>
        <translation>모델</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="225"/>
        <source>API key</source>
        <translation>API 키</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="235"/>
        <source>stored in the keyring; type to replace</source>
        <translation>키링에 저장됨. 바꾸려면 입력하세요</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="237"/>
        <source>kept in the system keyring, never in a file</source>
        <translation>파일이 아니라 시스템 키링에만 보관</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="243"/>
        <source>the server above</source>
        <translation>위 서버</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="245"/>
        <source>Nothing leaves this computer: messages are understood locally.</source>
        <translation>이 컴퓨터 밖으로 나가는 것은 없어요. 메시지는 이 컴퓨터에서 이해합니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="247"/>
        <source>When the local reading is unsure, the message text and today&apos;s date are sent to api.openai.com. Nothing else (no calendar, no images unless OpenAI vision is chosen under Images).</source>
        <translation>이 컴퓨터에서 읽은 결과가 불확실하면 메시지 글과 오늘 날짜를 api.openai.com에 보냅니다. 그 밖에는 보내지 않아요 (캘린더는 보내지 않고, 이미지는 이미지 항목에서 OpenAI vision을 고른 경우에만 보냅니다).</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="252"/>
        <source>When the local reading is unsure, the message text and today&apos;s date are sent to {0}. If that server runs on this computer, nothing leaves it.</source>
        <translation>이 컴퓨터에서 읽은 결과가 불확실하면 메시지 글과 오늘 날짜를 {0}에 보냅니다. 그 서버가 이 컴퓨터에서 돌아가면 밖으로 나가는 것은 없어요.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="263"/>
        <source>Images</source>
        <translation>이미지</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="267"/>
        <source>Tesseract on this computer</source>
        <translation>이 컴퓨터의 Tesseract</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="268"/>
        <source>Google Cloud Vision</source>
        <translation>Google Cloud Vision</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="269"/>
        <source>OpenAI vision (the assistant&apos;s server)</source>
        <translation>OpenAI vision (도우미 서버)</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="273"/>
        <source>Read images with</source>
        <translation>이미지 읽기 방식</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="275"/>
        <source>What leaves this computer (images)</source>
        <translation>이 컴퓨터 밖으로 나가는 것 (이미지)</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="278"/>
        <source>service-account JSON file</source>
        <translation>서비스 계정 JSON 파일</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="280"/>
        <source>Cloud Vision credentials</source>
        <translation>Cloud Vision 인증 정보</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="284"/>
        <source>Cloud Vision API key</source>
        <translation>Cloud Vision API 키</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="293"/>
        <source>the assistant&apos;s server</source>
        <translation>도우미 서버</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="298"/>
        <source>Nothing leaves this computer: images are read locally.</source>
        <translation>이 컴퓨터 밖으로 나가는 것은 없어요. 이미지는 이 컴퓨터에서 읽습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="300"/>
        <source>Each image you drop or paste is sent to Google Cloud Vision (vision.googleapis.com) to read its text.</source>
        <translation>끌어 놓거나 붙여 넣은 이미지는 글자를 읽기 위해 Google Cloud Vision (vision.googleapis.com)에 보냅니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="304"/>
        <source>Each image you drop or paste, with today&apos;s date, is sent to {0}.</source>
        <translation>끌어 놓거나 붙여 넣은 이미지는 오늘 날짜와 함께 {0}에 보냅니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="313"/>
        <source>Account</source>
        <translation>계정</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="316"/>
        <source>Google account</source>
        <translation>Google 계정</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="317"/>
        <source>Google</source>
        <translation>Google</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="323"/>
        <source>client_secret….json (type “Desktop app”)</source>
        <translation>client_secret….json (유형 “데스크톱 앱”)</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="324"/>
        <location filename="../../desktop/settings_dialog.py" line="373"/>
        <source>OAuth client file</source>
        <translation>OAuth 클라이언트 파일</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="326"/>
        <source>Browse…</source>
        <translation>찾아보기…</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="327"/>
        <source>Choose the OAuth client file</source>
        <translation>OAuth 클라이언트 파일 고르기</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="331"/>
        <source>OAuth client</source>
        <translation>OAuth 클라이언트</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="335"/>
        <source>Connect…</source>
        <translation>연결…</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="336"/>
        <source>Connect a Google account</source>
        <translation>Google 계정 연결</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="338"/>
        <source>Disconnect</source>
        <translation>연결 끊기</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="339"/>
        <source>Disconnect the Google account</source>
        <translation>Google 계정 연결 끊기</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="347"/>
        <source>Events sync with Google Calendar once connected; local events stay when you disconnect. The sign-in token is kept in the system keyring.</source>
        <translation>연결하면 일정이 Google 캘린더와 동기화됩니다. 연결을 끊어도 이 컴퓨터의 일정은 남아요. 로그인 토큰은 시스템 키링에 보관합니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="363"/>
        <source>Not connected</source>
        <translation>연결 안 됨</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="365"/>
        <source>{0}: reconnect needed</source>
        <translation>{0}: 다시 연결 필요</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="367"/>
        <source>Connected as {0}</source>
        <translation>{0}(으)로 연결됨</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="373"/>
        <source>JSON files (*.json)</source>
        <translation>JSON 파일 (*.json)</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="389"/>
        <source>Waiting for the browser…</source>
        <translation>브라우저 기다리는 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="392"/>
        <source>If the browser did not open, visit: {0}</source>
        <translation>브라우저가 열리지 않으면 이 주소로 가세요: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="384"/>
        <location filename="../../desktop/settings_dialog.py" line="397"/>
        <source>Google: {0}</source>
        <translation>Google: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="408"/>
        <source>Sync server</source>
        <translation>동기화 서버</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="416"/>
        <source>device token from iljeong-server create-token</source>
        <translation>iljeong-server create-token으로 만든 기기 토큰</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="417"/>
        <location filename="../../desktop/settings_dialog.py" line="418"/>
        <source>Device token</source>
        <translation>기기 토큰</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="421"/>
        <source>Your events, calendars and chat history are sent to this server to reach your other devices. The token is kept in the system keyring; the app syncs with the server from its next start.</source>
        <translation>일정, 캘린더, 대화 기록을 다른 기기에 전하려고 이 서버에 보냅니다. 토큰은 시스템 키링에 보관하고, 다음 시작부터 서버와 동기화합니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="431"/>
        <source>Hotkey</source>
        <translation>전역 단축키</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="434"/>
        <source>Capture the clipboard</source>
        <translation>클립보드 캡처</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="437"/>
        <source>Keys in angle brackets joined by +, e.g. &lt;ctrl&gt;+&lt;alt&gt;+i, or off. On Wayland an app cannot grab keys: bind the command &apos;iljeong capture&apos; in your desktop&apos;s keyboard settings instead.</source>
        <translation>꺾쇠괄호 안의 키를 +로 이어 쓰세요. 예: &lt;ctrl&gt;+&lt;alt&gt;+i, 끄려면 off. Wayland에서는 앱이 키를 잡을 수 없으니 데스크톱 키보드 설정에서 &apos;iljeong capture&apos; 명령을 연결하세요.</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="454"/>
        <source>Set by environment variables, which win over this form: {0}</source>
        <translation>환경 변수로 정해져 있어 이 설정보다 우선합니다: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/settings_dialog.py" line="508"/>
        <source>sync.server: the device token needs a server URL</source>
        <translation>sync.server: 기기 토큰을 쓰려면 서버 URL이 필요해요</translation>
    </message>
</context>
<context>
    <name>ShortcutsHelp</name>
    <message>
        <location filename="../../desktop/shortcuts_help.py" line="83"/>
        <source>Navigation</source>
        <extracomment>Groups of actions other parts add, by their attribute name on the window.</extracomment>
        <translation>이동</translation>
    </message>
    <message>
        <location filename="../../desktop/shortcuts_help.py" line="84"/>
        <source>Views</source>
        <translation>보기</translation>
    </message>
    <message>
        <location filename="../../desktop/shortcuts_help.py" line="85"/>
        <source>Events</source>
        <translation>일정</translation>
    </message>
    <message>
        <location filename="../../desktop/shortcuts_help.py" line="86"/>
        <source>Chat &amp; images</source>
        <translation>대화와 이미지</translation>
    </message>
    <message>
        <location filename="../../desktop/shortcuts_help.py" line="87"/>
        <source>App</source>
        <translation>앱</translation>
    </message>
    <message>
        <location filename="../../desktop/shortcuts_help.py" line="96"/>
        <source>Send the message</source>
        <translation>메시지 보내기</translation>
    </message>
    <message>
        <location filename="../../desktop/shortcuts_help.py" line="96"/>
        <source>Enter</source>
        <translation>Enter</translation>
    </message>
    <message>
        <location filename="../../desktop/shortcuts_help.py" line="97"/>
        <source>Paste an image or text in the chat</source>
        <translation>대화창에 이미지나 글 붙여넣기</translation>
    </message>
    <message>
        <location filename="../../desktop/shortcuts_help.py" line="100"/>
        <source>New event at a time or day</source>
        <translation>그 시간이나 날짜에 새 일정</translation>
    </message>
    <message>
        <location filename="../../desktop/shortcuts_help.py" line="100"/>
        <location filename="../../desktop/shortcuts_help.py" line="101"/>
        <source>Double-click</source>
        <translation>두 번 클릭</translation>
    </message>
    <message>
        <location filename="../../desktop/shortcuts_help.py" line="101"/>
        <source>Open an event</source>
        <translation>일정 열기</translation>
    </message>
    <message>
        <location filename="../../desktop/shortcuts_help.py" line="116"/>
        <location filename="../../desktop/shortcuts_help.py" line="117"/>
        <location filename="../../desktop/shortcuts_help.py" line="120"/>
        <source>Keyboard shortcuts</source>
        <translation>단축키</translation>
    </message>
    <message>
        <location filename="../../desktop/shortcuts_help.py" line="118"/>
        <source>Press these keys anywhere in the main window.</source>
        <translation>메인 창 어디에서나 쓸 수 있는 키예요.</translation>
    </message>
    <message>
        <location filename="../../desktop/shortcuts_help.py" line="119"/>
        <source>Action</source>
        <translation>동작</translation>
    </message>
    <message>
        <location filename="../../desktop/shortcuts_help.py" line="119"/>
        <source>Keys</source>
        <translation>키</translation>
    </message>
</context>
<context>
    <name>SyncStatusWidget</name>
    <message>
        <location filename="../../desktop/sync_status.py" line="67"/>
        <location filename="../../desktop/sync_status.py" line="84"/>
        <source>Sync status</source>
        <translation>동기화 상태</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="105"/>
        <source>Sync: this device only</source>
        <translation>동기화: 이 기기만</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="107"/>
        <source>Sync: starting…</source>
        <translation>동기화: 시작 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="109"/>
        <source>Sync: up to date</source>
        <translation>동기화: 최신</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="111"/>
        <source>Sync: failed</source>
        <translation>동기화: 실패</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="113"/>
        <source>{0} conflict(s) to settle</source>
        <translation>충돌 {0}건 해결 필요</translation>
    </message>
    <message>
        <location filename="../../desktop/sync_status.py" line="116"/>
        <source>Opens the conflicts to settle</source>
        <translation>해결할 충돌 열기</translation>
    </message>
</context>
<context>
    <name>TimeGridView</name>
    <message>
        <location filename="../../desktop/views/timegrid.py" line="85"/>
        <source>Week view</source>
        <translation>주 보기</translation>
    </message>
    <message>
        <location filename="../../desktop/views/timegrid.py" line="85"/>
        <source>Day view</source>
        <translation>일 보기</translation>
    </message>
    <message>
        <location filename="../../desktop/views/timegrid.py" line="87"/>
        <source>Double-click adds an event; drag an event to move it</source>
        <translation>두 번 클릭하면 일정 추가, 일정을 끌면 이동</translation>
    </message>
    <message>
        <location filename="../../desktop/views/timegrid.py" line="89"/>
        <source>All-day events</source>
        <translation>종일 일정</translation>
    </message>
    <message>
        <location filename="../../desktop/views/timegrid.py" line="90"/>
        <source>Time grid</source>
        <translation>시간표</translation>
    </message>
    <message>
        <location filename="../../desktop/views/timegrid.py" line="91"/>
        <source>Hours</source>
        <translation>시간</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <location filename="../../desktop/tray.py" line="80"/>
        <location filename="../../desktop/tray.py" line="149"/>
        <source>Show window</source>
        <translation>창 보이기</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="83"/>
        <source>New event</source>
        <translation>새 일정</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="88"/>
        <source>Settings…</source>
        <translation>설정…</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="92"/>
        <source>Quit</source>
        <translation>종료</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="137"/>
        <source>iljeong is still running</source>
        <translation>일정이 계속 실행 중이에요</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="138"/>
        <source>Reminders go on. Quit from the tray menu.</source>
        <translation>알림은 계속됩니다. 끝내려면 트레이 메뉴에서 종료하세요.</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="149"/>
        <source>Hide window</source>
        <translation>창 숨기기</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="193"/>
        <source>iljeong — nothing in the next 7 days</source>
        <translation>일정 — 앞으로 7일 동안 일정 없음</translation>
    </message>
    <message>
        <location filename="../../desktop/tray.py" line="199"/>
        <source>iljeong — next: {0} ({1})</source>
        <translation>일정 — 다음: {0} ({1})</translation>
    </message>
</context>
<context>
    <name>_Canvas</name>
    <message>
        <location filename="../../desktop/views/timegrid.py" line="308"/>
        <source>Time grid</source>
        <translation>시간표</translation>
    </message>
</context>
<context>
    <name>_Header</name>
    <message>
        <location filename="../../desktop/views/timegrid.py" line="217"/>
        <source>All-day events</source>
        <translation>종일 일정</translation>
    </message>
    <message>
        <location filename="../../desktop/views/timegrid.py" line="257"/>
        <source>all-day</source>
        <translation>종일</translation>
    </message>
</context>
<context>
    <name>box</name>
    <message>
        <location filename="../../desktop/edits.py" line="19"/>
        <source>Repeating event</source>
        <translation>반복 일정</translation>
    </message>
    <message>
        <location filename="../../desktop/edits.py" line="21"/>
        <source>This event only</source>
        <translation>이 일정만</translation>
    </message>
    <message>
        <location filename="../../desktop/edits.py" line="22"/>
        <source>All events</source>
        <translation>모든 일정</translation>
    </message>
</context>
</TS>
