# One set of commands everywhere: the README, CI (.ci/run) and developers use these targets.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DB ?= data/planner.db

.PHONY: run test install lint demo bench clean

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The demo area, then a first plan of its handovers so that every page has dated steps.
$(DB): | $(STAMP)
	$(BIN)/planner demo --area eastshire --db $(DB)
	$(BIN)/planner schedule --db $(DB) --time-limit 30

demo: $(DB)

run: install $(DB)
	STREAMLIT_BROWSER_GATHER_USAGE_STATS=false PLANNER_DB=$(DB) \
		$(BIN)/python serve.py --server.headless true --server.address 127.0.0.1

lint: install
	$(BIN)/ruff check .

test: install
	$(BIN)/ruff check .
	$(BIN)/planner pathways check pathways
	$(BIN)/python -m pytest -q

bench: install
	$(BIN)/planner bench --area eastshire --json

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
