# Consortium: `make help` lists what is here.
SHELL := /bin/bash
.DEFAULT_GOAL := help

UV_VERSION := 0.13.9
UV := .uv/bin/uv
PY := .venv/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
export UV_PROJECT_ENVIRONMENT := .venv

.PHONY: help install makemessages messages run test test-serial test-unit lint format check services system-deps bench bench-rooms bench-pages bench-reading bench-opinion-map bench-search bench-reports clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

$(UV):
	python3 -m venv .uv
	.uv/bin/pip install --quiet uv==$(UV_VERSION)

install: $(UV) ## Install the locked dependencies into .venv
	$(UV) sync --frozen --quiet
	@mkdir -p var

makemessages: install ## Extract new strings into the .po files (site-wide and per app)
	$(MANAGE) makemessages -l ja --no-obsolete --ignore=.venv --ignore=.uv --ignore=var \
		--ignore=members --ignore=notifications --ignore=dialogue --ignore=listening --ignore=cms --ignore=tests --ignore=bench
	for app in members notifications dialogue listening cms; do (cd $$app && ../$(PY) ../manage.py makemessages -l ja --no-obsolete); done
	for app in members dialogue cms; do (cd $$app && ../$(PY) ../manage.py makemessages -d djangojs -l ja --no-obsolete); done

messages: install ## Compile the translations (.po -> .mo)
	@command -v msgfmt >/dev/null || ./.ci/apt-install gettext
	$(MANAGE) compilemessages --ignore=.venv --ignore=.uv -v0

run: messages ## Install, migrate, load demo data if the database is empty, serve on :8000
	$(MANAGE) migrate --no-input -v0
	$(MANAGE) seed_demo --if-empty
	@echo "Consortium: http://$(HOST):$(PORT)/  (HTTP and WebSockets through Daphne)"
	$(MANAGE) runserver $(HOST):$(PORT)

system-deps: ## What the browser tests need: Debian's chromium, Japanese and emoji fonts, axe-core
	@command -v chromium >/dev/null && fc-list 2>/dev/null | grep -qi "Noto Sans CJK" \
		&& fc-list 2>/dev/null | grep -qi "Noto Color Emoji" \
		|| ./.ci/apt-install chromium fonts-noto-cjk fonts-noto-color-emoji
	@command -v npm >/dev/null || ./.ci/apt-install npm
	@[ -f node_modules/axe-core/axe.min.js ] || npm ci --silent --no-audit --no-fund

services: ## Make sure PostgreSQL and Redis answer (start them if not); fail if they cannot
	./.ci/services

check: install ## Lint, format check, layer contract, Django checks, migrations up to date
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=consortium.settings.test $(MANAGE) check
	DJANGO_SETTINGS_MODULE=consortium.settings.test $(MANAGE) makemigrations --check --dry-run -v0

test: install system-deps services messages check ## Install what the tests need and run the whole suite
	@# Two runs side by side, one per core: the browser tests (their own sites, no shared
	@# database, Redis or temp folder) beside the unit and integration tests. Both must pass.
	@mkdir -p var
	@.venv/bin/pytest -m e2e -p no:cacheprovider --basetemp=var/pytest-e2e > var/e2e.log 2>&1 & e2e=$$!; \
	.venv/bin/pytest -m "not e2e" --basetemp=var/pytest-main; main=$$?; \
	wait $$e2e; browser=$$?; \
	echo "=== browser tests (tests/e2e), run beside the others ==="; cat var/e2e.log; \
	echo "unit and integration: exit $$main; browser: exit $$browser"; \
	test $$main -eq 0 -a $$browser -eq 0

test-serial: install system-deps services messages check ## The whole suite in one run (slower)
	.venv/bin/pytest

test-unit: messages ## Only the fast tests (no PostgreSQL/Redis/Chromium)
	.venv/bin/pytest -m "not integration and not e2e"

lint: check ## Same as check

format: install ## Format and fix imports
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

bench: bench-rooms bench-pages bench-reading bench-opinion-map bench-search bench-reports ## Every benchmark

bench-rooms: messages ## Live-room throughput and latency (bench/rooms.py)
	$(PY) bench/rooms.py

bench-pages: messages ## Page render speed (bench/pages.py)
	$(PY) bench/pages.py

bench-reports: messages ## What drafting a session's report costs (bench/reports.py)
	$(PY) bench/reports.py

bench-reading: messages ## What furigana costs a page (bench/reading.py)
	$(PY) bench/reading.py

bench-opinion-map: install ## Opinion map quality (ARI, silhouette) and 10,000-comment speed (bench/opinion_map.py)
	$(PY) bench/opinion_map.py

bench-search: messages services ## Search latency on 10,000 Japanese proposals, SQLite and PostgreSQL, beside LIKE (bench/search.py)
	$(PY) bench/search.py

clean: ## Remove the virtual environments and local data
	rm -rf .venv .uv var db.sqlite3
