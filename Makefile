# The two commands: `make briefs` (set up and build every brief) and `make test` (set up and run every test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
JOBS   ?=

.PHONY: briefs test lab validate bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# Reinstall when pyproject.toml changes; the stamp records the extras installed.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

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
	$(BIN)/python -m pytest -n 2 --dist loadfile tests
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg -n 2 --dist loadscope notebooks/*.ipynb notebooks/training

# JupyterLab lives in its own environment so that renders and tests don't pay its import tax;
# the notebooks run on the project's kernel (.venv), registered there under the notebooks' kernel name.
lab: $(VENV)/.installed
	test -x .venv-lab/bin/jupyter || ($(PYTHON) -m venv .venv-lab && .venv-lab/bin/pip install --quiet 'jupyterlab>=4.2,<5')
	$(BIN)/python -m ipykernel install --prefix .venv-lab --name python3 --display-name "Python 3 (clusterbench)" 2>&1 | grep -v "may not be found\|^Installed kernelspec" || true
	CLUSTERBENCH_ROOT=$(CURDIR) .venv-lab/bin/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root,) $(LAB_ARGS)

bench: $(VENV)/.installed
	bash scripts/ensure-browser.sh
	$(BIN)/python scripts/bench.py

clean:
	rm -rf reports/
