# The two set-up commands of the README: `make ingest` and `make test`. Both work on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export DO_NOT_TRACK := 1
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: ingest test lint typecheck unit bench throughput oneoff schema clean-output train browser

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

# PYTHONWARNINGS: setuptools' notice on every editable install ("be careful with folders named
# like your package") says nothing to a user of this checkout.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install -q -e '.[test,train]'
	touch $(VENV)/.installed $@

ingest: $(VENV)/.installed
	$(BIN)/boilerstrip ingest raw clean

test: lint typecheck unit

# The UI test drives Debian's chromium through chromium-driver (no browser download at run time).
# Installed when missing and this is root on a Debian-like machine (CI); elsewhere the UI test is
# skipped unless BOILERSTRIP_REQUIRE_BROWSER is set.
browser:
	@if ! command -v chromedriver >/dev/null 2>&1 && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; \
	fi

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

unit: $(VENV)/.installed-test browser
	$(BIN)/pytest -q

# Quality out of fold (every set, input kind and page type, beside trafilatura alone and jusText),
# then speed against the same baselines in one run per input kind.
bench: $(VENV)/.installed-test
	$(BIN)/python -m train.oof
	for kind in text plain text-wrapped html; do $(BIN)/python -m benchmarks.bench ../shared/bench/scrapinghub --kind $$kind --compare; done
	for kind in text plain html; do $(BIN)/python -m benchmarks.bench ../shared/bench/trafilatura-eval --kind $$kind --compare; done

throughput: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks.throughput

# One-off shell runs from a cold shell with no Prefect API, against the core alone.
oneoff: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks.oneoff

# Rebuild the block classifier and the date, title and author choices from ../shared/bench: the model files, then their
# out-of-fold reports (5 folds grouped by site; each page parsed with models fitted without its fold).
train: $(VENV)/.installed-test
	$(BIN)/python -m train.fit
	$(BIN)/python -m train.dates --report parsers/models/dates.report.md
	$(BIN)/python -m train.titles --report parsers/models/titles.report.md
	$(BIN)/python -m train.authors --report parsers/models/authors.report.md
	$(BIN)/python -m train.oof --report parsers/models/blocks.report.md

schema: $(VENV)/.installed
	$(BIN)/python -m schemas.export

clean-output:
	find clean -mindepth 1 ! -name .gitkeep -exec rm -rf {} +
