# Local SPARQL servers for the tests and benchmarks (included by the top-level Makefile).
#
#   make servers-install   installs Virtuoso with apt-get when virtuoso-t is missing
#   make servers-up        starts Oxigraph and Virtuoso on free 127.0.0.1 ports, data in $(SERVERS_DIR),
#                          and writes their URLs to $(SERVERS_DIR)/env (read by tests/store/conftest.py)
#   make servers-down      stops them by the PIDs recorded in the env file and removes their data
#
# `make test` runs servers-up first and servers-down after pytest, whatever pytest returns.

PYTHON ?= .venv/bin/python
SERVERS_DIR ?= .servers

.PHONY: servers-install servers-up servers-down

servers-install:
	@command -v virtuoso-t >/dev/null 2>&1 && command -v isql-vt >/dev/null 2>&1 || { \
	  echo "installing virtuoso-opensource with apt-get"; \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y virtuoso-opensource \
	  || { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y virtuoso-opensource; }; }

servers-up: servers-install
	$(PYTHON) -m newskg.store.servers up --dir $(SERVERS_DIR)

servers-down:
	$(PYTHON) -m newskg.store.servers down --dir $(SERVERS_DIR)
