# Portal SPBE: the two commands are `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
STAMP  := $(VENV)/.installed-stamp

# Development defaults; production sets its own environment (README "Production").
export DEBUG ?= 1

.PHONY: run test install setup lint format messages clean backup restore bench bench-load lighthouse vendor

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python >= 3.11 is required; found " + sys.version.split()[0] + ". Set PYTHON=python3.11 (or newer).")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP)

## Prepare the database and data: migrations, the shipped frameworks, demo data. Safe to repeat.
setup: install
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py setup_portal

## Serve the portal with demo data on http://127.0.0.1:$(PORT)
run: setup
	$(PY) manage.py runserver 127.0.0.1:$(PORT)

## Lint, pending-migration check, then the whole test suite (SQLite unless DATABASE_URL says otherwise)
## in TEST_WORKERS parallel pytest-xdist workers (auto: one per CPU; TEST_WORKERS=0: one process).
## Extra pytest arguments: PYTEST_ARGS='-k journeys' (PYTEST_ARGS='-n 0' also runs in one process).
TEST_WORKERS ?= auto
test: install
	@mkdir -p var
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@# Models against migrations only: a scratch SQLite file, so a database that does not exist yet is no warning.
	DATABASE_URL=sqlite:///var/makemigrations-check.sqlite3 $(PY) manage.py makemigrations --check --dry-run --noinput
	$(VENV)/bin/pytest -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

## Database and evidence files into var/backups/spbe-backup-<date>.tar.gz (BACKUP_DIR=… to change).
backup: install
	$(PY) manage.py backup --output $(or $(BACKUP_DIR),var/backups)

## Restore an archive into an EMPTY database: make restore FILE=var/backups/spbe-backup-….tar.gz
restore: install
	@test -n "$(FILE)" || { echo "Usage: make restore FILE=path/to/spbe-backup-….tar.gz"; exit 2; }
	$(PY) manage.py restore "$(FILE)"
	$(PY) manage.py migrate --noinput

## Build province and national datasets on PostgreSQL, measure pages, export, index; print tables (docs/performance.md).
BENCH_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/spbe_bench)
bench: install
	@pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL is not running: starting it"; \
	  pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql)" main start; \
	  for _ in $$(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done; }
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m bench.run $(BENCH_ARGS)

## Load test: gunicorn (production settings) under wrk on 127.0.0.1, one then two instances on one database.
bench-load: install
	@command -v wrk >/dev/null || { echo "Installing Debian's wrk"; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
	@pg_isready -h 127.0.0.1 -p 5432 -q || { echo "PostgreSQL is not running: starting it"; \
	  pg_ctlcluster --skip-systemctl-redirect "$$(ls /etc/postgresql)" main start; \
	  for _ in $$(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done; }
	@$(PY) -c 'import redis' 2>/dev/null || $(PY) -m pip install --quiet -e '.[redis]'
	DATABASE_URL=$(BENCH_DATABASE_URL) $(PY) -m bench.load $(BENCH_LOAD_ARGS)

lint: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Recompile translations after editing locale/*/LC_MESSAGES/django.po (needs GNU gettext).
messages: install
	$(PY) manage.py makemessages -l en --ignore=.venv --ignore=var --ignore=bench --ignore=tests --no-obsolete
	$(PY) manage.py compilemessages --ignore=.venv

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

## Lighthouse 12.2.3 (npm, into var/lighthouse) with Debian's chromium against gunicorn (DEBUG=0) on the demo data.
LIGHTHOUSE_VERSION := 12.2.3
lighthouse: install
	@command -v npm >/dev/null || { echo "npm is needed for Lighthouse (apt-get install npm)"; exit 2; }
	@mkdir -p var/lighthouse
	@test "$$(cat var/lighthouse/node_modules/lighthouse/package.json 2>/dev/null | $(PY) -c 'import json,sys; print(json.load(sys.stdin)["version"])' 2>/dev/null)" = "$(LIGHTHOUSE_VERSION)" || \
	  { cd var/lighthouse && echo '{"private": true}' > package.json && npm install --no-audit --no-fund --silent lighthouse@$(LIGHTHOUSE_VERSION); }
	$(PY) -m bench.lighthouse $(LIGHTHOUSE_ARGS)

## Rebuild static/vendor/plotly-portal-<version>.min.js (+ .sha256) from the pinned npm package (tools/plotly-bundle).
vendor:
	@command -v npm >/dev/null || { echo "npm is needed to rebuild the vendored plotly.js (apt-get install npm)"; exit 2; }
	sh tools/plotly-bundle/build.sh
