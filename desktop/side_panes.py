"""The image drop area under the chat: says where images go and opens a file chooser.

Drops are taken by the whole window (``desktop.image_intake``), so this strip is the visible
hint and the click-to-choose entrance; what the files become is the intake's job.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent
from PySide6.QtWidgets import QFileDialog, QFrame, QLabel, QSizePolicy, QVBoxLayout, QWidget

# Shows the file chooser and returns the chosen paths (tests replace it).
ChooseFiles = Callable[["DropArea"], list[Path]]


class DropArea(QFrame):
    """“Drop or paste a screenshot”: a click (or Enter/Space) chooses image files."""

    files_chosen = Signal(list)  # list[Path]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choose_files: ChooseFiles = DropArea._file_dialog
        self.setObjectName("dropArea")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setObjectName("dropNotice")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.label)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.retranslate()

    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Image drop area"))
        self.setAccessibleDescription(
            self.tr("Drop or paste a screenshot anywhere in the window, or press to choose files")
        )
        self.setToolTip(
            self.tr("Ctrl+V in the chat pastes an image; Ctrl+Shift+V reads the clipboard image")
        )
        self.label.setText(self.tr("Drop or paste a screenshot\nor click to choose image files"))

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _file_dialog(self) -> list[Path]:
        names, _filter = QFileDialog.getOpenFileNames(
            self,
            self.tr("Choose screenshots or images"),
            "",
            self.tr("Images (*.png *.jpg *.jpeg *.webp *.bmp *.gif);;All files (*)"),
        )
        return [Path(name) for name in names]

    def choose(self) -> list[Path]:
        paths = self.choose_files(self)
        if paths:
            self.files_chosen.emit(paths)
        return paths

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        if event.button() == Qt.MouseButton.LeftButton and self.rect().contains(
            event.position().toPoint()
        ):
            self.choose()
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.choose()
            return
        super().keyPressEvent(event)
