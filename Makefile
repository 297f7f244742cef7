# Porte-voix. `make run` and `make test` are all a new machine needs (Python 3.11).
PYTHON ?= python3.11
UV_VERSION := 0.13.8
TOOLS := .tools
UV := $(TOOLS)/bin/uv
VENV := .venv
BIN := $(VENV)/bin
PV := $(BIN)/portevoix
ADDR ?= 127.0.0.1:8000
# uv must use this machine's Python, never download one.
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

.PHONY: run serve install install-dev test test-sqlite test-postgres test-deps test-e2e lint fmt bench messages clean

$(UV):
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet uv==$(UV_VERSION)

install: $(UV)
	$(UV) sync --frozen --inexact --python $(PYTHON) --quiet

install-dev: $(UV)
	$(UV) sync --frozen --inexact --extra dev --python $(PYTHON) --quiet

## run: install, migrate, seed the demo brand, serve the app and its worker on SQLite.
run: install
	PORTEVOIX_DEBUG=1 $(PV) migrate --noinput
	PORTEVOIX_DEBUG=1 $(PV) seed-demo
	@echo "Porte-voix: http://$(ADDR)/  — demo login: demo / porte-voix"
	PORTEVOIX_DEBUG=1 $(PV) serve --addr $(ADDR)

## test: the whole suite on SQLite; again on PostgreSQL and Redis when
## PORTEVOIX_TEST_DATABASE_URL / PORTEVOIX_TEST_BROKER_URL are set.
test: install-dev test-deps
	$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$PORTEVOIX_TEST_DATABASE_URL" ]; then $(MAKE) --no-print-directory test-postgres; \
	else echo "PORTEVOIX_TEST_DATABASE_URL not set: PostgreSQL pass not run."; fi

test-sqlite:
	env -u DATABASE_URL $(BIN)/pytest -n 2 -q -m "not e2e" portevoix

test-postgres:
	DATABASE_URL="$$PORTEVOIX_TEST_DATABASE_URL" $(BIN)/pytest -n 2 -q -m "not browser and not e2e" portevoix

## test-e2e: the connectors against real platform servers on 127.0.0.1 (a local AT Protocol
## network: PLC + PDS + AppView). Installs it the first time (~2.5 min, npm), starts it, runs
## the tests marked e2e, stops it whatever the outcome.
LOCAL_SERVERS ?= $(firstword $(wildcard ../shared/tools/local-servers /work/shared/tools/local-servers))
ATP_DIR ?= /tmp/atproto-local
export ATP_DIR
test-e2e: install-dev
	@test -n "$(LOCAL_SERVERS)" || { echo "shared/tools/local-servers not found (../shared or /work/shared)"; exit 2; }
	@if [ ! -d "$(ATP_DIR)/node_modules/@atproto/dev-env" ]; then bash $(LOCAL_SERVERS)/atproto-local.sh install; fi
	@bash $(LOCAL_SERVERS)/atproto-local.sh stop >/dev/null 2>&1 || true
	bash $(LOCAL_SERVERS)/atproto-local.sh start-full
	@status=0; PORTEVOIX_E2E_FULL=1 env -u DATABASE_URL $(BIN)/pytest -q -m e2e portevoix || status=$$?; \
	bash $(LOCAL_SERVERS)/atproto-local.sh stop; exit $$status

# What the tests drive besides Python: Debian's Chromium for the browser test, gettext for the
# translation check, Grammalecte for the French spelling check (Debian's python3-grammalecte,
# imported from the system's dist-packages). Installed when missing and when we may (root), as on CI.
test-deps:
	@missing=""; command -v chromium >/dev/null || missing="$$missing chromium"; \
	command -v xgettext >/dev/null || missing="$$missing gettext"; \
	test -d /usr/lib/python3/dist-packages/grammalecte || missing="$$missing python3-grammalecte"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "Missing:$$missing (install them: the tests that need them will fail)"; fi; \
	fi

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy portevoix
	$(BIN)/lint-imports
	$(BIN)/portevoix makemigrations --check --dry-run

fmt: install-dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

bench: install-dev
	$(BIN)/python -m bench

## messages: refresh the fr and en catalogues after changing user-facing strings.
messages: install-dev
	cd portevoix && ../$(PV) makemessages -l fr -l en --no-obsolete --no-location
	cd portevoix && ../$(PV) compilemessages -l fr -l en

clean:
	rm -rf $(VENV) $(TOOLS) var
