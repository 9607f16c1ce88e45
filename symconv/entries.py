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
from decimal import Decimal
from fractions import Fraction
from typing import Any

import sympy

from .errors import EntryError, ShapeError

Shape = tuple[int, ...]


LARGEST_SIZE = 2**31 - 1
"""The largest size, stride, dilation, padding or group count of one axis (numpy indexes with int64)."""

_GREEK = frozenset(chr(c) for c in [*range(0x391, 0x3AA), *range(0x3B1, 0x3CA)] if c not in (0x3A2,))


def check_name(name: str, *, argument: str) -> str:
    """Return ``name`` if every character can be printed as it is, else raise ``EntryError``.

    A name may hold printable ASCII characters except whitespace, and Greek letters (names
    outside the grammar of :mod:`symconv.symbols` are printed literally, escaped in LaTeX).

    Parameters
    ----------
    name : str
        A symbol's name.
    argument : str
        Where the name comes from (``"kernel"``, ``"x"``, ``"names"``), for the message.

    Returns
    -------
    str
        ``name`` itself.

    Raises
    ------
    EntryError
        If ``name`` is empty, not a string, or holds whitespace, a control character or a
        non-ASCII character other than a Greek letter.

    Examples
    --------
    >>> from symconv.entries import check_name
    >>> check_name("x%y", argument="kernel")
    'x%y'
    >>> check_name("a b", argument="kernel")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symconv.errors.EntryError: kernel has a symbol named 'a b', which holds the character ' ' (U+0020); ...
    """
    if not isinstance(name, str) or not name:
        raise EntryError(f"{argument} has a symbol with an empty name; give every symbol a name")
    for character in name:
        if not ((character.isascii() and character.isprintable() and not character.isspace())
                or character in _GREEK):
            raise EntryError(
                f"{argument} has a symbol named {name!r}, which holds the character {character!r} "
                f"(U+{ord(character):04X}); a name may hold printable ASCII characters other than spaces, and "
                "Greek letters (write x_1 for a subscript)"
            )
    return name


def names_in(expr: sympy.Basic) -> set[str]:
    """Return every name an expression prints: its symbols, its ``IndexedBase`` labels and its undefined functions.

    Parameters
    ----------
    expr : sympy.Basic
        Any SymPy expression.

    Returns
    -------
    set of str
        The names.

    Examples
    --------
    >>> import sympy
    >>> from symconv.entries import names_in
    >>> sorted(names_in(sympy.Function("f")(sympy.Symbol("a")) + sympy.IndexedBase("K")[0]))
    ['K', 'a', 'f']
    """
    from sympy.core.function import AppliedUndef

    names = {symbol.name for symbol in expr.atoms(sympy.Symbol)}
    names.update(str(f.func.__name__) for f in expr.atoms(AppliedUndef))
    return names


def printed_atoms(expr: sympy.Basic) -> dict[str, sympy.Basic]:
    """Return the atoms of an expression that print as names, keyed by how the text printer writes them.

    Symbols print as their name (labels of ``IndexedBase`` objects excepted: they print as part
    of their entries); ``Indexed`` entries as ``K_{0,0,1}``.

    Parameters
    ----------
    expr : sympy.Basic
        Any SymPy expression.

    Returns
    -------
    dict
        ``{printed name: atom}``.

    Examples
    --------
    >>> import sympy
    >>> from symconv.entries import printed_atoms
    >>> printed_atoms(sympy.Symbol("a") * sympy.IndexedBase("K")[0, 1])
    {'a': a, 'K_{0,1}': K[0, 1]}
    """
    kind = type(expr)
    if kind is sympy.Symbol:
        return {expr.name: expr}
    if kind is sympy.Indexed and all(type(i) is sympy.Integer or i.is_Integer for i in expr.args[1:]):
        base = expr.args[0]
        label = base.args[0] if type(base) is sympy.IndexedBase else base
        return {f"{label}_{{{','.join(str(int(i)) for i in expr.args[1:])}}}": expr}
    labels = {base.label for base in expr.atoms(sympy.IndexedBase)}
    found: dict[str, sympy.Basic] = {}
    for symbol in expr.atoms(sympy.Symbol):
        if symbol not in labels:
            found[symbol.name] = symbol
    for entry in expr.atoms(sympy.Indexed):
        found[f"{entry.base.label}_{{{','.join(str(i) for i in entry.indices)}}}"] = entry
    return found


def check_printed_names(groups: dict[str, Any], *, separate: bool = False) -> None:
    """Refuse two different atoms that print with the same name, and (``separate``) one atom in two groups.

    Two symbols named ``a`` with different assumptions would both print as ``a``; with
    ``separate=True`` a kernel entry reused as an input (which would print ``a*a``) is
    refused too.

    Parameters
    ----------
    groups : dict
        ``{argument: entries}``: the entries (SymPy expressions, numbers are skipped) of each
        argument (``"kernel"``, ``"x"``, ``"bias"``); None entries are skipped.
    separate : bool, default False
        True to refuse an atom that appears in two groups.

    Raises
    ------
    EntryError
        If two different atoms print with one name, or (``separate``) one atom is in two groups.

    Examples
    --------
    >>> import sympy
    >>> from symconv.entries import check_printed_names
    >>> a = sympy.Symbol("a")
    >>> check_printed_names({"kernel": [a], "x": [a]})
    >>> check_printed_names({"kernel": [a], "x": [a]}, separate=True)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symconv.errors.EntryError: kernel and x both use 'a'; a derivation would print a*a, so give the x entries ...
    >>> check_printed_names({"kernel": [a, sympy.Symbol("a", positive=True)]})  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symconv.errors.EntryError: kernel holds two different symbols that both print as 'a' (a and a with ...
    """
    seen: dict[str, tuple[sympy.Basic, str]] = {}
    for argument, entries in groups.items():
        if entries is None:
            continue
        for entry in entries:
            if not isinstance(entry, sympy.Basic) or entry.is_Number:
                continue
            for name, atom in printed_atoms(entry).items():
                if name not in seen:
                    seen[name] = (atom, argument)
                    continue
                other, where = seen[name]
                if other != atom:
                    places = argument if where == argument else f"{where} and {argument}"
                    raise EntryError(
                        f"{places} hold{'s' if where == argument else ''} two different symbols that both print as "
                        f"{name!r} ({_describe(other)} and {_describe(atom)}); give them different names"
                    )
                if separate and where != argument:
                    raise EntryError(
                        f"{where} and {argument} both use {name!r}; a derivation would print {name}*{name}, so give "
                        f"the {argument} entries other names than the {where} entries"
                    )


def _describe(atom: sympy.Basic) -> str:
    if isinstance(atom, sympy.Symbol):
        assumptions = {k: v for k, v in atom._assumptions_orig.items() if k != "commutative" or v is not True}
        kind = "" if type(atom) is sympy.Symbol else f"a {type(atom).__name__} "
        return f"{kind}{atom.name}" + (f" with assumptions {assumptions}" if assumptions else "")
    return str(atom)


def _is_callable_thing(value: Any) -> bool:
    return callable(value) and not isinstance(value, (sympy.Basic, numbers.Number))


def exact_entry(value: Any, *, argument: str) -> sympy.Expr:
    """Return ``value`` as an exact SymPy scalar, or raise ``EntryError``.

    Accepted: Python and numpy integers, ``fractions.Fraction``, ``decimal.Decimal``
    (exactly: ``Decimal("0.1")`` is 1/10), floats (the exact rational they store), complex
    numbers (each part exactly), and SymPy scalar expressions (a SymPy ``Float`` becomes the
    rational it stores). Refused: strings, booleans, None, matrices and matrix symbols,
    ``Lambda`` and functions, relations, sets, and non-finite values.

    Parameters
    ----------
    value : object
        One entry of a kernel, an input or a bias.
    argument : str
        Where it comes from (``"kernel"``, ``"x"``, ``"bias"``), for the message.

    Returns
    -------
    sympy.Expr
        The exact entry.

    Raises
    ------
    EntryError
        If ``value`` is not a number or a SymPy scalar expression, is not finite, or holds a
        name that cannot be printed.

    Examples
    --------
    >>> from decimal import Decimal
    >>> from symconv.entries import exact_entry
    >>> [exact_entry(value, argument="kernel") for value in (3, 0.5, Decimal("0.1"))]
    [3, 1/2, 1/10]
    >>> exact_entry(1.5 - 2j, argument="kernel")
    3/2 - 2*I
    >>> exact_entry(None, argument="kernel")
    Traceback (most recent call last):
    ...
    symconv.errors.EntryError: kernel entry None is a NoneType; expected a number or a SymPy expression
    """
    if isinstance(value, sympy.Basic):
        return _exact_sympy(value, argument)
    if isinstance(value, (bool, str, bytes)) or value is None or type(value).__name__ == "bool_":
        hint = " (use sympy.Symbol for names; symconv never evaluates text)" if isinstance(value, str) else ""
        raise EntryError(
            f"{argument} entry {value!r} is a {type(value).__name__}; "
            f"expected a number or a SymPy expression{hint}"
        )
    if isinstance(value, numbers.Integral):
        return sympy.Integer(int(value))
    if isinstance(value, Fraction):
        return sympy.Rational(value.numerator, value.denominator)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise EntryError(f"{argument} entry {value!r} is not finite; expected a finite number")
        exact = Fraction(value)
        return sympy.Rational(exact.numerator, exact.denominator)
    if isinstance(value, numbers.Real):
        return _exact_float(value, value, argument)
    if isinstance(value, numbers.Complex):
        real, imaginary = _exact_float(value.real, value, argument), _exact_float(value.imag, value, argument)
        return real + imaginary * sympy.I
    if _is_callable_thing(value):
        raise EntryError(
            f"{argument} entry {value!r} is a function ({type(value).__name__}); expected a number or a SymPy "
            "scalar expression (apply the function first)"
        )
    raise EntryError(
        f"{argument} entry {value!r} is a {type(value).__name__}; expected a number or a SymPy expression"
    )


