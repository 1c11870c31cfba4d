"""The chat bubble of an image the user gave: thumbnail, name, progress, Cancel."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from desktop import theme
from desktop.image_jobs import THUMB_SIZE


class ImageBubble(QFrame):
    """Shows one queued image: its thumbnail, what is happening, and Cancel while it runs."""

    cancel_clicked = Signal()

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageBubble")
        self.setStyleSheet(theme.image_bubble_style())
        self.setProperty("state", "waiting")
        self.setAccessibleName(self.tr("Image: {0}").format(name))
        self.name = name

        self.thumb = QLabel(self)
        self.thumb.setObjectName("imageThumb")
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumb.setFixedSize(THUMB_SIZE.width() // 2, THUMB_SIZE.height() // 2)
        self._placeholder = self.style().standardIcon(QStyle.StandardPixmap.SP_FileIcon)
        self.thumb.setPixmap(self._placeholder.pixmap(32, 32))
        self._has_thumbnail = False
        self.thumb.setAccessibleName(self.tr("Thumbnail"))

        self.name_label = QLabel(name, self)
        self.name_label.setObjectName("imageName")
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        self.name_label.setWordWrap(True)
        self.status = QLabel(self.tr("Waiting…"), self)
        self.status.setObjectName("imageStatus")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setObjectName("imageProgress")
        self.progress.setRange(0, 0)  # busy: the core gives no percentages
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(self.tr("Reading progress"))
        self.progress.setVisible(False)  # shown while the image is being read
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setObjectName("imageCancel")
        self.cancel_button.setAccessibleName(self.tr("Cancel reading {0}").format(name))
        self.cancel_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.cancel_button.clicked.connect(self.cancel_clicked)

        side = QVBoxLayout()
        side.setSpacing(3)
        side.addWidget(self.name_label)
        side.addWidget(self.status)
        side.addWidget(self.progress)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)
        side.addLayout(buttons)
        side.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 8, 10, 8)
        layout.setSpacing(8)
        layout.addWidget(self.thumb, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(side, 1)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)

    @property
    def state(self) -> str:
        return str(self.property("state"))

    def set_thumbnail(self, image: QImage) -> None:
        box = self.thumb.size()
        pixmap = QPixmap.fromImage(image).scaled(
            box, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.thumb.setPixmap(pixmap)
        self._has_thumbnail = True

    @property
    def has_thumbnail(self) -> bool:
        return self._has_thumbnail

    def set_reading(self) -> None:
        self._set_state("reading", self.tr("Reading the image…"), running=True)

    def set_done(self, events: int) -> None:
        if events == 0:
            text = self.tr("Read: no event found")
        elif events == 1:
            text = self.tr("Read: 1 event found")
        else:
            text = self.tr("Read: {0} events found").format(events)
        self._set_state("done", text, running=False)

    def set_failed(self) -> None:
        self._set_state("failed", self.tr("Not read"), running=False)

    def set_cancelled(self) -> None:
        self._set_state("cancelled", self.tr("Cancelled"), running=False)

    def set_cancelling(self) -> None:
        self.status.setText(self.tr("Cancelling…"))
        self.cancel_button.setEnabled(False)

    def _set_state(self, state: str, text: str, *, running: bool) -> None:
        self.setProperty("state", state)
        self.style().unpolish(self)
        self.style().polish(self)
        self.status.setText(text)
        self.progress.setVisible(running)
        self.cancel_button.setVisible(running)
        self.cancel_button.setEnabled(running)
