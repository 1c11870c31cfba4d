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
    from core.cli import main as cli_main

    sys.exit(cli_main(sys.argv[1:], launch_app=launch_app))


if __name__ == "__main__":
    main()
