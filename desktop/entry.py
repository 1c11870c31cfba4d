"""Console-script entry point ``iljeong``: the CLI, which opens the app when asked.

Qt is imported only when the window is really wanted, so ``iljeong add …`` and the other
subcommands start fast and work without a display.
"""

from __future__ import annotations

import sys
from pathlib import Path


def launch_app(data_dir: Path) -> int:
    from desktop.app import run_app

    return run_app(data_dir)


def main() -> None:
    if "--selftest" in sys.argv[1:]:  # the installation check (desktop/selftest.py)
        from desktop.selftest import main as selftest_main

        sys.exit(selftest_main(sys.argv[1:]))
    if sys.argv[1:2] == ["capture"]:  # needs the clipboard, so it lives in desktop/
        from desktop.capture import main as capture_main

        sys.exit(capture_main(sys.argv[2:]))
    from core.cli import main as cli_main

    sys.exit(cli_main(sys.argv[1:], launch_app=launch_app))


if __name__ == "__main__":
    main()
