# Two commands do all set-up on a fresh machine with Python 3.10+ and make:
#   make demo   installs symconv in .venv and prints the seed's worked example
#   make test   installs symconv with its test tools in .venv and runs the whole test suite
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test mutate bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3
	touch $@

demo: $(VENV)/.installed
	$(BIN)/symconv example

test: $(VENV)/.installed-test
	$(BIN)/ruff check symconv tests benchmarks tools
	$(BIN)/mypy symconv
	$(BIN)/python -m pytest

mutate: $(VENV)/.installed-test
	$(BIN)/python tools/mutations.py
	$(BIN)/python tools/mutations.py --per-consumer

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis
