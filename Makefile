# Front Door: one entry point for developers and CI. `make help` lists the targets.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
RASA := $(VENV)/bin/rasa
export RASA_TELEMETRY_ENABLED := false
export TF_CPP_MIN_LOG_LEVEL := 2
export PYTHONPATH := $(CURDIR)
export MPLCONFIGDIR := $(CURDIR)/var/matplotlib
export SQLALCHEMY_SILENCE_UBER_WARNING := 1

.DEFAULT_GOAL := help
.PHONY: help install lock run train test lint unit validate test-stories nlu-check integration test-deps bench clean

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

install: ## Create .venv (Python 3.11) and install the exact lock; instant when nothing changed
	@bash scripts/install.sh

lock: ## Regenerate requirements.lock from requirements/rasa-base.txt + requirements/extras.in
	@bash scripts/lock.sh

run: install ## Train if needed, then start Rasa (5005), actions (5055) and the web front (8000)
	@$(PY) -m bot serve

train: install ## Train the model (reuses the newest model when data and config are unchanged)
	@$(RASA) train --domain domain --out models

test: install test-deps lint unit validate train test-stories nlu-check integration ## Every check, cheapest first

test-deps: ## Install the system packages tests need (PostgreSQL, Redis, chromium) if missing
	@bash scripts/test-deps.sh

lint: install ## ruff, then the import contracts (pyproject.toml, ARCHITECTURE.md)
	@$(VENV)/bin/ruff check .
	@$(VENV)/bin/lint-imports --no-cache --no-logo

unit: install ## Fast pytest tests (no servers)
	@$(PY) -m pytest -q -m "not integration and not browser"

validate: install ## rasa data validate, failing on warnings
	@$(RASA) data validate --domain domain --fail-on-warnings

test-stories: install ## Rasa test stories (tests/test_stories), failing on any prediction error
	@$(RASA) test core --stories tests/test_stories --fail-on-prediction-errors --no-plot --out results/stories

nlu-check: train ## Intent F1: cross-validation and held-out messages (README "Intent accuracy")
	@$(PY) scripts/nlu_check.py --min-cv 0.90 --min-fresh 0.90

integration: install ## Tests that start real servers, databases and a browser
	@$(PY) -m pytest -q -m "integration or browser"

bench: install ## Benchmarks: triage speed and accuracy, directory relevance and speed
	@for b in bench/*_bench.py; do echo "== $$b"; $(PY) $$b || exit 1; done

clean: ## Remove trained models, results and local data (var/)
	rm -rf models results var artifacts
