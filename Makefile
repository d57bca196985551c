# The two commands of the README, and the pieces they are made of.
# Everything installs into .venv and node_modules inside the checkout.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# CI and developers may point tests at other servers.
export TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/norec
export TEST_REDIS_URL ?= redis://127.0.0.1:6379/0

.PHONY: demo test install lint messages services browser fonts java observatory bench

## demo: install, migrate, load demo data and serve on http://127.0.0.1:8000 (SQLite, Celery eager)
# DEMO_CASES=500 adds a large caseload (manage.py build_caseload: a few minutes) after the demo's own cases (which
# are made only in a database without cases); sign in as adviser1@norec.example for it.
# DEBUG off, so the demo shows the service's own 404 and 500 pages (whitenoise serves the collected static files).
# Quiet steps, then `manage.py demo` builds the demo data and serves it, printing the sign-in details last.
demo: install
	$(PY) manage.py migrate --no-input -v 0
	$(if $(DEMO_CASES),$(PY) manage.py seed_demo -v 0 && $(PY) manage.py build_caseload --demo-password --cases $(DEMO_CASES))
	$(PY) manage.py collectstatic --no-input -v 0
	DEBUG=false $(PY) manage.py demo 127.0.0.1:8000

## test: install everything, start PostgreSQL and Redis if needed, run lint checks and the whole suite
test: install browser fonts java services lint
	$(PY) -m pytest -n 2 --dist loadgroup

install: $(VENV)/.installed node_modules/.installed messages

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

messages: $(VENV)/.installed
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext)
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core)

# Noto for PDFs in every script, and poppler-utils for the test that reads the PDF back (tests/test_pdf_fonts.py).
fonts:
	@(fc-list | grep -q NotoSansThai && fc-list | grep -q NotoSansCJK && command -v pdffonts >/dev/null) || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-core fonts-noto-cjk poppler-utils)

# Java runs the Nu Html Checker (vnu.jar from npm) in tests/test_valid_html.py.
java:
	@command -v java >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless)

services:
	./.ci/services-up

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	$(PY) manage.py makemigrations --check --dry-run

## observatory: MDN HTTP Observatory grade of the production configuration, served locally over TLS (ports 80 and 443)
observatory: install
	./.ci/observatory

## bench: page throughput against a page doing no I/O, on a built caseload (PostgreSQL + Redis, gunicorn, wrk)
# SCALE=500 cases; BENCH_DATABASE names the database it drops and re-creates.
SCALE ?= 500
BENCH_DATABASE ?= norec_bench
bench: install services
	@command -v wrk >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk)
	$(PY) bench/run.py --scale $(SCALE) --database $(BENCH_DATABASE) $(BENCH_ARGS)
