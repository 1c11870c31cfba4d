"""iljeong core: everything that is not UI. Never imports Qt."""

__version__ = "0.1.0"
