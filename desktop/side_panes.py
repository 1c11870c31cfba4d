"""The chat pane and the image drop area: in place, and honest that they come later.

Nothing here answers or pretends to read an image; the input is disabled and says so.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ChatPane(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("chatPane")
        self.setAccessibleName(self.tr("Chat"))
        title = QLabel(self.tr("Chat"), self)
        title.setObjectName("paneTitle")
        self.notice = QLabel(
            self.tr(
                "Creating events by chat comes in a later version. "
                "For now, create and edit events in the calendar on the left."
            ),
            self,
        )
        self.notice.setWordWrap(True)
        self.notice.setObjectName("paneNotice")
        self.notice.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.input = QLineEdit(self)
        self.input.setAccessibleName(self.tr("Chat message"))
        self.input.setPlaceholderText(self.tr("Chat is coming in a later version"))
        self.input.setEnabled(False)
        self.send_button = QPushButton(self.tr("Send"), self)
        self.send_button.setEnabled(False)
        row = QHBoxLayout()
        row.addWidget(self.input, 1)
        row.addWidget(self.send_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.notice, 1)
        layout.addLayout(row)


class DropArea(QFrame):
    """Where screenshots of invitations will be dropped; drops are not accepted yet."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dropArea")
        self.setAccessibleName(self.tr("Image drop area"))
        self.setAcceptDrops(False)
        self.setMinimumHeight(120)
        self.label = QLabel(
            self.tr("Image drop\nReading events from screenshots and invitations comes in a later version."),
            self,
        )
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setObjectName("dropNotice")
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
