"""The chat pane: messages, the pending proposal's card, the input line and Undo.

Everything the chat understands, proposes, saves and undoes is ``core.assistant``'s job;
this module only shows replies and forwards the user's words and buttons to it:
Save = ``confirm()``, Cancel = ``cancel()``, Undo = ``undo()``, everything typed (also "네"
and choice numbers) = ``handle(text)``. History comes from ``Assistant.history()``, so a
restart shows the same conversation.

The assistant runs on the UI thread: the offline engine answers in milliseconds.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime, tzinfo

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from core.assistant import Assistant, Proposal, Reply, Target
from core.assistant import text as assistant_text
from core.assistant.dialog import MAX_TEXT
from core.errors import IljeongError
from core.model import ChatTurn
from core.timeutil import Clock, utc_now
from desktop import theme

HISTORY_LIMIT = 200
BUBBLE_SHARE = 0.82  # of the message list's width



def _local_day(value: date | datetime, zone: tzinfo) -> date:
    if isinstance(value, datetime):
        return value.astimezone(zone).date()
    return value


def _shown(text: str) -> str:
    """A message as the assistant keeps it (it stores at most MAX_TEXT characters)."""
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


class _WrapLabel(QLabel):
    """A word-wrapped label as wide as its longest line, up to its parent's maximum width.

    QLabel's own hint for wrapped text is a guess that wraps short messages early.
    """

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        parent = self.parentWidget()
        limit = 16_777_215
        layout = parent.layout() if parent is not None else None
        if parent is not None and layout is not None:
            margins = layout.contentsMargins()
            limit = parent.maximumWidth() - margins.left() - margins.right()
        metrics = self.fontMetrics()
        natural = max(
            (metrics.horizontalAdvance(line) for line in self.text().split("\n")), default=0
        )
        width = max(40, min(natural + 4, limit))
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        return QSize(40, super().minimumSizeHint().height())


class Bubble(QFrame):
    """One message: user bubbles on the right, the assistant's on the left."""

    def __init__(
        self,
        text: str,
        role: str,
        *,
        path: str = "rules",
        error: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.role = role
        self.path = path
        self.setObjectName("userBubble" if role == "user" else "assistantBubble")
        self.setProperty("error", error)
        self.label = _WrapLabel(text, self)
        self.label.setObjectName("bubbleText")
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.label.setCursor(Qt.CursorShape.IBeamCursor)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.setSpacing(2)
        layout.addWidget(self.label)
        if role == "user":
            self.setAccessibleName(self.tr("You: {0}").format(text[:200]))
        else:
            self.setAccessibleName(self.tr("Assistant: {0}").format(text[:200]))
        self.meta: QLabel | None = None
        if path == "llm":
            self.meta = QLabel(self.tr("via language model"), self)
            self.meta.setObjectName("bubbleMeta")
            self.meta.setToolTip(self.tr("This answer used the configured language model."))
            layout.addWidget(self.meta)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    @property
    def text(self) -> str:
        return self.label.text()


class ProposalCard(QFrame):
    """The pending proposal: what would be saved, warnings, and Save / Edit / Cancel."""

    save_clicked = Signal()
    edit_clicked = Signal()
    cancel_clicked = Signal()

    def __init__(self, proposal: Proposal, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.proposal = proposal
        self.setObjectName("proposalCard")
        self.setAccessibleName(self.tr("Proposal"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        heading = {
            "create": self.tr("New event"),
            "update": self.tr("Change event"),
            "delete": self.tr("Delete event"),
        }[proposal.kind]
        self.heading = QLabel(heading, self)
        self.heading.setObjectName("cardHeading")
        layout.addWidget(self.heading)
        self.line_labels: list[QLabel] = []
        for number, line in enumerate(lines):
            label = self._label(line, "cardTitle" if number == 0 else "cardLine")
            layout.addWidget(label)
            self.line_labels.append(label)
        self.warning_labels: list[QLabel] = []
        for warning in proposal.warnings:
            label = self._label(f"⚠ {warning}", "cardWarning")
            label.setAccessibleName(self.tr("Warning: {0}").format(warning))
            layout.addWidget(label)
            self.warning_labels.append(label)

        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        save_text = self.tr("Delete") if proposal.kind == "delete" else self.tr("Save")
        self.save_button = QPushButton(save_text, self)
        self.save_button.setObjectName("cardSave")
        self.save_button.setAccessibleName(save_text)
        self.save_button.setToolTip(self.tr("Same as typing “네” / “yes”"))
        self.save_button.setEnabled(proposal.complete)
        self.edit_button = QPushButton(self.tr("Edit"), self)
        self.edit_button.setObjectName("cardEdit")
        self.edit_button.setAccessibleName(self.tr("Edit"))
        self.edit_button.setToolTip(self.tr("Say what to change in the message line"))
        self.edit_button.setVisible(proposal.kind != "delete")
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("cardCancel")
        self.cancel_button.setAccessibleName(self.tr("Cancel"))
        for button in (self.save_button, self.edit_button, self.cancel_button):
            button.setCursor(Qt.CursorShape.PointingHandCursor)
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.save_button.clicked.connect(self.save_clicked)
        self.edit_button.clicked.connect(self.edit_clicked)
        self.cancel_button.clicked.connect(self.cancel_clicked)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    def _label(self, text: str, name: str) -> QLabel:
        label = QLabel(text, self)
        label.setObjectName(name)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def lines(self) -> list[str]:
        return [label.text() for label in self.line_labels]

    def warnings(self) -> list[str]:
        return [label.text() for label in self.warning_labels]

    def set_enabled(self, enabled: bool) -> None:
        self.save_button.setEnabled(enabled and self.proposal.complete)
        self.edit_button.setEnabled(enabled)
        self.cancel_button.setEnabled(enabled)


class ChoiceButtons(QFrame):
    """Numbered buttons for an ambiguous target; a click sends the number."""

    chosen = Signal(int)

    def __init__(self, labels: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Choices"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        self.buttons: list[QPushButton] = []
        for number, label in enumerate(labels, start=1):
            button = QPushButton(f"{number}. {label}", self)
            button.setObjectName("choiceButton")
            button.setAccessibleName(self.tr("Choose {0}").format(number))
            button.clicked.connect(lambda _checked=False, n=number: self.chosen.emit(n))
            layout.addWidget(button)
            self.buttons.append(button)


class _MessageList(QScrollArea):
    """A scroll area of message rows that keeps the newest one in sight."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatMessages")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.inner = QWidget(self)
        self.inner.setObjectName("chatMessagesInner")
        self.rows = QVBoxLayout(self.inner)
        self.rows.setContentsMargins(4, 4, 4, 4)
        self.rows.setSpacing(6)
        self.rows.addStretch(1)
        self.setWidget(self.inner)
        self.contents: dict[QWidget, QWidget] = {}  # row -> the bubble/card in it
        self._follow = True
        bar = self.verticalScrollBar()
        bar.rangeChanged.connect(self._range_changed)
        bar.sliderMoved.connect(self._user_scrolled)
        bar.actionTriggered.connect(lambda _action: self._user_scrolled(bar.sliderPosition()))

    def add_row(self, widget: QWidget, align: Qt.AlignmentFlag, *, fill: bool = False) -> QWidget:
        """A row with ``widget`` at the right or left, as wide as it wants (``fill``: as wide
        as a bubble may be)."""
        row = QWidget(self.inner)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        if align == Qt.AlignmentFlag.AlignRight:
            layout.addStretch(1)
            layout.addWidget(widget)
        else:
            layout.addWidget(widget, 1 if fill else 0)
            layout.addStretch(0 if fill else 1)
        _limit_width(widget, self.bubble_width())
        self.rows.insertWidget(self.rows.count() - 1, row)
        row.show()  # now, not when the layout gets round to it
        self.contents[row] = widget
        self._follow = True
        return row

    def remove_row(self, row: QWidget) -> None:
        self.contents.pop(row, None)
        self.rows.removeWidget(row)
        row.hide()
        row.deleteLater()

    def bubble_width(self) -> int:
        return max(160, int(self.viewport().width() * BUBBLE_SHARE))

    def _range_changed(self, _low: int, high: int) -> None:
        if self._follow:  # new rows (or a resize) while the newest row was in sight
            self.verticalScrollBar().setValue(high)

    def _user_scrolled(self, value: int) -> None:
        self._follow = value >= self.verticalScrollBar().maximum() - 4

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        super().resizeEvent(event)
        width = self.bubble_width()
        for widget in self.contents.values():
            _limit_width(widget, width)


class ChatPane(QFrame):
    """The chat: message list, pending proposal card, input line, Send and Undo.

    ``now`` is the clock handed to the assistant (tests pass a fixed one). The pane emits
    ``date_requested`` with the local day of the first event a reply saved or changed, so
    the window can show it.
    """

    date_requested = Signal(object)  # date
    #: (text, now, ParseResult) from the understanding thread (LLM configured)
    _understood = Signal(object)

    def __init__(
        self, assistant: Assistant, now: Clock = utc_now, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.assistant = assistant
        self.now: Callable[[], datetime] = now
        self.setObjectName("chatPane")
        self.setStyleSheet(theme.chat_style())
        self.bubbles: list[Bubble] = []
        self.cards: list[ProposalCard] = []  # one per waiting proposal (an image may give several)
        self._card_rows: list[QWidget] = []
        self.choices: ChoiceButtons | None = None

        self.title_label = title = QLabel(self)
        title.setObjectName("paneTitle")
        self.undo_button = QToolButton(self)
        self.undo_button.clicked.connect(self.undo)
        header = QHBoxLayout()
        header.addWidget(title)
        header.addStretch(1)
        header.addWidget(self.undo_button)

        self.messages = _MessageList(self)

        self.default_hint = ""
        self.input = QLineEdit(self)
        self.input.setClearButtonEnabled(True)
        self.input.returnPressed.connect(self.send_input)
        self.input.installEventFilter(self)
        self.send_button = QPushButton(self)
        self.send_button.clicked.connect(self.send_input)
        self._understood.connect(self._answer_understood)
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addWidget(self.send_button)

        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.messages, 1)
        layout.addLayout(row)

        # Ctrl+Z is the window's Undo action (the store's one history; with the pane focused
        # it calls ``undo`` here); in the input line it undoes typing first (eventFilter).
        self.retranslate()

        self.load_history()

    def retranslate(self) -> None:
        """The pane's own texts in the current language (messages keep theirs)."""
        self.setAccessibleName(self.tr("Chat"))
        self.title_label.setText(self.tr("Chat"))
        self.undo_button.setText(self.tr("Undo"))
        self.undo_button.setAccessibleName(self.tr("Undo the last change"))
        self.undo_button.setToolTip(
            self.tr("Undo the last change, made here or anywhere else (Ctrl+Z)")
        )
        self.messages.setAccessibleName(self.tr("Messages"))
        showing_default = self.input.placeholderText() in ("", self.default_hint)
        self.default_hint = self.tr("e.g. 내일 오후 3시 팀 미팅")
        if showing_default:
            self.input.setPlaceholderText(self.default_hint)
        self.input.setAccessibleName(self.tr("Chat message"))
        self.input.setAccessibleDescription(
            self.tr("Write an event or a question; Enter sends. Ctrl+V pastes an image.")
        )
        self.input.setToolTip(self.tr("Write to the assistant (Ctrl+L)"))
        self.send_button.setText(self.tr("Send"))
        self.send_button.setAccessibleName(self.tr("Send"))
        self.send_button.setToolTip(self.tr("Send the message (Enter)"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- history ---------------------------------------------------------------------------

    def load_history(self) -> None:
        """Show the stored conversation and the proposal still waiting, if any."""
        try:
            turns = self.assistant.history(HISTORY_LIMIT)
            pending = self.assistant.pending_all()
            can_undo = self.assistant.can_undo()
        except IljeongError as exc:
            self._add_bubble(str(exc), "assistant", error=True)
            return
        path = "rules"
        for turn in turns:
            if turn.role == "user":
                path = _path_of(turn)
                self._add_bubble(turn.text, "user")
            else:
                self._add_bubble(turn.text, "assistant", path=path)
                path = "rules"
        if pending:
            self._show_cards(pending)
        self.undo_button.setEnabled(can_undo)

    # -- actions ---------------------------------------------------------------------------

    def focus_input(self) -> None:
        self.input.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.input.selectAll()

    def send_input(self) -> None:
        text = self.input.text()
        if not text.strip():
            return
        self.input.setText("")  # also clears the line's own undo history
        self.input.setPlaceholderText(self.default_hint)
        self.send(text)

    def send(self, text: str) -> Reply | None:
        """Show ``text`` as the user's message and answer it.

        With an LLM configured, understanding may take seconds: it runs on a worker thread
        and the answer arrives later (``None`` is returned); the window stays responsive."""
        if not text.strip():
            return None
        self._add_bubble(_shown(text), "user")
        moment = self.now()
        if not self.assistant.may_be_slow:
            return self._run(lambda: self.assistant.handle(text, now=moment))
        self.input.setEnabled(False)
        self.send_button.setEnabled(False)
        self.input.setPlaceholderText(self.tr("Thinking…"))
        worker = threading.Thread(
            target=lambda: self._understood.emit(
                (text, moment, self.assistant.understand(text, now=moment))
            ),
            name="iljeong-understand",
            daemon=True,
        )
        worker.start()
        return None

    def _answer_understood(self, payload: tuple[str, datetime, object]) -> None:
        text, moment, understood = payload
        self.input.setEnabled(True)
        self.send_button.setEnabled(True)
        self.input.setPlaceholderText(self.default_hint)
        self.input.setFocus()
        self._run(
            lambda: self.assistant.handle(text, now=moment, understood=understood)  # type: ignore[arg-type]
        )

    @property
    def card(self) -> ProposalCard | None:
        """The first waiting proposal's card (the one "네" confirms)."""
        return self.cards[0] if self.cards else None

    def save(self, proposal_id: str | None = None) -> Reply | None:
        return self._run(lambda: self.assistant.confirm(proposal_id=proposal_id, now=self.now()))

    def cancel(self, proposal_id: str | None = None) -> Reply | None:
        return self._run(lambda: self.assistant.cancel(proposal_id=proposal_id, now=self.now()))

    def undo(self) -> Reply | None:
        return self._run(lambda: self.assistant.undo(now=self.now()))

    def edit(self) -> None:
        """Edit = say the change: the assistant edits its proposal from a message."""
        self.input.setPlaceholderText(self.tr("What should change? e.g. 4시로, 장소는 강남역"))
        self.focus_input()

    def choose(self, number: int) -> Reply | None:
        return self.send(str(number))

    def _undo_if_possible(self) -> None:
        if self.undo_button.isEnabled():
            self.undo()

    def _run(self, call: Callable[[], Reply]) -> Reply | None:
        try:
            reply = call()
        except IljeongError as exc:  # the store refused (locked, corrupt …): say so, keep going
            self._add_bubble(str(exc), "assistant", error=True)
            return None
        self._show_reply(reply)
        return reply

    # -- showing replies -------------------------------------------------------------------

    def _show_reply(self, reply: Reply) -> None:
        self._disable_choices()
        self._add_bubble(reply.text, "assistant", path=reply.path, error=reply.error)
        pending = self.assistant.pending_all()
        if not pending:
            self._drop_cards()
        elif reply.proposal is not None or [c.proposal for c in self.cards] != pending:
            self._show_cards(pending)  # under this reply
        if reply.choices:
            self._show_choices(reply.choices, reply)
        self.undo_button.setEnabled(reply.can_undo)
        changed = reply.saved_event_ids or reply.updated_event_ids
        if changed:
            day = self._day_of(changed[0])
            if day is not None:
                self.date_requested.emit(day)

    def _day_of(self, event_id: str) -> date | None:
        event = self.assistant.store.find_event(event_id)
        if event is None:
            return None
        return _local_day(event.start, self.assistant.zone)

    def _add_bubble(
        self, text: str, role: str, *, path: str = "rules", error: bool = False
    ) -> Bubble:
        bubble = Bubble(text, role, path=path, error=error, parent=self.messages.inner)
        align = Qt.AlignmentFlag.AlignRight if role == "user" else Qt.AlignmentFlag.AlignLeft
        self.messages.add_row(bubble, align)
        self.bubbles.append(bubble)
        return bubble

    def _show_cards(self, proposals: list[Proposal]) -> None:
        self._drop_cards()
        today = self.now().astimezone(self.assistant.zone).date()
        for proposal in proposals:
            lines = assistant_text.card_lines(proposal, self.assistant.zone, today)
            card = ProposalCard(proposal, lines, self.messages.inner)
            card.save_clicked.connect(lambda pid=proposal.id: self.save(pid))
            card.edit_clicked.connect(self.edit)
            card.cancel_clicked.connect(lambda pid=proposal.id: self.cancel(pid))
            self._card_rows.append(
                self.messages.add_row(card, Qt.AlignmentFlag.AlignLeft, fill=True)
            )
            self.cards.append(card)

    def _drop_cards(self) -> None:
        for row in self._card_rows:
            self.messages.remove_row(row)
        self._card_rows = []
        self.cards = []

    # -- hooks for the image intake (desktop/image_intake.py) -----------------------------

    def add_image_row(self, widget: QWidget) -> None:
        """An image the user gave, shown on the user's side."""
        self.messages.add_row(widget, Qt.AlignmentFlag.AlignRight)

    def show_reply(self, reply: Reply) -> None:
        self._show_reply(reply)

    def show_error(self, text: str) -> None:
        self._add_bubble(text, "assistant", error=True)

    def _show_choices(self, targets: tuple[Target, ...], reply: Reply) -> None:
        zone = self.assistant.zone
        today = self.now().astimezone(zone).date()
        labels = [
            f"{t.title} · {assistant_text.target_when(t, reply.language, zone, today)}"
            for t in targets
        ]
        choices = ChoiceButtons(labels, self.messages.inner)
        choices.chosen.connect(self.choose)
        self.messages.add_row(choices, Qt.AlignmentFlag.AlignLeft, fill=True)
        self.choices = choices

    def _disable_choices(self) -> None:
        if self.choices is not None:
            self.choices.setEnabled(False)
            self.choices = None

    # -- keys ------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Ctrl+Z in an input line with nothing of its own to undo undoes the last chat change."""
        if (
            watched is self.input
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.matches(QKeySequence.StandardKey.Undo)
            and not self.input.isUndoAvailable()
        ):
            self._undo_if_possible()
            return True
        return super().eventFilter(watched, event)


def _limit_width(widget: QWidget, width: int) -> None:
    if widget.maximumWidth() == width:
        return
    widget.setMaximumWidth(width)
    for label in widget.findChildren(_WrapLabel):
        label.updateGeometry()  # its size hint depends on the limit


def _path_of(turn: ChatTurn) -> str:
    """Which path understood a stored user message ("rules" or "llm")."""
    intent = turn.intent or {}
    return "llm" if intent.get("path") == "llm" else "rules"
