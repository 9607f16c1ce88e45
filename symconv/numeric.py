r"""Numeric forms of M for numeric kernels: scipy.sparse, dense numpy, and a LinearOperator.

Notes
-----
``to_scipy`` writes the CSR arrays straight from the index pattern: its time and
memory grow with the number of nonzeros. ``as_linear_operator`` never builds M: it
gathers the receptive fields of the input (im2col over the single-channel spatial
pattern) and multiplies by the kernel, group by group; its transpose scatters back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from .errors import EntryError, SizeError
from .pattern import ConvPattern, TransposedPattern

if TYPE_CHECKING:  # pragma: no cover
    import scipy.sparse
    from scipy.sparse.linalg import LinearOperator

    from .layer import Layer

DENSE_NUMPY_LIMIT = 2**25
"""``to_numpy`` refuses matrices with more entries than this (about 268 MB of float64) unless forced."""


def numeric_values(values: list[sympy.Expr], *, what: str = "kernel") -> np.ndarray:
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


def to_scipy(layer: Layer) -> scipy.sparse.csr_matrix:
    """Return M as a ``scipy.sparse.csr_matrix`` (int64 data for integer kernels, else float64).

    Examples
    --------
    >>> from symconv import Conv
    >>> to_scipy(Conv([[[1, 2]]], (1, 3))).toarray()
    array([[1, 2, 0],
           [0, 1, 2]])
    """
    return layer.pattern.to_csr(numeric_values(layer.values))


def to_numpy(layer: Layer, *, force: bool = False) -> np.ndarray:
    """Return M as a dense numpy array; refuses above ``DENSE_NUMPY_LIMIT`` entries unless ``force``."""
    rows, cols = layer.matrix_shape
    if rows * cols > DENSE_NUMPY_LIMIT and not force:
        raise SizeError(
            f"M is {rows}x{cols} = {rows * cols} entries, more than DENSE_NUMPY_LIMIT = {DENSE_NUMPY_LIMIT}; "
            "use to_scipy() or as_linear_operator(), or pass force=True"
        )
    return layer.to_scipy().toarray()


def as_linear_operator(layer: Layer) -> LinearOperator:
    """Return a LinearOperator applying M (matvec) and M^T (rmatvec) without building M.

    Examples
    --------
    >>> from symconv import Conv
    >>> op = as_linear_operator(Conv([[[1, 2]]], (1, 3)))
    >>> op.matvec(np.array([1.0, 1.0, 1.0])).tolist(), op.rmatvec(np.array([1.0, 0.0])).tolist()
    ([3.0, 3.0], [1.0, 2.0, 0.0])
    """
    from scipy.sparse.linalg import LinearOperator, aslinearoperator

    from .layer import Composed

    if isinstance(layer, Composed):
        operator = aslinearoperator(as_linear_operator(layer.second)) @ aslinearoperator(
            as_linear_operator(layer.first)
        )
        return operator
    pattern = layer.pattern
    transposed = isinstance(pattern, TransposedPattern)
    forward = pattern.forward if transposed else pattern
    window = _Im2col(forward, numeric_values(layer.values).astype(np.float64))
    if transposed:
        return LinearOperator(pattern.shape, matvec=window.rmatvec, rmatvec=window.matvec, dtype=np.float64)
    return LinearOperator(pattern.shape, matvec=window.matvec, rmatvec=window.rmatvec, dtype=np.float64)


class _Im2col:
    """Apply a forward convolution pattern and its transpose through gathered receptive fields."""

    def __init__(self, pattern: ConvPattern, kernel_values: np.ndarray):
        self.pattern = pattern
        sp = pattern.spatial
        d, cg, g = pattern.out_channels, pattern.group_in, pattern.groups
        # kernel[g, D/g, C/g * taps]
        self.kernel = kernel_values.reshape(g, d // g, cg * sp.n_taps)
        # slot of each link in the (tap, output position) grid; duplicates sum via bincount
        self.slot = sp.tap * sp.n_out + sp.out

    def _channels_first(self, vector: Any, channels: int, positions: int) -> np.ndarray:
        v = np.asarray(vector, dtype=np.float64).reshape(-1)
        if self.pattern.order == "CHW":
            return v.reshape(channels, positions)
        return v.reshape(positions, channels).T

    def _flat(self, array: np.ndarray) -> np.ndarray:
        return (array if self.pattern.order == "CHW" else array.T).reshape(-1)

    def matvec(self, vector: Any) -> np.ndarray:
        p, sp = self.pattern, self.pattern.spatial
        x = self._channels_first(vector, p.in_channels, sp.n_in)
        gathered = x[:, sp.inp]  # (C, links)
        columns = np.zeros((p.in_channels, sp.n_taps * sp.n_out))
        for channel in range(p.in_channels):
            columns[channel] = np.bincount(self.slot, weights=gathered[channel], minlength=sp.n_taps * sp.n_out)
        grouped = columns.reshape(p.groups, p.group_in * sp.n_taps, sp.n_out)
        y = np.einsum("gok,gkn->gon", self.kernel, grouped).reshape(p.out_channels, sp.n_out)
        return self._flat(y)

    def rmatvec(self, vector: Any) -> np.ndarray:
        p, sp = self.pattern, self.pattern.spatial
        y = self._channels_first(vector, p.out_channels, sp.n_out).reshape(p.groups, p.group_out, sp.n_out)
        columns = np.einsum("gok,gon->gkn", self.kernel, y).reshape(p.in_channels, sp.n_taps * sp.n_out)
        x = np.empty((p.in_channels, sp.n_in))
        for channel in range(p.in_channels):
            x[channel] = np.bincount(sp.inp, weights=columns[channel][self.slot], minlength=sp.n_in)
        return self._flat(x)
