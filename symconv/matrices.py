r"""Exact SymPy matrices read from the index pattern.

Notes
-----
Each pattern entry ``(r, c, t)`` adds the value of tap ``t`` (a kernel entry) to
``M[r, c]``; the matrix is built as a dictionary of keys, never as a dense list of
zeros for a large layer.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import sympy

if TYPE_CHECKING:  # pragma: no cover
    from .layer import Layer

DENSE_LIMIT = 250_000
"""Above this many entries (rows x columns), ``matrix()`` returns a ``SparseMatrix``."""


def matrix_entries(layer: Layer) -> dict[tuple[int, int], sympy.Expr]:
    """Return M as a dictionary of keys ``{(row, column): entry}``; folded duplicates are summed.

    Examples
    --------
    >>> from symconv import Conv
    >>> matrix_entries(Conv([[[1, 2]]], (1, 3)))
    {(0, 0): 1, (0, 1): 2, (1, 1): 1, (1, 2): 2}
    """
    rows, cols, taps = layer.pattern.entries()
    values = layer.values
    dok: dict[tuple[int, int], sympy.Expr] = {}
    repeated: dict[tuple[int, int], list[sympy.Expr]] = {}
    for key, tap in zip(zip(rows.tolist(), cols.tolist()), taps.tolist()):
        if key in dok:
            repeated.setdefault(key, [dok[key]]).append(values[tap])
        dok[key] = values[tap]
    for key, parts in repeated.items():
        dok[key] = sympy.Add(*parts)
    return dok


def conv_matrix(layer: Layer, *, sparse: bool | None = None) -> sympy.MatrixBase:
    """Return the exact matrix M of a layer (y' = M x' + b).

    Parameters
    ----------
    layer
        A :class:`~symconv.Conv`, :class:`~symconv.ConvTranspose` or a product of layers.
    sparse
        ``True`` for a ``sympy.SparseMatrix``, ``False`` for a dense ``sympy.Matrix``;
        by default dense up to ``DENSE_LIMIT`` entries and sparse above.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> conv_matrix(Conv(kernel((1, 1, 2), "a:b"), (1, 3)))
    Matrix([
    [a, b, 0],
    [0, a, b]])
    """
    rows, cols = layer.matrix_shape
    if sparse is None:
        sparse = rows * cols > DENSE_LIMIT
    cls = sympy.SparseMatrix if sparse else sympy.Matrix
    return cls.from_dok(rows, cols, matrix_entries(layer))


def affine_matrix(layer: Layer) -> sympy.MatrixBase:
    """Return ``[[M, b], [0, 1]]``, the homogeneous form of y' = M x' + b.

    Examples
    --------
    >>> from symconv import Conv
    >>> affine_matrix(Conv([[[1, 2]]], (1, 2), bias=[5]))
    Matrix([
    [1, 2, 5],
    [0, 0, 1]])
    """
    rows, cols = layer.matrix_shape
    dok = matrix_entries(layer)
    bias = layer.bias_vector
    if bias is not None:
        for row, value in enumerate(bias):
            if value != 0:
                dok[(row, cols)] = value
    dok[(rows, cols)] = sympy.Integer(1)
    cls = sympy.SparseMatrix if (rows + 1) * (cols + 1) > DENSE_LIMIT else sympy.Matrix
    return cls.from_dok(rows + 1, cols + 1, dok)


def product_entries(second: Layer, first: Layer) -> tuple[np.ndarray, np.ndarray, list[sympy.Expr]]:
    """Return the nonzero entries of M2 M1 as ``(rows, cols, values)`` (a sparse product)."""
    by_row: dict[int, list[tuple[int, sympy.Expr]]] = {}
    for (row, middle), value in matrix_entries(second).items():
        by_row.setdefault(row, []).append((middle, value))
    first_rows: dict[int, list[tuple[int, sympy.Expr]]] = {}
    for (middle, col), value in matrix_entries(first).items():
        first_rows.setdefault(middle, []).append((col, value))
    rows: list[int] = []
    cols: list[int] = []
    values: list[sympy.Expr] = []
    for row in sorted(by_row):
        sums: dict[int, list[sympy.Expr]] = {}
        for middle, left in by_row[row]:
            for col, right in first_rows.get(middle, ()):
                sums.setdefault(col, []).append(left * right)
        for col in sorted(sums):
            total = sympy.Add(*sums[col])
            if total != 0:
                rows.append(row)
                cols.append(col)
                values.append(total)
    return np.array(rows, dtype=np.int64), np.array(cols, dtype=np.int64), values
