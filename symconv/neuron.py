r"""One neuron: one output of a layer, its receptive field, its row of M and what it computes.

The question symconv grew from asks what a neuron of a convolutional layer is: it is
one entry :math:`y'_s` of the output, and it computes :math:`m_s \cdot x' + b_s` with
:math:`m_s` the row s of M, followed by the activation :math:`f`. Its receptive field
is the set of inputs its window covers; for a layer with padding, part of the window
can lie in the padding, where it reads zero (``zeros``) or, through the padding mode,
some input position (``circular``, ``reflect``, ``replicate``). A :class:`Neuron` keeps
every tap's coordinates, in the padding or not, and says what each one reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from .errors import LayerError
from .layout import Layout
from .protocol import LayerSummary
from .view import View

if TYPE_CHECKING:  # pragma: no cover
    from .protocol import LayerLike


@dataclass(frozen=True)
class FieldTap:
    """One tap of a neuron's window: the input coordinates it covers and what it reads there.

    Parameters
    ----------
    coordinates : tuple of int
        (i, j, k...) in the padded input (a spatial coordinate may be negative or past the
        input's size).
    reads : tuple of int or None
        The input coordinates actually read: the same, inside the input; the padding mode's
        image, in the padding; None on zero padding.
    column : int or None
        The column of x' read (None with ``reads``).
    weight : sympy.Expr
        The kernel entry of the tap.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> Conv(kernel((1, 1, 3), "a:c"), (1, 3), padding=1).neuron(0, 0).taps[0]
    FieldTap(coordinates=(0, -1), reads=None, column=None, weight=a)
    """

    coordinates: tuple[int, ...]
    reads: tuple[int, ...] | None
    column: int | None
    weight: sympy.Expr

    @property
    def in_padding(self) -> bool:
        """True when the tap lies outside the input.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> [tap.in_padding for tap in Conv(kernel((1, 1, 3), "a:c"), (1, 3), padding=1).neuron(0, 0).taps]
        [True, False, False]
        """
        return self.reads != self.coordinates


@dataclass(frozen=True)
class Neuron(View):
    r"""One output :math:`y'_s` of a layer: :math:`f(m_s \cdot x' + b_s)`; made by :meth:`symconv.Layer.neuron`.

    Parameters
    ----------
    summary : LayerSummary
        The layer.
    position : tuple of int
        The output coordinates (u, v, w...).
    row : int
        s, its row of M (its entry of y').
    taps : tuple of FieldTap
        Every tap of its window, in the order of the terms of M x' (channel, then window
        in raster order for CHW; window, then channel for HWC). A product of layers has
        no window: its taps are the nonzero entries of the row.
    weights : tuple of tuple
        ``(column, entry)`` of the nonzero entries of :math:`m_s`, the row s of M.
    inputs : tuple of tuple
        ``(column, x'[column])`` for every column of x' the neuron reads (the symbols
        :math:`x_{i,j,k}` unless x was given).
    bias : sympy.Expr, optional
        :math:`b_s` (None, the default, without bias).
    given : bool, default False
        True when input values were given.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> neuron = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).neuron(0, 1, 1)
    >>> neuron.row, neuron.receptive_field
    (3, ((0, 1, 1), (0, 1, 2), (0, 2, 1), (0, 2, 2)))
    >>> neuron.expression
    a*x[0, 1, 1] + b*x[0, 1, 2] + c*x[0, 2, 1] + d*x[0, 2, 2]
    """

    summary: LayerSummary
    position: tuple[int, ...]
    row: int
    taps: tuple[FieldTap, ...]
    weights: tuple[tuple[int, sympy.Expr], ...]
    inputs: tuple[tuple[int, sympy.Expr], ...]
    bias: sympy.Expr | None = None
    given: bool = False

    @property
    def field(self) -> tuple[FieldTap, ...]:
        """The taps in raster order of their coordinates (channel, then position), the padding's included.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> [tap.weight for tap in Conv(kernel((1, 1, 3), "a:c"), (1, 3), padding=1).neuron(0, 0).field]
        [a, b, c]
        """
        return tuple(sorted(self.taps, key=lambda tap: tap.coordinates))

    @property
    def receptive_field(self) -> tuple[tuple[int, ...], ...]:
        """The input coordinates (i, j, k...) of every tap in raster order, the padding's included.

        A tap in the padding keeps its out-of-range coordinates; :attr:`padding_reads` says
        what it reads.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((1, 1, 3), "a:c"), (1, 3), padding=1).neuron(0, 0).receptive_field
        ((0, -1), (0, 0), (0, 1))
        """
        return tuple(tap.coordinates for tap in self.field)

    @property
    def padding_reads(self) -> dict[tuple[int, ...], tuple[int, ...] | None]:
        """``{coordinates in the padding: the input coordinates read there}`` (None on zero padding).

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((1, 1, 3), "a:c"), (1, 3), padding=1, padding_mode="reflect").neuron(0, 0).padding_reads
        {(0, -1): (0, 1)}
        """
        return {tap.coordinates: tap.reads for tap in self.taps if tap.in_padding}

    @property
    def row_vector(self) -> sympy.SparseMatrix:
        """:math:`m_s`, the row s of M, as a 1 x columns SymPy matrix.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((1, 1, 3), "a:c"), (1, 3), padding=1).neuron(0, 0).row_vector
        Matrix([[b, c, 0]])
        """
        columns = self.summary.matrix_shape[1]
        return sympy.SparseMatrix.from_dok(1, columns, {(0, c): v for c, v in self.weights})

    @property
    def expression(self) -> sympy.Expr:
        r""":math:`m_s \cdot x' + b_s` as a SymPy expression (one term per tap, summed by SymPy).

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((1, 1, 3), "a:c"), (1, 3), padding=1, padding_mode="reflect").neuron(0, 0).expression
        a*x[0, 1] + b*x[0, 0] + c*x[0, 1]
        """
        read = dict(self.inputs)
        total = sympy.Add(*[tap.weight * read[tap.column] for tap in self.taps if tap.column is not None])
        return total + self.bias if self.bias is not None else total

    def activation(self, f: Any = None) -> sympy.Expr:
        r"""Return :math:`f(m_s \cdot x' + b_s)`, with ``f`` an undefined SymPy function by default.

        Parameters
        ----------
        f : callable, optional
            The activation, applied to the SymPy expression (a SymPy function such as
            ``sympy.tanh``, or any callable that takes one); None (the default) for the
            undefined function ``f``.

        Returns
        -------
        sympy.Expr
            The neuron's output.

        Examples
        --------
        >>> import sympy
        >>> from symconv import Conv
        >>> Conv([[[1, -1]]], (1, 3), bias=[2]).neuron(0, 1, x=[[5, 7, 4]]).activation()
        f(5)
        >>> Conv([[[1, -1]]], (1, 3)).neuron(0, 0, x=[[5, 7, 4]]).activation(lambda value: sympy.Max(value, 0))
        0
        """
        function = sympy.Function("f") if f is None else f
        return function(self.expression)


def output_position(shape: tuple[int, ...], position: Sequence[Any]) -> tuple[int, ...]:
    """Return output coordinates (u, v, w...) checked against the output shape, as ints.

    Parameters
    ----------
    shape : tuple of int
        The output shape (D, m1, ...).
    position : sequence
        The coordinates, one int per axis, or a one-element sequence holding them as a
        tuple or list.

    Returns
    -------
    tuple of int
        The coordinates.

    Raises
    ------
    LayerError
        If the coordinates are not ints, are of the wrong number, or lie outside the output.

    Examples
    --------
    >>> from symconv.neuron import output_position
    >>> output_position((2, 3, 3), (1, 2, 0)), output_position((2, 3, 3), ((1, 2, 0),))
    ((1, 2, 0), (1, 2, 0))
    >>> output_position((2, 3, 3), (2, 0, 0))
    Traceback (most recent call last):
    ...
    symconv.errors.LayerError: neuron (2, 0, 0) is outside the output 2x3x3; expected 0 <= u < 2, 0 <= v < 3, 0 <= w < 3
    """
    if len(position) == 1 and isinstance(position[0], (tuple, list)):
        position = tuple(position[0])
    expected = ", ".join(f"0 <= {letter} < {size}" for letter, size in zip(_letters(len(shape)), shape))
    if len(position) != len(shape) or not all(isinstance(c, (int, np.integer)) and not isinstance(c, bool)
                                               for c in position):
        raise LayerError(f"neuron {tuple(position)!r} is not an output position; expected {len(shape)} ints "
                         f"({', '.join(_letters(len(shape)))}) with {expected}")
    coordinates = tuple(int(c) for c in position)
    if not all(0 <= c < size for c, size in zip(coordinates, shape)):
        raise LayerError(f"neuron {coordinates} is outside the output {'x'.join(map(str, shape))}; "
                         f"expected {expected}")
    return coordinates


def _letters(count: int) -> tuple[str, ...]:
    from .symbols import notation

    letters = notation(count - 1)
    return (letters.output_channel, *letters.output_positions)


def neuron(layer: LayerLike, position: Sequence[Any], x: Any = None) -> Neuron:
    """Return the :class:`Neuron` at output coordinates ``position`` (u, v, w...), for input x (symbolic if None).

    Reads one window of the layer's pattern (:meth:`~symconv.pattern.ConvPattern.window`),
    so the cost does not grow with the image; a product of layers, which has no window,
    reads its row of M.

    Parameters
    ----------
    layer : LayerLike
        The layer.
    position : sequence
        The output coordinates (see :func:`output_position`).
    x : array_like, optional
        The input's values, channels first; None (the default) for the symbols ``x[i, j, k]``.

    Returns
    -------
    Neuron
        The neuron.

    Raises
    ------
    LayerError
        If the coordinates are not an output position.
    ShapeError
        If x does not have the layer's input shape.

    Examples
    --------
    >>> from symconv import Conv
    >>> from symconv.neuron import neuron
    >>> neuron(Conv([[[1, 2]]], (1, 3)), (0, 1), [[4, 5, 6]]).expression
    17
    """
    coordinates = output_position(layer.output_shape, position)
    row = Layout(layer.output_shape, layer.order).join(coordinates[0], coordinates[1:])
    taps = _window_taps(layer, row) if hasattr(layer.pattern, "window") else _row_taps(layer, row)
    weights: dict[int, list[sympy.Expr]] = {}
    for tap in taps:
        if tap.column is not None:
            weights.setdefault(tap.column, []).append(tap.weight)
    row_entries = [(column, sympy.Add(*parts)) for column, parts in sorted(weights.items())]
    return Neuron(layer.summary(), coordinates, row, tuple(taps), tuple((c, v) for c, v in row_entries if v != 0),
                  _inputs(layer, sorted(weights), x), layer.bias_entry(row), x is not None)


def _window_taps(layer: LayerLike, row: int) -> list[FieldTap]:
    """The taps of a convolution's window, in the order of the terms of M x'."""
    values = layer.values
    window = layer.pattern.window(row)  # type: ignore[attr-defined]
    taps = []
    for tap in window.taps:
        if tap.padded is None:  # a transposed layer reads its own input, unpadded, in the order of x'
            read = (tap.channel, *tap.source)
            taps.append(FieldTap(read, read, tap.column, values[tap.kernel_index]))
        else:
            reads = None if tap.source is None else (tap.channel, *tap.source)
            taps.append(FieldTap((tap.channel, *tap.padded), reads, tap.column, values[tap.kernel_index]))
    if window.taps and window.taps[0].padded is not None:
        # channel then window in raster order (CHW); window then channel (HWC)
        taps.sort(key=lambda t: t.coordinates if layer.order == "CHW" else (*t.coordinates[1:], t.coordinates[0]))
    return taps


def _row_taps(layer: LayerLike, row: int) -> list[FieldTap]:
    """The nonzero entries of a row of M (a product of layers), each as a tap at its input coordinates."""
    layout = Layout(layer.input_shape, layer.order)
    pattern = layer.pattern
    start, stop = int(pattern.indptr[row]), int(pattern.indptr[row + 1])
    _, cols, value_index = pattern.entries()
    taps = []
    for column, index in zip(cols[start:stop].tolist(), value_index[start:stop].tolist()):
        channel, spatial = layout.split(column)
        taps.append(FieldTap((channel, *spatial), (channel, *spatial), column, layer.values[index]))
    return taps


def _inputs(layer: LayerLike, columns: list[int], x: Any) -> tuple[tuple[int, sympy.Expr], ...]:
    """``(column, x'[column])`` for the columns the neuron reads: the symbols ``x[i, j, k]`` unless x is given."""
    if x is not None:
        from .expansion import flatten_input

        flat = flatten_input(layer, x)
        return tuple((column, flat[column]) for column in columns)
    layout = Layout(layer.input_shape, layer.order)
    base = sympy.IndexedBase("x")
    entries = []
    for column in columns:
        channel, spatial = layout.split(column)
        index = (channel, *spatial)
        entries.append((column, base[index]))
    return tuple(entries)
