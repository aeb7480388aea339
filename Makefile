# Two commands on a fresh machine with Python 3.11+: `make run` and `make test`.
# Both install the exact versions of requirements-dev.lock; `make lock` regenerates the locks.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PIP := $(BIN)/pip --quiet --disable-pip-version-check
# Runtime + dev tools (make, CI) and runtime only (the Docker image); the same versions in both.
LOCK := requirements-dev.lock
RUNTIME_LOCK := requirements.lock
UV_VERSION := 0.13.9
# One lock for every supported Python (>= 3.11) and platform, with hashes.
UV_COMPILE := $(BIN)/uv pip compile --quiet --universal --python-version 3.11 \
	--generate-hashes --custom-compile-command 'make lock'
# The build backend (setuptools) is locked too: the editable install runs without build isolation.
BUILD_REQUIRES := $(BIN)/python -c 'import tomllib; \
	print(*tomllib.load(open("pyproject.toml", "rb"))["build-system"]["requires"], sep="\n")'
# `make lock LOCK_ARGS=--upgrade` moves every pin to the newest version pyproject.toml allows;
# plain `make lock` keeps the current pins and only resolves what changed.
LOCK_ARGS ?=
# $(call header,FILE,WHAT): a first comment line naming what FILE is for and how to regenerate it.
header = { echo '\# $(2): exact versions with hashes, valid on every Python >= 3.11'; \
	echo '\# and platform (uv universal resolution). Edit pyproject.toml, then run `make lock`.'; \
	cat $(1); } > $(1).tmp && mv $(1).tmp $(1)

.PHONY: run test lint bench bench-curriculum bench-delivery bench-matching bench-search bench-broadcast lock clean

# Reinstalled when pyproject.toml or the lock changes; `pip check` fails if the lock does not
# satisfy pyproject.toml (a range changed without `make lock`).
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --require-hashes -r $(LOCK)
	$(PIP) install --no-deps --no-build-isolation -e .
	$(BIN)/pip check --disable-pip-version-check \
		|| { echo '$(LOCK) does not satisfy pyproject.toml: run `make lock`' >&2; exit 1; }
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m bot run

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks.updates

# The due-lesson query over 100,000 mentees and the `lessons-due` job queueing 3,000 lessons
# due at the same minute, on SQLite and on PostgreSQL at 127.0.0.1 (BENCH_POSTGRESQL_URL).
bench-curriculum: $(STAMP)
	$(BIN)/python -m benchmarks.curriculum

# The real `python -m bot run` sending announcements against a fake Bot API that enforces
# Telegram's flood control (a few minutes).
bench-delivery: $(STAMP)
	$(BIN)/python -m benchmarks.delivery

# `python -m bot match` for 1,000 mentees and 100 mentors: the solver alone and the whole plan
# with its database reads (a temporary SQLite file).
bench-matching: $(STAMP)
	$(BIN)/python -m benchmarks.matching

# A broadcast to 10,000 mentees by the real `python -m bot run`: CPU per 1,000 recipients and
# peak memory, beside a bare aiogram client.
bench-broadcast: $(STAMP)
	$(BIN)/python -m benchmarks.broadcast

# /search over 500 lessons and 5,000 FAQ entries (p99 target < 10 ms), with a difflib baseline.
bench-search: $(STAMP)
	$(BIN)/python -m benchmarks.search

lock:
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) install uv==$(UV_VERSION)
	$(BUILD_REQUIRES) | $(UV_COMPILE) $(LOCK_ARGS) pyproject.toml - --extra dev -o $(LOCK)
	$(BUILD_REQUIRES) | $(UV_COMPILE) pyproject.toml - -c $(LOCK) -o $(RUNTIME_LOCK)
	$(call header,$(LOCK),Runtime and dev dependencies for make and CI)
	$(call header,$(RUNTIME_LOCK),Runtime dependencies for the Docker image)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
