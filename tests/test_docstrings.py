"""Every public class, function, method and property has a numpydoc docstring the API reference can render.

The public API is walked, not listed by hand: every name of ``__all__`` of :data:`SURFACES`, every public
function and class defined in :data:`MODULES`, and every public method and property of those classes (those
they inherit from other symconv classes included). Each docstring is read with numpydoc's own parser
(``numpydoc.docscrape.NumpyDocString``) and must have

* a one-line summary ending with a period (what the function returns or does);
* a ``Parameters`` section that lists exactly the signature's parameters, in order (``self``/``cls``
  left out, ``*args``/``**kwargs`` written with their stars), each with a type and a description
  (an error class without an ``__init__`` of its own takes ``Exception``'s message and lists none);
* a ``Returns`` (or ``Yields``) section exactly when the function returns something (its return
  annotation is not None); properties are read like attributes and need none;
* a ``Raises`` section naming every exception the function raises itself (``raise SomeError(...)`` in
  its own body), and naming only exception classes;
* an ``Examples`` section that opens with a ``>>>`` line (prose about an example goes before the
  section), self-contained (it imports what it uses, so a reader can paste it), and run by the test
  suite: ``pytest --doctest-modules`` collects most of them; the few it cannot see
  (``functools.cached_property``) are run here.

The site's API reference renders these docstrings with griffe's numpy parser; a warning there fails
``mkdocs build --strict``, so every docstring must parse without one.
"""

from __future__ import annotations

import ast
import builtins
import doctest
import functools
import importlib
import inspect
import logging
import re
import textwrap
import warnings
from dataclasses import dataclass
from typing import Any

import griffe
import pytest
from numpydoc import docscrape

SURFACES = ("symconv", "symconv.checking", "symconv.cli", "symconv.figures")
"""Packages whose ``__all__`` is public API."""

MODULES = (
    "symconv.arithmetic",
    "symconv.checking.check",
    "symconv.checking.report",
    "symconv.derivation",
    "symconv.entries",
    "symconv.errors",
    "symconv.examples",
    "symconv.expansion",
    "symconv.figures.figure",
    "symconv.figures.model",
    "symconv.formula",
    "symconv.layer",
    "symconv.layout",
    "symconv.limits",
    "symconv.matrices",
    "symconv.neuron",
    "symconv.numeric",
    "symconv.parsing",
    "symconv.pattern",
    "symconv.printing.checking",
    "symconv.printing.common",
    "symconv.printing.displays",
    "symconv.printing.formula",
    "symconv.printing.latex",
    "symconv.printing.neuron",
    "symconv.printing.page",
    "symconv.printing.structure",
    "symconv.printing.terms",
    "symconv.printing.text",
    "symconv.protocol",
    "symconv.structure",
    "symconv.symbols",
    "symconv.torch_bridge",
    "symconv.view",
)
"""Modules whose every public function and class (and their public methods and properties) is public API.

The implementation modules behind :mod:`symconv.checking` (grammars, readers, rules, diagnosis) and
:mod:`symconv.figures` (scene, renderers) and the command modules of :mod:`symconv.cli` are not listed:
their public surface is the ``__all__`` of their package (and the command line, whose reference is
generated from its parser).
"""

UNCHECKED_RAISES = {"NotImplementedError", "AssertionError"}
"""Raised only as guards that cannot happen (abstract methods, exhausted branches); not documented."""


@dataclass(frozen=True)
class Entry:
    """One documented object: its dotted name, what it is, the object, and where it is defined."""

    name: str
    kind: str  # "class", "function", "method", "property"
    obj: Any
    module: str

    def __str__(self) -> str:
        return self.name


def _kind_of_member(value: Any) -> str | None:
    if isinstance(value, (property, functools.cached_property)):
        return "property"
    if isinstance(value, (staticmethod, classmethod)) or inspect.isfunction(value):
        return "method"
    return None


