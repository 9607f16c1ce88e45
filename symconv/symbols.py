r"""Symbol factories: the one place that names kernel and input entries.

By default a kernel entry is the SymPy ``Indexed`` object ``K[u, i, p, q]`` of the
``IndexedBase`` ``K``, and an input entry is ``x[i, j, k]``. They are ordinary SymPy
objects, so everything SymPy does with them works: ``str`` gives ``K[0, 0, 1, 1]``,
``sympy.sympify`` reads that back with ``locals=namespace()``, ``sympy.pycode`` writes
``K[0, 0, 1, 1]``, and ``sympy.lambdify([K, x], expr)`` takes numpy arrays for K and
x. symconv's own printers write them as the subscripts a textbook uses, ``K_{0,0,1,1}``
in text and :math:`K_{0,0,1,1}` in LaTeX.

Named entries (``kernel(shape, "a:h")``) are plain ``Symbol`` objects.

Names
-----
A name that reaches LaTeX follows this grammar (checked by :func:`is_math_name`)::

    name  := base (("_" | "^") group)*
    base  := letter (letter | digit)*
    group := (letter | digit)+ | "{" (letter | digit)+ ("," (letter | digit)+)* "}"

with ASCII or Greek letters (``alpha`` and ``α`` both become :math:`\alpha`). Such a
name is typeset as mathematics (``w_1`` as :math:`w_{1}`). Any other printable name
is typeset literally, every special character escaped (see
:func:`symconv.printing.common.latex_name`). Names with control characters or
whitespace are refused where they enter (:func:`symconv.entries.check_name`).
"""

from __future__ import annotations

import itertools
import keyword
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sympy

from .entries import as_shape, check_name
from .errors import ShapeError
from .limits import MAX_SYMBOLS, check_size

_GREEK = "\u0391-\u03a9\u03b1-\u03c9"
_ALNUM = rf"[A-Za-z0-9{_GREEK}]+"
_GROUP = rf"(?:{_ALNUM}|\{{{_ALNUM}(?:,{_ALNUM})*\}})"
MATH_NAME = re.compile(rf"[A-Za-z{_GREEK}][A-Za-z0-9{_GREEK}]*(?:[_^]{_GROUP})*")
"""The grammar of names that are typeset as mathematics."""


@dataclass(frozen=True)
class Notation:
    """The letters symconv uses for indices and sizes, for a layer with ``ndim`` spatial axes.

    The question symconv grew from writes ``t = iHW + jW + k`` for the input, ``s = uH'W' + vW' + w``
    for the output and ``K`` of shape ``D x C x P x Q``; the same letters extend to 1-D and 3-D.
    Every view (the entry formula, the checker of hand derivations, the printers) takes its
    letters from here.

    Examples
    --------
    >>> notation(2).input_positions, notation(2).output_positions, notation(2).taps
    (('j', 'k'), ('v', 'w'), ('p', 'q'))
    >>> notation(3).input_sizes, notation(1).input_sizes, notation(2).kernel_sizes
    (('T', 'H', 'W'), ('W',), ('P', 'Q'))
    """

    ndim: int
    row: str = "s"
    column: str = "t"
    output_channel: str = "u"
    input_channel: str = "i"
    output_positions: tuple[str, ...] = ()
    input_positions: tuple[str, ...] = ()
    taps: tuple[str, ...] = ()
    input_sizes: tuple[str, ...] = ()
    output_sizes: tuple[str, ...] = ()
    kernel_sizes: tuple[str, ...] = ()
    input_channels: str = "C"
    output_channels: str = "D"
    kernel: str = "K"
    input: str = "x"
    output: str = "y"


def notation(ndim: int) -> Notation:
    """The :class:`Notation` of a layer with ``ndim`` (1 to 3) spatial axes."""
    sizes = ("T", "H", "W")[3 - ndim :]
    return Notation(
        ndim=ndim,
        output_positions=("v", "w", "z")[:ndim],
        input_positions=("j", "k", "l")[:ndim],
        taps=("p", "q", "r")[:ndim],
        input_sizes=sizes,
        output_sizes=tuple(size + "'" for size in sizes),
        kernel_sizes=("P", "Q", "R")[:ndim],
    )


def is_math_name(name: str) -> bool:
    """True when ``name`` follows the name grammar (and is typeset as mathematics in LaTeX).

    Examples
    --------
    >>> [is_math_name(n) for n in ["a", "w_1", "K_{0,1}", "alpha^2", "x%y", "K_{", r"\\input"]]
    [True, True, True, True, False, False, False]
    """
    return MATH_NAME.fullmatch(name) is not None


