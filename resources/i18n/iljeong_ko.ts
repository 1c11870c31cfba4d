<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ko_KR">
<context>
    <name>AgendaView</name>
    <message>
        <location filename="../../desktop/views/agenda.py" line="128"/>
        <source>Agenda view</source>
        <translation>일정 목록 보기</translation>
    </message>
    <message>
        <location filename="../../desktop/views/agenda.py" line="131"/>
        <source>Upcoming events</source>
        <translation>다가오는 일정</translation>
    </message>
    <message>
        <location filename="../../desktop/views/agenda.py" line="173"/>
        <source>All day</source>
        <translation>종일</translation>
    </message>
</context>
<context>
    <name>Bubble</name>
    <message>
        <location filename="../../desktop/chat_pane.py" line="136"/>
        <source>You: {0}</source>
        <translation>나: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="138"/>
        <source>Assistant: {0}</source>
        <translation>도우미: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="141"/>
        <source>via language model</source>
        <translation>언어 모델 사용</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="143"/>
        <source>This answer used the configured language model.</source>
        <translation>이 답은 설정된 언어 모델을 사용했습니다.</translation>
    </message>
</context>
<context>
    <name>ChatPane</name>
    <message>
        <location filename="../../desktop/chat_pane.py" line="338"/>
        <location filename="../../desktop/chat_pane.py" line="345"/>
        <source>Chat</source>
        <extracomment>(text, now, ParseResult) from the understanding thread (LLM configured)</extracomment>
        <translation>대화</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="348"/>
        <source>Undo</source>
        <translation>되돌리기</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="349"/>
        <source>Undo the last chat change</source>
        <translation>대화로 한 마지막 변경 되돌리기</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="350"/>
        <source>Undo the last change made in the chat (Ctrl+Z)</source>
        <translation>대화로 한 마지막 변경을 되돌립니다 (Ctrl+Z)</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="358"/>
        <source>Messages</source>
        <translation>메시지</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="360"/>
        <source>e.g. 내일 오후 3시 팀 미팅</source>
        <translation>예: 내일 오후 3시 팀 미팅</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="437"/>
        <source>Thinking…</source>
        <translation>생각 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="474"/>
        <source>What should change? e.g. 4시로, 장소는 강남역</source>
        <translation>무엇을 바꿀까요? 예: 4시로, 장소는 강남역</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="362"/>
        <source>Chat message</source>
        <translation>대화 메시지</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="367"/>
        <location filename="../../desktop/chat_pane.py" line="368"/>
        <source>Send</source>
        <translation>보내기</translation>
    </message>
</context>
<context>
    <name>ChoiceButtons</name>
    <message>
        <location filename="../../desktop/chat_pane.py" line="240"/>
        <source>Choices</source>
        <translation>선택지</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="248"/>
        <source>Choose {0}</source>
        <translation>{0}번 선택</translation>
    </message>
</context>
<context>
    <name>DropArea</name>
    <message>
        <location filename="../../desktop/side_panes.py" line="29"/>
        <source>Image drop area</source>
        <translation>이미지 놓기 영역</translation>
    </message>
    <message>
        <location filename="../../desktop/side_panes.py" line="31"/>
        <source>Drop or paste a screenshot anywhere in the window, or press to choose files</source>
        <translation>창 어디에나 스크린샷을 끌어 놓거나 붙여 넣으세요. 누르면 파일을 고를 수 있어요</translation>
    </message>
    <message>
        <location filename="../../desktop/side_panes.py" line="36"/>
        <source>Ctrl+V in the chat pastes an image; Ctrl+Shift+V reads the clipboard image</source>
        <translation>채팅에서 Ctrl+V로 이미지를 붙여 넣고, Ctrl+Shift+V로 클립보드 이미지를 읽어요</translation>
    </message>
    <message>
        <location filename="../../desktop/side_panes.py" line="39"/>
        <source>Drop or paste a screenshot
or click to choose image files</source>
        <translation>스크린샷을 끌어 놓거나 붙여 넣으세요
클릭하면 이미지 파일을 고를 수 있어요</translation>
    </message>
    <message>
        <location filename="../../desktop/side_panes.py" line="52"/>
        <source>Choose screenshots or images</source>
        <translation>스크린샷 또는 이미지 고르기</translation>
    </message>
    <message>
        <location filename="../../desktop/side_panes.py" line="54"/>
        <source>Images (*.png *.jpg *.jpeg *.webp *.bmp *.gif);;All files (*)</source>
        <translation>이미지 (*.png *.jpg *.jpeg *.webp *.bmp *.gif);;모든 파일 (*)</translation>
    </message>
