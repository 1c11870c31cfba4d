"""A Google Calendar API v3 emulator plus Google's OAuth endpoints, on 127.0.0.1.

Driven by the real google-api-python-client (see ``client.py`` for building one)::

    fake = FakeGoogle(seed=0).start()
    fake.add_account("user@example.com")
    ...
    fake.stop()

What it reproduces and what it leaves out: ``README.md`` beside this file.
"""

from .errors import ApiError
from .server import FakeGoogle, Faults, Request
from .state import Account

__all__ = ["Account", "ApiError", "FakeGoogle", "Faults", "Request"]
