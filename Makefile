# The only entry points: setup, run, test, lint, bench.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
SECCOOP := $(VENV)/bin/seccoop
STAMP := $(VENV)/.installed
APT_STAMP := /var/tmp/seccoop-apt.stamp
PG_PORT ?= 54329

.PHONY: setup system-packages run test test-sqlite test-postgres lint format clean

setup: $(STAMP) node_modules/.installed

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

# Debian packages the test suite needs: a PostgreSQL server and Chromium.
system-packages: $(APT_STAMP)

$(APT_STAMP):
	@if ! command -v chromium >/dev/null || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql chromium >/dev/null; \
	fi
	touch $(APT_STAMP)

run: setup
	$(SECCOOP) migrate --no-input
	$(SECCOOP) load-demo
	@echo
	@echo "  seccoop is serving the demo directorate at http://127.0.0.1:8000"
	@echo "  Sign in as the demo administrator: username 'admin', password 'seccoop-demo-admin'"
	@echo "  (every demo account uses the password 'seccoop-demo'; see README.md)"
	@echo
	$(SECCOOP) runserver 127.0.0.1:8000

lint: setup
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/ruff check src tests

format: setup
	$(VENV)/bin/ruff format src tests
	$(VENV)/bin/ruff check --fix src tests

test: setup system-packages lint
	DATABASE_URL=sqlite:///:memory: $(SECCOOP) makemigrations --check --dry-run
	$(MAKE) test-sqlite
	$(MAKE) test-postgres

test-sqlite: setup
	DATABASE_URL=sqlite:///$(CURDIR)/data/test.sqlite3 $(VENV)/bin/pytest -q $(PYTEST_ARGS)

# A throwaway PostgreSQL server on loopback, stopped however the run ends.
test-postgres: setup system-packages
	@set -euo pipefail; \
	PGBIN=$$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); \
	PGROOT=$$(mktemp -d /tmp/seccoop-pg.XXXXXX); chown postgres:postgres "$$PGROOT"; \
	trap 'runuser -u postgres -- "$$PGBIN/pg_ctl" -D "$$PGROOT/data" -m fast -w stop >/dev/null 2>&1; rm -rf "$$PGROOT"' EXIT; \
	runuser -u postgres -- "$$PGBIN/initdb" -D "$$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null; \
	runuser -u postgres -- "$$PGBIN/pg_ctl" -D "$$PGROOT/data" -l "$$PGROOT/log" -w -t 30 \
		-o "-c listen_addresses=127.0.0.1 -p $(PG_PORT) -k $$PGROOT -c fsync=off" start >/dev/null; \
	DATABASE_URL=postgres://postgres@127.0.0.1:$(PG_PORT)/seccoop $(VENV)/bin/pytest -q $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules data/*.sqlite3
