r"""Numeric forms of M for numeric kernels: scipy.sparse, dense numpy, and a LinearOperator.

Notes
-----
``to_scipy`` writes the CSR arrays straight from the index pattern: its time and
memory grow with the number of nonzeros. ``as_linear_operator`` never builds M: it
wraps the pattern's own im2col operator (:class:`symconv.pattern.Im2col`), which
gathers the receptive fields of the input and multiplies by the kernel, group by
group; its transpose scatters back.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from .errors import EntryError
from .limits import MAX_DENSE_NUMPY, check_memory, check_size

if TYPE_CHECKING:  # pragma: no cover
    import scipy.sparse
    from scipy.sparse.linalg import LinearOperator

    from .protocol import LayerLike

INT64_LIMIT = 2**63
"""int64 holds integers of magnitude below this; symconv never lets a sum or product reach it."""

DTYPES = (None, "int64", "float64", "complex128", "object")


def _dtype_name(dtype: Any) -> str | None:
    """``None``, or one of int64/float64/complex128/object, from a numpy dtype, a type or a name."""
    if dtype is None:
        return None
    if dtype in (object, "object", "O"):
        return "object"
    try:
        name = np.dtype(dtype).name
    except TypeError:
        name = None
    if name not in DTYPES:
        raise EntryError(f"dtype {dtype!r} is not supported; expected None (chosen from the values), "
                         "int64, float64 (or float), complex128 (or complex) or object")
    return name


_ZERO = sympy.Integer(0)


def _real_imag(value: sympy.Expr) -> tuple[sympy.Expr, sympy.Expr]:
    """The real and imaginary parts of a number; a rational is its own real part (no SymPy call)."""
    if value.is_Rational:
        return value, _ZERO
    return value.as_real_imag()


def _number(value: sympy.Expr, what: str) -> sympy.Expr:
    if value.is_Rational:
        return value
    if not value.is_number:
        raise EntryError(
            f"{what} entry {value} is not a number; numeric matrices need a numeric {what} "
            "(use matrix() for the symbolic one, or build the layer with numbers)"
        )
    real, imaginary = _real_imag(value)
    if not (real.is_Rational and imaginary.is_Rational):
        raise EntryError(f"{what} entry {value} is not an exact rational or complex rational number; "
                         "numeric matrices need numbers such as 3, 1/2 or 1 + 2*I")
    return value


def _magnitude(value: sympy.Expr) -> str:
    """A number as it reads in a message: in full up to 30 digits, else as a power of two."""
    if value.is_Integer and abs(int(value)).bit_length() > 100:
        return f"about 2**{abs(int(value)).bit_length() - 1}"
    if value.is_Rational and max(abs(int(value.p)), int(value.q)).bit_length() > 100:
        return f"about {float(value):.3g}" if abs(value) < 1e300 else f"about 2**{int(abs(value)).bit_length() - 1}"
    return str(value)


FLOAT_EXACT = 2**53
"""float64 holds every integer of magnitude up to this exactly."""


def _dyadic_scale(parts: Sequence[sympy.Rational]) -> int | None:
    """The power of two that makes every value an integer, or None when a denominator is not a power of two."""
    scale = 1
    for part in parts:
        q = int(part.q)
        if q & (q - 1):
            return None
        scale = max(scale, q)
    return scale


def float_bound(values: Sequence[sympy.Expr], fold: int) -> tuple[int, int] | None:
    """Return ``(scale, bound)``: ``scale`` times each value is an integer; ``fold`` of those sum below ``bound``.

    While the scaled bound stays below 2**53, float64 adds and multiplies these values exactly.

    Parameters
    ----------
    values : sequence of sympy.Expr
        Exact numbers (real or complex rationals).
    fold : int
        How many values can add up in one entry (see :meth:`~symconv.pattern.ConvPattern.fold`).

    Returns
    -------
    tuple of int or None
        ``(scale, bound)``, ``scale`` the largest denominator (a power of two); None when a
        value is not a dyadic rational (a denominator that is not a power of two), which
        float64 cannot hold exactly.

    Examples
    --------
    >>> import sympy
    >>> from symconv.numeric import float_bound
    >>> float_bound([sympy.Rational(1, 4), sympy.Integer(3)], 2)
    (4, 24)
    >>> float_bound([sympy.Rational(1, 3)], 1) is None
    True
    """
    parts = [part for value in values for part in _real_imag(value)]
    scale = _dyadic_scale(parts)
    if scale is None:
        return None
    largest = max((abs(int(part.p) * (scale // int(part.q))) for part in parts), default=0)
    return scale, largest * fold


def numeric_values(values: Sequence[sympy.Expr], *, dtype: Any = None, fold: int = 1,
                   what: str = "kernel") -> np.ndarray:
    """Return exact-number entries as a numpy array whose dtype loses nothing, or raise.

    With ``dtype=None`` the dtype is chosen from the values: int64 when every value is an
    integer and any sum of ``fold`` of them stays below 2**63; else float64 (complex128 for
    complex values) when every value is exactly a float64. Otherwise an error says why and
    offers ``dtype=float`` (rounded), or ``dtype=object`` (exact Python ``int`` and
    ``Fraction``). An explicit ``dtype`` is honoured, never silently: int64 still refuses to
    overflow, float64 refuses values beyond its range (no ``inf``).

    Parameters
    ----------
    values : sequence of sympy.Expr
        The values (kernel entries, or the entries of a product of layers).
    dtype : optional
        None (chosen from the values), or int64, float64 (``float``), complex128
        (``complex``) or ``object``, as a numpy dtype, a type or a name.
    fold : int, default 1
        How many values can add up in one entry of M.
    what : str, default "kernel"
        What the values are, for the message.

    Returns
    -------
    numpy.ndarray
        One entry per value.

    Raises
    ------
    EntryError
        If a value is not a number, the dtype is not one of those above, or the values do not
        fit the dtype exactly (int64 overflow, a non-integer for int64, a complex value for
        float64, beyond float64's range, or, with ``dtype=None``, not exactly a float64).

    Examples
    --------
    >>> import sympy
    >>> from symconv.numeric import numeric_values
    >>> numeric_values([sympy.Integer(2), sympy.Integer(-1)])
    array([ 2, -1])
    >>> numeric_values([sympy.Rational(1, 2), sympy.Integer(3)])
    array([0.5, 3. ])
    >>> numeric_values([sympy.Integer(2) ** 62], fold=2)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symconv.errors.EntryError: kernel entries reach 4611686018427387904 and sums of 2 of them reach 2**63, ...
    """
    name = _dtype_name(dtype)
    numbers = [_number(value, what) for value in values]
    integers = all(value.is_Integer for value in numbers)
    if name == "object":
        from fractions import Fraction

        array = np.empty(len(numbers), dtype=object)
        for index, value in enumerate(numbers):
            if not value.is_Rational:
                raise EntryError(f"dtype=object holds exact real numbers; {what} entry {value} is complex")
            array[index] = int(value) if value.is_Integer else Fraction(int(value.p), int(value.q))
        return array
    if name in (None, "int64") and integers:
        plain = [int(value.p) for value in numbers]
        largest = sympy.Integer(max(map(abs, plain), default=0))
        if largest * fold < INT64_LIMIT:
            return np.array(plain, dtype=np.int64)
        # an integer kernel never silently becomes floating point, nor wraps around
        sums = f" and sums of {fold} of them" if fold > 1 else ""
        raise EntryError(
            f"{what} entries reach {_magnitude(largest)}{sums} reach 2**63, beyond int64; pass dtype=object for exact "
            "Python integers (to_numpy only), dtype=float for float64 (rounded), or use matrix() for the "
            "exact SymPy matrix"
        )
    if name == "int64":
        raise EntryError(f"dtype=int64 needs integer {what} entries; {what} has non-integers such as "
                         f"{next(v for v in numbers if not v.is_Integer)}")
    complex_values = any(not (value.is_Rational or value.is_extended_real) for value in numbers)
    if name is None:
        found = float_bound(numbers, fold)
        if found is None or found[1] >= FLOAT_EXACT:
            parts = [part for value in numbers for part in _real_imag(value)]
            inexact = next((part for part in parts if int(part.q) & (int(part.q) - 1)), None)
            reason = (f"entry {inexact} is not exactly a float64" if inexact is not None else
                      f"entries need more than float64's 53 bits once {fold} of them are added")
            raise EntryError(
                f"{what} {reason}; pass dtype=float to round to float64, dtype=object for exact Fractions "
                "(to_numpy only), or use matrix() for the exact SymPy matrix"
            )
        name = "complex128" if complex_values else "float64"
    if name == "float64" and complex_values:
        raise EntryError(f"dtype=float64 needs real {what} entries; pass dtype=complex for complex ones")
    converted = [complex(value) if name == "complex128" else float(value) for value in numbers]
    array = np.array(converted, dtype=np.complex128 if name == "complex128" else np.float64)
    if not np.all(np.isfinite(array)) or (array.size and float(np.max(np.abs(array))) * fold > np.finfo(float).max):
        largest = max((abs(value) for value in numbers), default=_ZERO)
        raise EntryError(f"{what} entries reach {_magnitude(largest)}, beyond the range of float64 (about 1.8e308); "
                         "pass dtype=object (to_numpy) or use matrix() for the exact SymPy matrix")
    return array


def _product_bound(layer: LayerLike) -> int | None:
    """A bound on the magnitude of any entry of M or partial sum behind it, in units of the values' common power
    of two (the integer bound itself for integer kernels); None when a value is not a dyadic rational."""
    bound = 1
    for factor in layer.factors:
        found = float_bound([v for v in factor.values if v.is_number], factor.pattern.fold())
        if found is None:
            return None
        bound *= found[1] * max(factor.max_row_terms(), 1)
    return bound


def to_scipy(layer: LayerLike, *, dtype: Any = None) -> scipy.sparse.csr_array:
    """Return M as a ``scipy.sparse.csr_array``, exactly (see :func:`numeric_values` for the dtype).

    ``scipy.sparse.csr_matrix(to_scipy(layer))`` gives the older matrix type, sharing the arrays.
    A product of layers is the product of its factors' sparse matrices, in int64 only when no
    entry or partial sum of the product can reach 2**63.

    Parameters
    ----------
    layer : LayerLike
        A layer with a numeric kernel (and, for a product, numeric kernels throughout).
    dtype : optional
        None (chosen from the kernel: int64 for an integer kernel, float64 otherwise), or
        int64, float64 or complex128; ``object`` is refused (scipy.sparse has no exact dtype).

    Returns
    -------
    scipy.sparse.csr_array
        M, written straight from the index pattern (time and memory in proportion to the
        nonzeros; no size limit but memory).

    Raises
    ------
    EntryError
        If the kernel is symbolic, ``dtype`` is ``object``, or the entries do not fit the
        dtype exactly (see :func:`numeric_values`).
    SizeError
        If M needs more memory than the system has available.

    Examples
    --------
    >>> from symconv import Conv
    >>> from symconv.numeric import to_scipy
    >>> to_scipy(Conv([[[1, 2]]], (1, 3))).toarray()
    array([[1, 2, 0],
           [0, 1, 2]])
    >>> to_scipy(Conv([[[1, 2]]], (1, 3)), dtype=float).dtype
    dtype('float64')
    """
    name = _dtype_name(dtype)
    if name == "object":
        raise EntryError("scipy.sparse has no exact object dtype; use matrix(sparse=True) for the exact sparse "
                         "SymPy matrix, to_numpy(dtype=object) for a dense exact array, or dtype=float")
    factors = layer.factors
    rows, cols = layer.matrix_shape
    bytes_per_entry = 16 if max(cols, layer.terms()) >= 2**31 - 1 else 12
    check_memory(f"to_scipy() of M ({rows}x{cols})", layer.terms() * bytes_per_entry + 8 * (rows + 1),
                 ways="use as_linear_operator(), which never builds M")
    if len(factors) > 1:
        matrices = [to_scipy(factor, dtype=dtype) for factor in factors]
        bound = _product_bound(layer)
        integer = all(m.dtype == np.int64 for m in matrices)
        if name != "float64" and (bound is None or bound >= (INT64_LIMIT if integer else FLOAT_EXACT)):
            kind = "int64" if integer else "float64 exactly"
            raise EntryError(f"the product of the layers' matrices can reach beyond {kind}; pass dtype=float for "
                             "float64 (rounded), or use matrix() for the exact SymPy product")
        product = matrices[0]
        for matrix in matrices[1:]:
            product = matrix @ product
        return product.tocsr()
    return layer.pattern.to_csr(numeric_values(layer.values, dtype=dtype, fold=layer.pattern.fold()))


def to_numpy(layer: LayerLike, *, dtype: Any = None, force: bool = False) -> np.ndarray:
    """Return M as a dense numpy array; refused above :data:`~symconv.limits.MAX_DENSE_NUMPY` entries, unless ``force``.

    Parameters
    ----------
    layer : LayerLike
        A layer with a numeric kernel.
    dtype : optional
        As for :func:`to_scipy`; ``object`` gives exact Python ``int`` and ``Fraction``
        entries (read from the exact SymPy matrix).
    force : bool, default False
        Build it above ``MAX_DENSE_NUMPY`` entries.

    Returns
    -------
    numpy.ndarray
        M, of shape ``layer.matrix_shape``.

    Raises
    ------
    SizeError
        Above ``MAX_DENSE_NUMPY`` entries unless ``force``, or beyond the memory available.
    EntryError
        If the kernel is symbolic or its entries do not fit the dtype exactly.
    LayerError
        If ``force`` is not a bool.

    Examples
    --------
    >>> from fractions import Fraction
    >>> from symconv import Conv
    >>> from symconv.numeric import to_numpy
    >>> to_numpy(Conv([[[1, 2]]], (1, 3)))
    array([[1, 2, 0],
           [0, 1, 2]])
    >>> to_numpy(Conv([[[Fraction(1, 3), 1]]], (1, 2)), dtype=object).tolist()
    [[Fraction(1, 3), 1]]
    """
    rows, cols = layer.matrix_shape
    check_size(f"M ({rows}x{cols})", rows * cols, MAX_DENSE_NUMPY, name="MAX_DENSE_NUMPY", force=force,
               ways="use to_scipy() or as_linear_operator(), or pass force=True")
    if _dtype_name(dtype) == "object":
        from fractions import Fraction

        from .matrices import matrix_entries

        array = np.zeros((rows, cols), dtype=object)
        for (row, col), value in matrix_entries(layer).items():
            _number(value, "M")
            array[row, col] = int(value) if value.is_Integer else Fraction(int(value.p), int(value.q))
        return array
    return to_scipy(layer, dtype=dtype).toarray()


def as_linear_operator(layer: LayerLike) -> LinearOperator:
    """Return a LinearOperator applying M (matvec) and M^T (rmatvec) without building M.

    It computes in float64 (kernel entries rounded to float64; values beyond its range are
    refused). A product of layers is the product of its factors' operators.

    Parameters
    ----------
    layer : LayerLike
        A layer with a numeric kernel.

    Returns
    -------
    scipy.sparse.linalg.LinearOperator
        Of shape ``layer.matrix_shape`` and dtype float64; ``matvec`` gathers the receptive
        fields of the input and multiplies by the kernel, ``rmatvec`` scatters back.

    Raises
    ------
    EntryError
        If the kernel is symbolic or an entry is beyond the range of float64.

    Examples
    --------
    >>> import numpy as np
    >>> from symconv import Conv
    >>> from symconv.numeric import as_linear_operator
    >>> op = as_linear_operator(Conv([[[1, 2]]], (1, 3)))
    >>> op.matvec(np.array([1.0, 1.0, 1.0])).tolist(), op.rmatvec(np.array([1.0, 0.0])).tolist()
    ([3.0, 3.0], [1.0, 2.0, 0.0])
    """
    from scipy.sparse.linalg import LinearOperator, aslinearoperator

    factors = layer.factors
    if len(factors) > 1:
        operator = aslinearoperator(as_linear_operator(factors[0]))
        for factor in factors[1:]:
            operator = aslinearoperator(as_linear_operator(factor)) @ operator
        return operator
    pattern = layer.pattern
    apply = pattern.operator(numeric_values(layer.values, dtype=float, fold=pattern.fold()))
    return LinearOperator(pattern.shape, matvec=apply.matvec, rmatvec=apply.rmatvec, dtype=np.float64)
