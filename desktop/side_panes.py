"""The image drop area: in place, and honest that it comes later (the chat is chat_pane.py).

Nothing here pretends to read an image.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget


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