def check_stem(stem: Any, *, argument: str = "stem") -> str:
    """Return ``stem`` if it is a Python identifier (so that pycode and lambdify can use it), else raise."""
    if not isinstance(stem, str) or not stem.isidentifier() or keyword.iskeyword(stem) or not stem.isascii():
        raise ShapeError(
            f"{argument} {stem!r} is not a valid stem; expected a Python identifier such as 'K' or 'W1' "
            "(letters, digits and '_', not starting with a digit)"
        )
    return stem


def indexed_entries(stem: str, shape: tuple[int, ...]) -> list[sympy.Indexed]:
    """Return ``stem[i, j, ...]`` for every index of ``shape`` in row-major order.

    Examples
    --------
    >>> indexed_entries("x", (1, 2))
    [x[0, 0], x[0, 1]]
    """
    base = sympy.IndexedBase(check_stem(stem))
    integers = [sympy.Integer(i) for i in range(max(shape, default=0))]
    return [base[tuple(integers[i] for i in index)] for index in itertools.product(*map(range, shape))]


_LETTER_RANGE = re.compile(r"([A-Za-z]):([A-Za-z])")
_NUMBER_RANGE = re.compile(r"([A-Za-z][A-Za-z0-9_]*?)(\d*):(\d+)")


def split_names(text: str, *, argument: str) -> list[str]:
    """Split a comma-separated list of names, keeping commas inside braces (``x_{0,1}``) in their name.

    Examples
    --------
    >>> split_names("x_{0,0}, x_{0,1},w", argument="names")
    ['x_{0,0}', 'x_{0,1}', 'w']
    """
    items: list[str] = []
    current: list[str] = []
    depth = 0
    for position, character in enumerate(text):
        if character == "{":
            depth += 1
        elif character == "}":
            depth -= 1
            if depth < 0:
                raise ShapeError(f"{argument} {text!r} has an unmatched '}}' at character {position + 1}")
        if character == "," and depth == 0:
            items.append("".join(current).strip())
            current = []
        else:
            current.append(character)
    if depth:
        raise ShapeError(f"{argument} {text!r} has an unmatched '{{'; close every brace")
    items.append("".join(current).strip())
    if any(not item for item in items):
        raise ShapeError(f"{argument} {text!r} has an empty name; separate names with single commas")
    return items


def _range_count(item: str) -> int | None:
    """How many names a range gives (``a:h`` 8, ``w0:8`` 8, ``x:3`` 3), or None when it is not a range."""
    letters = _LETTER_RANGE.fullmatch(item)
    if letters:
        first, last = letters.groups()
        return ord(last) - ord(first) + 1 if first.islower() == last.islower() else 0
    numbers = _NUMBER_RANGE.fullmatch(item)
    if numbers:
        _, start, stop = numbers.groups()
        return int(stop) - int(start or 0)
    return None


def _range_names(item: str) -> list[str]:
    letters = _LETTER_RANGE.fullmatch(item)
    if letters:
        first, last = letters.groups()
        return [chr(code) for code in range(ord(first), ord(last) + 1)]
    prefix, start, stop = _NUMBER_RANGE.fullmatch(item).groups()  # type: ignore[union-attr]
    return [f"{prefix}{number}" for number in range(int(start or 0), int(stop))]


