# Entry points for users and CI. `make demo` and `make test` work on a fresh machine
# with Python 3.11 and access to PyPI.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
COLLECTIONS_DIR := build/collections
COLLECTION_LINK := $(COLLECTIONS_DIR)/ansible_collections/backupops/commvault

# Playbooks find the collection through the link below, and modules run with the
# virtual environment's Python, which has `requests`.
export ANSIBLE_COLLECTIONS_PATH := $(CURDIR)/$(COLLECTIONS_DIR)
export ANSIBLE_PYTHON_INTERPRETER := $(CURDIR)/$(BIN)/python
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: demo test test-unit test-integration test-sanity test-lint venv clean

demo: $(VENV)/.installed $(COLLECTION_LINK)
	scripts/demo.sh

test: test-unit test-integration test-role test-sanity test-lint docs test-release

test-unit: $(VENV)/.installed $(COLLECTION_LINK)
	$(BIN)/pytest tests/unit tests/benchmark/test_analysis.py

test-integration: $(VENV)/.installed $(COLLECTION_LINK)
	$(BIN)/pytest tests/integration

test-sanity: $(VENV)/.installed
	VENV_BIN=$(CURDIR)/$(BIN) tests/utils/sanity.sh

test-lint: $(VENV)/.installed $(COLLECTION_LINK)
	$(BIN)/ansible-lint
	$(BIN)/antsibull-changelog lint

venv: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-dev.txt constraints-dev.txt tests/simulator/pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip==25.3
	$(BIN)/pip install --quiet -r requirements-dev.txt -c constraints-dev.txt
	$(BIN)/pip install --quiet -r requirements.txt -c constraints-dev.txt
	$(BIN)/pip install --quiet --no-deps -e tests/simulator
	touch $@

$(COLLECTION_LINK):
	mkdir -p $(dir $@)
	ln -sfn ../../../.. $@

clean:
	rm -rf build $(VENV) tests/output .pytest_cache

# The molecule scenario of the rac_fleet_backup role starts and stops its own
# simulator on 127.0.0.1 (extensions/molecule/rac_fleet_backup/create.yml and destroy.yml).
.PHONY: test-role
test-role: $(VENV)/.installed $(COLLECTION_LINK)
	$(BIN)/molecule test -s rac_fleet_backup

# Rendered collection docs in build/docs/html, built offline. The docs tools beyond
# requirements-dev.txt are in docs/sphinx/requirements.txt.
.PHONY: docs
docs: $(VENV)/.installed $(VENV)/.docs-installed $(COLLECTION_LINK)
	tests/utils/build_docs.sh

$(VENV)/.docs-installed: $(VENV)/.installed docs/sphinx/requirements.txt
	$(BIN)/pip install --quiet -r docs/sphinx/requirements.txt -c constraints-dev.txt
	touch $@

# Release checks: build, install and run the tarball, galaxy-importer, changelog.
# galaxy-importer needs attrs<24, so it gets a virtual environment of its own.
RELEASE_VENV := build/venv-release

.PHONY: test-release release-venv
test-release: $(VENV)/.installed $(RELEASE_VENV)/.installed
	VENV_BIN=$(CURDIR)/$(BIN) IMPORTER_VENV_BIN=$(CURDIR)/$(RELEASE_VENV)/bin \
		tests/utils/release_checks.sh

release-venv: $(RELEASE_VENV)/.installed

$(RELEASE_VENV)/.installed: tests/utils/release-requirements.txt
	$(PYTHON) -m venv $(RELEASE_VENV)
	$(RELEASE_VENV)/bin/pip install --quiet --upgrade pip==25.3
	$(RELEASE_VENV)/bin/pip install --quiet -r tests/utils/release-requirements.txt
	touch $@

# The fleet benchmark of docs/benchmarks.md: the rac_fleet_backup role against a uri
# playbook and a plain Python script, on a simulator on 127.0.0.1. Not part of
# `make test`. BENCHMARK_ARGS="--sizes 100" runs a subset.
.PHONY: benchmark
benchmark: $(VENV)/.installed $(COLLECTION_LINK)
	$(BIN)/python tests/benchmark/run.py $(BENCHMARK_ARGS)
