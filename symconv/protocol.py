"""What the modules below :mod:`symconv.layer` need to know about a layer: a small protocol and a record.

The matrices, the expansion, the numeric operators, the derivation and the printers
never import the layer classes. They read a layer through :class:`LayerLike` (shapes,
order, index pattern, values, bias, factors) and describe it through
:class:`LayerSummary`, a plain frozen record that the printers render.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np
import sympy

from .arithmetic import SizeFormula
from .layout import Layout

Shape = tuple[int, ...]


class Pattern(Protocol):
    """An index pattern: ``M[rows[e], cols[e]] += values[taps[e]]`` for every entry ``e`` (an interface).

    What the lower modules read of a pattern (:class:`~symconv.pattern.ConvPattern`,
    :class:`~symconv.pattern.TransposedPattern`, :class:`~symconv.pattern.ExplicitPattern`):
    ``shape``, ``nnz`` (entries with multiplicity), ``indptr`` (CSR row pointers),
    ``entries()`` (``(rows, cols, taps)``), ``to_csr(values)``, ``operator(values)`` (an
    object with ``matvec`` and ``rmatvec``) and ``fold()`` (how many values can add up in
    one entry).

    Examples
    --------
    >>> from symconv import Conv
    >>> pattern = Conv([[[1, 2]]], (1, 3)).pattern
    >>> pattern.shape, pattern.nnz, pattern.indptr.tolist(), pattern.fold()
    ((2, 3), 4, [0, 2, 4], 1)
    """

    shape: tuple[int, int]

    @property
    def nnz(self) -> int: ...

    @property
    def indptr(self) -> np.ndarray: ...

    def entries(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]: ...

    def to_csr(self, values: np.ndarray) -> Any: ...

    def operator(self, values: np.ndarray) -> Any: ...

    def fold(self) -> int: ...


class LayerLike(Protocol):
    """A linear layer y' = M x' + b as the lower modules see it (an interface).

    Every layer (:class:`~symconv.Layer`) provides ``input_shape``, ``output_shape``,
    ``order``, ``matrix_shape``, ``pattern``, ``values``, ``bias_vector``, ``factors``,
    ``summary()``, ``terms()`` and ``max_row_terms()``; the matrices, the expansion, the
    numeric operators, the derivation and the views read nothing else.

    Examples
    --------
    >>> from symconv import Conv
    >>> layer = Conv([[[1, 2]]], (1, 3), bias=[1])
    >>> layer.matrix_shape, layer.values, layer.bias_vector, layer.terms(), layer.max_row_terms()
    ((2, 3), (1, 2), [1, 1], 4, 2)
    """

    input_shape: Shape
    output_shape: Shape
    order: str

    @property
    def matrix_shape(self) -> tuple[int, int]: ...

    @property
    def pattern(self) -> Pattern: ...

    @property
    def values(self) -> Sequence[sympy.Expr]: ...

    @property
    def bias_vector(self) -> list[sympy.Expr] | None: ...

    def bias_entry(self, row: int) -> sympy.Expr | None: ...

    @property
    def factors(self) -> tuple[LayerLike, ...]: ...

    def summary(self) -> LayerSummary: ...

    def terms(self) -> int: ...

    def max_row_terms(self) -> int: ...


@dataclass(frozen=True)
class LayerSummary:
    """What a layer is, as plain data: the printers render it without knowing the layer classes.

    Made by :meth:`symconv.Layer.summary`. A product has ``factors`` (the summaries of
    the layers in the order they are applied) and no kernel of its own; the other two
    kinds have a kernel and their options.

    Parameters
    ----------
    kind : str
        ``"conv"``, ``"transpose"`` or ``"product"``.
    input_shape : tuple of int
        (C, n1, ...).
    output_shape : tuple of int
        (D, m1, ...).
    order : str
        ``"CHW"`` or ``"HWC"``.
    kernel_shape : tuple of int, optional
        The kernel's shape (None for a product).
    kernel : tuple of sympy.Expr, optional
        The kernel's entries, flat (None for a product).
    stride : tuple of int, default ()
        One per spatial axis.
    dilation : tuple of int, default ()
        One per spatial axis.
    padding : tuple, default ()
        (before, after) pairs per axis for a convolution; one int per axis for a transposed one.
    padding_mode : str, default "zeros"
        The padding mode (a convolution's).
    output_padding : tuple of int, default ()
        One per axis (a transposed convolution's).
    groups : int, default 1
        The number of channel groups.
    flip : bool, default False
        True for a true convolution.
    has_bias : bool, default False
        True when the layer (or a factor) has a bias.
    size_formulas : tuple of SizeFormula, default ()
        The output size of every axis, as a formula with its numbers.
    factors : tuple of LayerSummary, default ()
        The factors of a product, in the order they are applied.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> summary = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).summary()
    >>> summary.kind, summary.kernel_shape, summary.kernel[:2], summary.padding
    ('conv', (2, 1, 2, 2), (a, b), ((0, 0), (0, 0)))
    """

    kind: str
    input_shape: Shape
    output_shape: Shape
    order: str
    kernel_shape: Shape | None = None
    kernel: tuple[sympy.Expr, ...] | None = None
    stride: Shape = ()
    dilation: Shape = ()
    padding: tuple[Any, ...] = ()
    padding_mode: str = "zeros"
    output_padding: Shape = ()
    groups: int = 1
    flip: bool = False
    has_bias: bool = False
    size_formulas: tuple[SizeFormula, ...] = ()
    factors: tuple[LayerSummary, ...] = ()

    @property
    def ndim(self) -> int:
        """The number of spatial dimensions.

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[1, 2], [3, 4]], (1, 3, 3)).summary().ndim
        2
        """
        return len(self.input_shape) - 1

    @property
    def matrix_shape(self) -> tuple[int, int]:
        """``(rows, columns)`` of M.

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[1, 2], [3, 4]], (1, 3, 3)).summary().matrix_shape
        (4, 9)
        """
        return (Layout(self.output_shape, self.order).size, Layout(self.input_shape, self.order).size)

    @property
    def input_layout(self) -> Layout:
        """How x is flattened into x' (a :class:`~symconv.layout.Layout`).

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[1, 2], [3, 4]], (1, 3, 3)).summary().input_layout
        Layout(shape=(1, 3, 3), order='CHW')
        """
        return Layout(self.input_shape, self.order)

    @property
    def output_layout(self) -> Layout:
        """How y is flattened into y' (a :class:`~symconv.layout.Layout`).

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[1, 2], [3, 4]], (1, 3, 3), order="HWC").summary().output_layout
        Layout(shape=(1, 2, 2), order='HWC')
        """
        return Layout(self.output_shape, self.order)

    def kernels(self) -> list[tuple[int, LayerSummary]]:
        """Return ``[(number, summary), ...]`` of every layer with a kernel: ``[(0, self)]``, or the factors from 1.

        Returns
        -------
        list of tuple
            ``(number, LayerSummary)`` pairs.

        Examples
        --------
        >>> from symconv import Conv
        >>> summary = (Conv([[[1, 1]]], (1, 2)) @ Conv([[[1, 2]]], (1, 3))).summary()
        >>> [(number, part.kernel) for number, part in summary.kernels()]
        [(1, (1, 2)), (2, (1, 1))]
        """
        if self.kind != "product":
            return [(0, self)]
        return [(number, factor) for number, factor in enumerate(self.factors, 1) if factor.kernel is not None]
