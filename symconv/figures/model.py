r"""What a figure shows, as data: M as a grid, and one output's sliding window over the input.

A :class:`FigureModel` is a frozen record built from the layer's index pattern
(:mod:`symconv.pattern`) and nothing else: every renderer (matplotlib, TikZ, the
animation, the interactive page) draws this record, so one test on it proves every
format. It holds

* :class:`MatrixView`: every nonzero of M with its label (the kernel entry, or the sum
  of kernel entries where a padding mode folds the window) and its colour (the kernel
  entry's), the ``|`` groups of the text form (:meth:`symconv.layout.Layout.bar_every`)
  and the channel blocks;
* :class:`WindowView`: the input grid of every channel with its padding (per padding
  mode: the value a cell copies, or zero), the kernel, the output grid, and a
  :class:`Neuron`: one output (one row s of M), the taps of its window (read from
  :meth:`~symconv.pattern.ConvPattern.window`), its row of M and its expression in the
  printers' term style (``1a+2b+4c+5d``).

Notes
-----
A convolution's window over the padded input: output position :math:`o` reads the
padded position :math:`o s + t d - p_0` through kernel tap :math:`t` (the pattern's
geometry). A transposed convolution is drawn the way the convolution-arithmetic guide
draws it: the inputs spread :math:`s` apart in a *stretched* grid with zeros inserted
between them, and output :math:`o` reads stretched positions
:math:`o + p - (k-1)d + w d` for :math:`w = 0, \dots, k-1` through the kernel entry
:math:`t = k - 1 - w` (the kernel flipped, stride 1). Input :math:`r` sits at stretched
position :math:`r s`, so the taps that meet an input are exactly the pattern's taps of
that row of M; the others meet an inserted zero or the padding. These stretched positions
are the pattern's too (:meth:`~symconv.pattern.AxisGeometry.stretched_window` and its
neighbours read :meth:`~symconv.pattern.AxisGeometry.padded`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from ..errors import SymconvError
from ..expansion import Expansion, expand
from ..limits import check_size
from ..printing.common import describe_lines
from ..printing.latex import LatexDerivationPrinter
from ..printing.terms import row_strings
from ..printing.text import TEXT_STYLE, TextPrinter
from ..protocol import LayerSummary
from ..symbols import notation

if TYPE_CHECKING:  # pragma: no cover
    from ..protocol import LayerLike

KINDS = ("matrix", "window", "both")
"""What a figure shows: M, one output's window, or both."""

MAX_FIGURE_CELLS = 40_000
"""A figure draws at most this many cells (nonzeros of M, input, kernel and output cells) unless forced."""


class FigureError(SymconvError, ValueError):
    """A figure cannot be drawn as asked (an unknown kind or format, a neuron outside the output, ...).

    Also a ``ValueError``.

    Examples
    --------
    >>> from symconv import Conv
    >>> from symconv.figures import FigureError, figure
    >>> try:
    ...     figure(Conv([[[1, 2]]], (1, 3)), kind="grid")
    ... except ValueError as error:
    ...     print(isinstance(error, FigureError), error)
    True kind 'grid' is not a figure kind; expected one of matrix, window, both
    """


@dataclass(frozen=True)
class Label:
    """One thing a figure writes, in both forms: plain text (the text printer's) and LaTeX (the LaTeX printer's).

    Parameters
    ----------
    text : str
        The plain text.
    latex : str
        The LaTeX (math).

    Examples
    --------
    >>> from symconv.figures.model import output_name
    >>> output_name(0, (1, 2))
    Label(text='y_{0,1,2}', latex='y_{0,1,2}')
    """

    text: str
    latex: str


@dataclass(frozen=True)
class MatrixCell:
    """A nonzero of M: ``M[row, column]``, its label, its value, and its colour (None: a sum of kernel entries).

    Parameters
    ----------
    row : int
        The row of M.
    column : int
        The column of M.
    label : Label
        The entry as written.
    value : sympy.Expr
        The entry.
    colour : int or None
        The index of the kernel entry's colour; None where a padding mode folds several
        kernel entries into one entry of M.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.figures import build_model
    >>> build_model(Conv(kernel((1, 1, 2), "a:b"), (1, 3)), kind="matrix").matrix.cells[1]
    MatrixCell(row=0, column=1, label=Label(text='b', latex='b'), value=b, colour=1)
    """

    row: int
    column: int
    label: Label
    value: sympy.Expr
    colour: int | None


@dataclass(frozen=True)
class LegendEntry:
    """A colour and the kernel entry (or, for a product of layers, the value) it stands for.

    Parameters
    ----------
    colour : int
        The colour's index.
    label : Label
        What it stands for.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.figures import build_model
    >>> build_model(Conv(kernel((1, 1, 2), "a:b"), (1, 3)), kind="matrix").matrix.legend[0]
    LegendEntry(colour=0, label=Label(text='a', latex='a'))
    """

    colour: int
    label: Label


@dataclass(frozen=True)
class MatrixView:
    """M as a grid: its nonzeros, the ``|`` groups of the text form, the channel blocks and the legend.

    Parameters
    ----------
    shape : tuple of int
        ``(rows, columns)`` of M.
    cells : tuple of MatrixCell
        Every nonzero.
    bar_every : int
        Columns between two ``|`` of the text form (0: none).
    column_blocks : int
        Columns of one input channel when they are contiguous (CHW), else 0.
    row_blocks : int
        Rows of one output channel when they are contiguous (CHW), else 0.
    legend : tuple of LegendEntry
        The colours used.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.figures import build_model
    >>> view = build_model(Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)), kind="matrix").matrix
    >>> view.shape, len(view.cells), view.bar_every, view.column_blocks, view.row_blocks
    ((8, 9), 32, 3, 0, 4)
    """

    shape: tuple[int, int]
    cells: tuple[MatrixCell, ...]
    bar_every: int
    """Columns between two ``|`` of the text form (0: none)."""
    column_blocks: int
    """Columns of one input channel when they are contiguous (CHW), else 0."""
    row_blocks: int
    """Rows of one output channel when they are contiguous (CHW), else 0."""
    legend: tuple[LegendEntry, ...]


@dataclass(frozen=True)
class InputCell:
    """One cell of an input grid, at ``padded`` (padded, or for a transposed layer stretched, coordinates).

    Parameters
    ----------
    channel : int
        The input channel.
    padded : tuple of int
        The cell's coordinates in the padded (or stretched) input.
    kind : str
        ``"input"`` (an entry of x), ``"padding"`` (outside the input) or ``"inserted"`` (a
        zero between the inputs of a transposed convolution).
    source : tuple of int or None
        The input position the cell holds (a padding mode copies one; None for a zero).
    column : int or None
        Its index in x' (None for a zero).
    label : Label
        The value shown.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.figures import build_model
    >>> build_model(Conv(kernel((1, 1, 3)), (1, 3), padding=1), neuron=(0, 0)).window.inputs[0].cells[0]
    InputCell(channel=0, padded=(-1,), kind='padding', source=None, column=None, label=Label(text='0', latex='0'))
    """

    channel: int
    padded: tuple[int, ...]
    kind: str
    source: tuple[int, ...] | None
    column: int | None
    label: Label


@dataclass(frozen=True)
class InputGrid:
    """The input of one channel with its padding: ``extent`` is (first, last) padded coordinate per axis.

    Parameters
    ----------
    channel : int
        The input channel.
    extent : tuple of tuple of int
        ``(first, last)`` coordinate of every axis, the padding included.
    cells : tuple of InputCell
        Every cell, row-major over the extent.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.figures import build_model
    >>> build_model(Conv(kernel((1, 1, 3)), (1, 3), padding=1)).window.inputs[0].extent
    ((-1, 3),)
    """

    channel: int
    extent: tuple[tuple[int, int], ...]
    cells: tuple[InputCell, ...]

    def cell(self, padded: tuple[int, ...]) -> InputCell:
        """Return the cell at padded coordinates ``padded``.

        Parameters
        ----------
        padded : tuple of int
            Coordinates within the extent.

        Returns
        -------
        InputCell
            The cell.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> from symconv.figures import build_model
        >>> grid = build_model(Conv(kernel((1, 1, 3)), (1, 3), padding=1), x=[[4, 5, 6]]).window.inputs[0]
        >>> grid.cell((0,)).label.text, grid.cell((3,)).kind
        ('4', 'padding')
        """
        index = 0
        for (first, last), coordinate in zip(self.extent, padded):
            index = index * (last - first + 1) + (coordinate - first)
        return self.cells[index]


@dataclass(frozen=True)
class KernelCell:
    """A kernel entry: its flat index, its full index (first two axes, then the taps), label and colour.

    Parameters
    ----------
    index : int
        The flat (row-major) index.
    coordinates : tuple of int
        The full index.
    label : Label
        The entry as written.
    colour : int
        The index of its colour.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.figures import build_model
    >>> build_model(Conv(kernel((1, 1, 2), "a:b"), (1, 3))).window.kernels[0].cells[1]
    KernelCell(index=1, coordinates=(0, 0, 1), label=Label(text='b', latex='b'), colour=1)
    """

    index: int
    coordinates: tuple[int, ...]
    label: Label
    colour: int


@dataclass(frozen=True)
class KernelGrid:
    """The kernel entries ``K[a, b, ...]`` for one pair of leading indices ``lead = (a, b)``.

    Parameters
    ----------
    lead : tuple of int
        The two leading indices (output and input channel, PyTorch's order).
    cells : tuple of KernelCell
        The entries of that pair.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.figures import build_model
    >>> grid = build_model(Conv(kernel((1, 1, 2), "a:b"), (1, 3))).window.kernels[0]
    >>> grid.lead, [cell.label.text for cell in grid.cells]
    ((0, 0), ['a', 'b'])
    """

    lead: tuple[int, int]
    cells: tuple[KernelCell, ...]


@dataclass(frozen=True)
class OutputCell:
    """An output: its row s of M, its channel and position, and its name ``y_{u,v,w}``.

    Parameters
    ----------
    row : int
        Its row of M.
    channel : int
        The output channel.
    position : tuple of int
        The spatial position.
    name : Label
        ``y_{u,v,w}``.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.figures import build_model
    >>> build_model(Conv(kernel((1, 1, 2), "a:b"), (1, 3))).window.outputs[1]
    OutputCell(row=1, channel=0, position=(1,), name=Label(text='y_{0,1}', latex='y_{0,1}'))
    """

    row: int
    channel: int
    position: tuple[int, ...]
    name: Label


@dataclass(frozen=True)
class WindowTap:
    """One kernel tap of the chosen output's window: the cell it covers and the kernel entry it uses.

    Parameters
    ----------
    channel : int
        The input channel.
    padded : tuple of int
        The covered cell's padded (or stretched) coordinates.
    kernel_index : int
        The flat index of the kernel entry.
    column : int or None
        The x' index the tap reads, or None when it covers a zero (zero padding, or a zero
        inserted by a transposed convolution).

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.figures import build_model
    >>> build_model(Conv(kernel((1, 1, 3)), (1, 3), padding=1), neuron=(0, 0)).window.neuron.taps[0]
    WindowTap(channel=0, padded=(0,), kernel_index=1, column=0)
    """

    channel: int
    padded: tuple[int, ...]
    kernel_index: int
    column: int | None


@dataclass(frozen=True)
class Neuron:
    """One output, y_{u,v,w} = y'_s: its window, its row of M and its expression.

    Parameters
    ----------
    row : int
        s, its row of M.
    channel : int
        The output channel.
    position : tuple of int
        The spatial position.
    name : Label
        ``y_{u,v,w}``.
    expression : Label
        Its row of M x' (+ b) in the printers' term style (``1a+2b+4c+5d``).
    taps : tuple of WindowTap
        Its window.
    matrix_row : tuple of MatrixCell
        The nonzeros of its row of M.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.figures import build_model
    >>> neuron = build_model(Conv(kernel((1, 1, 2), "a:b"), (1, 3)), x=[[1, 2, 3]], neuron=(0, 1)).window.neuron
    >>> neuron.row, neuron.name.text, neuron.expression.text
    (1, 'y_{0,1}', '2a+3b')
    """

    row: int
    channel: int
    position: tuple[int, ...]
    name: Label
    expression: Label
    taps: tuple[WindowTap, ...]
    matrix_row: tuple[MatrixCell, ...]

    def kernel_indices(self) -> set[int]:
        """Return the kernel entries the output uses.

        Returns
        -------
        set of int
            Their flat indices.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> from symconv.figures import build_model
        >>> build_model(Conv(kernel((1, 1, 3)), (1, 3), padding=1), neuron=(0, 0)).window.neuron.kernel_indices()
        {0, 1, 2}
        """
        return {tap.kernel_index for tap in self.taps}


