# One command each: `make serve` (set up and serve the sample handbook), `make test` (set up and run the tests).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
ADDR ?= 127.0.0.1:8000

.PHONY: setup engines serve build check lint test bench

# The other site engines, each in its own venv so they never change .venv:
# ProperDocs (the MkDocs 1.x fork; MkDocs itself is removed so the run proves
# tebiki needs only ProperDocs) and Zensical (builds what `tebiki render
# --engine zensical` writes). Pinned: the newest that installs from the registry
# (Zensical 0.0.74 and 0.1.x require the package zensical-ui, which it does not serve).
ENGINES ?= .venv-engines
PROPERDOCS_VERSION ?= 1.6.7
ZENSICAL_VERSION ?= 0.0.73

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

engines: $(ENGINES)/properdocs/.installed-$(PROPERDOCS_VERSION) $(ENGINES)/zensical/.installed-$(ZENSICAL_VERSION)

$(ENGINES)/properdocs/.installed-$(PROPERDOCS_VERSION): pyproject.toml
	$(PYTHON) -m venv $(ENGINES)/properdocs
	$(ENGINES)/properdocs/bin/pip install --quiet -e . properdocs==$(PROPERDOCS_VERSION)
	$(ENGINES)/properdocs/bin/pip uninstall --quiet --yes mkdocs
	! $(ENGINES)/properdocs/bin/python -c 'import mkdocs' 2>/dev/null
	touch $@

$(ENGINES)/zensical/.installed-$(ZENSICAL_VERSION):
	$(PYTHON) -m venv $(ENGINES)/zensical
	$(ENGINES)/zensical/bin/pip install --quiet zensical==$(ZENSICAL_VERSION)
	touch $@

serve: setup
	$(BIN)/mkdocs serve --dev-addr $(ADDR)

build: setup
	$(BIN)/mkdocs build

check: setup
	$(BIN)/tebiki check

# ruff and mypy first (configured in pyproject.toml): a lint or type error stops before the tests
lint: setup
	$(BIN)/ruff check plugins tests
	$(BIN)/mypy

test: lint engines
	$(BIN)/pytest

# The five figures of issue 13, each a median with its spread (the machine's load makes
# wall clock noisy; the build figures also give CPU time). Takes about half an hour.
bench: setup
	$(BIN)/python bench/build.py
	$(BIN)/python bench/serve.py
	$(BIN)/python bench/search.py
	$(BIN)/python bench/search_index.py
	$(BIN)/python bench/check.py
