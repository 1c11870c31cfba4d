"""`iljeong-server`: the central sync service's command line.

The service itself (FastAPI on PostgreSQL) is a later milestone; until it lands this
entry point says so plainly instead of pretending to serve.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from core import __version__


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="iljeong-server", description="iljeong central sync service (PostgreSQL)"
    )
    parser.add_argument("--version", action="version", version=f"iljeong-server {__version__}")
    parser.parse_args(argv)
    print(
        "iljeong-server: the central sync service is not part of this version yet; "
        "the desktop app works fully on its local store",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main())