@dataclass(frozen=True)
class WindowView:
    """The sliding window of one output: input grids, kernel, outputs, and the chosen :class:`Neuron`.

    Parameters
    ----------
    transposed : bool
        True for a transposed convolution (drawn over the stretched input).
    inputs : tuple of InputGrid
        One grid per input channel.
    kernels : tuple of KernelGrid
        The kernel, one grid per pair of leading indices.
    outputs : tuple of OutputCell
        Every output.
    output_shape : tuple of int
        The layer's output shape.
    columns : int
        The length of x'.
    bar_every : int
        Entries between two ``|`` of the text form of x' (0: none).
    neuron : Neuron
        The chosen output.

    Examples
    --------
    >>> from symconv import ConvTranspose
    >>> from symconv.figures import build_model
    >>> window = build_model(ConvTranspose([[[1, 2]]], (1, 2), stride=2)).window
    >>> window.transposed, [cell.kind for cell in window.inputs[0].cells]
    (True, ['padding', 'input', 'inserted', 'input', 'padding'])
    """

    transposed: bool
    inputs: tuple[InputGrid, ...]
    kernels: tuple[KernelGrid, ...]
    outputs: tuple[OutputCell, ...]
    output_shape: tuple[int, ...]
    columns: int
    bar_every: int
    neuron: Neuron

    def input_cell(self, channel: int, padded: tuple[int, ...]) -> InputCell:
        """Return the cell of input channel ``channel`` at padded coordinates ``padded``.

        Parameters
        ----------
        channel : int
            The input channel.
        padded : tuple of int
            Coordinates within that grid's extent.

        Returns
        -------
        InputCell
            The cell.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> from symconv.figures import build_model
        >>> window = build_model(Conv(kernel((1, 1, 2, 2)), (1, 3, 3)), x=[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]).window
        >>> window.input_cell(0, (1, 1)).label.text
        '5'
        """
        return self.inputs[channel].cell(padded)

    def highlighted(self) -> list[InputCell]:
        """Return the input cells the chosen output's window covers (its receptive field and the zeros it meets).

        Returns
        -------
        list of InputCell
            One cell per tap, in the order of the taps.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> from symconv.figures import build_model
        >>> window = build_model(Conv(kernel((1, 1, 2, 2)), (1, 3, 3)), x=[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]).window
        >>> [cell.label.text for cell in window.highlighted()]
        ['1', '2', '4', '5']
        """
        return [self.input_cell(tap.channel, tap.padded) for tap in self.neuron.taps]


@dataclass(frozen=True)
class FigureModel:
    """Everything a figure draws (``matrix`` and ``window`` are None when the kind leaves them out).

    Parameters
    ----------
    kind : str
        ``"matrix"``, ``"window"`` or ``"both"``.
    summary : LayerSummary
        The layer.
    title : str
        The first line of the layer's description.
    matrix : MatrixView or None
        M as a grid.
    window : WindowView or None
        The sliding window of one output.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.figures import build_model
    >>> model = build_model(Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)), kind="window")
    >>> model.title, model.matrix
    ('2-D cross-correlation: input 1x3x3, kernel 2x1x2x2, output 2x2x2', None)
    """

    kind: str
    summary: LayerSummary
    title: str
    matrix: MatrixView | None
    window: WindowView | None


