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
    """An index pattern: ``M[rows[e], cols[e]] += values[taps[e]]`` for every entry ``e``."""

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
    """A linear layer y' = M x' + b as the lower modules see it."""

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

    @property
    def factors(self) -> tuple[LayerLike, ...]: ...

    def summary(self) -> LayerSummary: ...

    def terms(self) -> int: ...

    def max_row_terms(self) -> int: ...


@dataclass(frozen=True)
class LayerSummary:
    """What a layer is, as plain data: the printers render it without knowing the layer classes.

    ``kind`` is ``"conv"``, ``"transpose"`` or ``"product"``. A product has ``factors``
    (the summaries of the layers in the order they are applied) and no kernel of its
    own; the other two have a kernel and their options. ``padding`` holds
    (before, after) pairs for a convolution and one int per axis for a transposed one.
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
        """The number of spatial dimensions."""
        return len(self.input_shape) - 1

    @property
    def matrix_shape(self) -> tuple[int, int]:
        """``(rows, columns)`` of M."""
        return (Layout(self.output_shape, self.order).size, Layout(self.input_shape, self.order).size)

    @property
    def input_layout(self) -> Layout:
        """How x is flattened into x'."""
        return Layout(self.input_shape, self.order)

    @property
    def output_layout(self) -> Layout:
        """How y is flattened into y'."""
        return Layout(self.output_shape, self.order)

    def kernels(self) -> list[tuple[int, LayerSummary]]:
        """``[(number, summary), ...]`` of every layer with a kernel: ``[(0, self)]`` or the factors from 1."""
        if self.kind != "product":
            return [(0, self)]
        return [(number, factor) for number, factor in enumerate(self.factors, 1) if factor.kernel is not None]
