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

test: test-unit test-integration test-sanity test-lint

test-unit: $(VENV)/.installed $(COLLECTION_LINK)
	$(BIN)/pytest tests/unit

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