def named_symbols(names: str | Sequence[str], count: int, *, argument: str) -> list[sympy.Symbol]:
    """Return ``count`` symbols from ranges such as ``"a:h"`` or ``"w0:8"``, names, or a list of names.

    The text is read by a small tokenizer, never evaluated: comma-separated items, each a
    name (in the grammar above, braces kept together: ``x_{0,1}``) or a range, ``a:h``
    (letters a to h) or ``w0:8`` (w0 to w7), as in SymPy's ``symbols``. The number of
    names is counted before any is made.

    Examples
    --------
    >>> named_symbols("a:d", 4, argument="names")
    [a, b, c, d]
    >>> named_symbols("w0:2, x_{0,1}", 3, argument="names")
    [w0, w1, x_{0,1}]
    """
    if isinstance(names, str):
        items = split_names(names, argument=argument)
        counts = [_range_count(item) for item in items]
        for item, found in zip(items, counts):
            if found is None and not is_math_name(item):
                raise ShapeError(
                    f"{argument} item {item!r} is neither a name (a, w1, x_0, K_{{0,1}}) nor a range (a:h, w0:8)"
                    + _bad_character(item)
                )
        total = sum(1 if found is None else found for found in counts)
        if total != count:
            raise ShapeError(f"{argument} {_short(names)} gives {total} name{'s' if total != 1 else ''}; "
                             f"the shape needs {count}")
        texts: list[Any] = []
        for item, found in zip(items, counts):
            texts.extend([item] if found is None else _range_names(item))
    elif isinstance(names, (list, tuple)):
        texts = list(names)
    else:
        raise ShapeError(f"{argument} must be a range such as 'a:h', or a list of names, got a {type(names).__name__} "
                         f"{names!r}")
    symbols = []
    for name in texts:
        if isinstance(name, sympy.Symbol):
            check_name(name.name, argument=argument)
            symbols.append(name)
        elif isinstance(name, str) and is_math_name(name):
            symbols.append(sympy.Symbol(name))
        else:
            raise ShapeError(
                f"{argument} entry {name!r} is not a symbol name; expected a letter then letters/digits, "
                "with optional _ or ^ subscripts (a, w1, x_0, K_{0,1})" + _bad_character(name)
            )
    if len(symbols) != count:
        raise ShapeError(f"{argument} {_short(names)} gives {len(symbols)} name{'s' if len(symbols) != 1 else ''}; "
                         f"the shape needs {count}")
    if len(set(symbols)) != len(symbols):
        repeated = next(s for s in symbols if symbols.count(s) > 1)
        raise ShapeError(f"{argument} {_short(names)} repeats the name {repeated}; every entry needs its own symbol")
    return symbols


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _bad_character(name: Any) -> str:
    if not isinstance(name, str):
        return ""
    for character in name:
        if not (character.isalnum() or character in "_^{},"):
            return f"; it holds {character!r}"
    return ""


def kernel(shape: Sequence[int], names: str | Sequence[str] | None = None, *, stem: str = "K",
           force: bool = False) -> sympy.Array:
    r"""Return a symbolic kernel of ``shape`` (D, C, k1[, k2[, k3]]) as a SymPy Array.

    Parameters
    ----------
    shape
        The kernel's shape.
    names
        A SymPy range such as ``"a:h"`` or a list of names, in row-major order.
        By default the entries are ``Indexed`` objects ``K[u, i, p, q]``.
    stem
        The name of the default ``IndexedBase`` (a Python identifier).
    force
        Make more than :data:`~symconv.limits.MAX_SYMBOLS` entries.

    Examples
    --------
    >>> kernel((2, 1, 2, 2), "a:h").tolist()
    [[[[a, b], [c, d]]], [[[e, f], [g, h]]]]
    >>> kernel((1, 1, 2))[0, 0, 1]
    K[0, 0, 1]
    """
    dims = as_shape(shape, argument="shape", rank=(3, 5))
    return _symbol_array(dims, names, stem, "names", force)


def inputs(shape: Sequence[int], names: str | Sequence[str] | None = None, *, stem: str = "x",
           force: bool = False) -> sympy.Array:
    r"""Return a symbolic input of ``shape`` (C, n1[, n2[, n3]]): by default the entries ``x[i, j, k]``.

    Examples
    --------
    >>> inputs((1, 2))
    [[x[0, 0], x[0, 1]]]
    """
    dims = as_shape(shape, argument="shape", rank=(2, 4))
    return _symbol_array(dims, names, stem, "names", force)


def namespace(*stems: str) -> dict[str, sympy.IndexedBase]:
    """Return ``{stem: IndexedBase(stem)}`` for ``sympify(text, locals=namespace())`` (default: K and x).

    Examples
    --------
    >>> expr = kernel((1, 1, 2))[0, 0, 1] * inputs((1, 2))[0, 1]
    >>> sympy.sympify(str(expr), locals=namespace()) == expr
    True
    """
    return {stem: sympy.IndexedBase(check_stem(stem)) for stem in (stems or ("K", "x"))}


def _symbol_array(dims: tuple[int, ...], names: Any, stem: str, argument: str, force: bool) -> sympy.Array:
    count = 1
    for size in dims:
        count *= size
    check_size(f"an array of shape {dims}", count, MAX_SYMBOLS, name="MAX_SYMBOLS", force=force,
               ways="give numbers instead of symbols, or pass force=True (CLI: --force)")
    if names is None:
        return _indexed_array(check_stem(stem), dims)
    return sympy.ImmutableDenseNDimArray(named_symbols(names, count, argument=argument), dims)


