# PTO API — `make run` to try it, `make test` to check it. Both set up .venv themselves.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 5000
export TEST_DATABASE_URL ?= postgresql://postgres@127.0.0.1:5432/pto_test
# Compiled bytecode is kept inside .venv even where the environment says not to write it
# (PYTHONDONTWRITEBYTECODE): the suite starts a hundred Python processes, and compiling the
# service and the rewritten tests again in each cost seconds apiece.
export PYTHONPYCACHEPREFIX := $(CURDIR)/$(VENV)/pycache
unexport PYTHONDONTWRITEBYTECODE

.PHONY: run check test test-postgres test-postgres-fast test-postgres-rest test-sqlite fuzz lint format install install-dev openapi bench check-deploy clean

run: $(VENV)/.installed  ## set up, migrate and seed the SQLite default, serve on :5000
	$(BIN)/python manage.py db upgrade
	$(BIN)/python manage.py seed
	@# One notification sender beside the server (MAIL_BACKEND=log in dev: mails go to the
	@# log); it stops with the server.
	$(BIN)/python manage.py send-notifications --interval 10 & sender=$$!; \
	trap 'kill $$sender 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py run --host $(HOST) --port $(PORT)

# Each stage says how long it took, and the summary at the end repeats them all.
STAGES = summary=""; all_started=$$(date +%s); \
	for stage in $(1); do \
	  started=$$(date +%s); echo "=== $$stage"; \
	  $(MAKE) --no-print-directory $$stage \
	    || { echo "=== $$stage failed after $$(( $$(date +%s) - started )) s"; exit 1; }; \
	  took=$$(( $$(date +%s) - started )); echo "=== $$stage: $$took s"; \
	  summary="$$summary$$(printf '%-20s %5d s' $$stage $$took)\n"; \
	done; \
	echo "=== stage timings"; printf "$$summary"; \
	printf '%-20s %5d s\n' total $$(( $$(date +%s) - all_started ))

# The domain and API tests run in parallel processes (pytest-xdist), each on a database of
# its own: two by default (on 2 cores the API tests took 199 s in one process, 140 s in
# two); PYTEST_WORKERS=0 runs them in this process.
PYTEST_WORKERS ?= 2
XDIST = $(if $(filter-out 0,$(PYTEST_WORKERS)),-n $(PYTEST_WORKERS))

check: $(VENV)/.installed-dev  ## the inner loop: lint, then the domain and API tests on PostgreSQL
	@$(call STAGES,lint check-postgres)

.PHONY: check-postgres
check-postgres: $(VENV)/.installed-dev
	$(BIN)/python -m pytest --db postgres -q $(XDIST) server/tests/domain server/tests/api

test: $(VENV)/.installed-dev  ## lint, then the suite on both databases
	@$(call STAGES,lint test-postgres-fast test-postgres-rest test-sqlite)

# Coverage spans both PostgreSQL runs: the first writes it, the second adds to it and checks.
test-postgres: test-postgres-fast test-postgres-rest

test-postgres-fast: $(VENV)/.installed-dev
	$(BIN)/python -m pytest --db postgres $(XDIST) --cov=server --cov-branch --cov-report= \
	  server/tests/domain server/tests/api

# The rest: migrations, the CLI, a live gunicorn, browsers, faults. Whole files go to the
# workers (`loadfile`), so a module's server and browser are started once; much of it waits
# on a browser, a server or a timeout: 490-543 s in two workers on 2 cores, against 935 s in
# one process (that run shared the machine with a benchmark).
test-postgres-rest: $(VENV)/.installed-dev
	$(BIN)/python -m pytest --db postgres $(XDIST) $(if $(XDIST),--dist loadfile) \
	  --cov=server --cov-branch --cov-append \
	  --cov-report=term --cov-fail-under=95 \
	  --ignore=server/tests/domain --ignore=server/tests/api

# SQLite runs the API tests only: the domain tests touch no database (they ran in
# test-postgres-fast), and the rest (migrations, a live gunicorn, faults, the CLI) is about
# PostgreSQL.
test-sqlite: $(VENV)/.installed-dev
	$(BIN)/python -m pytest --db sqlite -q $(XDIST) server/tests/api

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
