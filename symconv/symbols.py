r"""Symbol factories: the one place that names kernel and input symbols.

Symbols have LaTeX-ready names: the default kernel entry :math:`K_{u,i,p,q}` is the
SymPy symbol ``K_{0,0,1,1}`` and the default input entry :math:`x_{i,j,k}` is
``x_{0,2,1}``. They print the same in plain text and render as subscripts in LaTeX.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import sympy

from .entries import as_shape
from .errors import ShapeError

_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_{},\\]*$")


def indexed_names(stem: str, shape: tuple[int, ...]) -> list[str]:
    """Return ``stem_{i,j,...}`` for every index of ``shape`` in row-major order.

    Examples
    --------
    >>> indexed_names("x", (1, 2))
    ['x_{0,0}', 'x_{0,1}']
    """
    import itertools

    return [stem + "_{" + ",".join(map(str, index)) + "}" for index in itertools.product(*map(range, shape))]


def named_symbols(names: str | Sequence[str], count: int, *, argument: str) -> list[sympy.Symbol]:
    """Return ``count`` symbols from a range such as ``"a:h"`` or a list of names.

    The range syntax is SymPy's (``"a:h"``, ``"w0:8"``); nothing is evaluated.

    Examples
    --------
    >>> named_symbols("a:d", 4, argument="names")
    [a, b, c, d]
    """
    if isinstance(names, str):
        text = names.strip()
        if not text or not re.fullmatch(r"[A-Za-z0-9_:,{}\\ ]+", text):
            raise ShapeError(
                f"{argument} {names!r} is not a symbol range; expected a range such as 'a:h' or comma-separated names"
            )
        try:
            found = sympy.symbols(text, seq=True)
        except (ValueError, TypeError) as error:
            raise ShapeError(f"{argument} {names!r} is not a symbol range ({error}); expected e.g. 'a:h'") from None
        symbols = [s for s in _flatten_symbols(found)]
    else:
        symbols = []
        for name in names:
            if isinstance(name, sympy.Symbol):
                symbols.append(name)
            elif isinstance(name, str) and _NAME.match(name):
                symbols.append(sympy.Symbol(name))
            else:
                raise ShapeError(
                    f"{argument} entry {name!r} is not a symbol name; expected a letter then letters/digits"
                )
    if len(symbols) != count:
        raise ShapeError(f"{argument} {names!r} gives {len(symbols)} symbols; the shape needs {count}")
    if len(set(symbols)) != len(symbols):
        raise ShapeError(f"{argument} {names!r} repeats a name; every entry needs its own symbol")
    return symbols


def _flatten_symbols(found: Any) -> list[sympy.Symbol]:
    result: list[sympy.Symbol] = []
    for item in found:
        if isinstance(item, (tuple, list)):
            result.extend(_flatten_symbols(item))
        else:
            result.append(item)
    return result


def kernel(shape: Sequence[int], names: str | Sequence[str] | None = None, *, stem: str = "K") -> sympy.Array:
    r"""Return a symbolic kernel of ``shape`` (D, C, k1[, k2[, k3]]) as a SymPy Array.

    Parameters
    ----------
    shape
        The kernel's shape.
    names
        A SymPy range such as ``"a:h"`` or a list of names, in row-major order.
        By default the entries are indexed symbols ``K_{u,i,p,q}``.
    stem
        The letter of the default indexed names.

    Examples
    --------
    >>> kernel((2, 1, 2, 2), "a:h").tolist()
    [[[[a, b], [c, d]]], [[[e, f], [g, h]]]]
    >>> kernel((1, 1, 2))[0, 0, 1]
    K_{0,0,1}
    """
    dims = as_shape(shape, argument="shape", rank=(3, 5))
    return _symbol_array(dims, names, stem, "names")


def inputs(shape: Sequence[int], names: str | Sequence[str] | None = None, *, stem: str = "x") -> sympy.Array:
    r"""Return a symbolic input of ``shape`` (C, n1[, n2[, n3]]) with entries :math:`x_{i,j,k}`.

    Examples
    --------
    >>> inputs((1, 2))
    [[x_{0,0}, x_{0,1}]]
    """
    dims = as_shape(shape, argument="shape", rank=(2, 4))
    return _symbol_array(dims, names, stem, "names")


def _symbol_array(dims: tuple[int, ...], names: Any, stem: str, argument: str) -> sympy.Array:
    count = 1
    for size in dims:
        count *= size
    if names is None:
        if not _NAME.match(stem):
            raise ShapeError(f"stem {stem!r} is not a symbol name; expected a letter then letters/digits")
        symbols = [sympy.Symbol(name) for name in indexed_names(stem, dims)]
    else:
        symbols = named_symbols(names, count, argument=argument)
    return sympy.ImmutableDenseNDimArray(symbols, dims)
