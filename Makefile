# iljeong — every target creates .venv itself.
#   make run     the desktop app on the embedded defaults (SQLite, offline, no account)
#   make test    system packages (as root on Debian), lint, the whole suite offscreen
#   make bench   performance figures (tests/bench)
#   make package PyInstaller one-dir (dist/iljeong) + .deb (dist/*.deb), smoke-tested
SHELL := /bin/bash
.DEFAULT_GOAL := run

# Prefer Python 3.13/3.12 (PySide6 6.12 leaks None refs on 3.11, see DESIGN.md); pyenv
# versions are searched too because their shims are not on PATH here.
PYTHON ?= $(shell for v in 3.13 3.12 3.11; do \
	  for p in $$(command -v python$$v) $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/$$v*/bin/python$$v 2>/dev/null | sort -V -r); do \
	    if "$$p" -c 'import sys, venv' >/dev/null 2>&1; then echo "$$p"; exit 0; fi; \
	  done; \
	done; echo python3)

VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PACKAGE_STAMP := $(VENV)/.installed-package

.PHONY: run test lint unit bench package soak screenshot translations system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,hotkey]'
	touch $(STAMP)

$(PACKAGE_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[dev,hotkey,package]'
	touch $(STAMP) $(PACKAGE_STAMP)

run: $(STAMP)
	$(BIN)/iljeong

system-deps:
	bash packaging/system-deps.sh
	bash packaging/postgres.sh

lint: $(STAMP)
	$(BIN)/ruff check core desktop tests
	$(BIN)/mypy

unit: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -q

test: system-deps $(STAMP) lint unit

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python tests/bench/bench_views.py
	$(BIN)/python tests/bench/bench_nlu.py
	$(BIN)/python tests/bench/bench_images.py
	$(BIN)/python tests/bench/bench_google.py
	$(BIN)/python tests/bench/bench_service.py
	$(BIN)/python tests/bench/bench_startup.py

# Builds dist/iljeong and the .deb, then packaging/smoke.sh (install/remove when root).
package: $(PACKAGE_STAMP)
	QT_QPA_PLATFORM=offscreen ILJEONG_PACKAGE_TESTS=1 $(BIN)/pytest -q -s -p no:cacheprovider \
	  tests/packaging/test_package_smoke.py

# make soak: the model test's long profile (SOAK_MINUTES=N, default 10); last line
# "steps: N, faults: M, violations: V", exit 1 on a violation.
soak: $(STAMP)
	$(BIN)/python -m tests.model.soak

# Qt translations: new/changed tr() texts from desktop/ into the Korean .ts (translate the
# entries marked unfinished there, e.g. in pyside6-linguist), then the compiled .qm.
translations: $(STAMP)
	$(BIN)/pyside6-lupdate -no-obsolete $(sort $(wildcard desktop/*.py desktop/views/*.py)) \
	  -ts resources/i18n/iljeong_ko.ts
	$(BIN)/pyside6-lrelease resources/i18n/iljeong_ko.ts -qm resources/i18n/iljeong_ko.qm

screenshot: export QT_QPA_PLATFORM = offscreen
screenshot: $(STAMP)
	$(BIN)/python -m desktop.screenshot resources/screenshots/main-window.png
	$(BIN)/python -m desktop.screenshot resources/screenshots/week-view.png --view week
	$(BIN)/python -m desktop.screenshot resources/screenshots/week-view-dark.png --view week --theme dark
	$(BIN)/python -m desktop.screenshot resources/screenshots/main-window-en.png --language en
	$(BIN)/python -m desktop.screenshot resources/screenshots/settings.png --dialog settings
	$(BIN)/python -m desktop.screenshot resources/screenshots/shortcuts.png --dialog shortcuts

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
