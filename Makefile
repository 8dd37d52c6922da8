# The only entry points: setup, run, test, lint, bench.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
SECCOOP := $(VENV)/bin/seccoop
STAMP := $(VENV)/.installed
APT_STAMP := /var/tmp/seccoop-apt.stamp
PG_PORT ?= 54329
REDIS_PORT ?= 63790

.PHONY: setup system-packages run test test-sqlite test-postgres load bench lint format clean

setup: $(STAMP) node_modules/.installed

$(STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@# Pinned first so the mapping extra's sentence-transformers takes this CPU build of torch.
	$(PY) -m pip install --quiet torch==2.13.0
	$(PY) -m pip install --quiet -e '.[dev,mapping]'
	touch $(STAMP)

node_modules/.installed: package.json
	npm install --no-audit --no-fund --loglevel=error
	touch node_modules/.installed

# Debian packages the test suite needs: a PostgreSQL server, Redis and Chromium.
system-packages: $(APT_STAMP)

$(APT_STAMP):
	@if ! command -v chromium >/dev/null || ! command -v redis-server >/dev/null || ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql chromium redis-server >/dev/null; \
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
	@# A background worker for large imports and exports, stopped with the server.
	$(SECCOOP) db_worker & WORKER=$$!; trap 'kill $$WORKER' EXIT; $(SECCOOP) runserver 127.0.0.1:8000

lint: setup
	$(VENV)/bin/ruff format --check src tests
	$(VENV)/bin/ruff check src tests

format: setup
	$(VENV)/bin/ruff format src tests
	$(VENV)/bin/ruff check --fix src tests

# A throwaway Redis server on loopback for the Redis worker test (one database number per
# suite), stopped however the run ends; the SQLite and PostgreSQL suites side by side (the
# machine has two cores), each line of their output marked with its database as it comes,
# waited for by process id (Redis runs until the end); then a short load test on
# PostgreSQL behind gunicorn. Every test that touches data runs on both engines. The sweeps
# over every route run once: an administrator's API fuzzing on PostgreSQL (its writes reach
# the stricter engine), the permission matrix and the no-role fuzzing on SQLite (refusals
# come before the database), and the Chromium tests on SQLite, the engine `make run`
# serves. `make test-sqlite` and `make test-postgres` alone run everything.
test: setup system-packages lint
	DATABASE_URL=sqlite:///:memory: $(SECCOOP) makemigrations --check --dry-run
	@set -euo pipefail; \
	RUN_DIR=$$(mktemp -d /tmp/seccoop-test.XXXXXX); \
	redis-server --port $(REDIS_PORT) --bind 127.0.0.1 --save '' --appendonly no --dir "$$RUN_DIR" \
		>"$$RUN_DIR/log" 2>&1 & REDIS_PID=$$!; \
	trap 'kill $$REDIS_PID 2>/dev/null; rm -rf "$$RUN_DIR"' EXIT; \
	for i in $$(seq 50); do redis-cli -p $(REDIS_PORT) ping >/dev/null 2>&1 && break; sleep 0.2; done; \
	STARTED=$$(date +%s); \
	( set +e; SECCOOP_TEST_REDIS_URL=redis://127.0.0.1:$(REDIS_PORT)/0 $(MAKE) -s test-sqlite PYTEST_ARGS='-m "not once_on_postgres" --durations=25' 2>&1 \
		| sed -u 's/^/[sqlite] /'; echo $${PIPESTATUS[0]} >"$$RUN_DIR/sqlite.rc" ) & SQLITE_PID=$$!; \
	( set +e; SECCOOP_TEST_REDIS_URL=redis://127.0.0.1:$(REDIS_PORT)/1 $(MAKE) -s test-postgres PYTEST_ARGS='-m "not browser and not once_on_sqlite" --durations=25' 2>&1 \
		| sed -u 's/^/[postgres] /'; echo $${PIPESTATUS[0]} >"$$RUN_DIR/postgres.rc" ) & POSTGRES_PID=$$!; \
	wait $$SQLITE_PID $$POSTGRES_PID || true; \
	SQLITE_RC=$$(cat "$$RUN_DIR/sqlite.rc"); POSTGRES_RC=$$(cat "$$RUN_DIR/postgres.rc"); \
	echo "Both suites ended in $$(( $$(date +%s) - STARTED )) s: SQLite exit $$SQLITE_RC, PostgreSQL exit $$POSTGRES_RC."; \
	test "$$SQLITE_RC" = 0 && test "$$POSTGRES_RC" = 0
	$(PY) bench/load/run.py --seconds 15 --users 4

# The load test: LOAD_SECONDS (default 60) and LOAD_USERS (default 20); writes docs/load-test.md.
load: setup system-packages
	$(PY) bench/load/run.py --report docs/load-test.md

# The performance suite (bench/, docs/performance.md): SQLite, then a throwaway PostgreSQL
# on its own port, stopped however the run ends. BENCH_ARGS go to bench.run (--people N ...).
BENCH_PG_PORT ?= 54339
# The defaults (25,000 people, a 100,000-row import, growth against 6,250 people) fit the
# 20-minute budget on 2 cores; BENCH_ARGS="--import-rows 1000000" is the issue's import size.
BENCH_ARGS ?=
bench: setup system-packages
	@set -euo pipefail; \
	STARTED=$$(date +%s); \
	$(PY) -m bench.run --database sqlite $(BENCH_ARGS); \
	PGBIN=$$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1); \
	PGROOT=$$(mktemp -d /tmp/seccoop-bench-pg.XXXXXX); chown postgres:postgres "$$PGROOT"; \
	trap 'runuser -u postgres -- "$$PGBIN/pg_ctl" -D "$$PGROOT/data" -m fast -w stop >/dev/null 2>&1; rm -rf "$$PGROOT"' EXIT; \
	runuser -u postgres -- "$$PGBIN/initdb" -D "$$PGROOT/data" -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null; \
	runuser -u postgres -- "$$PGBIN/pg_ctl" -D "$$PGROOT/data" -l "$$PGROOT/log" -w -t 30 \
		-o "-c listen_addresses=127.0.0.1 -p $(BENCH_PG_PORT) -k $$PGROOT" start >/dev/null; \
	BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:$(BENCH_PG_PORT)/seccoop_bench \
		$(PY) -m bench.run --database postgres $(BENCH_ARGS); \
	echo "make bench: $$(( $$(date +%s) - STARTED )) s in all; figures in bench/results.json"

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
