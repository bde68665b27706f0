# Two commands for a new user: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed

.PHONY: run test tables bench lint compiled clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(RUNTIME): requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(DEV): requirements-dev.txt $(RUNTIME)
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

# The extraction modules compiled with mypyc (dashboard/native.py): used while current, else the Python ones.
COMPILED := artifacts/compiled/sources.sha256
$(COMPILED): dashboard/__init__.py dashboard/native.py dashboard/dates.py dashboard/nlp.py dashboard/extract.py $(DEV)
	$(BIN)/python -m dashboard.native

compiled: $(COMPILED)

# Rebuild data/tables/ only when it is stale.
tables: $(RUNTIME)
	@$(BIN)/python -m dashboard build --check >/dev/null 2>&1 || $(BIN)/python -m dashboard build

run: tables
	$(BIN)/python -m dashboard.serve

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# The tests run the compiled modules; tests/test_native.py checks them against the Python ones.
test: lint $(COMPILED)
	TRACKER_REQUIRE_COMPILED=1 $(BIN)/python -m pytest

# Compiled, as `make test` leaves it; then the extraction figure of the Python modules alone.
bench: $(COMPILED)
	$(BIN)/python -m dashboard.bench
	TRACKER_PURE_PYTHON=1 $(BIN)/python -m dashboard.bench extraction

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts
