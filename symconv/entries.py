"""Turn user arrays (nested lists, numpy arrays, SymPy arrays) into exact SymPy entries.

Every number becomes an exact SymPy number: ``int`` and ``numpy`` integers become
``Integer``, ``fractions.Fraction`` becomes ``Rational``, and a ``float`` becomes the
exact rational it stores (``0.5`` -> ``1/2``; ``0.1`` is stored in binary as
``3602879701896397/36028797018963968``, so pass ``Fraction(1, 10)`` when you mean a tenth).
SymPy expressions are kept as they are. Strings are refused: symconv never evaluates text.
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction
from typing import Any

import sympy

from .errors import EntryError, ShapeError

Shape = tuple[int, ...]


def check_name(name: str, *, argument: str) -> str:
    """Return ``name`` if it can be printed (no control characters or whitespace), else raise ``EntryError``.

    Examples
    --------
    >>> check_name("x%y", argument="kernel")
    'x%y'
    >>> check_name("a b", argument="kernel")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symconv.errors.EntryError: kernel has a symbol named 'a b', which holds the character ' ' (U+0020); ...
    """
    if not name:
        raise EntryError(f"{argument} has a symbol with an empty name; give every symbol a name")
    for character in name:
        if not character.isprintable() or character.isspace():
            raise EntryError(
                f"{argument} has a symbol named {name!r}, which holds the character {character!r} "
                f"(U+{ord(character):04X}); names may not hold whitespace or control characters"
            )
    return name


def names_in(expr: sympy.Basic) -> set[str]:
    """Every name an expression prints: its symbols, its ``IndexedBase`` labels and its undefined functions."""
    from sympy.core.function import AppliedUndef

    names = {symbol.name for symbol in expr.atoms(sympy.Symbol)}
    names.update(str(f.func.__name__) for f in expr.atoms(AppliedUndef))
    return names


def exact_entry(value: Any, *, argument: str) -> sympy.Expr:
    """Return ``value`` as an exact SymPy expression, or raise ``EntryError``.

    Examples
    --------
    >>> exact_entry(3, argument="kernel"), exact_entry(0.5, argument="kernel")
    (3, 1/2)
    """
    if isinstance(value, sympy.Basic):
        if not isinstance(value, sympy.Expr):
            raise EntryError(
                f"{argument} entry {value!r} is a SymPy {type(value).__name__}, not an expression; "
                "expected a number or a SymPy expression"
            )
        if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
            raise EntryError(f"{argument} entry {value} is not finite; expected a finite value")
        if isinstance(value, sympy.Float):
            return sympy.Rational(value)
        if not value.is_Atom or value.is_Symbol:
            for name in names_in(value):
                check_name(name, argument=argument)
        return value
    if isinstance(value, (bool, str, bytes)) or value is None:
        hint = " (use sympy.Symbol for names; symconv never evaluates text)" if isinstance(value, str) else ""
        raise EntryError(
            f"{argument} entry {value!r} is a {type(value).__name__}; "
            f"expected a number or a SymPy expression{hint}"
        )
    if isinstance(value, numbers.Integral):
        return sympy.Integer(int(value))
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, numbers.Real):
        number = float(value)
        if not math.isfinite(number):
            raise EntryError(f"{argument} entry {value!r} is not finite; expected a finite number")
        return sympy.Rational(*number.as_integer_ratio())
    raise EntryError(
        f"{argument} entry {value!r} is a {type(value).__name__}; expected a number or a SymPy expression"
    )


def exact_array(values: Any, *, argument: str) -> tuple[Shape, list[sympy.Expr]]:
    """Return the shape and the row-major flat list of exact entries of an array-like.

    Accepts nested lists or tuples, numpy arrays and SymPy arrays or matrices.

    Examples
    --------
    >>> exact_array([[1, 2], [3, 4]], argument="x")
    ((2, 2), [1, 2, 3, 4])
    """
    if isinstance(values, (sympy.NDimArray, sympy.MatrixBase)):
        shape = tuple(int(s) for s in values.shape)
        if isinstance(values, sympy.MatrixBase):
            flat: list[Any] = list(values)
        elif isinstance(values, sympy.ImmutableDenseNDimArray) and shape:
            flat = list(values.args[0])  # the flat entries, in row-major order (no lookup per entry)
        elif shape:
            flat = values.reshape(len(values)).tolist()  # one call, not one lookup per entry
        else:
            flat = [values[()]]
    elif _is_numpy_array(values):
        shape = tuple(int(s) for s in values.shape)
        flat = values.ravel().tolist() if values.dtype != object else list(values.ravel())
    elif isinstance(values, (list, tuple)):
        shape = _nested_shape(values, argument)
        flat = list(_flatten(values, len(shape)))
    else:
        raise ShapeError(
            f"{argument} must be array-like (nested lists, a numpy array or a SymPy array), "
            f"got {type(values).__name__}"
        )
    if any(size == 0 for size in shape):
        raise ShapeError(f"{argument} has an empty dimension: shape {shape}; every dimension must be >= 1")
    return shape, [exact_entry(v, argument=argument) for v in flat]


def _is_numpy_array(values: Any) -> bool:
    return type(values).__module__ == "numpy" and hasattr(values, "dtype") and hasattr(values, "shape")


def _nested_shape(values: Any, argument: str) -> Shape:
    shape: list[int] = []
    level = values
    while isinstance(level, (list, tuple)):
        shape.append(len(level))
        if not level:
            break
        level = level[0]
    _check_regular(values, tuple(shape), argument, ())
    return tuple(shape)


def _check_regular(values: Any, shape: Shape, argument: str, where: tuple[int, ...]) -> None:
    depth = len(where)
    if depth == len(shape):
        if isinstance(values, (list, tuple)):
            raise ShapeError(f"{argument} is ragged: element {list(where)} is nested deeper than the others")
        return
    if not isinstance(values, (list, tuple)) or len(values) != shape[depth]:
        found = f"length {len(values)}" if isinstance(values, (list, tuple)) else "a scalar"
        raise ShapeError(
            f"{argument} is ragged: element {list(where)} has {found}, expected length {shape[depth]}"
        )
    for index, item in enumerate(values):
        _check_regular(item, shape, argument, where + (index,))


def _flatten(values: Any, depth: int):  # type: ignore[no-untyped-def]
    if depth == 0:
        yield values
        return
    for item in values:
        yield from _flatten(item, depth - 1)


def as_shape(value: Any, *, argument: str, rank: tuple[int, int] | None = None) -> Shape:
    """Return ``value`` as a tuple of positive ints, or raise a clear error.

    Examples
    --------
    >>> as_shape([1, 3, 3], argument="input_shape")
    (1, 3, 3)
    """
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise ShapeError(f"{argument} must be a sequence of positive integers, got {value!r}")
    items = list(value)
    shape = []
    for item in items:
        if isinstance(item, bool) or not isinstance(item, numbers.Integral):
            raise ShapeError(f"{argument} must hold positive integers, got {value!r} (entry {item!r})")
        if int(item) < 1:
            raise ShapeError(f"{argument} must hold positive integers, got {value!r} (entry {item!r})")
        shape.append(int(item))
    if rank is not None and not rank[0] <= len(shape) <= rank[1]:
        raise ShapeError(
            f"{argument} {tuple(shape)} has {len(shape)} dimensions; expected {rank[0]} to {rank[1]}"
        )
    return tuple(shape)
