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
    letters from here; make one with :func:`notation`.

    Parameters
    ----------
    ndim : int
        The number of spatial axes (1 to 3).
    row : str, default "s"
        The row of M (the flat output index).
    column : str, default "t"
        The column of M (the flat input index).
    output_channel : str, default "u"
        The output channel.
    input_channel : str, default "i"
        The input channel.
    output_positions : tuple of str, default ()
        The output positions, one per axis (v, w, z).
    input_positions : tuple of str, default ()
        The input positions, one per axis (j, k, l).
    taps : tuple of str, default ()
        The kernel taps, one per axis (p, q, r).
    input_sizes : tuple of str, default ()
        The input sizes, one per axis (T, H, W: the last ``ndim`` of them).
    output_sizes : tuple of str, default ()
        The output sizes (T', H', W').
    kernel_sizes : tuple of str, default ()
        The kernel sizes (P, Q, R).
    input_channels : str, default "C"
        The number of input channels.
    output_channels : str, default "D"
        The number of output channels.
    kernel : str, default "K"
        The kernel.
    input : str, default "x"
        The input.
    output : str, default "y"
        The output.

    Examples
    --------
    >>> from symconv.symbols import notation
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
    """Return the :class:`Notation` of a layer with ``ndim`` spatial axes.

    Parameters
    ----------
    ndim : int
        The number of spatial axes, 1 to 3.

    Returns
    -------
    Notation
        The letters: positions j, k, l and v, w, z, taps p, q, r, sizes T, H, W (the last
        ``ndim`` of them), T', H', W' and P, Q, R.

    Examples
    --------
    >>> from symconv.symbols import notation
    >>> letters = notation(1)
    >>> letters.input_positions, letters.input_sizes, letters.output_sizes, letters.kernel_sizes
    (('j',), ('W',), ("W'",), ('P',))
    """
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
    r"""Return True when ``name`` follows the name grammar (and is typeset as mathematics in LaTeX).

    Parameters
    ----------
    name : str
        A symbol's name.

    Returns
    -------
    bool
        True for names such as ``a``, ``w_1``, ``K_{0,1}``, ``alpha^2``, ``α``; False for
        anything else (then LaTeX sets the name literally).

    Examples
    --------
    >>> from symconv.symbols import is_math_name
    >>> [is_math_name(n) for n in ["a", "w_1", "K_{0,1}", "alpha^2", "x%y", "K_{", r"\\input"]]
    [True, True, True, True, False, False, False]
    """
    return MATH_NAME.fullmatch(name) is not None


def check_stem(stem: Any, *, argument: str = "stem") -> str:
    """Return ``stem`` if it is a Python identifier (so that pycode and lambdify can use it), else raise.

    Parameters
    ----------
    stem : str
        The name of an ``IndexedBase`` (``"K"``, ``"W1"``).
    argument : str, default "stem"
        The argument's name, for the message.

    Returns
    -------
    str
        ``stem`` itself.

    Raises
    ------
    ShapeError
        If ``stem`` is not a string, not an ASCII Python identifier, or a Python keyword.

    Examples
    --------
    >>> from symconv.symbols import check_stem
    >>> check_stem("W1")
    'W1'
    >>> check_stem("lambda")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symconv.errors.ShapeError: stem 'lambda' is not a valid stem; expected a Python identifier such as 'K' or 'W1' ...
    """
    if not isinstance(stem, str) or not stem.isidentifier() or keyword.iskeyword(stem) or not stem.isascii():
        raise ShapeError(
            f"{argument} {stem!r} is not a valid stem; expected a Python identifier such as 'K' or 'W1' "
            "(letters, digits and '_', not starting with a digit)"
        )
    return stem


def indexed_entries(stem: str, shape: tuple[int, ...]) -> list[sympy.Indexed]:
    """Return ``stem[i, j, ...]`` for every index of ``shape`` in row-major order.

    Parameters
    ----------
    stem : str
        The name of the ``IndexedBase`` (a Python identifier).
    shape : tuple of int
        The array's shape.

    Returns
    -------
    list of sympy.Indexed
        One entry per index, with SymPy ``Integer`` indices.

    Raises
    ------
    ShapeError
        If ``stem`` is not a Python identifier.

    Examples
    --------
    >>> from symconv.symbols import indexed_entries
    >>> indexed_entries("x", (1, 2))
    [x[0, 0], x[0, 1]]
    """
    base = sympy.IndexedBase(check_stem(stem))
    integers = [sympy.Integer(i) for i in range(max(shape, default=0))]
    return [base[tuple(integers[i] for i in index)] for index in itertools.product(*map(range, shape))]


_LETTER_RANGE = re.compile(r"([A-Za-z]):([A-Za-z])")
_NUMBER_RANGE = re.compile(r"([A-Za-z][A-Za-z0-9_]*?)(\d*):(\d+)")


def split_names(text: str, *, argument: str) -> list[str]:
    """Return the names of a comma-separated list, keeping commas inside braces (``x_{0,1}``) in their name.

    Parameters
    ----------
    text : str
        The list, such as ``"a, b, x_{0,1}"``.
    argument : str
        Where the text comes from, for the message.

    Returns
    -------
    list of str
        The items, stripped of surrounding spaces (ranges such as ``a:h`` are kept whole).

    Raises
    ------
    ShapeError
        If a brace is unmatched or an item is empty.

    Examples
    --------
    >>> from symconv.symbols import split_names
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

    Parameters
    ----------
    names : str or sequence
        The text of names and ranges, or a list or tuple of names (strings in the grammar,
        or SymPy ``Symbol`` objects, kept as they are).
    count : int
        How many symbols are needed.
    argument : str
        Where the names come from, for the message.

    Returns
    -------
    list of sympy.Symbol
        ``count`` distinct symbols, in order.

    Raises
    ------
    ShapeError
        If an item is neither a name nor a range, the names are not ``count`` in number,
        a name repeats, or ``names`` is neither text nor a list.
    EntryError
        If a given ``Symbol`` has a name that cannot be printed.

    Examples
    --------
    >>> from symconv.symbols import named_symbols
    >>> named_symbols("a:d", 4, argument="names")
    [a, b, c, d]
    >>> named_symbols("w0:2, x_{0,1}", 3, argument="names")
    [w0, w1, x_{0,1}]
    >>> named_symbols("a:c", 4, argument="names")
    Traceback (most recent call last):
    ...
    symconv.errors.ShapeError: names 'a:c' gives 3 names; the shape needs 4
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
    """Return a symbolic kernel of ``shape`` (D, C, k1[, k2[, k3]]) as a SymPy Array.

    Parameters
    ----------
    shape : sequence of int
        The kernel's shape, 3 to 5 positive sizes: (D, C/groups, k1[, k2[, k3]]).
    names : str or sequence of str, optional
        A SymPy range such as ``"a:h"``, names such as ``"w0:3, b"``, or a list of names, in
        row-major order (see :func:`named_symbols`). By default (None) the entries are the
        ``Indexed`` objects ``K[u, i, p, q]`` of the ``IndexedBase`` ``stem``.
    stem : str, default "K"
        The name of the default ``IndexedBase`` (a Python identifier).
    force : bool, default False
        Make more than :data:`~symconv.limits.MAX_SYMBOLS` entries.

    Returns
    -------
    sympy.ImmutableDenseNDimArray
        The kernel; pass it to :class:`~symconv.Conv` or :class:`~symconv.ConvTranspose`.

    Raises
    ------
    ShapeError
        If ``shape`` is not 3 to 5 positive ints, the names do not fit the shape, or
        ``stem`` is not an identifier.
    SizeError
        If the kernel would have more than ``MAX_SYMBOLS`` entries and ``force`` is false.

    Examples
    --------
    >>> from symconv import kernel
    >>> kernel((2, 1, 2, 2), "a:h").tolist()
    [[[[a, b], [c, d]]], [[[e, f], [g, h]]]]
    >>> kernel((1, 1, 2))[0, 0, 1]
    K[0, 0, 1]
    >>> kernel((1, 1, 2), stem="W")
    [[[W[0, 0, 0], W[0, 0, 1]]]]
    """
    dims = as_shape(shape, argument="shape", rank=(3, 5))
    return _symbol_array(dims, names, stem, "names", force)


def inputs(shape: Sequence[int], names: str | Sequence[str] | None = None, *, stem: str = "x",
           force: bool = False) -> sympy.Array:
    """Return a symbolic input of ``shape`` (C, n1[, n2[, n3]]): by default the entries ``x[i, j, k]``.

    Parameters
    ----------
    shape : sequence of int
        The input's shape, 2 to 4 positive sizes: (C, n1[, n2[, n3]]).
    names : str or sequence of str, optional
        A SymPy range or a list of names, in row-major order (see :func:`named_symbols`);
        by default (None) the ``Indexed`` entries of the ``IndexedBase`` ``stem``.
    stem : str, default "x"
        The name of the default ``IndexedBase`` (a Python identifier).
    force : bool, default False
        Make more than :data:`~symconv.limits.MAX_SYMBOLS` entries.

    Returns
    -------
    sympy.ImmutableDenseNDimArray
        The input; pass it to :meth:`~symconv.Layer.apply` or :meth:`~symconv.Layer.derive`.

    Raises
    ------
    ShapeError
        If ``shape`` is not 2 to 4 positive ints, the names do not fit the shape, or
        ``stem`` is not an identifier.
    SizeError
        If the input would have more than ``MAX_SYMBOLS`` entries and ``force`` is false.

    Examples
    --------
    >>> from symconv import inputs
    >>> inputs((1, 2))
    [[x[0, 0], x[0, 1]]]
    >>> inputs((1, 3), "p:r")
    [[p, q, r]]
    """
    dims = as_shape(shape, argument="shape", rank=(2, 4))
    return _symbol_array(dims, names, stem, "names", force)


def namespace(*stems: str) -> dict[str, sympy.IndexedBase]:
    """Return ``{stem: IndexedBase(stem)}`` for ``sympify(text, locals=namespace())`` (default: K and x).

    Parameters
    ----------
    *stems : str
        The stems to name; none gives ``K`` and ``x``, the default stems of :func:`kernel`
        and :func:`inputs`.

    Returns
    -------
    dict
        ``{stem: sympy.IndexedBase(stem)}``.

    Raises
    ------
    ShapeError
        If a stem is not a Python identifier.

    Examples
    --------
    >>> import sympy
    >>> from symconv import inputs, kernel
    >>> from symconv.symbols import namespace
    >>> expr = kernel((1, 1, 2))[0, 0, 1] * inputs((1, 2))[0, 1]
    >>> sympy.sympify(str(expr), locals=namespace()) == expr
    True
    >>> namespace("W")
    {'W': W}
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
    """Return Python text that makes a kernel with these entries: ``kernel((2, 1, 2, 2), 'a:h')``, a nested list, ...

    Used by ``repr`` of a layer. Default entries give ``kernel(shape)``; symbols that form a
    range or a short list of names give ``kernel(shape, names)``; anything else is a nested
    list, or ``<D x C x ... kernel>`` above :data:`MAX_LISTED_ENTRIES` entries.

    Parameters
    ----------
    entries : sequence of sympy.Expr
        The kernel's entries in row-major order.
    shape : tuple of int
        The kernel's shape.

    Returns
    -------
    str
        The text.

    Examples
    --------
    >>> import sympy
    >>> from symconv import kernel
    >>> from symconv.symbols import kernel_text
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
        if entries == list(_indexed_array(stem, shape).args[0]):
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
    name = label.name if type(label) is sympy.Symbol else ""
    return name.isidentifier() and name.isascii() and not keyword.iskeyword(name)


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
    """Return the Python text of one entry: an int, ``Rational(1, 3)``, a symbol's name, or SymPy's ``str``.

    Parameters
    ----------
    value : sympy.Expr
        The entry.

    Returns
    -------
    str
        The text.

    Examples
    --------
    >>> import sympy
    >>> from symconv.symbols import entry_text
    >>> entry_text(sympy.Integer(-2)), entry_text(sympy.Rational(1, 3)), entry_text(sympy.Symbol("a") + 1)
    ('-2', 'Rational(1, 3)', 'a + 1')
    """
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
    """Return the call that makes a layer, with its non-default options: ``Conv(kernel((1, 1, 2), 'a:b'), (1, 3))``.

    Parameters
    ----------
    name : str
        The class's name (``"Conv"``).
    arguments : dict
        The arguments: ``kernel`` (a SymPy array) and ``input_shape`` first, then the
        keyword options; ``bias`` as a list of entries.
    defaults : dict
        The default of every keyword option; an option at its default is left out.

    Returns
    -------
    str
        The text of the call.

    Examples
    --------
    >>> import sympy
    >>> from symconv import kernel
    >>> from symconv.symbols import call_text
    >>> arguments = {"kernel": kernel((1, 1, 2), "a:b"), "input_shape": (1, 3), "stride": 2, "bias": [sympy.Integer(5)]}
    >>> call_text("Conv", arguments, {"stride": 1, "bias": None})
    "Conv(kernel((1, 1, 2), 'a:b'), (1, 3), stride=2, bias=[5])"
    """
    parts = [kernel_text(list(arguments["kernel"].args[0]), tuple(arguments["kernel"].shape)),
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
