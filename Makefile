# One command each: `make serve` (set up and serve the sample handbook), `make test` (set up and run the tests).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
ADDR ?= 127.0.0.1:8000

.PHONY: setup serve build check test bench

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

serve: setup
	$(BIN)/mkdocs serve --dev-addr $(ADDR)

build: setup
	$(BIN)/mkdocs build

check: setup
	$(BIN)/tebiki check

test: setup
	$(BIN)/pytest

bench: setup
	$(BIN)/python bench/check.py
