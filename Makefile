# PTO API — `make run` to try it, `make test` to check it. Both set up .venv themselves.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/pto_test

.PHONY: run test test-postgres test-sqlite fuzz lint format install install-dev openapi bench check-deploy clean

run: $(VENV)/.installed  ## set up, migrate and seed the SQLite default, serve on :5000
	$(BIN)/python manage.py db upgrade
	$(BIN)/python manage.py seed
	@# One notification sender beside the server (MAIL_BACKEND=log in dev: mails go to the
	@# log); it stops with the server.
	$(BIN)/python manage.py send-notifications --interval 10 & sender=$$!; \
	trap 'kill $$sender 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py run --host $(HOST) --port $(PORT)

test: $(VENV)/.installed-dev lint test-postgres test-sqlite  ## lint, then the suite on both databases

test-postgres: $(VENV)/.installed-dev
	$(BIN)/python -m pytest --db postgres --cov=server --cov-branch --cov-report=term --cov-fail-under=95

# SQLite runs the domain and API tests only: the rest (migrations, a live gunicorn, faults,
# the CLI) is about PostgreSQL and runs in test-postgres.
test-sqlite: $(VENV)/.installed-dev
	$(BIN)/python -m pytest --db sqlite -q server/tests/domain server/tests/api

# Contract fuzzing, longer than the bounded run inside `make test`: many more examples per
# operation, stateful sequences (create, then read, change, delete what was created) and a
# new seed each time, against a real gunicorn on a fresh PostgreSQL, as employee, manager
# and admin. FUZZ_EXAMPLES=50 for a shorter run; FUZZ_SEED=<n> to replay one;
# FUZZ_SPEC=swagger.json to drive it by the Swagger 2.0 document instead of OpenAPI 3.
FUZZ_EXAMPLES ?= 200
FUZZ_SEED ?= random
FUZZ_SPEC ?= openapi.json
fuzz: $(VENV)/.installed-dev  ## schemathesis against a live server, every check, three roles
	PTO_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) PTO_FUZZ_SEED=$(FUZZ_SEED) PTO_FUZZ_SPEC=$(FUZZ_SPEC) \
	PTO_FUZZ_PHASES=examples,coverage,fuzzing,stateful \
	$(BIN)/python -m pytest --db postgres -p no:cacheprovider server/tests/e2e/test_fuzz.py

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.installed-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(VENV)/.installed-dev  ## service vs baseline on the seeded company (BENCH_ARGS=--quick)
	bench/run $(BENCH_ARGS)

check-deploy: $(VENV)/.installed-dev  ## nginx -t on the rendered config, compose schema, hadolint
	$(BIN)/python deploy/check.py

openapi: $(VENV)/.installed  ## write the OpenAPI 3 document and the Swagger 2.0 spec
	$(BIN)/python manage.py openapi --version 3 --out openapi.json
	$(BIN)/python manage.py openapi --version 2 --out swagger.json

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.installed

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .coverage htmlcov .hypothesis
