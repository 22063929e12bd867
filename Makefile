# Newsroom: the two commands a newcomer needs are `make run` and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000
PG_URL ?= postgres://postgres@127.0.0.1:5432/newsroom

# Production-like environment for `check --deploy` (no secret here is ever used to serve).
DEPLOY_ENV := DEBUG=false SECRET_KEY=check-deploy-$$(date +%s)-a-long-random-looking-value-0123456789abcdef \
	SITE_URL=https://news.example.org ALLOWED_HOSTS=news.example.org

.PHONY: help run test check audit pytest pytest-sqlite pytest-postgres postgres redis install \
	install-test clean bench bench-api loadtest e2e e2e-deps chromium java lighthouse backup restore \
	import-eval

help:
	@echo "make run    set up .venv, migrate, load demo content, serve on http://$(HOST):$(PORT)/"
	@echo "make test   lint, checks, and the whole test suite on SQLite and PostgreSQL"
	@echo "            (browser, accessibility and HTML validity tests included)"
	@echo "make e2e    only the browser and validator tests, on SQLite"
	@echo "make lighthouse  Lighthouse scores for Newest and an article (demo content)"
	@echo "make import-eval the importer's per-field accuracy and body F1 on tests/import_pages"
	@echo "make backup / make restore FILE=...   archive the database and media / restore it"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(PY)
	$(PY) -m pip install --quiet ".[test]"
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# DEBUG defaults to on for the local server; with DEBUG=false the hashed static files
# are collected first, as in production.
run: export DEBUG ?= true
run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) bootstrap
	@case "$$DEBUG" in 1|true|yes|on) ;; *) $(MANAGE) collectstatic --noinput -v0 ;; esac
	$(MANAGE) runserver $(HOST):$(PORT)

test: check pytest

check: install-test audit
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(DEPLOY_ENV) $(MANAGE) makemigrations --check --dry-run
	$(DEPLOY_ENV) $(MANAGE) check --deploy --fail-level WARNING

# Known vulnerabilities in the dependencies as installed from the pins in pyproject.toml
# (or in AUDIT_REQUIREMENTS, a fully pinned requirements file): any finding fails. pip-audit
# asks PyPI's per-release JSON by default; PIP_AUDIT_FLAGS="-s osv" asks OSV instead. A
# dependency it cannot look up is a warning on stderr, a failure with AUDIT_STRICT=1: use
# that wherever the advisory source answers (this workplace's PyPI mirror does not serve
# per-release JSON, and OSV is out of reach; tests/test_audit.py proves the check with
# recorded advisories).
AUDIT_TARGET = $(if $(AUDIT_REQUIREMENTS),--requirement $(AUDIT_REQUIREMENTS) --no-deps --disable-pip,--local)
audit: install-test
	$(BIN)/pip-audit $(AUDIT_TARGET) --progress-spinner off $(if $(AUDIT_STRICT),--strict) $(PIP_AUDIT_FLAGS)

pytest: pytest-sqlite pytest-postgres

pytest-sqlite: install-test redis e2e-deps
	DATABASE_URL= $(BIN)/pytest

pytest-postgres: install-test postgres redis e2e-deps
	DATABASE_URL=$(PG_URL) $(BIN)/pytest

# The browser and validator tests (tests/browser/, tests/test_valid_html.py) run in every
# pytest run above; they need Debian's Chromium (Playwright never downloads a browser
# here), Java for the Nu Html Checker, and tools/' npm packages. Installed when missing:
# apt-get needs root, as CI has; elsewhere the failure says what to install.
NODE_TOOLS := tools/node_modules/.package-lock.json

e2e-deps: chromium java $(NODE_TOOLS)

e2e: install-test e2e-deps
	DATABASE_URL= $(BIN)/pytest tests/browser tests/test_valid_html.py

chromium:
	@test -x /usr/bin/chromium || { echo "Installing Debian's chromium for the browser tests"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

java:
	@command -v java >/dev/null || { echo "Installing Java for the Nu Html Checker"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless; }

# --ignore-scripts: vnu-jar's install script would download a Java of its own.
$(NODE_TOOLS): tools/package.json tools/package-lock.json
	@command -v npm >/dev/null || { echo "Installing Node.js and npm for tools/"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm; }
	npm ci --prefix tools --ignore-scripts --no-audit --no-fund --loglevel=error

# The importer on the captured corpus: per-field accuracy, body F1 against trafilatura, and
# the import speed; fails below the targets (tests/reprints/test_corpus.py checks the same).
import-eval: install
	$(MANAGE) evaluate_import tests/import_pages --failures
	$(PY) bench/import_speed.py

lighthouse: install e2e-deps
	$(PY) bench/lighthouse.py

# Start the local PostgreSQL cluster (Debian's pg_ctlcluster) when it does not answer.
postgres:
	@pg_isready -q -h 127.0.0.1 -p 5432 || pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start
	@for i in $$(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && exit 0; sleep 1; done; \
		echo "PostgreSQL did not start on 127.0.0.1:5432" >&2; exit 1

# Benchmarks: a PostgreSQL database of their own, seeded to BENCH_ARTICLES (10,000 by
# default; BENCH_ARTICLES=100000 for the large run), production settings.
BENCH_ARTICLES ?= 10000
BENCH_DB ?= postgres://postgres@127.0.0.1:5432/newsroom_bench
BENCH_ENV := DEBUG=false SECRET_KEY=bench-only-not-secret-0123456789-abcdefghijklmnopqrstuvwxyz \
	SITE_URL=http://127.0.0.1:8000 ALLOWED_HOSTS=127.0.0.1,localhost DATABASE_URL=$(BENCH_DB) \
	BENCH_ARTICLES=$(BENCH_ARTICLES)

# A 60-second mixed load on production settings; fails on any error or memory growth.
loadtest: install postgres redis
	$(BENCH_ENV) $(PY) bench/prepare.py
	$(BENCH_ENV) $(PY) bench/loadtest.py

# The API's article list and detail alone (also part of bench/throughput.py's table).
bench-api: install postgres redis
	$(BENCH_ENV) $(PY) bench/prepare.py
	$(BENCH_ENV) $(PY) bench/api.py

bench: install postgres redis
	$(BENCH_ENV) $(PY) bench/prepare.py
	$(BENCH_ENV) $(PY) bench/explain.py
	$(BENCH_ENV) $(PY) bench/discovery.py
	$(BENCH_ENV) $(PY) bench/photos.py
	$(BENCH_ENV) $(PY) bench/throughput.py
	$(BENCH_ENV) $(PY) bench/editing.py
	$(BENCH_ENV) $(PY) bench/ingest.py

# Start the local Redis when it does not answer (the scale-out tests share it).
redis:
	@$(PY) -c "import redis; redis.Redis(socket_connect_timeout=1).ping()" 2>/dev/null || \
		redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no
	@for i in $$(seq 1 20); do $(PY) -c "import redis; redis.Redis().ping()" 2>/dev/null && exit 0; sleep 0.5; done; \
		echo "Redis did not start on 127.0.0.1:6379" >&2; exit 1

# Backups (newsroom/backup.py): the database named by DATABASE_URL and the media storage,
# in one timestamped tar under BACKUP_DIR (default backups/). Restore into an empty database.
backup: install
	$(MANAGE) backup

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/newsroom-<time>.tar" >&2; exit 1; }
	$(MANAGE) restore "$(FILE)"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles build *.egg-info
