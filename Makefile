# Two commands on a fresh machine (Python 3.11+ and pip): `make run` and `make test`.
# Each creates the virtual environment and installs what it needs the first time.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint format bench clean

run: $(STAMP)  ## Start the bot (the console on the embedded SQLite database when no platform is configured)
	$(BIN)/coopilote $(ARGS)

test: $(STAMP)  ## Run the whole test suite
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)  ## Print the benchmarks' figures (not part of the tests)
	$(BIN)/python bench/advisor.py
	$(BIN)/python bench/ballots.py
	$(BIN)/python bench/practices.py
	$(BIN)/python bench/matrix.py

# The last step before the stamp is a warm-up: it trains the advisor's models and keeps its
# index in the user's cache folder now, so that the first `coopilote` starts in under a second.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/coopilote advise --json "échauffement" > /dev/null
	touch $(STAMP)

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