def _is_protocol(cls: type) -> bool:
    return bool(getattr(cls, "_is_protocol", False))


def public_api() -> list[Entry]:
    """Every public class, function, method and property, each once, where it is defined."""
    found: dict[str, Entry] = {}
    classes: list[type] = []

    def add(obj: Any, module: str, qualname: str, kind: str) -> None:
        found.setdefault(f"{module}.{qualname}", Entry(f"{module}.{qualname}", kind, obj, module))

    def add_top(obj: Any) -> None:
        if inspect.isclass(obj):
            add(obj, obj.__module__, obj.__qualname__, "class")
            classes.append(obj)
        elif inspect.isfunction(obj):
            add(obj, obj.__module__, obj.__qualname__, "function")

    for surface in SURFACES:
        package = importlib.import_module(surface)
        for name in package.__all__:
            if not name.startswith("_"):
                add_top(getattr(package, name))
    for module_name in MODULES:
        module = importlib.import_module(module_name)
        for name, obj in vars(module).items():
            if not name.startswith("_") and getattr(obj, "__module__", None) == module_name:
                add_top(obj)
    for cls in classes:
        if _is_protocol(cls):
            continue  # an interface: its members are declarations, described in the class docstring
        for klass in cls.__mro__:
            if not klass.__module__.startswith("symconv") or _is_protocol(klass):
                continue
            for name, value in vars(klass).items():
                kind = _kind_of_member(value)
                if kind and not name.startswith("_"):
                    add(value, klass.__module__, f"{klass.__qualname__}.{name}", kind)
    return sorted(found.values(), key=lambda entry: entry.name)


API = public_api()


# -- reading one object ------------------------------------------------------------------------------------
def _function(entry: Entry) -> Any:
    """The function behind a method, property or class (its ``__init__`` for a class)."""
    obj = entry.obj
    if isinstance(obj, (staticmethod, classmethod)):
        return obj.__func__
    if isinstance(obj, property):
        return obj.fget
    if isinstance(obj, functools.cached_property):
        return obj.func
    return obj


def docstring(entry: Entry) -> str:
    """The object's own docstring (never one inherited from a base class), dedented."""
    own = getattr(entry.obj, "__doc__", None)
    if isinstance(entry.obj, (staticmethod, classmethod)):
        own = entry.obj.__func__.__doc__
    if entry.kind == "class" and own is not None and own == getattr(entry.obj.__mro__[1], "__doc__", None):
        own = None
    return inspect.cleandoc(own) if own else ""


def signature_names(entry: Entry) -> list[str]:
    """The parameters as a docstring lists them: ``self``/``cls`` left out, ``*args`` and ``**kwargs`` starred."""
    if entry.kind == "property":
        return []
    target = entry.obj
    if entry.kind == "class":
        if _is_protocol(target):
            return []  # an interface is not made: its signature is typing's own
        if issubclass(target, BaseException) and "__init__" not in vars(target):
            return []  # Exception's own (*args): griffe, reading the source, sees no parameter to document
    try:
        signature = inspect.signature(_function(entry) if entry.kind != "class" else target)
    except ValueError:  # pragma: no cover - every symconv callable has a signature
        return []
    names = []
    for parameter in signature.parameters.values():
        if parameter.kind is parameter.VAR_POSITIONAL:
            names.append("*" + parameter.name)
        elif parameter.kind is parameter.VAR_KEYWORD:
            names.append("**" + parameter.name)
        else:
            names.append(parameter.name)
    if entry.kind == "method" and not isinstance(entry.obj, staticmethod) and names and names[0] in ("self", "cls"):
        names = names[1:]
    return names


def returns_something(entry: Entry) -> bool:
    """False for a function annotated ``-> None`` (and for classes and properties, which need no Returns)."""
    if entry.kind in ("class", "property"):
        return False
    annotation = inspect.signature(_function(entry), eval_str=False).return_annotation
    return annotation not in (None, "None")


