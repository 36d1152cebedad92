# Place Matters: two commands from a fresh clone.
#   make run   installs, migrates, loads the illustrative demo, serves http://127.0.0.1:8000
#   make test  installs, lints, checks and runs every test
.DEFAULT_GOAL := help
PORT ?= 8000
export UV_PYTHON_DOWNLOADS := never
PYTHON := .venv/bin/python
MANAGE := $(PYTHON) manage.py

.PHONY: help install system-packages run migrate demo open-data test lint check pytest fix worker

help:
	@echo "make run    install, migrate, load the illustrative demo and serve on http://127.0.0.1:$(PORT)"
	@echo "make test   install, lint and run every test (unit, integration, browser)"
	@echo "make fix    format and auto-fix lint"
	@echo "make open-data DATA=dir   import real LSOA geography, boundaries and IMD 2019 (optional)"

install:
	@bash scripts/bootstrap.sh

system-packages:
	@bash scripts/system-packages.sh

migrate: install
	$(MANAGE) migrate --no-input

# Links printed and e-mailed point at the port actually served, unless the site URL is set.
SERVE_ENV := PLACEMATTERS_SITE_URL=$${PLACEMATTERS_SITE_URL:-http://127.0.0.1:$(PORT)}

demo: migrate
	@$(SERVE_ENV) $(MANAGE) load_demo

run: demo
	@echo "Serving Place Matters on http://127.0.0.1:$(PORT) (Ctrl+C to stop)"
	$(SERVE_ENV) $(MANAGE) runserver 127.0.0.1:$(PORT)

worker: install
	$(MANAGE) db_worker

# Optional: real open geography and IMD (see scripts/open-data.sh); DATA defaults to ../shared/data.
DATA ?= ../shared/data
open-data: migrate
	@bash scripts/open-data.sh "$(DATA)"

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports
	$(PYTHON) scripts/check_conventions.py

check: install
	$(MANAGE) check --fail-level WARNING
	$(MANAGE) makemigrations --check --dry-run

pytest: install system-packages
	.venv/bin/pytest

test: lint check pytest

fix: install
	.venv/bin/ruff format .
	.venv/bin/ruff check --fix .
