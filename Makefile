# policykg — see README.md. `make up` then `make test` on a fresh machine.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
SAMPLE := data/sample
# what `make up` loads: the sample, four State Council documents and five cities' and a district's
# documents (data/CORPUS.md), so that the first screen shows several regions
DEFAULT_CORPUS := $(SAMPLE) data/dev data/local

.PHONY: install deps deps-server up neo4j-start neo4j-stop ingest-sample serve test lint format bench clean distclean screenshot

install: $(STAMP)

# pip's own and the build backend's output go to a log (shown when it fails), not the terminal
$(STAMP): pyproject.toml
	@echo "== python: $(VENV) and the packages (pip; log in $(VENV)/pip.log)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install -q --upgrade pip > $(VENV)/pip.log 2>&1 || (cat $(VENV)/pip.log; exit 1)
	@$(BIN)/python -m pip install -q -e '.[dev,dist]' >> $(VENV)/pip.log 2>&1 || (cat $(VENV)/pip.log; exit 1)
	@touch $(STAMP)

# what the tests need from Debian (Java, Maven, Chromium, a CJK font): installed when missing
deps:
	@bash .ci/deps

deps-server:
	@bash .ci/deps --no-browser

up: deps-server install
	@echo "== Neo4j 5.26 (downloaded from Maven Central on the first run)"
	$(BIN)/policykg neo4j start
	@echo "== the sample and a small corpus of several regions ($(DEFAULT_CORPUS))"
	$(BIN)/policykg ingest $(DEFAULT_CORPUS)
	@echo "== serving the API and the explorer"
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
test: deps install lint
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
