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

.PHONY: help run test check audit pytest pytest-sqlite pytest-postgres postgres install install-test clean bench backup restore

help:
	@echo "make run    set up .venv, migrate, load demo content, serve on http://$(HOST):$(PORT)/"
	@echo "make test   lint, checks, and the whole test suite on SQLite and PostgreSQL"
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

pytest-sqlite: install-test
	DATABASE_URL= $(BIN)/pytest

pytest-postgres: install-test postgres
	DATABASE_URL=$(PG_URL) $(BIN)/pytest

# Start the local PostgreSQL cluster when it does not answer (see DEVELOPERS.md).
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

bench: install postgres
	$(BENCH_ENV) $(PY) bench/prepare.py
	$(BENCH_ENV) $(PY) bench/discovery.py

# Backups (newsroom/backup.py): the database named by DATABASE_URL and the media storage,
# in one timestamped tar under BACKUP_DIR (default backups/). Restore into an empty database.
backup: install
	$(MANAGE) backup

restore: install
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/newsroom-<time>.tar" >&2; exit 1; }
	$(MANAGE) restore "$(FILE)"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache staticfiles build *.egg-info
