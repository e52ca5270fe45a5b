# The two commands: `make briefs` (set up and build every brief) and `make test` (set up and run every test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
JOBS   ?=
# uv installs the locked environment (uv.lock) in seconds; then its bytecode is compiled once, so that every
# kernel and worker starts from .pyc files even where PYTHONDONTWRITEBYTECODE keeps Python from writing them:
# for the briefs, what a build imports (scripts/compile_bytecode.py, 6 s); for the tests, everything but the
# packages' own test suites. When uv is not on PATH it is installed from the package index into .venv-tools;
# if that fails too, pip installs the same pins from the exported lock (requirements/*.txt, with hashes).
UV_VERSION := 0.13.9
UV     ?= $(shell command -v uv 2>/dev/null || echo .venv-tools/bin/uv)

.PHONY: briefs test lab validate bench clean lock

.venv-tools/bin/uv:
	$(PYTHON) -m venv .venv-tools && .venv-tools/bin/pip install --quiet uv==$(UV_VERSION) || rm -rf .venv-tools

# One environment, from the lock: `sync EXTRAS` installs the project with those extras at the locked versions.
define sync
	@if [ -x "$(UV)" ] || $(MAKE) --no-print-directory .venv-tools/bin/uv >/dev/null 2>&1 && [ -x "$(UV)" ]; then \
	  UV_PYTHON=$(PYTHON) $(UV) sync --quiet --frozen --inexact $(foreach e,$(1),--extra $(e)); \
	else \
	  echo "uv unavailable: installing the locked versions with pip" >&2; \
	  ( test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) ) && \
	  $(BIN)/pip install --quiet --require-hashes -r requirements/$(if $(1),$(1),base).txt && \
	  $(BIN)/pip install --quiet --no-deps -e .; \
	fi
endef

# Reinstall when the lock changes; the stamp records the extras installed.
$(VENV)/.installed: pyproject.toml uv.lock
	$(call sync,)
	$(BIN)/python scripts/compile_bytecode.py
	touch $@

$(VENV)/.installed-test: pyproject.toml uv.lock
	$(call sync,test)
	$(BIN)/python -m compileall -q -j 0 -x '[/\\]tests?[/\\]' $(VENV)/lib src >/dev/null
	touch $@ $(VENV)/.installed

# After editing the dependencies in pyproject.toml: a new lock, and its exports for the pip fallback.
lock:
	$(UV) lock
	$(UV) export --quiet --frozen --no-emit-project --format requirements-txt -o requirements/base.txt
	$(UV) export --quiet --frozen --no-emit-project --format requirements-txt --extra test -o requirements/test.txt
	$(UV) export --quiet --frozen --no-emit-project --format requirements-txt --no-hashes --extra lab -o requirements/lab.txt

# The benchmarks ask for PDFs too (formats: [html, pdf]): Chromium from Debian's packages prints them.
briefs: $(VENV)/.installed
	bash scripts/ensure-browser.sh
	$(BIN)/clusterbench build $(if $(JOBS),--jobs $(JOBS),)

validate: $(VENV)/.installed
	$(BIN)/clusterbench validate

test: $(VENV)/.installed-test
	bash scripts/ensure-browser.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2 --dist loadfile tests
	$(BIN)/python -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -n 2 --dist loadscope notebooks/*.ipynb notebooks/training

# JupyterLab lives in its own environment so that renders and tests don't pay its import tax;
# the notebooks run on the project's kernel (.venv), registered there under the notebooks' kernel name.
lab: $(VENV)/.installed
	test -x .venv-lab/bin/jupyter || ($(UV) venv --quiet --python $(PYTHON) .venv-lab && \
	  $(UV) pip install --quiet --python .venv-lab/bin/python jupyterlab jupyterlab-rise -c requirements/lab.txt)
	$(BIN)/python -m ipykernel install --prefix .venv-lab --name python3 --display-name "Python 3 (clusterbench)" 2>&1 | grep -v "may not be found\|^Installed kernelspec" || true
	CLUSTERBENCH_ROOT=$(CURDIR) .venv-lab/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,) $(LAB_ARGS)

bench: $(VENV)/.installed
	bash scripts/ensure-browser.sh
	$(BIN)/python scripts/bench.py

clean:
	rm -rf reports/