# -- building -------------------------------------------------------------------------------------
def build_model(layer: LayerLike, *, kind: str = "both", neuron: Any = None, x: Any = None,
                force: bool = False) -> FigureModel:
    """Return the :class:`FigureModel` of a layer.

    Parameters
    ----------
    layer : LayerLike
        A :class:`~symconv.Conv`, :class:`~symconv.ConvTranspose` or (``kind="matrix"``
        only) a product of layers.
    kind : str, default "both"
        ``"matrix"``, ``"window"`` or ``"both"``.
    neuron : tuple of int or int, optional
        The output whose window is drawn: its coordinates ``(u, v, w)`` (channel, then
        positions) or its row s of M; by default the middle output of channel 0.
    x : array_like, optional
        The input's values (default: the symbols ``x[i, j, k]``).
    force : bool, default False
        Draw even above :data:`MAX_FIGURE_CELLS` cells.

    Returns
    -------
    FigureModel
        What every renderer draws.

    Raises
    ------
    FigureError
        If ``kind`` is unknown, a product of layers is asked for a window, or ``neuron`` is
        not an output.
    SizeError
        Above ``MAX_FIGURE_CELLS`` cells unless ``force``.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.figures import build_model
    >>> model = build_model(Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)), x=[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]])
    >>> [(c.row, c.column, c.label.text) for c in model.matrix.cells[:4]]
    [(0, 0, 'a'), (0, 1, 'b'), (0, 3, 'c'), (0, 4, 'd')]
    >>> model.window.neuron.expression.text
    '1a+2b+4c+5d'
    >>> [cell.label.text for cell in model.window.highlighted()]
    ['1', '2', '4', '5']
    """
    if kind not in KINDS:
        raise FigureError(f"kind {kind!r} is not a figure kind; expected one of {', '.join(KINDS)}")
    summary = layer.summary()
    if kind != "matrix" and summary.kind == "product":
        raise FigureError("a product of layers has no single sliding window; draw it with kind='matrix'")
    row = neuron_row(summary, neuron)
    builder = _Builder(layer, x if kind != "matrix" else None, force)
    check_size("the figure", builder.cell_count(kind), MAX_FIGURE_CELLS, unit="cells", force=force,
               name="MAX_FIGURE_CELLS", ways="pass force=True (CLI: --force), or draw a smaller layer")
    matrix = builder.matrix_view() if kind != "window" else None
    window = builder.window_view(row) if kind != "matrix" else None
    return FigureModel(kind, summary, describe_lines(summary)[0], matrix, window)


def all_neurons(layer: LayerLike, x: Any = None, *, force: bool = False) -> list[Neuron]:
    """Return the :class:`Neuron` of every row of M, in row order (for the animation and the interactive page).

    Parameters
    ----------
    layer : LayerLike
        A convolution or transposed convolution.
    x : array_like, optional
        The input's values (default: the symbols ``x[i, j, k]``).
    force : bool, default False
        Expand M x' above :data:`~symconv.limits.MAX_TERMS` terms.

    Returns
    -------
    list of Neuron
        One per row; every input and kernel entry is printed once, not once per row.

    Examples
    --------
    >>> from symconv import Conv
    >>> from symconv.figures.model import all_neurons
    >>> [neuron.expression.text for neuron in all_neurons(Conv([[[1, 2]]], (1, 3)), x=[[4, 5, 6]])]
    ['4*1+5*2', '5*1+6*2']
    """
    builder = _Builder(layer, x, force)
    # every row at once: each input and kernel entry is printed once, not once per row that uses it
    texts = row_strings(builder.expansion, TEXT_STYLE)
    latexes = row_strings(builder.expansion, builder.latex.style())
    return [builder.neuron(row, Label(text, latex)) for row, (text, latex) in enumerate(zip(texts, latexes))]


