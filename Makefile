# Two commands on a fresh machine (Python 3.11+ and pip): `make run` and `make test`.
# Each creates the virtual environment and installs what it needs the first time.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
LOCALE := bot/locale

.PHONY: run test lint format bench clean i18n-extract i18n-update i18n-compile i18n-convert

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
	$(BIN)/python bench/discord.py

# The last step before the stamp is a warm-up: it trains the advisor's models and keeps its
# index in the user's cache folder now, so that the first `coopilote` starts in under a second.
$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/pybabel compile --domain=coopilote --directory=$(LOCALE) --statistics
	$(BIN)/coopilote advise --json "échauffement" > /dev/null
	touch $(STAMP)

# Translations (README « Traduire »): French is the source language (msgctxt = key,
# msgid = French), English is bot/locale/en/LC_MESSAGES/coopilote.po.

i18n-extract: $(STAMP)  ## Write the template bot/locale/messages.pot from every register({...})
	$(BIN)/pybabel extract --mapping=babel.cfg --output=$(LOCALE)/messages.pot \
		--project=Coopilote --version=0.1.0 --copyright-holder=Coopilote --sort-by-file --add-comments="" .

i18n-update: i18n-extract  ## Merge the template into the English catalog (new, fuzzy, obsolete)
	$(BIN)/pybabel update --input-file=$(LOCALE)/messages.pot --output-dir=$(LOCALE) \
		--domain=coopilote --locale=en --init-missing --previous

i18n-compile: $(STAMP)  ## Compile the .po into .mo (the bot also compiles in memory if missing)
	$(BIN)/pybabel compile --domain=coopilote --directory=$(LOCALE) --statistics

i18n-convert: $(STAMP)  ## Move {"fr", "en"} entries' English into the catalog (safe to re-run)
	$(BIN)/python tools/i18n_convert.py
	$(MAKE) i18n-update i18n-compile

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache *.egg-info