def _exact_float(number: Any, value: Any, argument: str) -> sympy.Rational:
    as_float = float(number)
    if not math.isfinite(as_float):
        raise EntryError(f"{argument} entry {value!r} is not finite; expected a finite number")
    return sympy.Rational(*as_float.as_integer_ratio())


def _exact_sympy(value: sympy.Basic, argument: str) -> sympy.Expr:
    if not isinstance(value, sympy.Expr) or isinstance(value, (sympy.MatrixExpr, sympy.Lambda)) or value.is_Matrix:
        raise EntryError(
            f"{argument} entry {value!r} is a SymPy {type(value).__name__}, not a scalar expression; "
            "expected a number or a SymPy scalar expression"
        )
    if type(value) is sympy.Symbol:
        check_name(value.name, argument=argument)
        return value
    if type(value) is sympy.Indexed and len(value.args[0].args) == 1 and all(i.is_Integer for i in value.args[1:]):
        check_name(value.args[0].args[0].name, argument=argument)
        return value
    if value.has(sympy.nan, sympy.zoo, sympy.oo, -sympy.oo):
        raise EntryError(f"{argument} entry {value} is not finite; expected a finite value")
    if isinstance(value, sympy.Float):
        return sympy.Rational(value)
    if not value.is_Atom or value.is_Symbol:
        for name in names_in(value):
            check_name(name, argument=argument)
    return value


def exact_array(values: Any, *, argument: str) -> tuple[Shape, list[sympy.Expr]]:
    """Return the shape and the row-major flat list of exact entries of an array-like.

    Parameters
    ----------
    values : array_like
        Nested lists or tuples, a numpy array, or a SymPy array or matrix; every entry as
        :func:`exact_entry` accepts it.
    argument : str
        What the array is (``"kernel"``, ``"x"``, ``"bias"``), for the message.

    Returns
    -------
    tuple
        ``(shape, entries)``: the shape as a tuple of ints and the exact entries as a list
        in row-major order.

    Raises
    ------
    ShapeError
        If ``values`` is not array-like, is ragged, or has an empty dimension.
    EntryError
        If an entry is not a number or a SymPy expression.

    Examples
    --------
    >>> from symconv.entries import exact_array
    >>> exact_array([[1, 2], [3, 4]], argument="x")
    ((2, 2), [1, 2, 3, 4])
    >>> exact_array([[1, 2], [3]], argument="x")
    Traceback (most recent call last):
    ...
    symconv.errors.ShapeError: x is ragged: element [1] has length 1, expected length 2
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

    Parameters
    ----------
    value : sequence of int
        A list, tuple, range or 1-D integer numpy array of integers from 1 to
        :data:`LARGEST_SIZE`; a set (unordered), a dict, a string or a generator is refused.
    argument : str
        What the shape is (``"input_shape"``), for the message.
    rank : tuple of int, optional
        ``(fewest, most)`` dimensions allowed; None (the default) allows any number.

    Returns
    -------
    tuple of int
        The shape.

    Raises
    ------
    ShapeError
        If ``value`` is not such a sequence, holds a bool, a non-integer or a size outside
        1 to :data:`LARGEST_SIZE`, or has a number of dimensions outside ``rank``.

    Examples
    --------
    >>> from symconv.entries import as_shape
    >>> as_shape([1, 3, 3], argument="input_shape")
    (1, 3, 3)
    >>> as_shape({3, 1}, argument="input_shape")
    Traceback (most recent call last):
    ...
    symconv.errors.ShapeError: input_shape must be a list or tuple of positive integers, got a set {1, 3}
    """
    if _is_numpy_array(value) and value.ndim == 1:
        value = value.tolist()
    if not isinstance(value, (list, tuple, range)):
        shown = repr(value) if len(repr(value)) < 80 else repr(value)[:77] + "..."
        raise ShapeError(
            f"{argument} must be a list or tuple of positive integers, got a {type(value).__name__} {shown}"
        )
    shape = []
    for item in value:
        if isinstance(item, bool) or not isinstance(item, numbers.Integral):
            raise ShapeError(f"{argument} must hold positive integers, got {tuple(value)!r} (entry {item!r})")
        size = int(item)
        if size < 1:
            raise ShapeError(f"{argument} must hold positive integers, got {tuple(value)!r} (entry {item!r})")
        if size > LARGEST_SIZE:
            raise ShapeError(f"{argument} entry {size} is larger than the largest supported size {LARGEST_SIZE}")
        shape.append(size)
    if rank is not None and not rank[0] <= len(shape) <= rank[1]:
        raise ShapeError(
            f"{argument} {tuple(shape)} has {len(shape)} dimensions; expected {rank[0]} to {rank[1]}"
        )
    return tuple(shape)
