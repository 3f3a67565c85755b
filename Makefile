# The README's two commands: `make run` and `make test`. Both do all set-up on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
QM := resources/translations/zhengtong_en.qm
DEMO_PROFILE ?= .demo-client

# Debian packages Qt needs to start (offscreen or on a desktop) and a CJK font to render Chinese.
APT_RUNTIME := libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 \
	libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 \
	fonts-wqy-microhei fonts-arphic-uming fonts-arphic-ukai

PACKAGE_STAMP := $(VENV)/.installed-package
# PyInstaller's work files stay out of build/ (which holds the spec files).
DIST := dist
BUNDLE := $(DIST)/zhengtong/zhengtong

.PHONY: run test setup sysdeps lint typecheck pytest translations i18n-update screenshots bench clean \
	dist deb package-test

# --demo starts a local demo server (data in .demo-server/, 127.0.0.1, a free port) and stops it on quit.
run: setup
	$(PY) main.py --profile $(DEMO_PROFILE) --demo

test: setup lint typecheck pytest

setup: sysdeps $(STAMP) $(QM)

sysdeps:
	@missing=$$(for p in $(APT_RUNTIME); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
			echo "installing system packages: $$missing"; \
			apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
		else \
			echo "Qt needs these Debian packages; run:"; \
			echo "  sudo apt-get install -y $$missing"; \
			exit 1; \
		fi; \
	fi

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Python 3.11 or newer is required"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

# Chinese is the source language; the English translation is compiled from its .ts source.
$(QM): resources/translations/zhengtong_en.ts $(STAMP)
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

translations: $(QM)

# Refresh the .ts source from the tr() strings in ui/ (then translate the new entries).
i18n-update: $(STAMP)
	$(VENV)/bin/pyside6-lupdate -no-obsolete $$(git ls-files 'ui/*.py') -ts resources/translations/zhengtong_en.ts

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

pytest: $(STAMP) $(QM)
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(PY) -m ui.screenshots docs/screenshots

# Benchmarks (not part of `make test`): start-up, sync A -> server -> B, no-op syncs per second,
# and a simulated township link. PostgreSQL figures need its binaries (tests/postgres_server.py).
bench: setup
	QT_QPA_PLATFORM=offscreen $(PY) bench/startup.py
	$(PY) bench/sync.py 10000
	$(PY) bench/sync.py 50000
	$(PY) bench/server_load.py --db $$($(PY) -c 'from tests.postgres_server import unavailable_reason as r; print("sqlite" if r() else "postgres,sqlite")')
	$(PY) bench/township_link.py 1000

# The client bundle (onedir) in dist/zhengtong, and the .deb for UOS / Kylin / Debian built from it.
$(PACKAGE_STAMP): $(STAMP)
	$(PY) -m pip install -q -e '.[dev,package]'
	touch $@

dist: setup $(PACKAGE_STAMP)
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN --workpath .build-work/pyinstaller \
		--distpath $(DIST) build/zhengtong.spec

deb: dist
	$(PY) build/deb.py --dist $(DIST)/zhengtong --out $(DIST)

# Builds the bundle and the .deb (and a next version with a new migration), installs them on this
# machine (root or sudo), runs the self-test and the installed app, upgrades, removes.
package-test: setup $(PACKAGE_STAMP)
	ZT_PACKAGE_TEST=1 QT_QPA_PLATFORM=offscreen $(VENV)/bin/pytest -q -s tests/package

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache $(QM) .build-work $(DIST)