def direct_raises(entry: Entry) -> set[str]:
    """The exception classes the object's own code raises by name (nested functions left out)."""
    if entry.kind == "class" and _is_protocol(entry.obj):
        return set()
    functions = [_function(entry)] if entry.kind != "class" else [
        vars(entry.obj)[name] for name in ("__init__", "__post_init__") if name in vars(entry.obj)]
    found: set[str] = set()
    for function in functions:
        try:
            source = textwrap.dedent(inspect.getsource(function))
        except (OSError, TypeError):  # pragma: no cover - generated dataclass methods have no source
            continue
        namespace = {**vars(builtins), **getattr(function, "__globals__", {}),
                     **inspect.getclosurevars(function).nonlocals}
        for node in ast.parse(source).body:
            _raised(node, namespace, found, top=True)
    return found


def _raised(node: ast.AST, namespace: dict[str, Any], found: set[str], *, top: bool) -> None:
    """Add to ``found`` the exception classes raised by name in ``node``, not entering nested definitions."""
    if not top and isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
        return
    if isinstance(node, ast.Raise) and node.exc is not None:
        target = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", None)
        value = namespace.get(name) if name else None
        if inspect.isclass(value) and issubclass(value, BaseException) and name not in UNCHECKED_RAISES:
            found.add(name)
    for child in ast.iter_child_nodes(node):
        _raised(child, namespace, found, top=False)


def parse(text: str) -> Any:
    """numpydoc's reading of a docstring; a warning (an unknown section, say) is an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return docscrape.NumpyDocString(text)


def problems(entry: Entry) -> list[str]:
    """What is missing or wrong in one object's docstring (empty when it is complete)."""
    text = docstring(entry)
    if not text:
        return ["no docstring of its own"]
    try:
        doc = parse(text)
    except Exception as error:  # numpydoc raises ValueError, or warns, on a malformed docstring
        return [f"numpydoc cannot read it: {error}"]
    found = []
    summary = doc["Summary"]
    if len(summary) != 1 or not summary[0].strip():
        found.append(f"the summary must be one line, got {summary!r}")
    elif not summary[0].rstrip().endswith("."):
        found.append(f"the summary must end with a period: {summary[0]!r}")

    expected = signature_names(entry)
    documented = [parameter.name for parameter in doc["Parameters"]]
    if documented != expected:
        found.append(f"Parameters lists {documented}, the signature has {expected}")
    for parameter in doc["Parameters"]:
        if not parameter.type.strip():
            found.append(f"parameter {parameter.name!r} has no type")
        elif "," in re.sub(r", (default\b.*|optional)$", "", parameter.type):
            found.append(f"parameter {parameter.name!r} has the type {parameter.type!r}: write 'a or b' (griffe "
                         "reads 'a, b' as a tuple)")
        if not "".join(parameter.desc).strip():
            found.append(f"parameter {parameter.name!r} has no description")

    returns = doc["Returns"] or doc["Yields"]
    if returns_something(entry):
        if not returns:
            found.append("no Returns (or Yields) section, but it returns a value")
        for item in returns:
            if not (item.type or item.name).strip() or not "".join(item.desc).strip():
                found.append(f"a Returns entry needs a type and a description: {item!r}")
    elif returns and entry.kind != "class":
        found.append("a Returns section, but it returns None" if entry.kind != "property"
                     else "a property is read as an attribute: no Returns section")

    raised = {(item.type or item.name).strip().rpartition(".")[2] for item in doc["Raises"]}
    for name in sorted(raised):
        value = getattr(builtins, name, None) or _symconv_error(name)
        if not (inspect.isclass(value) and issubclass(value, BaseException)):
            found.append(f"Raises names {name!r}, which is not an exception class")
    missing = direct_raises(entry) - raised
    if missing:
        found.append(f"Raises does not name {sorted(missing)}, which it raises itself")

    examples = [line for line in doc["Examples"] if line.strip()]
    if not examples or not examples[0].lstrip().startswith(">>>"):
        found.append("no Examples section that opens with a >>> line (prose about an example goes before it)")
    else:
        undefined = undefined_names(text)
        if undefined:
            found.append(f"the examples use {sorted(undefined)} without importing or defining them")
    return found


