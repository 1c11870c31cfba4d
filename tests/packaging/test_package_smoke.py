"""Build the PyInstaller bundle and the .deb, then smoke-test both (packaging/smoke.sh).

About 4.5 minutes on the 2-core CI machine (build ~150 s, .deb ~70 s, smoke ~45 s), far
over the one minute a test in ``make test`` may cost, so it runs only under
``make package`` (which sets ILJEONG_PACKAGE_TESTS=1); see ARCHITECTURE.md "Build and CI".
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("ILJEONG_PACKAGE_TESTS") != "1",
        reason="builds the package (minutes): run by `make package`",
    ),
    pytest.mark.timeout(1800),
]


def run(*command: str) -> str:
    proc = subprocess.run(
        command,
        cwd=ROOT,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=1500,
        check=False,
    )
    assert proc.returncode == 0, f"{' '.join(command)}:\n{proc.stdout}\n{proc.stderr}"
    for line in proc.stdout.splitlines():  # the scripts' figures, shown by `make package`
        if line.startswith(("build:", "deb:", "smoke:")):
            print(line)
    return proc.stdout


def test_build_deb_and_smoke() -> None:
    if shutil.which("dpkg-deb") is None:
        pytest.skip("dpkg-deb is not installed (not Debian)")
    built = run("bash", "packaging/build.sh", sys.executable)
    assert "build: dist/iljeong in" in built
    assert os.access(ROOT / "dist" / "iljeong" / "iljeong", os.X_OK)
    deb = Path(run("bash", "packaging/deb.sh").strip().splitlines()[-1])
    assert deb.name.startswith("iljeong_") and deb.suffix == ".deb"
    info = run("dpkg-deb", "--info", str(ROOT / deb))
    assert "Package: iljeong" in info and "libxcb-cursor0" in info
    contents = run("dpkg-deb", "--contents", str(ROOT / deb))
    for path in (
        "./opt/iljeong/iljeong",
        "./usr/bin/iljeong -> /opt/iljeong/iljeong",
        "./usr/share/applications/iljeong.desktop",
        "./usr/share/icons/hicolor/256x256/apps/iljeong.png",
        "./usr/share/icons/hicolor/scalable/apps/iljeong.svg",
        "./opt/iljeong/_internal/migrations/local/versions/0001_initial.py",
        "./opt/iljeong/_internal/resources/i18n/iljeong_ko.qm",
    ):
        assert path in contents, path
    smoke = run("bash", "packaging/smoke.sh", str(deb))
    assert "smoke: onedir --selftest ok" in smoke
    assert "smoke: onedir CLI chat → save → list ok" in smoke
    if shutil.which("xvfb-run"):
        assert "smoke: onedir --selftest under Xvfb (xcb) ok" in smoke
    if os.geteuid() == 0:
        assert "removed cleanly" in smoke
        assert not Path("/opt/iljeong").exists()
