# Two commands for a new user: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime-installed
DEV := $(VENV)/.dev-installed

.PHONY: run test tables bench lint clean

# A new venv's pip (23 on Python 3.11) cannot install requirements.txt under --require-hashes:
# it first takes pip 26.3, pinned by hash in requirements-pip.txt.
$(BIN)/python: requirements-pip.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-pip.txt

# Every requirement is pinned with its hashes (requirements.txt): pip checks each file it installs.
$(RUNTIME): requirements.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	touch $@

$(DEV): requirements-dev.txt $(RUNTIME)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-dev.txt
	touch $@

# Rebuild data/tables/ only when it is stale.
tables: $(RUNTIME)
	@$(BIN)/python -m dashboard build --check >/dev/null 2>&1 || $(BIN)/python -m dashboard build

run: tables
	$(BIN)/python -m dashboard.serve

lint: $(DEV)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

# axe-core for the accessibility browser tests, pinned with its integrity hash in package-lock.json.
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

test: lint node_modules/axe-core/axe.min.js
	$(BIN)/python -m pytest

bench: $(DEV)
	$(BIN)/python -m dashboard.bench

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache artifacts node_modules