</context>
<context>
    <name>EventDialog</name>
    <message>
        <location filename="../../desktop/event_dialog.py" line="86"/>
        <source>Edit event</source>
        <translation>일정 수정</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="86"/>
        <source>New event</source>
        <translation>새 일정</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="91"/>
        <location filename="../../desktop/event_dialog.py" line="168"/>
        <source>Title</source>
        <translation>제목</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="92"/>
        <source>Title, e.g. 팀 미팅</source>
        <translation>제목 (예: 팀 미팅)</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="93"/>
        <source>All day</source>
        <translation>종일</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="99"/>
        <source>Start date</source>
        <translation>시작 날짜</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="99"/>
        <source>End date</source>
        <translation>종료 날짜</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="104"/>
        <source>Start time</source>
        <translation>시작 시각</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="104"/>
        <source>End time</source>
        <translation>종료 시각</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="115"/>
        <location filename="../../desktop/event_dialog.py" line="172"/>
        <source>Time zone</source>
        <translation>시간대</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="117"/>
        <location filename="../../desktop/event_dialog.py" line="173"/>
        <source>Location</source>
        <translation>장소</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="119"/>
        <location filename="../../desktop/event_dialog.py" line="174"/>
        <source>Description</source>
        <translation>설명</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="122"/>
        <location filename="../../desktop/event_dialog.py" line="175"/>
        <source>Repeat</source>
        <translation>반복</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="124"/>
        <source>Does not repeat</source>
        <translation>반복 안 함</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="124"/>
        <source>Daily</source>
        <translation>매일</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="124"/>
        <source>Weekly</source>
        <translation>매주</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="124"/>
        <source>Monthly</source>
        <translation>매월</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="124"/>
        <source>Yearly</source>
        <translation>매년</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="129"/>
        <location filename="../../desktop/event_dialog.py" line="176"/>
        <source>Calendar</source>
        <translation>캘린더</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="134"/>
        <location filename="../../desktop/event_dialog.py" line="177"/>
        <source>Reminder</source>
        <translation>알림</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="136"/>
        <source>No reminder</source>
        <translation>알림 없음</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="136"/>
        <source>At start</source>
        <translation>시작 시</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="136"/>
        <source>10 minutes before</source>
        <translation>10분 전</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="137"/>
        <source>30 minutes before</source>
        <translation>30분 전</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="137"/>
        <source>1 hour before</source>
        <translation>1시간 전</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="137"/>
        <source>1 day before</source>
        <translation>1일 전</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="142"/>
        <source>Error</source>
        <translation>오류</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="151"/>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="157"/>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="170"/>
        <source>Start</source>
        <translation>시작</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="171"/>
        <source>End</source>
        <translation>종료</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="239"/>
        <source>Custom: %1</source>
        <translation>사용자 지정: %1</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="245"/>
        <source>Calendar default</source>
        <translation>캘린더 기본값</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="258"/>
        <source>%1 min</source>
        <translation>%1분</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="334"/>
        <source>Change only this event, or all events of the series?</source>
        <translation>이 일정만 바꿀까요, 반복 일정 전체를 바꿀까요?</translation>
    </message>
    <message>
        <location filename="../../desktop/event_dialog.py" line="347"/>
        <source>Delete only this event, or all events of the series?</source>
        <translation>이 일정만 삭제할까요, 반복 일정 전체를 삭제할까요?</translation>
    </message>
</context>
<context>
    <name>ImageBubble</name>
    <message>
        <location filename="../../desktop/image_bubble.py" line="46"/>
        <source>Image: {0}</source>
        <translation>이미지: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="56"/>
        <source>Thumbnail</source>
        <translation>미리 보기</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="62"/>
        <source>Waiting…</source>
        <translation>기다리는 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="70"/>
        <source>Reading progress</source>
        <translation>읽는 중</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="72"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="74"/>
        <source>Cancel reading {0}</source>
        <translation>{0} 읽기 취소</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="112"/>
        <source>Reading the image…</source>
        <translation>이미지를 읽는 중…</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="116"/>
        <source>Read: no event found</source>
        <translation>읽음: 일정을 찾지 못했어요</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="118"/>
        <source>Read: 1 event found</source>
        <translation>읽음: 일정 1개</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="120"/>
        <source>Read: {0} events found</source>
        <translation>읽음: 일정 {0}개</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="124"/>
        <source>Not read</source>
        <translation>읽지 못함</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="127"/>
        <source>Cancelled</source>
        <translation>취소됨</translation>
    </message>
    <message>
        <location filename="../../desktop/image_bubble.py" line="130"/>
        <source>Cancelling…</source>
        <translation>취소하는 중…</translation>
    </message>
