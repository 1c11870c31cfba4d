"""F1 / Ctrl+/: every keyboard shortcut of the main window, grouped, read from the actions.

The sheet is built from the window's QActions each time it opens (``shortcut_actions``),
so actions added by any part of the app appear with their own text and shortcuts, written
the way the platform writes them (``QKeySequence.NativeText``). A few keys that are not
actions (Enter in the chat, Ctrl+V with an image) are listed as well.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

GROUPS = ("navigation", "views", "events", "chat", "app")
#: Groups of actions other parts add, by their attribute name on the window.
GROUP_BY_NAME = {
    "undo_action": "events",
    "redo_action": "events",
    "settings_action": "app",
    "delete_action": "events",
    "find_action": "navigation",
}


def group_of(window: object, action: QAction) -> str:
    group = action.property("helpGroup")
    if isinstance(group, str) and group in GROUPS:
        return group
    for name, value in vars(window).items():
        if value is action and name in GROUP_BY_NAME:
            return GROUP_BY_NAME[name]
    return "app"


def action_label(action: QAction) -> str:
    """The action's text as a person reads it: no mnemonic ampersand."""
    text = action.text().replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text or action.iconText() or action.toolTip()


def keys_text(action: QAction) -> str:
    fmt = QKeySequence.SequenceFormat.NativeText
    return ", ".join(k.toString(fmt) for k in action.shortcuts() if not k.isEmpty())


class ShortcutsHelp(QDialog):
    """The help sheet: group → (what, keys)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.main_window = window
        self.resize(640, 600)
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.tree = QTreeWidget(self)
        self.tree.setColumnCount(2)
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.header().setStretchLastSection(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.tree, 1)
        layout.addWidget(buttons)
        self.rows: dict[str, list[tuple[str, str]]] = {}
        self.retranslate()

    def group_titles(self) -> dict[str, str]:
        return {
            "navigation": self.tr("Navigation"),
            "views": self.tr("Views"),
            "events": self.tr("Events"),
            "chat": self.tr("Chat & images"),
            "app": self.tr("App"),
        }

    def extra_rows(self) -> dict[str, list[tuple[str, str]]]:
        """Keys that work without being window actions."""
        native = QKeySequence.SequenceFormat.NativeText
        paste = QKeySequence(QKeySequence.StandardKey.Paste).toString(native)
        return {
            "chat": [
                (self.tr("Send the message"), self.tr("Enter")),
                (self.tr("Paste an image or text in the chat"), paste),
            ],
            "events": [
                (self.tr("New event at a time or day"), self.tr("Double-click")),
                (self.tr("Open an event"), self.tr("Double-click")),
            ],
        }

    def collect(self) -> dict[str, list[tuple[str, str]]]:
        rows: dict[str, list[tuple[str, str]]] = {g: [] for g in GROUPS}
        window = self.main_window
        actions = window.shortcut_actions() if hasattr(window, "shortcut_actions") else []
        for action in actions:
            rows[group_of(window, action)].append((action_label(action), keys_text(action)))
        for group, extra in self.extra_rows().items():
            rows[group].extend(extra)
        return rows

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        self.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.intro.setText(self.tr("Press these keys anywhere in the main window."))
        self.tree.setHeaderLabels([self.tr("Action"), self.tr("Keys")])
        self.tree.setAccessibleName(self.tr("Keyboard shortcuts"))
        self.rows = self.collect()
        self.tree.clear()
        bold = self.tree.font()
        bold.setBold(True)
        for group, title in self.group_titles().items():
            if not self.rows[group]:
                continue
            head = QTreeWidgetItem(self.tree, [title, ""])
            head.setFont(0, bold)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            head.setFirstColumnSpanned(True)
            for label, keys in self.rows[group]:
                item = QTreeWidgetItem(self.tree, [label, keys])
                item.setData(0, Qt.ItemDataRole.AccessibleTextRole, f"{label}: {keys}")
        self.tree.expandAll()

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def all_keys(self) -> list[str]:
        """Every key text listed (tests)."""
        return [keys for rows in self.rows.values() for _label, keys in rows]
