"""PySide6 user interface of iljeong. Only presentation: every decision is made in ``core``."""
