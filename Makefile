# policykg — see README.md. `make up` then `make test` on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SAMPLE := data/sample

.PHONY: install up neo4j-start neo4j-stop ingest-sample serve test lint format bench clean distclean screenshot

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	@touch $(STAMP)

up: install
	$(BIN)/policykg neo4j start
	$(BIN)/policykg ingest $(SAMPLE)
	$(BIN)/policykg serve

neo4j-start: install
	$(BIN)/policykg neo4j start

neo4j-stop: install
	$(BIN)/policykg neo4j stop

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# The test session starts its own Neo4j (ports 17687/17474, data under a temporary folder) and stops it.
test: install lint
	$(BIN)/pytest -p no:cacheprovider

bench: install
	$(BIN)/python -m bench.run_all

screenshot: install
	$(BIN)/python -m bench.screenshot docs

clean:
	rm -rf .mypy_cache .ruff_cache .pytest_cache build dist *.egg-info

distclean: clean
	-$(BIN)/policykg neo4j stop
	rm -rf $(VENV) .policykg
