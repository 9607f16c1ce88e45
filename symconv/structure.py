r"""M as blocks: a grid of channel blocks, each a (block) Toeplitz matrix, described without building M.

Notes
-----
The pattern of a convolution factorises per spatial axis (einconv): for one axis, a
0/1 matrix :math:`\Pi_a(p)` says where kernel tap p joins an output position to an
input position, and

.. math:: M = \sum_{p, q} K_{:, :, p, q} \otimes \Pi_1(p) \otimes \Pi_2(q)

with the channel factor first for the CHW order and last for HWC (groups make the
channel factor block diagonal). Read from the outside in, M is therefore a grid of
blocks per *level*: for CHW the D x C grid of channel blocks :math:`M_{u,i}`, then one
level per spatial axis; for HWC one level per spatial axis, then D x C blocks of
kernel entries. A :class:`Band` describes one spatial level by its parameters alone:
tap p of output position v sits at input position :math:`S v + d\,p' - b` (stride S,
dilation d, padding b before, window position p' = p, or P-1-p with ``flip``).

What each level is, stated exactly (and checked by the tests on random layers):

* zero padding (or no padding), stride 1: Toeplitz, tap p on the diagonal
  j - v = d p' - b (dilation spreads the taps' diagonals d apart);
* stride S > 1: rows 0, S, 2S, ... of that Toeplitz matrix;
* circular padding: row v is row (S v) mod n of the n x n circulant with tap p on
  the cyclic diagonal (j - v) mod n = (d p' - b) mod n; the level *is* that circulant
  exactly when S = 1 and the output has n positions (padding before + after =
  d (P - 1));
* reflect and replicate padding: the Toeplitz (or strided) band of zero padding plus
  the taps that fall into the padding, folded back onto the input; these only occur
  in the first and last rows (the windows that reach into the padding), so the level
  is that band plus a correction confined to those rows;
* transposed convolution: every level is the transpose of the forward one: Toeplitz
  for stride 1, columns 0, S, 2S, ... of a Toeplitz matrix otherwise.

Building a :class:`Structure` costs O(kernel size) per level, whatever the image size;
:meth:`Structure.as_matrix` expands it (for checking) and costs as much as M.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from .limits import MAX_DENSE_ENTRIES, MAX_TERMS, check_size
from .protocol import LayerSummary
from .symbols import notation
from .view import View

LETTERS = ("A", "B", "E", "F", "G", "J", "L", "N", "S", "U", "V", "X", "Y", "Z")
"""The names of the innermost blocks, in the order of their taps (letters that name nothing else in symconv)."""


@dataclass(frozen=True)
class Band:
    """One spatial axis as a level of blocks: where each kernel tap joins a row (output) to a column (input).

    For a forward convolution tap p of row v reads padded position ``stride*v + offset(p)``;
    for a transposed one tap p of column j writes row ``stride*j + offset(p)``.

    Parameters
    ----------
    axis : int
        The spatial axis, from 0.
    rows : int
        The output size along the axis.
    columns : int
        The input size along the axis.
    kernel : int
        The kernel size along the axis.
    stride : int, default 1
        The stride S.
    dilation : int, default 1
        The dilation d.
    pad_before : int, default 0
        The padding before the input, b.
    pad_after : int, default 0
        The padding after the input.
    mode : str, default "zeros"
        The padding mode.
    flip : bool, default False
        True for a true convolution (window position P-1-p for tap p).
    transposed : bool, default False
        True for a transposed convolution's level (the transpose of the forward one).

    Examples
    --------
    >>> from symconv.structure import Band
    >>> band = Band(axis=0, rows=2, columns=3, kernel=2)
    >>> band.pattern, [band.offset(p) for p in range(2)]
    ('toeplitz', [0, 1])
    >>> sorted(band.links())
    [(0, 0, 0), (0, 1, 1), (1, 0, 1), (1, 1, 2)]
    """

    axis: int
    rows: int
    columns: int
    kernel: int
    stride: int = 1
    dilation: int = 1
    pad_before: int = 0
    pad_after: int = 0
    mode: str = "zeros"
    flip: bool = False
    transposed: bool = False

    def window(self, tap: int) -> int:
        """Return the window position of kernel tap ``tap`` (reversed with ``flip``).

        Parameters
        ----------
        tap : int
            The kernel tap p, from 0.

        Returns
        -------
        int
            p, or P-1-p with ``flip``.

        Examples
        --------
        >>> from symconv.structure import Band
        >>> Band(0, 2, 3, 2).window(0), Band(0, 2, 3, 2, flip=True).window(0)
        (0, 1)
        """
        return self.kernel - 1 - tap if self.flip else tap

    def offset(self, tap: int) -> int:
        r"""Return ``d*window - b``: the tap's diagonal (stride 1) or its shift from ``stride*v``.

        Parameters
        ----------
        tap : int
            The kernel tap p.

        Returns
        -------
        int
            :math:`d\,p' - b` with :math:`p'` the tap's window position.

        Examples
        --------
        >>> from symconv.structure import Band
        >>> [Band(0, 3, 3, 3, dilation=2, pad_before=1, pad_after=1).offset(p) for p in range(3)]
        [-1, 1, 3]
        """
        return self.dilation * self.window(tap) - self.pad_before

    @property
    def folds(self) -> bool:
        """True when windows reach into padding that reads the input (a padding mode other than zeros).

        Examples
        --------
        >>> from symconv.structure import Band
        >>> Band(0, 3, 3, 3, pad_before=1, pad_after=1, mode="reflect").folds, Band(0, 3, 3, 3, mode="reflect").folds
        (True, False)
        """
        return not self.transposed and self.mode != "zeros" and bool(self.pad_before or self.pad_after)

    @property
    def pattern(self) -> str:
        """What the level is: ``toeplitz``, ``strided``, ``circulant``, ``circulant rows`` or ``columns``.

        ``columns`` is a transposed level with stride > 1 (columns 0, S, 2S, ... of a Toeplitz
        matrix); see the module notes for each.

        Examples
        --------
        >>> from symconv.structure import Band
        >>> Band(0, 2, 5, 3, stride=2).pattern, Band(0, 5, 3, 3, stride=2, transposed=True).pattern
        ('strided', 'columns')
        >>> Band(0, 4, 4, 3, pad_before=1, pad_after=1, mode="circular").pattern
        'circulant'
        """
        if self.transposed:
            return "toeplitz" if self.stride == 1 else "columns"
        if self.folds and self.mode == "circular":
            return "circulant" if self.stride == 1 and self.rows == self.columns else "circulant rows"
        return "toeplitz" if self.stride == 1 else "strided"

    def border_rows(self) -> tuple[int, int]:
        """Return ``(first, last)``: how many rows at the top and at the bottom have a window reaching into the padding.

        Returns
        -------
        tuple of int
            The counts; ``(0, 0)`` for a transposed level.

        Examples
        --------
        >>> from symconv.structure import Band
        >>> Band(0, 3, 3, 3, pad_before=1, pad_after=1, mode="reflect").border_rows()
        (1, 1)
        """
        if self.transposed:
            return (0, 0)
        first = min(self.rows, -(-self.pad_before // self.stride))
        # the last window position of row v is stride*v + d*(k-1) - b; it is inside while <= n - 1
        inside = (self.columns - 1 - self.dilation * (self.kernel - 1) + self.pad_before) // self.stride
        last = max(0, self.rows - 1 - max(inside, first - 1))
        return first, min(last, self.rows - first)

    def edge_rows(self) -> list[int]:
        """Return the rows counted by :meth:`border_rows`.

        Returns
        -------
        list of int
            The first rows, then the last rows.

        Examples
        --------
        >>> from symconv.structure import Band
        >>> Band(0, 3, 3, 3, pad_before=1, pad_after=1, mode="reflect").edge_rows()
        [0, 2]
        """
        first, last = self.border_rows()
        return [*range(first), *range(self.rows - last, self.rows)]

    def fold(self, position: int) -> int:
        """Return the input position read at a padded position (the padding mode's rule).

        Parameters
        ----------
        position : int
            A padded position outside the input.

        Returns
        -------
        int
            The position inside the input that the padding mode reads there.

        Raises
        ------
        KeyError
            With zero padding, which reads nothing.

        Examples
        --------
        >>> from symconv.structure import Band
        >>> Band(0, 3, 3, 3, pad_before=1, pad_after=1, mode="reflect").fold(-1)
        1
        """
        from .formula import FOLDS

        return FOLDS[self.mode](position, self.columns)

    def folded(self) -> list[tuple[int, int, int]]:
        """Return ``(row, tap, column)`` of every tap that falls into the padding and reads the input.

        Only border rows have such taps.

        Returns
        -------
        list of tuple of int
            Empty unless :attr:`folds`.

        Examples
        --------
        >>> from symconv.structure import Band
        >>> Band(0, 3, 3, 3, pad_before=1, pad_after=1, mode="reflect").folded()
        [(0, 0, 1), (2, 2, 1)]
        """
        if not self.folds:
            return []
        found = []
        for row in self.edge_rows():
            for tap in range(self.kernel):
                position = self.stride * row + self.offset(tap)
                if not 0 <= position < self.columns:
                    found.append((row, tap, self.fold(position)))
        return found

    def links(self) -> Iterator[tuple[int, int, int]]:
        """Yield every ``(row, tap, column)``: the band, then the folded taps (costs rows x kernel).

        Yields
        ------
        tuple of int
            ``(row, tap, column)``.

        Examples
        --------
        >>> from symconv.structure import Band
        >>> list(Band(0, 2, 2, 2, transposed=True).links())
        [(0, 0, 0), (1, 1, 0), (1, 0, 1)]
        """
        if self.transposed:
            for column in range(self.columns):
                for tap in range(self.kernel):
                    row = self.stride * column + self.offset(tap)
                    if 0 <= row < self.rows:
                        yield row, tap, column
            return
        for row in range(self.rows):
            for tap in range(self.kernel):
                position = self.stride * row + self.offset(tap)
                if 0 <= position < self.columns:
                    yield row, tap, position
        yield from self.folded()


@dataclass(frozen=True)
class ChannelGrid:
    """The channel level: a D x C grid whose block (u, i) is zero unless u and i are in the same group.

    Parameters
    ----------
    rows : int
        D, the output channels.
    columns : int
        C, the input channels.
    groups : int, default 1
        The number of channel groups.

    Examples
    --------
    >>> from symconv.structure import ChannelGrid
    >>> list(ChannelGrid(4, 2, groups=2).links())
    [(0, 0), (1, 0), (2, 1), (3, 1)]
    """

    rows: int
    columns: int
    groups: int = 1

    def same_group(self, u: int, i: int) -> bool:
        """Return True when output channel u reads input channel i.

        Parameters
        ----------
        u : int
            An output channel.
        i : int
            An input channel.

        Returns
        -------
        bool
            True when u and i are in the same group.

        Examples
        --------
        >>> from symconv.structure import ChannelGrid
        >>> ChannelGrid(4, 2, groups=2).same_group(1, 0), ChannelGrid(4, 2, groups=2).same_group(2, 0)
        (True, False)
        """
        return u // (self.rows // self.groups) == i // (self.columns // self.groups)

    def links(self) -> Iterator[tuple[int, int]]:
        """Yield every ``(u, i)`` of a nonzero block.

        Yields
        ------
        tuple of int
            ``(u, i)``, row by row.

        Examples
        --------
        >>> from symconv.structure import ChannelGrid
        >>> list(ChannelGrid(2, 2).links())
        [(0, 0), (0, 1), (1, 0), (1, 1)]
        """
        for u in range(self.rows):
            for i in range(self.columns):
                if self.same_group(u, i):
                    yield u, i


Level = Band | ChannelGrid


@dataclass(frozen=True)
class BlockName:
    """The name of a block: ``stem`` with a subscript (channels) and a superscript (taps), e.g. ``M^{(1)}_{u,i}``.

    Parameters
    ----------
    stem : str
        The letter (``M``, ``A``, ``B``, ...).
    subscript : tuple of str, default ()
        The channel indices.
    superscript : tuple of str, default ()
        The tap indices.

    Examples
    --------
    >>> from symconv.structure import BlockName
    >>> name = BlockName("M", ("u", "i"), ("1",))
    >>> name.text(), name.latex()
    ('M^(1)_{u,i}', 'M^{(1)}_{u,i}')
    """

    stem: str
    subscript: tuple[str, ...] = ()
    superscript: tuple[str, ...] = ()

    def text(self) -> str:
        """Return the name in text: ``A_u``, ``M_{u,i}``, ``M^(1)_{0,2}``.

        Returns
        -------
        str
            The name; a one-character subscript goes without braces.

        Examples
        --------
        >>> from symconv.structure import BlockName
        >>> BlockName("A", ("u",)).text(), BlockName("M", ("0", "2"), ("1",)).text()
        ('A_u', 'M^(1)_{0,2}')
        """
        sup = "^(" + ",".join(self.superscript) + ")" if self.superscript else ""
        if not self.subscript:
            return self.stem + sup
        inner = ",".join(self.subscript)
        return f"{self.stem}{sup}_{inner}" if len(inner) == 1 else f"{self.stem}{sup}_{{{inner}}}"

    def latex(self) -> str:
        """Return the name in LaTeX: ``A_{u}``, ``M^{(1)}_{0,2}``.

        Returns
        -------
        str
            The name, for math mode.

        Examples
        --------
        >>> from symconv.structure import BlockName
        >>> BlockName("A", ("u",)).latex(), BlockName("M", ("0", "2"), ("1",)).latex()
        ('A_{u}', 'M^{(1)}_{0,2}')
        """
        sup = "^{(" + ",".join(self.superscript) + ")}" if self.superscript else ""
        sub = "_{" + ",".join(self.subscript) + "}" if self.subscript else ""
        return self.stem + sup + sub


@dataclass(frozen=True)
class Structure(View):
    """M described as nested grids of blocks (see the module notes); made by :meth:`symconv.Layer.structure`.

    For a product of layers, ``factors`` holds the structure of every factor (in the
    order they are applied) and :meth:`as_matrix` multiplies them.

    Parameters
    ----------
    summary : LayerSummary
        The layer.
    bands : tuple of Band, default ()
        One level per spatial axis.
    channels : ChannelGrid, optional
        The channel level (None for a product).
    number : int, default 0
        0 for a layer on its own; n for the n-th factor of a product.
    factors : tuple of Structure, default ()
        The structures of the factors of a product.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> structure = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).structure()
    >>> [type(level).__name__ for level in structure.levels]
    ['ChannelGrid', 'Band', 'Band']
    >>> structure.as_matrix() == Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).matrix()
    True
    """

    summary: LayerSummary
    bands: tuple[Band, ...] = ()
    channels: ChannelGrid | None = None
    number: int = 0
    factors: tuple[Structure, ...] = ()

    @property
    def is_product(self) -> bool:
        """True for the structure of a product of layers (its factors carry the blocks).

        Examples
        --------
        >>> from symconv import Conv
        >>> (Conv([[[1, 1]]], (1, 2)) @ Conv([[[1, 1]]], (1, 3))).structure().is_product
        True
        """
        return bool(self.factors)

    @property
    def shape(self) -> tuple[int, int]:
        """``(rows, columns)`` of M.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).structure().shape
        (8, 9)
        """
        return self.summary.matrix_shape

    @property
    def levels(self) -> tuple[Level, ...]:
        """The levels from the outside in: channels then axes (CHW), or axes then channels (HWC).

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> levels = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3), order="HWC").structure().levels
        >>> [type(level).__name__ for level in levels]
        ['Band', 'Band', 'ChannelGrid']
        """
        assert self.channels is not None
        if self.summary.order == "CHW":
            return (self.channels, *self.bands)
        return (*self.bands, self.channels)

    def block_shape(self, depth: int) -> tuple[int, int]:
        """Return the size in entries of a block at ``depth`` (0: M itself; one level deeper per step).

        Parameters
        ----------
        depth : int
            0 to the number of levels.

        Returns
        -------
        tuple of int
            ``(rows, columns)`` of one block at that depth.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> structure = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).structure()
        >>> [structure.block_shape(depth) for depth in range(4)]
        [(8, 9), (4, 9), (2, 3), (1, 1)]
        """
        rows = columns = 1
        for level in self.levels[depth:]:
            rows *= level.rows
            columns *= level.columns
        return rows, columns

    # -- names -----------------------------------------------------------------------------------
    def tap_keys(self, depth: int) -> list[tuple[int, ...]]:
        """Return every tuple of taps of the spatial levels above ``depth``, in row-major order (the blocks' keys).

        Parameters
        ----------
        depth : int
            A depth (0 is M itself).

        Returns
        -------
        list of tuple of int
            ``[()]`` above the first spatial level.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).structure().tap_keys(2)
        [(0,), (1,)]
        """
        sizes = [level.kernel for level in self.levels[:depth] if isinstance(level, Band)]
        return list(itertools.product(*map(range, sizes)))

    def channel_passed(self, depth: int) -> bool:
        """Return True when the blocks at ``depth`` lie inside one channel block (CHW, depth >= 1).

        Parameters
        ----------
        depth : int
            A depth.

        Returns
        -------
        bool
            True for CHW below the channel level.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> structure = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).structure()
        >>> structure.channel_passed(0), structure.channel_passed(1)
        (False, True)
        """
        return self.summary.order == "CHW" and depth >= 1

    def taps_passed(self, depth: int) -> int:
        """Return how many spatial levels lie above the blocks at ``depth``.

        Parameters
        ----------
        depth : int
            A depth.

        Returns
        -------
        int
            The number of :class:`Band` levels among the first ``depth`` levels.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).structure().taps_passed(3)
        2
        """
        return sum(isinstance(level, Band) for level in self.levels[:depth])

    def name(self, depth: int, channel: tuple[Any, Any] | None = None, taps: tuple[int, ...] = ()) -> BlockName:
        """Return the name of the block at ``depth`` inside channel block ``channel`` (u, i) reached through ``taps``.

        ``channel`` entries may be letters (``("u", "i")``) or numbers. The innermost
        blocks (whose entries are kernel entries) are letters A, B, E, ... by their taps;
        the others are M with the channels as subscript and the taps as superscript.

        Parameters
        ----------
        depth : int
            The depth of the block (0: M).
        channel : tuple, optional
            The channel block ``(u, i)``, letters or numbers; None leaves the subscript out.
        taps : tuple of int, default ()
            The taps of the spatial levels above the block.

        Returns
        -------
        BlockName
            The name.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> structure = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).structure()
        >>> structure.name(1, ("u", "i")).text(), structure.name(2, ("u", "i"), (1,)).text()
        ('M_u', 'B_u')
        """
        if depth == 0:
            return BlockName("M")
        subscript: tuple[str, ...] = ()
        if channel is not None and self.channel_passed(depth):
            assert self.channels is not None
            u, i = channel
            subscript = (*((str(u),) if self.channels.rows > 1 else ()),
                         *((str(i),) if self.channels.columns > 1 else ()))
        innermost = depth == len(self.levels) - 1
        if innermost and taps:
            keys = self.tap_keys(depth)
            if len(keys) <= len(LETTERS):
                return BlockName(LETTERS[keys.index(taps)], subscript)
            return BlockName("A", subscript, tuple(map(str, taps)))
        return BlockName("M", subscript, tuple(map(str, taps)))

    # -- entries -----------------------------------------------------------------------------------
    def kernel_entry(self, u: int, i: int, taps: tuple[int, ...]) -> sympy.Expr:
        """Return the kernel entry joining output channel u to input channel i through ``taps`` (0 across groups).

        Parameters
        ----------
        u : int
            The output channel.
        i : int
            The input channel.
        taps : tuple of int
            One kernel tap per spatial axis.

        Returns
        -------
        sympy.Expr
            The kernel entry (PyTorch's layout for a transposed layer), or 0.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).structure().kernel_entry(1, 0, (1, 0))
        g
        """
        summary = self.summary
        assert summary.kernel is not None and summary.kernel_shape is not None and self.channels is not None
        if not self.channels.same_group(u, i):
            return sympy.S.Zero
        if summary.kind == "transpose":
            first, second = i, u % (self.channels.rows // self.channels.groups)
        else:
            first, second = u, i % (self.channels.columns // self.channels.groups)
        index = np.ravel_multi_index((first, second, *taps), summary.kernel_shape)
        return summary.kernel[int(index)]

    def as_matrix(self, *, sparse: bool = False, force: bool = False) -> sympy.MatrixBase:
        """Return M rebuilt from the blocks: every level's links, nested from the outside in (costs as much as M).

        Parameters
        ----------
        sparse : bool, default False
            True for a ``sympy.SparseMatrix``.
        force : bool, default False
            Build it above the size limits.

        Returns
        -------
        sympy.Matrix or sympy.SparseMatrix
            The same types as :meth:`symconv.Layer.matrix` (dense by default); equal to it.

        Raises
        ------
        SizeError
            Above :data:`~symconv.limits.MAX_DENSE_ENTRIES` entries (dense) or
            :data:`~symconv.limits.MAX_TERMS` links (sparse), unless ``force``.

        Examples
        --------
        >>> from symconv import Conv
        >>> (Conv([[[1, 1]]], (1, 2)) @ Conv([[[1, 1]]], (1, 3))).structure().as_matrix()
        Matrix([[1, 2, 1]])
        """
        rows, columns = self.shape
        if sparse:
            check_size("the structure's matrix", self.summary_terms(), MAX_TERMS, unit="terms", force=force,
                       ways="pass force=True")
        else:
            check_size("the structure's dense matrix", rows * columns, MAX_DENSE_ENTRIES, force=force,
                       ways="pass sparse=True or force=True")
        cls = sympy.SparseMatrix if sparse else sympy.Matrix
        if self.is_product:
            product = self.factors[0].as_matrix(sparse=sparse, force=force)
            for factor in self.factors[1:]:
                product = factor.as_matrix(sparse=sparse, force=force) * product
            return cls(product)
        return cls.from_dok(rows, columns, self._entries())

    def summary_terms(self) -> int:
        """Return an upper bound of the number of links (for the size check).

        Returns
        -------
        int
            The product over the levels of rows times taps (or channels).

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).structure().summary_terms()
        32
        """
        count = 1
        for level in self.levels:
            count *= level.rows * (level.kernel if isinstance(level, Band) else level.columns)
        return count

    def _entries(self) -> dict[tuple[int, int], sympy.Expr]:
        # Each path through the levels picks one link per level: (row, column) nest as digits of the
        # block grids (outer levels are the high digits), the channel and taps pick the kernel entry.
        paths: list[tuple[int, int, tuple[int, int], tuple[int, ...]]] = [(0, 0, (0, 0), ())]
        for level in self.levels:
            grown = []
            if isinstance(level, ChannelGrid):
                links = list(level.links())
                for row, column, _, taps in paths:
                    for u, i in links:
                        grown.append((row * level.rows + u, column * level.columns + i, (u, i), taps))
            else:
                band_links = list(level.links())
                for row, column, channel, taps in paths:
                    for r, tap, c in band_links:
                        grown.append((row * level.rows + r, column * level.columns + c, channel, (*taps, tap)))
            paths = grown
        entries: dict[tuple[int, int], list[sympy.Expr]] = {}
        for row, column, (u, i), taps in paths:
            entries.setdefault((row, column), []).append(self.kernel_entry(u, i, taps))
        return {key: sympy.Add(*values) for key, values in entries.items()}


def structure(summary: LayerSummary, number: int = 0) -> Structure:
    """Return the :class:`Structure` of a layer from its summary (O(levels) work; no M).

    Parameters
    ----------
    summary : LayerSummary
        The layer's summary.
    number : int, default 0
        0 for a layer on its own; n for the n-th factor of a product.

    Returns
    -------
    Structure
        The levels, described by their parameters.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.structure import structure
    >>> structure(Conv(kernel((1, 1, 3)), (1, 8), stride=2, padding=1).summary()).bands[0].pattern
    'strided'
    """
    if summary.kind == "product":
        return Structure(summary, factors=tuple(structure(f, n) for n, f in enumerate(summary.factors, 1)))
    assert summary.kernel_shape is not None
    transposed = summary.kind == "transpose"
    bands = []
    for axis in range(summary.ndim):
        if transposed:
            before = after = summary.padding[axis]
        else:
            before, after = summary.padding[axis]
        bands.append(Band(
            axis=axis, rows=summary.output_shape[axis + 1], columns=summary.input_shape[axis + 1],
            kernel=summary.kernel_shape[axis + 2], stride=summary.stride[axis], dilation=summary.dilation[axis],
            pad_before=before, pad_after=after, mode=summary.padding_mode, flip=summary.flip, transposed=transposed,
        ))
    channels = ChannelGrid(summary.output_shape[0], summary.input_shape[0], summary.groups)
    return Structure(summary, tuple(bands), channels, number)


def axis_letters(summary: LayerSummary, axis: int) -> tuple[str, str, str, str]:
    """Return the output, input and tap letters and the input size's name of a spatial axis: ``("v", "j", "p", "H")``.

    Parameters
    ----------
    summary : LayerSummary
        The layer (its number of spatial axes chooses the letters).
    axis : int
        The spatial axis, from 0.

    Returns
    -------
    tuple of str
        The four letters of :func:`symconv.symbols.notation`.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.structure import axis_letters
    >>> axis_letters(Conv(kernel((1, 1, 2, 2)), (1, 3, 3)).summary(), 1)
    ('w', 'k', 'q', 'W')
    """
    letters = notation(summary.ndim)
    return (letters.output_positions[axis], letters.input_positions[axis], letters.taps[axis],
            letters.input_sizes[axis])