def _symconv_error(name: str) -> Any:
    import symconv.errors
    import symconv.figures.model

    return getattr(symconv.errors, name, None) or getattr(symconv.figures.model, name, None)


def undefined_names(text: str) -> set[str]:
    """Names the examples read but never import, assign or define (builtins aside)."""
    source = "\n".join(example.source for example in doctest.DocTestParser().get_examples(text))
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return {"<a syntax error>"}
    defined = set(dir(builtins))
    used = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            defined.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.Name):
            (defined if isinstance(node.ctx, (ast.Store, ast.Del)) else used).add(node.id)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined.add(node.name)
        elif isinstance(node, ast.arg):
            defined.add(node.arg)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            defined.add(node.name)
    return used - defined


# -- the tests ---------------------------------------------------------------------------------------------
def test_the_walk_finds_the_public_api():
    names = {entry.name for entry in API}
    import symconv

    for name in symconv.__all__:
        if name.startswith("_"):
            continue
        obj = getattr(symconv, name)
        assert f"{obj.__module__}.{obj.__qualname__}" in names, name
    for member in ("symconv.layer.Layer.matrix", "symconv.layer.Layer.derive", "symconv.derivation.Derivation.text",
                   "symconv.derivation.Derivation.y_exprs", "symconv.layer.ConvTranspose.adjoint",
                   "symconv.formula.Formula.entry", "symconv.checking.report.CheckReport.ok",
                   "symconv.view.View.latex", "symconv.figures.figure.Figure.save", "symconv.layer._ConvBase.kernel"):
        assert member in names, member
    assert len(API) > 300


@pytest.mark.parametrize("entry", API, ids=str)
def test_docstring_is_complete(entry):
    found = problems(entry)
    assert not found, f"{entry.name}:\n  " + "\n  ".join(found)


def _collected_by_doctest() -> set[str]:
    """The names whose docstrings ``pytest --doctest-modules`` runs (doctest's own finder, as pytest uses it)."""
    finder = doctest.DocTestFinder(exclude_empty=True)
    names = set()
    for module_name in sorted({entry.module for entry in API}):
        names.update(test.name for test in finder.find(importlib.import_module(module_name)) if test.examples)
    return names


UNCOLLECTED = [entry for entry in API if entry.name not in _collected_by_doctest()]


def test_only_cached_properties_escape_the_doctest_run():
    """doctest finds functions, classes, methods and properties; ``functools.cached_property`` it does not."""
    escaped = [entry.name for entry in UNCOLLECTED if not isinstance(entry.obj, functools.cached_property)
               and ">>>" in docstring(entry)]
    assert not escaped