</context>
<context>
    <name>ImageIntake</name>
    <message>
        <location filename="../../desktop/image_intake.py" line="174"/>
        <source>The clipboard holds no image. Copy a screenshot or an image first.</source>
        <translation>클립보드에 이미지가 없어요. 먼저 스크린샷이나 이미지를 복사하세요.</translation>
    </message>
    <message>
        <location filename="../../desktop/image_intake.py" line="243"/>
        <source>{0}: {1}</source>
        <translation>{0}: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/image_intake.py" line="245"/>
        <source>{0} could not be read: an unexpected error (details in the log).</source>
        <translation>{0}을(를) 읽지 못했어요: 예상하지 못한 오류예요 (자세한 내용은 로그에 있어요).</translation>
    </message>
    <message>
        <location filename="../../desktop/image_intake.py" line="254"/>
        <source>Reading {0} was cancelled; nothing was saved.</source>
        <translation>{0} 읽기를 취소했어요. 아무것도 저장하지 않았어요.</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/main_window.py" line="74"/>
        <source>iljeong 일정</source>
        <translation>일정 iljeong</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="75"/>
        <source>iljeong main window</source>
        <translation>일정 주 창</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="86"/>
        <source>Calendar</source>
        <translation>캘린더</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="138"/>
        <location filename="../../desktop/main_window.py" line="139"/>
        <source>Navigation</source>
        <translation>탐색</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="146"/>
        <location filename="../../desktop/main_window.py" line="158"/>
        <source>Today</source>
        <translation>오늘</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="150"/>
        <location filename="../../desktop/main_window.py" line="159"/>
        <source>Previous</source>
        <translation>이전</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="154"/>
        <location filename="../../desktop/main_window.py" line="160"/>
        <source>Next</source>
        <translation>다음</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="167"/>
        <source>Period</source>
        <translation>기간</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="175"/>
        <source>Month</source>
        <translation>월</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="175"/>
        <source>Week</source>
        <translation>주</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="175"/>
        <source>Day</source>
        <translation>일</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="175"/>
        <source>Agenda</source>
        <translation>일정 목록</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="189"/>
        <location filename="../../desktop/main_window.py" line="196"/>
        <source>New event</source>
        <translation>새 일정</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="191"/>
        <source>New event (Ctrl+N)</source>
        <translation>새 일정 (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="198"/>
        <source>Chat</source>
        <translation>대화</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="200"/>
        <source>Write to the assistant (Ctrl+L)</source>
        <translation>도우미에게 쓰기 (Ctrl+L)</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="264"/>
        <source>Something went wrong: {0} (details in the log)</source>
        <translation>문제가 생겼습니다: {0} (자세한 내용은 로그에 있습니다)</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="325"/>
        <source>Move only this event, or all events of the series?</source>
        <translation>이 일정만 옮길까요, 반복 일정 전체를 옮길까요?</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="333"/>
        <source>Cannot move the event</source>
        <translation>일정을 옮길 수 없습니다</translation>
    </message>
</context>
<context>
    <name>MonthView</name>
    <message>
        <location filename="../../desktop/views/month.py" line="53"/>
        <source>Month view</source>
        <translation>월 보기</translation>
    </message>
    <message numerus="yes">
        <location filename="../../desktop/views/month.py" line="249"/>
        <source>+%n more</source>
        <translation>
            <numerusform>+%n개 더</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ProposalCard</name>
    <message>
        <location filename="../../desktop/chat_pane.py" line="163"/>
        <source>Proposal</source>
        <translation>제안</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="168"/>
        <source>New event</source>
        <translation>새 일정</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="169"/>
        <source>Change event</source>
        <translation>일정 변경</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="170"/>
        <source>Delete event</source>
        <translation>일정 삭제</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="183"/>
        <source>Warning: {0}</source>
        <translation>주의: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="189"/>
        <source>Delete</source>
        <translation>삭제</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="189"/>
        <source>Save</source>
        <translation>저장</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="193"/>
        <source>Same as typing “네” / “yes”</source>
        <translation>“네”라고 입력하는 것과 같습니다</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="195"/>
        <location filename="../../desktop/chat_pane.py" line="197"/>
        <source>Edit</source>
        <translation>수정</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="198"/>
        <source>Say what to change in the message line</source>
        <translation>바꿀 내용을 메시지 입력란에 적어 주세요</translation>
    </message>
    <message>
        <location filename="../../desktop/chat_pane.py" line="200"/>
        <location filename="../../desktop/chat_pane.py" line="202"/>
        <source>Cancel</source>
        <translation>취소</translation>
    </message>
</context>
<context>
    <name>TimeGridView</name>
    <message>
        <location filename="../../desktop/views/timegrid.py" line="60"/>
        <source>Week view</source>
        <translation>주 보기</translation>
    </message>
    <message>
        <location filename="../../desktop/views/timegrid.py" line="60"/>
        <source>Day view</source>
        <translation>일 보기</translation>
    </message>
</context>
<context>
    <name>_Canvas</name>
    <message>
        <location filename="../../desktop/views/timegrid.py" line="293"/>
        <source>Time grid</source>
        <translation>시간표</translation>
    </message>
</context>
<context>
    <name>_Header</name>
    <message>
        <location filename="../../desktop/views/timegrid.py" line="205"/>
        <source>All-day events</source>
        <translation>종일 일정</translation>
    </message>
    <message>
        <location filename="../../desktop/views/timegrid.py" line="242"/>
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
