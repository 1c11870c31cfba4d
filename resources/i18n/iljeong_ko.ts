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
    <name>ChatPane</name>
    <message>
        <location filename="../../desktop/side_panes.py" line="24"/>
        <location filename="../../desktop/side_panes.py" line="25"/>
        <source>Chat</source>
        <translation>대화</translation>
    </message>
    <message>
        <location filename="../../desktop/side_panes.py" line="29"/>
        <source>Creating events by chat comes in a later version. For now, create and edit events in the calendar on the left.</source>
        <translation>대화로 일정을 만드는 기능은 다음 버전에서 제공됩니다. 지금은 왼쪽 달력에서 일정을 만들고 고칠 수 있습니다.</translation>
    </message>
    <message>
        <location filename="../../desktop/side_panes.py" line="38"/>
        <source>Chat message</source>
        <translation>대화 메시지</translation>
    </message>
    <message>
        <location filename="../../desktop/side_panes.py" line="39"/>
        <source>Chat is coming in a later version</source>
        <translation>대화 기능은 다음 버전에서 제공됩니다</translation>
    </message>
    <message>
        <location filename="../../desktop/side_panes.py" line="41"/>
        <source>Send</source>
        <translation>보내기</translation>
    </message>
</context>
<context>
    <name>DropArea</name>
    <message>
        <location filename="../../desktop/side_panes.py" line="58"/>
        <source>Image drop area</source>
        <translation>이미지 놓기 영역</translation>
    </message>
    <message>
        <location filename="../../desktop/side_panes.py" line="62"/>
        <source>Image drop
Reading events from screenshots and invitations comes in a later version.</source>
        <translation>이미지 놓기
캡처·초대장 이미지에서 일정을 읽는 기능은 다음 버전에서 제공됩니다.</translation>
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
        <location filename="../../desktop/main_window.py" line="131"/>
        <location filename="../../desktop/main_window.py" line="132"/>
        <source>Navigation</source>
        <translation>탐색</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="139"/>
        <location filename="../../desktop/main_window.py" line="151"/>
        <source>Today</source>
        <translation>오늘</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="143"/>
        <location filename="../../desktop/main_window.py" line="152"/>
        <source>Previous</source>
        <translation>이전</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="147"/>
        <location filename="../../desktop/main_window.py" line="153"/>
        <source>Next</source>
        <translation>다음</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="160"/>
        <source>Period</source>
        <translation>기간</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="168"/>
        <source>Month</source>
        <translation>월</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="168"/>
        <source>Week</source>
        <translation>주</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="168"/>
        <source>Day</source>
        <translation>일</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="168"/>
        <source>Agenda</source>
        <translation>일정 목록</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="182"/>
        <location filename="../../desktop/main_window.py" line="189"/>
        <source>New event</source>
        <translation>새 일정</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="184"/>
        <source>New event (Ctrl+N)</source>
        <translation>새 일정 (Ctrl+N)</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="246"/>
        <source>Something went wrong: {0} (details in the log)</source>
        <translation>문제가 생겼습니다: {0} (자세한 내용은 로그에 있습니다)</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="305"/>
        <source>Move only this event, or all events of the series?</source>
        <translation>이 일정만 옮길까요, 반복 일정 전체를 옮길까요?</translation>
    </message>
    <message>
        <location filename="../../desktop/main_window.py" line="313"/>
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
        <location filename="../../desktop/views/month.py" line="245"/>
        <source>+%n more</source>
        <translation>
            <numerusform>+%n개 더</numerusform>
        </translation>
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