@pytest.mark.parametrize("entry", [e for e in UNCOLLECTED if ">>>" in docstring(e)], ids=str)
def test_examples_that_doctest_cannot_find_run_here(entry):
    test = doctest.DocTestParser().get_doctest(docstring(entry), {}, entry.name, entry.module, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    output: list[str] = []
    runner.run(test, out=output.append)
    assert runner.failures == 0, "".join(output)


TORCH_EXAMPLES = [entry for entry in API if "# doctest: +SKIP" in docstring(entry)]


def test_only_torch_examples_are_skipped():
    """``+SKIP`` is kept for the examples that need PyTorch, which the doctest run does not require."""
    assert [entry.name for entry in TORCH_EXAMPLES if entry.module != "symconv.torch_bridge"] == []


@pytest.mark.torch
@pytest.mark.parametrize("entry", TORCH_EXAMPLES, ids=str)
def test_torch_examples_run_when_torch_is_installed(entry):
    pytest.importorskip("torch")
    text = docstring(entry).replace("  # doctest: +SKIP", "")
    test = doctest.DocTestParser().get_doctest(text, {}, entry.name, entry.module, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    output: list[str] = []
    runner.run(test, out=output.append)
    assert runner.failures == 0 and test.examples, "".join(output)


def test_griffe_reads_every_docstring_without_a_warning():
    """The site renders the API with griffe's numpy parser; a warning there fails ``mkdocs build --strict``."""
    package = griffe.load("symconv", docstring_parser="numpy", allow_inspection=False)
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            messages.append(record.getMessage())

    handler = Collect(logging.WARNING)
    logger = logging.getLogger("griffe")
    logger.addHandler(handler)
    try:
        missing = []
        for entry in API:
            try:
                obj = package[entry.name.removeprefix("symconv.")]
            except KeyError:
                missing.append(entry.name)
                continue
            sections = {section.kind.value for section in obj.docstring.parse("numpy")} if obj.docstring else set()
            if "examples" not in sections:
                messages.append(f"{entry.name}: griffe finds no Examples section")
            if signature_names(entry) and entry.kind != "class" and "parameters" not in sections:
                messages.append(f"{entry.name}: griffe finds no Parameters section")
    finally:
        logger.removeHandler(handler)
    assert not missing, f"griffe does not see {missing}"
    assert not messages, "\n".join(messages)


# -- the checker itself: a docstring that lacks a section fails ------------------------------------------
COMPLETE = '''Return twice ``x``.

Parameters
----------
x : int
    A number.
scale : int, default 2
    The factor.

Returns
-------
int
    ``scale * x``.

Raises
------
LayerError
    If ``x`` is negative.

Examples
--------
>>> from symconv import Conv
>>> Conv([[[1]]], (1, 1)).output_shape
(1, 1)
'''


def _sample(doc: str) -> Entry:
    from symconv.errors import LayerError

    def twice(x: int, scale: int = 2) -> int:
        if x < 0:
            raise LayerError("negative")
        return scale * x

    twice.__doc__ = doc
    return Entry("sample.twice", "function", twice, __name__)


def _without(section: str) -> str:
    head, _, rest = COMPLETE.partition(section + "\n" + "-" * len(section) + "\n")
    following = rest.split("\n\n", 1)[1] if "\n\n" in rest else ""
    return head + following


def test_a_complete_docstring_passes():
    assert problems(_sample(COMPLETE)) == []


@pytest.mark.parametrize("section, complaint", [
    ("Parameters", "Parameters lists [], the signature has ['x', 'scale']"),
    ("Returns", "no Returns"),
    ("Raises", "Raises does not name ['LayerError']"),
    ("Examples", "no Examples section"),
])
def test_a_missing_section_fails(section, complaint):
    found = problems(_sample(_without(section)))
    assert any(complaint in problem for problem in found), found


@pytest.mark.parametrize("change, complaint", [
    (("scale : int, default 2\n    The factor.\n", ""), "the signature has ['x', 'scale']"),
    (("x : int\n", "x\n"), "parameter 'x' has no type"),
    (("x : int\n", "x : int, float\n"), "griffe reads 'a, b' as a tuple"),
    (("Return twice ``x``.", "Return twice\n``x``."), "the summary must be one line"),
    (("Return twice ``x``.", "Return twice ``x``"), "must end with a period"),
    (("LayerError\n", "LayerErorr\n"), "not an exception class"),
    ((">>> from symconv import Conv\n", ""), "use ['Conv'] without importing"),
    (("Examples\n--------\n", "Examples\n--------\nA layer of one tap:\n\n"), "opens with a >>> line"),
    (("Examples\n--------", "Exemples\n--------"), "numpydoc cannot read it"),
])
def test_a_wrong_docstring_fails(change, complaint):
    old, new = change
    assert old in COMPLETE
    found = problems(_sample(COMPLETE.replace(old, new)))
    assert any(complaint in problem for problem in found), found
