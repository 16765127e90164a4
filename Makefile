# Jembatan — everyday commands. Needs only python3 (with pip) to start: `bootstrap` installs uv.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

PYTHON ?= python3
# uv from PATH, else the copy pip installs (`python3 -m uv` runs it wherever pip put it).
UV ?= $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
SRC_DIRS := $(wildcard libs/*/src services/*/src sandbox/*/src)

.PHONY: help bootstrap browser demo test lint up broker schemas clean ci

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-10s %s\n", $$1, $$2}'

bootstrap: ## install uv if missing, then every dependency exactly as uv.lock pins it
	@if ! $(UV) --version >/dev/null 2>&1; then \
	  echo "installing uv with pip ..."; \
	  $(PYTHON) -m pip install --user --quiet uv \
	    || $(PYTHON) -m pip install --quiet uv \
	    || $(PYTHON) -m pip install --user --quiet --break-system-packages uv; \
	fi
	$(UV) sync --frozen

demo: bootstrap ## run the end-to-end demo on the local stack (tansu, sandboxes, four services)
	$(UV) run python -m jembatan.devstack demo

test: bootstrap browser ## the whole test suite (starts its own broker; needs PostgreSQL on 127.0.0.1:5432)
	$(UV) run pytest

browser: ## Debian's chromium for the console's browser tests (skipped without it, outside CI)
	@bash scripts/install-browser.sh || echo "chromium could not be installed: the browser tests will be skipped"

lint: bootstrap ## ruff and mypy over every package
	$(UV) run ruff check .
	$(UV) run mypy $(SRC_DIRS)

up: bootstrap ## start everything locally and hold until Ctrl-C (options: make up UP_ARGS="--iseller")
	$(UV) run python -m jembatan.devstack up $(UP_ARGS)

broker: bootstrap ## only tansu with the standard topics, for running a service by hand
	$(UV) run python -m jembatan.devstack broker

schemas: bootstrap ## re-export the JSON Schemas of the contracts
	$(UV) run python -c "from jembatan.contracts.registry import export; export()"

ci: ## what CI runs (.ci/run)
	.ci/run

clean: ## remove run directories, caches and build output (keeps .venv)
	rm -rf var .pytest_cache .mypy_cache .ruff_cache .hypothesis build dist
	find . -name __pycache__ -type d -not -path './.venv/*' -prune -exec rm -rf {} +
