# Two commands do all set-up on a fresh machine with Python 3.10+ and make:
#   make demo   installs symconv in .venv and prints the worked example of the question symconv grew from
#   make test   installs symconv with its test tools in .venv and runs the whole test suite, which builds the
#               documentation site in strict mode too (tests/test_site.py)
#   make docs   installs the docs tools in .venv, builds the documentation site (mkdocs.yml) in strict mode and
#               serves it at http://127.0.0.1:8000, rebuilding a page when its source changes
#   make figures  redraws the README's figure (docs/figures/worked_example.png) with symconv itself
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin

.PHONY: demo test docs mutate bench figures clean

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

# The strict build of the site is a test of the suite (tests/test_site.py), not a step here: the tests that read the
# built pages (API entries, the CLI reference, no network, MathJax in Chromium) need it, one build serves them all,
# and `pytest` alone, as CI runs it through this target, builds it too.
test: $(VENV)/.installed-test
	$(BIN)/ruff check symconv tests benchmarks tools docs/hooks
	$(BIN)/mypy symconv
	$(BIN)/python -m pytest

$(VENV)/.installed-docs: pyproject.toml $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[docs]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3
	touch $@

export NO_MKDOCS_2_WARNING = 1

docs: $(VENV)/.installed-docs
	$(BIN)/mkdocs build --strict
	$(BIN)/mkdocs serve

mutate: $(VENV)/.installed-test
	$(BIN)/python tools/mutations.py
	$(BIN)/python tools/mutations.py --per-consumer

# The README's figure: the worked example (M, and the window of y_{0,0,0}), drawn by `symconv figure`.
# tests/test_figure_cli.py runs these same arguments, so the documented command keeps working.
FIGURE_ARGS = --input-shape 1x3x3 --kernel-shape 2x1x2x2 --kernel-names a:h --input-values 1,2,3,4,5,6,7,8,9 --kind both
FIGURE_OUT ?= docs/figures/worked_example.png

$(VENV)/.installed-figures: pyproject.toml $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[figures]"
	touch $@

figures: $(VENV)/.installed-figures
	mkdir -p $(dir $(FIGURE_OUT))
	$(BIN)/symconv figure $(FIGURE_ARGS) -o $(FIGURE_OUT)

bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .hypothesis site .cache
