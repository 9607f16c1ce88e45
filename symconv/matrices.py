r"""Exact SymPy matrices read from the index pattern.

Notes
-----
Each pattern entry ``(r, c, t)`` adds the value of tap ``t`` (a kernel entry) to
``M[r, c]``; the matrix is built as a dictionary of keys, never as a dense list of
zeros for a large layer. The layer is read through :class:`symconv.protocol.LayerLike`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import sympy

from .limits import check_matrix

if TYPE_CHECKING:  # pragma: no cover
    from .protocol import LayerLike


def matrix_entries(layer: LayerLike) -> dict[tuple[int, int], sympy.Expr]:
    """Return M as a dictionary of keys ``{(row, column): entry}``; folded duplicates are summed.

    Parameters
    ----------
    layer : LayerLike
        A layer (read through its ``pattern`` and ``values``).

    Returns
    -------
    dict
        Every entry the pattern reaches, keyed by ``(row, column)``. With a padding mode
        other than ``zeros`` one entry can collect several kernel entries; it is then their
        sum (``a + c``). No size limit is checked here.

    Notes
    -----
    Each pattern entry ``(r, c, t)`` adds the value of tap ``t`` to ``M[r, c]``.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.matrices import matrix_entries
    >>> matrix_entries(Conv([[[1, 2]]], (1, 3)))
    {(0, 0): 1, (0, 1): 2, (1, 1): 1, (1, 2): 2}
    >>> matrix_entries(Conv(kernel((1, 1, 3), "a:c"), (1, 2), padding=1, padding_mode="reflect"))[(0, 1)]
    a + c
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


def conv_matrix(layer: LayerLike, *, sparse: bool = False, force: bool = False) -> sympy.MatrixBase:
    """Return the exact matrix M of a layer (y' = M x' + b).

    Parameters
    ----------
    layer : LayerLike
        A :class:`~symconv.Conv`, :class:`~symconv.ConvTranspose` or a product of layers.
    sparse : bool, default False
        ``False`` for a ``sympy.Matrix``, ``True`` for a ``sympy.SparseMatrix``.
        Both hold exactly the same entries and compare equal; the sparse one costs memory
        and time in proportion to the nonzeros only (about 1 us each; SymPy's
        ``ImmutableSparseMatrix`` would cost some 30 us per nonzero, as it stores its entries
        in a SymPy ``Dict``, so it is not used).
    force : bool, default False
        Build it even above the limits of :mod:`symconv.limits`.

    Returns
    -------
    sympy.Matrix or sympy.SparseMatrix
        Always that type, whatever the size (both print as ``Matrix(...)``); a new matrix
        at every call, so changing it changes nothing else.

    Raises
    ------
    SizeError
        Above :data:`~symconv.limits.MAX_DENSE_ENTRIES` entries (dense) or
        :data:`~symconv.limits.MAX_TERMS` terms, unless ``force``; checked from the shapes
        before any work.
    LayerError
        If ``sparse`` or ``force`` is not a bool.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.matrices import conv_matrix
    >>> M = conv_matrix(Conv(kernel((1, 1, 2), "a:b"), (1, 3)))
    >>> M
    Matrix([
    [a, b, 0],
    [0, a, b]])
    >>> type(M).__name__, type(conv_matrix(Conv(kernel((1, 1, 2), "a:b"), (1, 3)), sparse=True)).__name__
    ('MutableDenseMatrix', 'MutableSparseMatrix')
    """
    check_matrix(layer, sparse=sparse, force=force)
    rows, cols = layer.matrix_shape
    cls = sympy.SparseMatrix if sparse else sympy.Matrix
    return cls.from_dok(rows, cols, matrix_entries(layer))


def affine_matrix(layer: LayerLike, *, sparse: bool = False, force: bool = False) -> sympy.MatrixBase:
    r"""Return ``[[M, b], [0, 1]]``, the homogeneous form of y' = M x' + b (same types as :func:`conv_matrix`).

    Parameters
    ----------
    layer : LayerLike
        A layer; without a bias the last column is zero but for its final 1.
    sparse : bool, default False
        True for a ``sympy.SparseMatrix``.
    force : bool, default False
        Build it even above the limits of :mod:`symconv.limits`.

    Returns
    -------
    sympy.Matrix or sympy.SparseMatrix
        A :math:`(m + 1) \times (n + 1)` matrix A with :math:`[y'; 1] = A [x'; 1]`.

    Raises
    ------
    SizeError
        Above the limits of :func:`conv_matrix`, unless ``force``.
    LayerError
        If ``sparse`` or ``force`` is not a bool.

    Examples
    --------
    >>> from symconv import Conv
    >>> from symconv.matrices import affine_matrix
    >>> affine_matrix(Conv([[[1, 2]]], (1, 2), bias=[5]))
    Matrix([
    [1, 2, 5],
    [0, 0, 1]])
    """
    check_matrix(layer, sparse=sparse, force=force, what="[[M, b], [0, 1]]")
    rows, cols = layer.matrix_shape
    dok = matrix_entries(layer)
    bias = layer.bias_vector
    if bias is not None:
        for row, value in enumerate(bias):
            if value != 0:
                dok[(row, cols)] = value
    dok[(rows, cols)] = sympy.Integer(1)
    cls = sympy.SparseMatrix if sparse else sympy.Matrix
    return cls.from_dok(rows + 1, cols + 1, dok)


def product_entries(second: LayerLike, first: LayerLike) -> tuple[np.ndarray, np.ndarray, list[sympy.Expr]]:
    """Return the nonzero entries of M2 M1 as ``(rows, cols, values)`` (a sparse product).

    Parameters
    ----------
    second : LayerLike
        The layer applied second (M2).
    first : LayerLike
        The layer applied first (M1).

    Returns
    -------
    tuple
        ``(rows, cols, values)``: two int64 arrays and a list of SymPy expressions, sorted
        by row then column; entries that sum to zero are left out.

    Examples
    --------
    >>> from symconv import Conv
    >>> from symconv.matrices import product_entries
    >>> rows, cols, values = product_entries(Conv([[[1, 1]]], (1, 2)), Conv([[[1, 1]]], (1, 3)))
    >>> rows.tolist(), cols.tolist(), values
    ([0, 0, 0], [0, 1, 2], [1, 2, 1])
    """
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


def chained_bias(second: LayerLike, first: LayerLike) -> list[sympy.Expr] | None:
    """Return b = M2 b1 + b2, the bias of ``second @ first`` (None when neither has a bias).

    Parameters
    ----------
    second : LayerLike
        The layer applied second (M2, b2).
    first : LayerLike
        The layer applied first (b1).

    Returns
    -------
    list of sympy.Expr or None
        One entry per row of M2, or None when neither layer has a bias.

    Examples
    --------
    >>> from symconv import Conv
    >>> from symconv.matrices import chained_bias
    >>> chained_bias(Conv([[[1, 2]]], (1, 3), bias=[10]), Conv([[[1, 1]]], (1, 4), bias=[1]))
    [13, 13]
    """
    b1, b2 = first.bias_vector, second.bias_vector
    if b1 is None and b2 is None:
        return None
    total: list[sympy.Expr] = list(b2) if b2 is not None else [sympy.S.Zero] * second.matrix_shape[0]
    if b1 is not None:
        parts: list[list[sympy.Expr]] = [[value] for value in total]
        for (row, col), value in matrix_entries(second).items():
            parts[row].append(value * b1[col])
        total = [sympy.Add(*terms) for terms in parts]
    return total
