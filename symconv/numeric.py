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
from typing import TYPE_CHECKING

import numpy as np
import sympy

from .errors import EntryError, SizeError

if TYPE_CHECKING:  # pragma: no cover
    import scipy.sparse
    from scipy.sparse.linalg import LinearOperator

    from .protocol import LayerLike

DENSE_NUMPY_LIMIT = 2**25
"""``to_numpy`` refuses matrices with more entries than this (about 268 MB of float64) unless forced."""


def numeric_values(values: Sequence[sympy.Expr], *, what: str = "kernel") -> np.ndarray:
    """Return exact-number entries as an int64 array (all integers) or float64 array.

    Examples
    --------
    >>> numeric_values([sympy.Integer(2), sympy.Integer(-1)])
    array([ 2, -1])
    """
    if all(isinstance(v, sympy.Integer) for v in values) and all(abs(int(v)) < 2**62 for v in values):
        return np.array([int(v) for v in values], dtype=np.int64)
    numbers: list[float] = []
    for value in values:
        if not value.is_number:
            raise EntryError(
                f"{what} entry {value} is not a number; numeric matrices need a numeric {what} "
                "(use matrix() for the symbolic one, or build the layer with numbers)"
            )
        try:
            numbers.append(float(value))
        except TypeError:
            raise EntryError(f"{what} entry {value} is not a real number; numeric matrices need real numbers") from None
    return np.array(numbers, dtype=np.float64)


def to_scipy(layer: LayerLike) -> scipy.sparse.csr_array:
    """Return M as a ``scipy.sparse.csr_array`` (int64 data for integer kernels, else float64).

    ``scipy.sparse.csr_matrix(to_scipy(layer))`` gives the older matrix type, sharing the arrays.

    Examples
    --------
    >>> from symconv import Conv
    >>> to_scipy(Conv([[[1, 2]]], (1, 3))).toarray()
    array([[1, 2, 0],
           [0, 1, 2]])
    """
    factors = layer.factors
    if len(factors) > 1:
        product = to_scipy(factors[0])
        for factor in factors[1:]:
            product = to_scipy(factor) @ product
        return product.tocsr()
    return layer.pattern.to_csr(numeric_values(layer.values))


def to_numpy(layer: LayerLike, *, force: bool = False) -> np.ndarray:
    """Return M as a dense numpy array; refuses above ``DENSE_NUMPY_LIMIT`` entries unless ``force``."""
    rows, cols = layer.matrix_shape
    if rows * cols > DENSE_NUMPY_LIMIT and not force:
        raise SizeError(
            f"M is {rows}x{cols} = {rows * cols} entries, more than DENSE_NUMPY_LIMIT = {DENSE_NUMPY_LIMIT}; "
            "use to_scipy() or as_linear_operator(), or pass force=True"
        )
    return to_scipy(layer).toarray()


def as_linear_operator(layer: LayerLike) -> LinearOperator:
    """Return a LinearOperator applying M (matvec) and M^T (rmatvec) without building M.

    A product of layers is the product of its factors' operators.

    Examples
    --------
    >>> from symconv import Conv
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
    apply = pattern.operator(numeric_values(layer.values).astype(np.float64))
    return LinearOperator(pattern.shape, matvec=apply.matvec, rmatvec=apply.rmatvec, dtype=np.float64)