def neuron_row(summary: LayerSummary, neuron: Any) -> int:
    """Return the row s of M of an output given by its coordinates ``(u, v, w)`` or its row s itself.

    Parameters
    ----------
    summary : LayerSummary
        The layer.
    neuron : tuple of int or int or None
        The output's coordinates (channel, then positions), its row s, or None for the
        middle output of channel 0.

    Returns
    -------
    int
        The row.

    Raises
    ------
    FigureError
        If ``neuron`` is not a row of M or not an output's coordinates.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.figures.model import neuron_row
    >>> summary = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).summary()
    >>> neuron_row(summary, (1, 0, 1)), neuron_row(summary, 5), neuron_row(summary, None)
    (5, 5, 0)
    """
    shape = summary.output_shape
    layout = summary.output_layout
    if neuron is None:
        return int(layout.join(0, tuple((size - 1) // 2 for size in shape[1:])))
    if isinstance(neuron, (int, np.integer)) and not isinstance(neuron, bool):
        if not 0 <= neuron < layout.size:
            raise FigureError(f"neuron {neuron} is not a row of M; expected 0 <= s < {layout.size}")
        return int(neuron)
    if not isinstance(neuron, Sequence) or isinstance(neuron, str) \
            or not all(isinstance(c, (int, np.integer)) and not isinstance(c, bool) for c in neuron):
        raise FigureError(f"neuron {neuron!r} is not an output; expected its coordinates such as "
                          f"{(0,) * len(shape)} (channel, then positions) or its row s of M")
    coordinates = tuple(int(c) for c in neuron)
    letters = ("u", *notation(len(shape) - 1).output_positions)
    if len(coordinates) != len(shape) or not all(0 <= c < n for c, n in zip(coordinates, shape)):
        bounds = ", ".join(f"0 <= {letter} < {n}" for letter, n in zip(letters, shape))
        raise FigureError(f"neuron {coordinates} is outside the output of shape {shape}; expected "
                          f"({', '.join(letters)}) with {bounds}")
    return int(layout.join(coordinates[0], coordinates[1:]))


def output_name(channel: int, position: tuple[int, ...]) -> Label:
    """Return ``y_{u,v,w}``, the name of an output.

    Parameters
    ----------
    channel : int
        The output channel u.
    position : tuple of int
        The spatial position.

    Returns
    -------
    Label
        The name, the same in text and LaTeX.

    Examples
    --------
    >>> from symconv.figures.model import output_name
    >>> output_name(1, (0, 1)).text
    'y_{1,0,1}'
    """
    index = ",".join(map(str, (channel, *position)))
    return Label(f"y_{{{index}}}", f"y_{{{index}}}")


def row_expression(expansion: Expansion, row: int, latex: LatexDerivationPrinter | None = None) -> tuple[str, str]:
    """Return row ``row`` of y' = M x' (+ b) in the printers' term style: ``(text, latex)``.

    Only that row is rendered: a one-row expansion holding just the inputs and kernel
    entries the row uses, so a figure of a large layer costs no more than its one row.

    Parameters
    ----------
    expansion : Expansion
        The expansion of M x' (+ b).
    row : int
        The row.
    latex : LatexDerivationPrinter, optional
        The printer whose term style writes the LaTeX (None: a default printer).

    Returns
    -------
    tuple of str
        ``(text, latex)``.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.expansion import expand
    >>> from symconv.figures.model import row_expression
    >>> row_expression(expand(Conv(kernel((1, 1, 2), "a:b"), (1, 3)), [[1, 2, 3]]), 1)
    ('2a+3b', '2a + 3b')
    """
    start, stop = int(expansion.indptr[row]), int(expansion.indptr[row + 1])
    used_taps, taps = np.unique(expansion.taps[start:stop], return_inverse=True)
    used_cols, cols = np.unique(expansion.cols[start:stop], return_inverse=True)
    one = Expansion(expansion.layer, [expansion.inputs[c] for c in used_cols.tolist()],
                    [expansion.values[t] for t in used_taps.tolist()], taps.reshape(-1), cols.reshape(-1),
                    np.array([0, stop - start]), None if expansion.bias is None else [expansion.bias[row]])
    style = (latex or LatexDerivationPrinter()).style()
    return row_strings(one, TEXT_STYLE)[0], row_strings(one, style)[0]


class _Builder:
    """Builds the views of one layer, printing each value once and reading the pattern's entries once."""

    def __init__(self, layer: LayerLike, x: Any, force: bool = False):
        self.layer = layer
        self.force = force
        # a ConvPattern or TransposedPattern (summary.kind says which): the figures read their axes and windows
        self.pattern: Any = layer.pattern
        self.summary = layer.summary()
        self.x = x
        self.text = TextPrinter()
        self.latex = LatexDerivationPrinter()
        self.printed: dict[sympy.Expr, Label] = {}

    def label(self, value: sympy.Expr) -> Label:
        """A value printed by the text and the LaTeX printer (once per distinct value)."""
        found = self.printed.get(value)
        if found is None:
            found = self.printed[value] = Label(self.text.entry(value), self.latex.entry(value))
        return found

    @cached_property
    def entries(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return self.pattern.entries()  # type: ignore[no-any-return]

    @cached_property
    def expansion(self) -> Expansion:
        return expand(self.layer, self.x, force=self.force)

    @cached_property
    def extents(self) -> list[tuple[int, int]]:
        """(first, last) padded (or stretched) coordinate of every spatial axis of the drawn input."""
        summary = self.summary
        if summary.kind == "transpose":
            return [axis.stretched_extent() for axis in self.pattern.forward.axes]
        return [(-before, n + after - 1) for n, (before, after) in zip(summary.input_shape[1:], summary.padding)]

    def cell_count(self, kind: str) -> int:
        """How many cells a figure of this kind draws (from shapes alone)."""
        summary = self.summary
        count = self.pattern.nnz if kind != "window" else 0
        if kind != "matrix":
            grid = int(np.prod([last - first + 1 for first, last in self.extents]))
            count += summary.matrix_shape[0] + len(summary.kernel or ()) + summary.input_shape[0] * grid
        return count

    # -- M ---------------------------------------------------------------------------------------
    def matrix_cells(self, rows: tuple[int, int] | None = None) -> list[MatrixCell]:
        """The nonzeros of M (of rows ``first:stop`` when ``rows`` is given), in row then column order."""
        entry_rows, entry_cols, entry_taps = self.entries
        if rows is not None:
            indptr = self.pattern.indptr
            start, stop = int(indptr[rows[0]]), int(indptr[rows[1]])
            entry_rows, entry_cols, entry_taps = entry_rows[start:stop], entry_cols[start:stop], entry_taps[start:stop]
        values = self.layer.values
        width = self.summary.matrix_shape[1]
        order = np.lexsort((entry_cols, entry_rows))
        keys = (entry_rows * width + entry_cols)[order]
        taps = entry_taps[order]
        starts = np.flatnonzero(np.concatenate(([True], np.diff(keys) != 0))) if keys.size else keys
        bounds = [*starts.tolist(), int(keys.size)]
        cells = []
        for first, stop in zip(bounds[:-1], bounds[1:]):
            row, column = divmod(int(keys[first]), width)
            parts = taps[first:stop].tolist()
            value = values[parts[0]] if len(parts) == 1 else sympy.Add(*[values[t] for t in parts])
            if value == 0:
                continue
            cells.append(MatrixCell(row, column, self.label(value), value, parts[0] if len(parts) == 1 else None))
        return cells

    def matrix_view(self) -> MatrixView:
        summary = self.summary
        cells = self.matrix_cells()
        values = list(self.layer.values)
        if summary.kind == "product":
            distinct: dict[sympy.Expr, int] = {}
            cells = [MatrixCell(c.row, c.column, c.label, c.value, distinct.setdefault(c.value, len(distinct)))
                     for c in cells]
            legend = tuple(LegendEntry(colour, self.label(value)) for value, colour in distinct.items())
        else:
            used = sorted({cell.colour for cell in cells if cell.colour is not None})
            legend = tuple(LegendEntry(index, self.label(values[index])) for index in used)
        in_layout, out_layout = summary.input_layout, summary.output_layout
        return MatrixView(
            shape=summary.matrix_shape,
            cells=tuple(cells),
            bar_every=in_layout.bar_every(),
            column_blocks=in_layout.positions if in_layout.channel_blocks and in_layout.channels > 1 else 0,
            row_blocks=out_layout.positions if out_layout.channel_blocks and out_layout.channels > 1 else 0,
            legend=legend,
        )

    # -- the window ------------------------------------------------------------------------------
    def window_view(self, row: int) -> WindowView:
        summary = self.summary
        inputs = [self.label(value) for value in self.expansion.inputs]
        grids = tuple(self.input_grid(channel, inputs) for channel in range(summary.input_shape[0]))
        assert summary.kernel_shape is not None and summary.kernel is not None
        kernel_shape = summary.kernel_shape
        per_grid = int(np.prod(kernel_shape[2:]))
        kernels = []
        for number, lead in enumerate(itertools.product(range(kernel_shape[0]), range(kernel_shape[1]))):
            cells = []
            for local, taps in enumerate(itertools.product(*map(range, kernel_shape[2:]))):
                index = number * per_grid + local
                cells.append(KernelCell(index, (*lead, *taps), self.label(summary.kernel[index]), index))
            kernels.append(KernelGrid(lead, tuple(cells)))
        out_layout = summary.output_layout
        outputs = tuple(
            OutputCell(int(out_layout.join(channel, position)), channel, position, output_name(channel, position))
            for channel in range(summary.output_shape[0])
            for position in itertools.product(*map(range, summary.output_shape[1:]))
        )
        return WindowView(
            transposed=summary.kind == "transpose",
            inputs=grids,
            kernels=tuple(kernels),
            outputs=outputs,
            output_shape=summary.output_shape,
            columns=summary.matrix_shape[1],
            bar_every=summary.input_layout.bar_every(),
            neuron=self.neuron(row),
        )

    def input_grid(self, channel: int, inputs: list[Label]) -> InputGrid:
        """The input of one channel with its padding (and, for a transposed layer, its inserted zeros)."""
        summary = self.summary
        per_axis: list[list[tuple[int, str, int | None]]] = []  # (padded, kind, source) per axis
        if summary.kind == "transpose":
            for (first, last), axis in zip(self.extents, self.pattern.forward.axes):
                per_axis.append([(e, *axis.stretched_cell(e)) for e in range(first, last + 1)])
        else:
            for (first, last), axis in zip(self.extents, self.pattern.axes):
                padded = np.arange(first, last + 1)
                valid, source = axis.source(padded)
                inside = (padded >= 0) & (padded < axis.n_in)
                per_axis.append([(int(p), "input" if i else "padding", int(src) if v else None)
                                 for p, i, v, src in zip(padded.tolist(), inside.tolist(), valid.tolist(),
                                                         source.tolist())])
        zero = self.label(sympy.S.Zero)
        layout = summary.input_layout
        cells = []
        for combination in itertools.product(*per_axis):
            kinds = {c[1] for c in combination}
            kind = "input" if kinds == {"input"} else "padding" if "padding" in kinds else "inserted"
            sources = [c[2] for c in combination]
            source = None if None in sources else tuple(int(s) for s in sources)  # type: ignore[arg-type]
            column = int(layout.join(channel, source)) if source is not None else None
            cells.append(InputCell(channel, tuple(c[0] for c in combination), kind, source, column,
                                   inputs[column] if column is not None else zero))
        return InputGrid(channel, tuple(self.extents), tuple(cells))

    def neuron(self, row: int, expression: Label | None = None) -> Neuron:
        """The :class:`Neuron` of row ``row`` of M: its window taps, its row of M and its expression.

        ``expression`` is the row already printed (by :func:`all_neurons`), else it is printed here.
        """
        channel, position = self.summary.output_layout.split(row)
        window = self.pattern.window(row)
        if self.summary.kind == "transpose":
            taps = self.stretched_taps(window, channel, position)
        else:
            taps = tuple(WindowTap(t.channel, t.padded, t.kernel_index, t.column) for t in window.taps)
        if expression is None:
            expression = Label(*row_expression(self.expansion, row, self.latex))
        return Neuron(row, channel, position, output_name(channel, position), expression, taps,
                      tuple(self.matrix_cells(rows=(row, row + 1))))

    def stretched_taps(self, window: Any, channel: int, position: tuple[int, ...]) -> tuple[WindowTap, ...]:
        """The window of a transposed convolution's output in the stretched input (see the module notes).

        The taps that meet an input are the pattern's own taps, moved to stretched
        coordinates (input r at r*s); the rest of the window meets zeros, with the kernel
        entry that the flipped kernel puts there.
        """
        axes = self.pattern.forward.axes
        found = {}
        for tap in window.taps:
            padded = tuple(axis.stretched_position(r) for r, axis in zip(tap.source, axes))
            found[(tap.channel, padded)] = WindowTap(tap.channel, padded, tap.kernel_index, tap.column)
        kernel_shape = self.summary.kernel_shape
        assert kernel_shape is not None
        group, local = divmod(channel, kernel_shape[1])
        per_axis = [axis.stretched_window(o) for axis, o in zip(axes, position)]
        per_group = self.summary.input_shape[0] // self.summary.groups
        taps = []
        for source_channel in range(group * per_group, (group + 1) * per_group):
            for combination in itertools.product(*per_axis):
                padded = tuple(c[0] for c in combination)
                tap = found.pop((source_channel, padded), None)
                if tap is None:
                    flat = np.ravel_multi_index((source_channel, local, *(c[1] for c in combination)), kernel_shape)
                    tap = WindowTap(source_channel, padded, int(flat), None)
                taps.append(tap)
        assert not found, f"pattern taps outside the stretched window: {sorted(found)}"
        return tuple(taps)
