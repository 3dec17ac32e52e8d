# The two commands: `make run` and `make test`. Both create or reuse .venv.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000

.PHONY: run test lock lint typecheck typecheck-baseline mutants demo clean-venv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Exactly the locked versions, each checked against its hash (requirements.lock, `make lock`).
$(VENV)/.runtime: requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

run: $(VENV)/.runtime
	$(BIN)/flask --app app db upgrade
	@if [ "$(DEMO)" = "1" ]; then $(BIN)/flask --app app demo seed --cases 200 --if-empty; fi
	@$(BIN)/flask --app app users setup-link --if-needed --url http://127.0.0.1:$(PORT)
	$(BIN)/flask --app app run --host 127.0.0.1 --port $(PORT)

test: $(VENV)/.dev
	@sh tools/ensure-chromium.sh
	@if [ ! -d node_modules/axe-core ]; then npm ci --silent --no-audit --no-fund; fi
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# Remake requirements.lock from requirements.txt after changing a pin. pip-tools has a venv of
# its own (.venv-lock): it is not the app's dependency and its own pins would clash.
lock:
	test -x .venv-lock/bin/pip-compile || \
		($(PYTHON) -m venv .venv-lock && .venv-lock/bin/pip install --quiet pip-tools==7.6.2)
	.venv-lock/bin/pip-compile --quiet --generate-hashes --strip-extras --allow-unsafe \
		--no-header --no-emit-index-url --no-emit-find-links --output-file requirements.lock \
		requirements.txt
	cat tools/lock-header.txt requirements.lock > requirements.lock.new
	mv requirements.lock.new requirements.lock

lint: $(VENV)/.dev
	$(BIN)/ruff check .

# mypy: strict on the pure modules, the rest at mypy-baseline.txt; fails on a new error.
typecheck: $(VENV)/.dev
	$(BIN)/python tools/typecheck.py

# After fixing type errors: shrink the baseline (it refuses to grow) and commit it.
typecheck-baseline: $(VENV)/.dev
	$(BIN)/python tools/typecheck.py --baseline

# Mutation testing of the five law modules over the unit tests ([tool.mutmut] in pyproject.toml).
# Slow (minutes) and not in CI. Prints the share of mutants killed per module and fails when one
# is below MUTANTS_MIN percent. mutmut keeps results in mutants/ and re-tests only what changed;
# `rm -rf mutants` starts again from nothing.
MUTANTS_MIN ?= 90
MUTANTS_JOBS ?= 2

mutants: $(VENV)/.dev
	@mkdir -p mutants
	$(BIN)/mutmut run --max-children $(MUTANTS_JOBS) > mutants/run.log 2>&1 \
		|| (tail -c 2000 mutants/run.log; exit 1)
	$(BIN)/python tools/mutation_report.py --min $(MUTANTS_MIN)

clean-venv:
	rm -rf $(VENV)