@lru_cache(maxsize=32)
def _indexed_array(stem: str, dims: tuple[int, ...]) -> sympy.Array:
    """The default entries of a shape, made once: the array is immutable, so every call may share it."""
    return sympy.ImmutableDenseNDimArray(indexed_entries(stem, dims), dims)


# -- the call that makes a layer, for repr() --------------------------------------------------------
MAX_LISTED_ENTRIES = 64
"""A kernel or bias with more entries than this is summarised in ``repr`` instead of listed."""


def kernel_text(entries: Sequence[sympy.Expr], shape: tuple[int, ...]) -> str:
    """Python text that makes a kernel with these entries: ``kernel((2, 1, 2, 2), 'a:h')``, a nested list, ...

    Examples
    --------
    >>> kernel_text(sympy.flatten(kernel((1, 1, 3))), (1, 1, 3))
    'kernel((1, 1, 3))'
    >>> kernel_text(sympy.flatten(kernel((1, 1, 3), "a:c")), (1, 1, 3))
    "kernel((1, 1, 3), 'a:c')"
    >>> kernel_text([sympy.Integer(1), sympy.Rational(1, 2)], (1, 1, 2))
    '[[[1, Rational(1, 2)]]]'
    """
    entries = list(entries)
    first = entries[0]
    if type(first) is sympy.Indexed and _plain_stem(first):
        stem = first.base.label.name
        if entries == indexed_entries(stem, shape):
            return f"kernel({shape})" if stem == "K" else f"kernel({shape}, stem={stem!r})"
    if all(type(e) is sympy.Symbol and e._assumptions0 == sympy.Symbol("a")._assumptions0 for e in entries):
        names = [e.name for e in entries]
        for candidate in _ranges(names):
            try:
                if named_symbols(candidate, len(names), argument="names") == entries:
                    return f"kernel({shape}, {candidate!r})"
            except ShapeError:
                continue
    if len(entries) > MAX_LISTED_ENTRIES:
        return f"<{'x'.join(map(str, shape))} kernel>"
    return _nested([entry_text(e) for e in entries], shape)


def _plain_stem(entry: sympy.Indexed) -> bool:
    label = entry.base.label
    return type(label) is sympy.Symbol and label.name.isidentifier()


def _ranges(names: list[str]) -> list[str]:
    """Candidate SymPy ranges for a list of names: 'a:h', 'w0:9', then the names joined by commas."""
    candidates = []
    if all(len(n) == 1 for n in names):
        candidates.append(f"{names[0]}:{names[-1]}")
    match = re.fullmatch(r"([A-Za-z]+)(\d+)", names[0])
    if match:
        prefix, start = match.group(1), int(match.group(2))
        candidates.append(f"{prefix}{start}:{start + len(names)}")
    if len(names) <= MAX_LISTED_ENTRIES and all(is_math_name(n) and "," not in n for n in names):
        candidates.append(",".join(names))
    return candidates


def entry_text(value: sympy.Expr) -> str:
    """Python text of one entry: an int, ``Rational(1, 3)``, a symbol's name, or SymPy's ``str``."""
    if value.is_Integer:
        return str(int(value))
    if value.is_Rational:
        return f"Rational({value.p}, {value.q})"
    return str(value)


def _nested(texts: list[str], shape: tuple[int, ...]) -> str:
    if len(shape) == 1:
        return "[" + ", ".join(texts) + "]"
    step = len(texts) // shape[0]
    return "[" + ", ".join(_nested(texts[i : i + step], shape[1:]) for i in range(0, len(texts), step)) + "]"


def call_text(name: str, arguments: dict[str, Any], defaults: dict[str, Any]) -> str:
    """``Conv(kernel((2, 1, 2, 2), 'a:h'), (1, 3, 3), stride=2)``: the call with its non-default options.

    ``arguments`` holds ``kernel`` (a SymPy array) and ``input_shape`` first, then the
    keyword options; ``bias`` is a list of entries.
    """
    parts = [kernel_text(list(sympy.flatten(arguments["kernel"])), tuple(arguments["kernel"].shape)),
             str(tuple(arguments["input_shape"]))]
    for option, value in arguments.items():
        if option in ("kernel", "input_shape") or (option in defaults and value == defaults[option]):
            continue
        if option == "bias":
            text = _nested([entry_text(b) for b in value], (len(value),)) if len(value) <= MAX_LISTED_ENTRIES \
                else f"<{len(value)} bias entries>"
        else:
            text = repr(value)
        parts.append(f"{option}={text}")
    return f"{name}({', '.join(parts)})"
