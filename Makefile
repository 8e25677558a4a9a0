# Two commands matter: `make serve` and `make test`. Both create the virtual
# environment on first use; nothing needs installing by hand beyond Python 3.11
# and make.

SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
ADDR ?= 127.0.0.1:8000
PYTEST_ARGS ?= -n 2

# Material prints an end-of-life banner on every run; we know (see README).
export NO_MKDOCS_2_WARNING := 1

.PHONY: help setup serve build check permalinks test digest lint format bench fuzz chromium clean

help:
	@echo "make serve   build the handbook from source_notes/ and serve it on http://$(ADDR)"
	@echo "make test    run the whole test suite (installs what it needs)"
	@echo "make build   write the static site to site/ (strict: warnings fail)"
	@echo "make check   lint the notes (handbook check)"
	@echo "make permalinks  record the published URLs after a deliberate change"
	@echo "make lint    ruff check"
	@echo "make bench   benchmarks against plain mkdocs-material (writes bench/results.*)"
	@echo "make fuzz    the parser fuzz tests with 25,000 random examples each"
	@echo "make digest  re-record the built sites' digests after an intended output change"

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e '.[dev]'
	@touch $@

setup: $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr $(ADDR)

build: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

check: $(STAMP)
	$(BIN)/handbook check

permalinks: $(STAMP)
	$(BIN)/handbook permalinks

# The browser tests drive Debian's Chromium through Playwright; install it once.
chromium:
	@test -x /usr/bin/chromium || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(SUDO) apt-get update -qq && \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) chromium
	$(BIN)/pytest $(PYTEST_ARGS)

# Re-record the seed and corpus sites' digests after a change that alters
# the output on purpose (tests/test_site_digest.py).
digest: $(STAMP)
	HANDBOOK_RECORD_DIGEST=1 $(BIN)/pytest -q -p no:xdist tests/test_site_digest.py

lint: $(STAMP)
	$(BIN)/ruff check plugins tests
	$(BIN)/ruff format --check plugins tests

format: $(STAMP)
	$(BIN)/ruff format plugins tests
	$(BIN)/ruff check --fix plugins tests

# Sizes: the lennyspodcast channel, the shared corpus, and scaled copies of it.
BENCH_SIZES ?= lennyspodcast,0,5000,20000
bench: $(STAMP) chromium
	$(BIN)/python bench/run.py --sizes $(BENCH_SIZES)

# `make test` runs 2,000 derandomised examples per parser; this explores more.
FUZZ_EXAMPLES ?= 25000
fuzz: $(STAMP)
	HANDBOOK_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) HANDBOOK_FUZZ_RANDOM=1 \
	  $(BIN)/pytest -p no:xdist tests/test_fuzz.py

clean:
	rm -rf site .pytest_cache tests/artifacts
