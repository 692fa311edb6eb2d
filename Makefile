# The two set-up commands of the README: `make ingest` and `make test`. Both work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: ingest test lint typecheck unit bench throughput schema clean-output

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $(VENV)/.installed $@

ingest: $(VENV)/.installed
	$(BIN)/boilerstrip ingest raw clean

test: lint typecheck unit

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

unit: $(VENV)/.installed-test
	$(BIN)/pytest -q

bench: $(VENV)/.installed-test
	for kind in text plain text-wrapped; do $(BIN)/python -m benchmarks.bench ../shared/bench/scrapinghub --kind $$kind --compare; done
	$(BIN)/python -m benchmarks.bench ../shared/bench/scrapinghub --kind html --compare
	for kind in text plain; do $(BIN)/python -m benchmarks.bench ../shared/bench/trafilatura-eval --kind $$kind --compare; done
	$(BIN)/python -m benchmarks.bench ../shared/bench/trafilatura-eval --kind html --compare

throughput: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks.throughput

schema: $(VENV)/.installed
	$(BIN)/python -m schemas.export

clean-output:
	find clean -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
