r"""The index pattern of a convolution: which kernel entry joins which input to which output.

This module is the single source of truth for the geometry of a layer. Everything
else (the SymPy matrix, the expansion of ``M x'``, the sparse numeric matrix, the
linear operator, the printers) reads the integer arrays computed here; nothing
recomputes indices. Its two siblings hold the rest of the geometry:
:mod:`symconv.arithmetic` (padding rules and output sizes) and :mod:`symconv.layout`
(the CHW/HWC flattening).

Notes
-----
The pattern factorises per spatial axis (as in einconv). For one axis with input
size :math:`n`, output size :math:`m`, kernel size :math:`k`, stride :math:`s`,
dilation :math:`d` and padding :math:`p_0` before the input, output position
:math:`o` sees, through window position :math:`t \in [0, k)`, the padded position

.. math:: j = o s + t d - p_0 ,

which is the input position :math:`j` itself when :math:`0 \le j < n` and, outside,
nothing (``zeros``), :math:`j \bmod n` (``circular``), its mirror image
(``reflect``) or the nearest edge (``replicate``). The kernel entry used is
:math:`t` for cross-correlation and :math:`k-1-t` for true convolution (``flip``).
The spatial pattern is the product of the axes' patterns; channels and groups
repeat it block by block (output channel :math:`u` reads the input channels of group
:math:`\lfloor u / (D/g) \rfloor`).

All arrays are built with vectorised numpy: the cost is proportional to the number
of nonzeros, with no Python loop over entries.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np

from .layout import Layout, flat_index

INDEX = np.int64


@dataclass(frozen=True)
class AxisGeometry:
    """The geometry of one spatial axis of a (forward) convolution: which input each (output, window position) reads.

    Parameters
    ----------
    n_in : int
        The input size n.
    n_out : int
        The output size m.
    kernel : int
        The kernel size k.
    stride : int, default 1
        The stride s.
    dilation : int, default 1
        The dilation d.
    pad_before : int, default 0
        The padding before the input, :math:`p_0` (the padding after only sets ``n_out``).
    padding_mode : str, default "zeros"
        ``"zeros"``, ``"circular"``, ``"reflect"`` or ``"replicate"``: what a position in
        the padding reads.
    flip : bool, default False
        True for a true convolution (the kernel entry of window position t is k-1-t).

    Notes
    -----
    Output :math:`o` reads, through window position :math:`t`, the padded position
    :math:`o s + t d - p_0` (:meth:`padded`); :meth:`source` maps it to the input.

    Examples
    --------
    >>> from symconv.pattern import AxisGeometry
    >>> axis = AxisGeometry(n_in=4, n_out=2, kernel=3, stride=2, pad_before=1)
    >>> axis.positions().tolist()
    [[-1, 0, 1], [1, 2, 3]]
    >>> axis.link_count()
    5
    """

    n_in: int
    n_out: int
    kernel: int
    stride: int = 1
    dilation: int = 1
    pad_before: int = 0
    padding_mode: str = "zeros"
    flip: bool = False

    def padded(self, out: Any, window: Any) -> Any:
        """Return the padded position that output ``out`` reads through window position ``window``: o s + t d - p0.

        Parameters
        ----------
        out : int or numpy.ndarray
            The output position o.
        window : int or numpy.ndarray
            The window position t, from 0 to k-1.

        Returns
        -------
        int or numpy.ndarray
            The padded position (negative or past the input's end in the padding).

        Examples
        --------
        >>> from symconv.pattern import AxisGeometry
        >>> AxisGeometry(n_in=4, n_out=2, kernel=3, stride=2, pad_before=1).padded(1, 2)
        3
        """
        return out * self.stride + window * self.dilation - self.pad_before

    def positions(self) -> np.ndarray:
        """Return the padded position read by every (output, window) pair.

        Returns
        -------
        numpy.ndarray
            An int64 array of shape ``(n_out, kernel)``.

        Examples
        --------
        >>> from symconv.pattern import AxisGeometry
        >>> AxisGeometry(n_in=3, n_out=2, kernel=2).positions().tolist()
        [[0, 1], [1, 2]]
        """
        window = np.arange(self.kernel, dtype=INDEX)
        out = np.arange(self.n_out, dtype=INDEX)[:, None]
        return self.padded(out, window[None, :])

    def tap_of(self, window: Any) -> Any:
        """Return the kernel entry used at window position ``window``: itself, or k-1-t with ``flip``.

        Parameters
        ----------
        window : int or numpy.ndarray
            The window position t.

        Returns
        -------
        int or numpy.ndarray
            The kernel index along this axis.

        Examples
        --------
        >>> from symconv.pattern import AxisGeometry
        >>> AxisGeometry(3, 2, 2).tap_of(0), AxisGeometry(3, 2, 2, flip=True).tap_of(0)
        (0, 1)
        """
        return (self.kernel - 1 - window) if self.flip else window

    # -- a transposed convolution's axis, drawn over the stretched input ---------------------------
    # ``self`` is then the forward axis of the transposed layer: it reads the transposed layer's
    # output (n_in = m) and has one output per transposed input (n_out = n). Input r of the
    # transposed layer feeds output padded(r, t) through tap t. The convolution-arithmetic guide
    # draws this as a stride-1 convolution of the flipped kernel over a *stretched* input: input r
    # at position r*s, zeros inserted between, so that output o reads stretched position o - (t*d - p0)
    # through tap t. Every position below is read from ``padded``, the one writer of the rule.

    def stretched_position(self, source: int) -> int:
        """Return where input ``source`` of a transposed layer sits in the stretched input: r s.

        Parameters
        ----------
        source : int
            The input position r of the transposed layer (an output position of this forward axis).

        Returns
        -------
        int
            Its stretched position, ``padded(r, 0) - padded(0, 0)``.

        Examples
        --------
        >>> from symconv.pattern import AxisGeometry
        >>> AxisGeometry(n_in=5, n_out=2, kernel=3, stride=2, pad_before=1).stretched_position(1)
        2
        """
        return int(self.padded(source, 0) - self.padded(0, 0))

    def stretched_window(self, out: int) -> list[tuple[int, int]]:
        """Return ``(stretched position, tap)`` of the window of transposed output ``out``, positions increasing.

        Output o meets the input at stretched position r s through tap t exactly when o = padded(r, t),
        that is at o - padded(0, t) = o + p0 - t d; the taps run from k-1 down to 0 (the flipped kernel).

        Parameters
        ----------
        out : int
            The output position o of the transposed layer.

        Returns
        -------
        list of tuple of int
            One ``(stretched position, tap)`` per kernel entry, the position increasing.

        Examples
        --------
        >>> from symconv.pattern import AxisGeometry
        >>> AxisGeometry(n_in=5, n_out=2, kernel=3, stride=2, pad_before=1).stretched_window(0)
        [(-1, 2), (0, 1), (1, 0)]
        """
        return [(int(out - self.padded(0, t)), t) for t in reversed(range(self.kernel))]

    def stretched_extent(self) -> tuple[int, int]:
        """Return the (first, last) stretched position a figure draws: every input and every window.

        Returns
        -------
        tuple of int
            The first and last stretched position (the first is at most 0).

        Examples
        --------
        >>> from symconv.pattern import AxisGeometry
        >>> AxisGeometry(n_in=5, n_out=2, kernel=3, stride=2, pad_before=1).stretched_extent()
        (-1, 5)
        """
        first_window = self.stretched_window(0)[0][0]
        last_window = self.stretched_window(self.n_in - 1)[-1][0]
        return min(0, first_window), max(self.stretched_position(self.n_out - 1), last_window)

    def stretched_cell(self, position: int) -> tuple[str, int | None]:
        """Return ``(kind, source)`` of a stretched position: an input, an inserted zero, or the padding.

        Parameters
        ----------
        position : int
            A stretched position.

        Returns
        -------
        tuple
            ``("input", r)`` where input r sits, else ``("inserted", None)`` between two inputs or
            ``("padding", None)`` outside them.

        Examples
        --------
        >>> from symconv.pattern import AxisGeometry
        >>> axis = AxisGeometry(n_in=5, n_out=2, kernel=3, stride=2, pad_before=1)
        >>> [axis.stretched_cell(e) for e in (-1, 0, 1, 2, 3)]
        [('padding', None), ('input', 0), ('inserted', None), ('input', 1), ('padding', None)]
        """
        last, step = self.stretched_position(self.n_out - 1), self.stretched_position(1)
        if 0 <= position <= last and position % step == 0:
            return "input", position // step
        return ("inserted" if 0 < position < last else "padding"), None

    def source(self, position: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        r"""Return ``(valid, source)``: whether each padded position reads an input, and which one.

        Parameters
        ----------
        position : numpy.ndarray
            Padded positions (any shape).

        Returns
        -------
        tuple of numpy.ndarray
            ``valid`` (bool) and ``source`` (int), of ``position``'s shape. With zero padding a
            position outside the input is not valid (its source is meaningless); the other
            modes fold it back inside: :math:`j \bmod n` (circular), its mirror image without
            the edge (reflect), the nearest edge (replicate).

        Examples
        --------
        >>> import numpy as np
        >>> from symconv.pattern import AxisGeometry
        >>> valid, source = AxisGeometry(3, 3, 3, pad_before=1, padding_mode="reflect").source(np.array([-1, 3]))
        >>> valid.tolist(), source.tolist()
        ([True, True], [1, 1])
        """
        n = self.n_in
        inside = (position >= 0) & (position < n)
        if self.padding_mode == "zeros":
            return inside, position
        if self.padding_mode == "circular":
            return np.ones_like(inside), np.mod(position, n)
        if self.padding_mode == "reflect":
            mirrored = np.abs(position)
            return np.ones_like(inside), np.where(mirrored > n - 1, 2 * (n - 1) - mirrored, mirrored)
        if self.padding_mode == "replicate":
            return np.ones_like(inside), np.clip(position, 0, n - 1)
        raise AssertionError(self.padding_mode)  # pragma: no cover - the layer validates padding_mode

    def taps(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return ``(out, tap, inp)``: every (output, kernel entry, input) link, sorted by output then window.

        Returns
        -------
        tuple of numpy.ndarray
            Three int64 arrays of equal length, one entry per link that reads the input.

        Examples
        --------
        >>> from symconv.pattern import AxisGeometry
        >>> out, tap, inp = AxisGeometry(n_in=3, n_out=2, kernel=2).taps()
        >>> out.tolist(), tap.tolist(), inp.tolist()
        ([0, 0, 1, 1], [0, 1, 0, 1], [0, 1, 1, 2])
        """
        position = self.positions()
        valid, source = self.source(position)
        tap = self.tap_of(np.arange(self.kernel, dtype=INDEX))
        out_full = np.broadcast_to(np.arange(self.n_out, dtype=INDEX)[:, None], position.shape)
        tap_full = np.broadcast_to(tap[None, :], position.shape)
        return out_full[valid], tap_full[valid], source[valid]

    def link_count(self) -> int:
        """Return the number of links on this axis, counted without listing them (O(kernel) work).

        Returns
        -------
        int
            ``n_out * kernel`` for a padding mode that folds; with zero padding, the links whose
            padded position lies inside the input.

        Examples
        --------
        >>> from symconv.pattern import AxisGeometry
        >>> AxisGeometry(3, 3, 3, pad_before=1).link_count()
        7
        >>> AxisGeometry(3, 3, 3, pad_before=1, padding_mode="circular").link_count()
        9
        """
        if self.padding_mode != "zeros":
            return self.n_out * self.kernel
        # Through window t, output o reads padded(o, t) = padded(0, t) + o * step, a line in o: count
        # the outputs o for which it lies in [0, n). Offset and step are read from ``padded`` (the one
        # writer of the rule), so the count cannot disagree with the links ``taps`` lists.
        total = 0
        for t in range(self.kernel):
            offset = int(self.padded(0, t))
            step = int(self.padded(1, t)) - offset
            lowest = max(0, _ceil_div(-offset, step))
            highest = min(self.n_out - 1, (self.n_in - 1 - offset) // step)
            total += max(0, highest - lowest + 1)
        return total


def _ceil_div(a: int, b: int) -> int:
    return -((-a) // b)


@dataclass(frozen=True)
class SpatialPattern:
    """The links of one input channel to one output channel, over all spatial axes.

    ``out``, ``tap`` and ``inp`` are flat (row-major) spatial indices, sorted by output
    position and then by window position (the receptive field in raster order).

    Parameters
    ----------
    out : numpy.ndarray
        The output position of every link.
    tap : numpy.ndarray
        The flat spatial kernel index of every link.
    inp : numpy.ndarray
        The input position of every link.
    n_out : int
        The number of output positions.
    n_in : int
        The number of input positions.
    n_taps : int
        The number of spatial kernel entries.

    Examples
    --------
    >>> from symconv.pattern import AxisGeometry, SpatialPattern
    >>> spatial = SpatialPattern.from_axes((AxisGeometry(3, 2, 2),))
    >>> spatial.out.tolist(), spatial.tap.tolist(), spatial.inp.tolist()
    ([0, 0, 1, 1], [0, 1, 0, 1], [0, 1, 1, 2])
    """

    out: np.ndarray
    tap: np.ndarray
    inp: np.ndarray
    n_out: int
    n_in: int
    n_taps: int

    @classmethod
    def from_axes(cls, axes: tuple[AxisGeometry, ...]) -> SpatialPattern:
        """Return the spatial pattern of per-axis geometries (their product).

        Parameters
        ----------
        axes : tuple of AxisGeometry
            One geometry per spatial axis.

        Returns
        -------
        SpatialPattern
            Every combination of one link per axis, as flat indices, sorted by output position
            and then by window in raster order.

        Examples
        --------
        >>> from symconv.pattern import AxisGeometry, SpatialPattern
        >>> spatial = SpatialPattern.from_axes((AxisGeometry(3, 2, 2), AxisGeometry(3, 2, 2)))
        >>> spatial.n_out, spatial.n_in, spatial.n_taps, spatial.inp[:4].tolist()
        (4, 9, 4, [0, 1, 3, 4])
        """
        out = np.zeros(1, dtype=INDEX)
        tap = np.zeros(1, dtype=INDEX)
        inp = np.zeros(1, dtype=INDEX)
        window = np.zeros(1, dtype=INDEX)
        for axis in axes:
            a_out, a_tap, a_inp = axis.taps()
            a_window = np.arange(a_out.size, dtype=INDEX)
            out = (out[:, None] * axis.n_out + a_out[None, :]).ravel()
            tap = (tap[:, None] * axis.kernel + a_tap[None, :]).ravel()
            inp = (inp[:, None] * axis.n_in + a_inp[None, :]).ravel()
            window = (window[:, None] * a_out.size + a_window[None, :]).ravel()
        # Sort by output position; ties keep window (raster) order because the
        # per-axis links are sorted by output then window.
        order = np.lexsort((window, out))
        n_out = int(np.prod([a.n_out for a in axes]))
        n_in = int(np.prod([a.n_in for a in axes]))
        n_taps = int(np.prod([a.kernel for a in axes]))
        return cls(out[order], tap[order], inp[order], n_out, n_in, n_taps)

    @cached_property
    def counts(self) -> np.ndarray:
        """The number of links of each output position (computed once).

        Examples
        --------
        >>> from symconv.pattern import AxisGeometry, SpatialPattern
        >>> SpatialPattern.from_axes((AxisGeometry(3, 3, 2, pad_before=1),)).counts.tolist()
        [1, 2, 2]
        """
        return np.bincount(self.out, minlength=self.n_out).astype(INDEX)

    @cached_property
    def starts(self) -> np.ndarray:
        """Where each output position's links start in ``out``/``tap``/``inp`` (computed once).

        Examples
        --------
        >>> from symconv.pattern import AxisGeometry, SpatialPattern
        >>> SpatialPattern.from_axes((AxisGeometry(3, 3, 2, pad_before=1),)).starts.tolist()
        [0, 1, 3]
        """
        return np.concatenate(([0], np.cumsum(self.counts)[:-1])).astype(INDEX)

    @cached_property
    def rank(self) -> np.ndarray:
        """The position of each link within its output position's receptive field (computed once).

        Examples
        --------
        >>> from symconv.pattern import AxisGeometry, SpatialPattern
        >>> SpatialPattern.from_axes((AxisGeometry(3, 3, 2, pad_before=1),)).rank.tolist()
        [0, 0, 1, 0, 1]
        """
        return np.arange(self.out.size, dtype=INDEX) - self.starts[self.out]


@dataclass(frozen=True)
class Tap:
    """One kernel tap of an output's window: where it reads and which kernel entry it uses.

    Parameters
    ----------
    channel : int
        The input channel the tap reads (for a transposed layer: the channel of its input).
    padded : tuple of int or None
        The position in the padded input (it may lie outside the input, in the padding);
        None for a transposed layer, which reads its own input unpadded.
    source : tuple of int or None
        The input position actually read (the padding mode maps an outside position back
        inside), or None when the tap falls on zero padding and contributes nothing.
    column : int or None
        The index in x' (None with ``source``).
    kernel_index : int
        The flat (row-major) index of the kernel entry.

    Examples
    --------
    >>> from symconv import Conv
    >>> Conv([[[1, 2]]], (1, 3), padding=1).pattern.window(0).taps[1]
    Tap(channel=0, padded=(-1,), source=None, column=None, kernel_index=0)
    """

    channel: int
    padded: tuple[int, ...] | None
    source: tuple[int, ...] | None
    column: int | None
    kernel_index: int


@dataclass(frozen=True)
class Window:
    """Everything one output (one row of M) reads: its taps, in the order of x' (zero-padding taps last).

    Parameters
    ----------
    row : int
        The row of M (the output's index in y').
    channel : int
        The output channel.
    position : tuple of int
        The output's spatial coordinates.
    taps : tuple of Tap
        Every tap of its window.

    Examples
    --------
    >>> from symconv import Conv
    >>> window = Conv([[[1, 2]]], (1, 3)).pattern.window(1)
    >>> window.row, window.position, [tap.column for tap in window.taps]
    (1, (1,), [1, 2])
    """

    row: int
    channel: int
    position: tuple[int, ...]
    taps: tuple[Tap, ...]

    def columns(self) -> list[int]:
        """Return the columns of x' the row reads, once per tap (a column twice when the padding mode folds).

        Returns
        -------
        list of int
            The columns, in the order of the taps; taps on zero padding are left out.

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[[1, 2, 3]]], (1, 3), padding=1, padding_mode="reflect").pattern.window(0).columns()
        [0, 1, 1]
        """
        return [tap.column for tap in self.taps if tap.column is not None]


class ConvPattern:
    """The nonzero pattern of the matrix of a forward convolution.

    Parameters
    ----------
    axes : tuple of AxisGeometry
        The per-axis geometry; the spatial pattern (their product) is built on first use.
    in_layout : Layout
        How x is flattened (:class:`~symconv.layout.Layout`); its channel count is C.
    out_layout : Layout
        How y is flattened; its channel count is D.
    groups : int
        Number of channel groups; output channel ``u`` reads the input channels of
        group ``u // (D // groups)`` (:meth:`group_of`, :meth:`group_inputs`).

    Notes
    -----
    Entry ``e`` of the pattern says that ``M[rows[e], cols[e]]`` contains the kernel
    entry with flat index ``taps[e]`` (row-major over the kernel's shape
    ``(D, C/groups, k1, ...)``). Entries are sorted by row, and within a row in the
    order of the receptive field in ``x'`` (the layout's order of channel and window).
    With a padding mode other than ``zeros`` one (row, column) pair can occur several
    times; the matrix entry is then the sum of those kernel entries. A layer builds its
    pattern with :func:`conv_pattern`.

    Examples
    --------
    >>> from symconv import Conv
    >>> pattern = Conv([[[1, 2]]], (1, 3)).pattern
    >>> type(pattern).__name__, pattern.shape, pattern.nnz
    ('ConvPattern', (2, 3), 4)
    """

    def __init__(self, axes: tuple[AxisGeometry, ...], in_layout: Layout, out_layout: Layout, groups: int):
        self.axes = axes
        self.in_layout = in_layout
        self.out_layout = out_layout
        self.groups = groups
        self.in_channels = in_layout.channels
        self.out_channels = out_layout.channels
        self.group_in = self.in_channels // groups
        self.group_out = self.out_channels // groups
        self.shape = (out_layout.size, in_layout.size)

    # -- channels and groups: the one place that maps output channels to input channels ----
    def group_of(self, u: Any) -> Any:
        """Return the group of output channel(s) ``u``.

        Parameters
        ----------
        u : int or numpy.ndarray
            Output channels.

        Returns
        -------
        int or numpy.ndarray
            ``u // (D // groups)``.

        Examples
        --------
        >>> import numpy as np
        >>> from symconv import Conv
        >>> Conv(np.ones((4, 1, 1)), (2, 3), groups=2).pattern.group_of(np.arange(4)).tolist()
        [0, 0, 1, 1]
        """
        return u // self.group_out

    def group_inputs(self, group: Any) -> Any:
        """Return the input channels read by a group, as an array (broadcast over ``group`` when it is an array).

        Parameters
        ----------
        group : int or numpy.ndarray
            Groups.

        Returns
        -------
        numpy.ndarray
            ``group * (C // groups) + range(C // groups)``, with a last axis of C/groups channels.

        Examples
        --------
        >>> import numpy as np
        >>> from symconv import Conv
        >>> Conv(np.ones((4, 1, 1)), (2, 3), groups=2).pattern.group_inputs(1).tolist()
        [1]
        """
        return np.asarray(group)[..., None] * self.group_in + np.arange(self.group_in, dtype=INDEX)

    def group_outputs(self, group: int) -> np.ndarray:
        """Return the output channels of a group.

        Parameters
        ----------
        group : int
            A group, from 0.

        Returns
        -------
        numpy.ndarray
            The output channels u with ``group_of(u) == group``, in order.

        Examples
        --------
        >>> import numpy as np
        >>> from symconv import Conv
        >>> Conv(np.ones((4, 1, 1)), (2, 3), groups=2).pattern.group_outputs(1).tolist()
        [2, 3]
        """
        channels = np.arange(self.out_channels, dtype=INDEX)
        return channels[self.group_of(channels) == group]

    @cached_property
    def spatial(self) -> SpatialPattern:
        """The single-channel spatial pattern (the product of the axes' links), built once.

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[[1, 2]]], (1, 3)).pattern.spatial.inp.tolist()
        [0, 1, 1, 2]
        """
        spatial = SpatialPattern.from_axes(self.axes)
        if self.out_channels * self.group_in * spatial.out.size != self.nnz:
            # The CSR writers fill arrays of ``nnz`` entries: a disagreement would leave entries unwritten.
            raise AssertionError(f"symconv bug: the axes list {spatial.out.size} spatial links, their counts "
                                 f"give {self.nnz // max(1, self.out_channels * self.group_in)}")
        return spatial

    @property
    def nnz(self) -> int:
        """The number of links (entries with multiplicity), counted from the shapes alone.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((2, 1, 2, 2)), (1, 3, 3)).pattern.nnz
        32
        """
        links = 1
        for axis in self.axes:
            links *= axis.link_count()
        return self.out_channels * self.group_in * links

    @cached_property
    def indptr(self) -> np.ndarray:
        """CSR row pointers: the links of row ``r`` are ``indptr[r]:indptr[r+1]`` (computed once).

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[[1, 2]]], (1, 3), padding=1).pattern.indptr.tolist()
        [0, 1, 3, 5, 6]
        """
        sp = self.spatial
        per_row = np.empty(self.shape[0], dtype=INDEX)
        channel = np.arange(self.out_channels, dtype=INDEX)[:, None]
        position = np.arange(sp.n_out, dtype=INDEX)[None, :]
        per_row[self.out_layout.index(channel, position)] = self.group_in * sp.counts[None, :]
        indptr = np.zeros(self.shape[0] + 1, dtype=INDEX)
        np.cumsum(per_row, out=indptr[1:])
        return indptr

    def _channel_links(self, u: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Destinations (positions in the CSR arrays), columns and kernel indices of output channel ``u``'s links."""
        sp = self.spatial
        cg = self.group_in
        channel = np.arange(cg, dtype=INDEX)[:, None]
        in_channel = self.group_inputs(self.group_of(u))[:, None]
        rows = self.out_layout.index(u, sp.out)
        # within a row, links follow x': the layout orders (channel, window rank) as it orders (channel, position)
        within = flat_index(self.in_layout.order, channel, sp.rank, cg, sp.counts[sp.out])
        cols = self.in_layout.index(in_channel, sp.inp)
        dest = self.indptr[rows][None, :] + within
        taps = (u * cg + channel) * sp.n_taps + sp.tap
        return dest.ravel(), np.broadcast_to(cols, dest.shape).ravel(), np.broadcast_to(taps, dest.shape).ravel()

    def entries(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return ``(rows, cols, taps)`` of every link, sorted by row then receptive field.

        Returns
        -------
        tuple of numpy.ndarray
            Three int64 arrays of ``nnz`` entries: ``M[rows[e], cols[e]]`` holds kernel entry
            ``taps[e]`` (flat, row-major over the kernel's shape).

        Examples
        --------
        >>> from symconv.layout import Layout
        >>> from symconv.pattern import AxisGeometry, ConvPattern
        >>> axes = (AxisGeometry(3, 2, 2), AxisGeometry(3, 2, 2))
        >>> pattern = ConvPattern(axes, Layout((1, 3, 3), "CHW"), Layout((2, 2, 2), "CHW"), 1)
        >>> rows, cols, taps = pattern.entries()
        >>> cols[:4].tolist(), taps[:4].tolist()
        ([0, 1, 3, 4], [0, 1, 2, 3])
        """
        nnz = self.nnz
        cols = np.empty(nnz, dtype=INDEX)
        taps = np.empty(nnz, dtype=INDEX)
        for u in range(self.out_channels):
            dest, c, t = self._channel_links(u)
            cols[dest] = c
            taps[dest] = t
        rows = np.repeat(np.arange(self.shape[0], dtype=INDEX), np.diff(self.indptr))
        return rows, cols, taps

    def to_csr(self, kernel_values: np.ndarray) -> Any:
        """Return the numeric matrix as a ``scipy.sparse.csr_array`` for flat kernel values.

        Writes the CSR arrays directly in row order (no COO, no sort) for zero
        padding; other padding modes sum their folded duplicates afterwards.

        Parameters
        ----------
        kernel_values : numpy.ndarray
            The kernel's entries, flat (row-major), of the dtype the matrix gets.

        Returns
        -------
        scipy.sparse.csr_array
            M, of ``shape``.

        Examples
        --------
        >>> import numpy as np
        >>> from symconv import Conv
        >>> Conv([[[1, 2]]], (1, 3)).pattern.to_csr(np.array([1, 2])).toarray()
        array([[1, 2, 0],
               [0, 1, 2]])
        """
        import scipy.sparse as sparse

        nnz = self.nnz
        index_type = np.int32 if max(self.shape[1], nnz) < 2**31 - 1 else np.int64
        data = np.empty(nnz, dtype=kernel_values.dtype)
        indices = np.empty(nnz, dtype=index_type)
        per_channel_taps = self.group_in * self.spatial.n_taps
        if self.out_layout.channel_blocks:
            # Each output channel's rows are one contiguous block of the CSR arrays (channel u's
            # block starts at u * block), the same columns for every channel of a group: build one
            # template per group, then fill the group's blocks in two vectorized writes.
            block = nnz // self.out_channels
            per_group = self.out_channels // self.groups
            per_channel_values = kernel_values.reshape(self.out_channels, per_channel_taps)
            for group in range(self.groups):
                first = group * per_group
                dest, c, t = self._channel_links(first)
                local = dest - first * block
                template_cols = np.empty(block, dtype=index_type)
                template_taps = np.empty(block, dtype=INDEX)
                template_cols[local] = c
                template_taps[local] = t - first * per_channel_taps
                span = slice(first * block, (first + per_group) * block)
                indices[span].reshape(per_group, block)[...] = template_cols
                # mode="clip" writes straight into ``out`` (the default mode buffers a copy); the
                # template's indices are always in range, so clipping never changes a value.
                np.take(per_channel_values[first : first + per_group], template_taps, axis=1,
                        out=data[span].reshape(per_group, block), mode="clip")
        else:
            for u in range(self.out_channels):
                dest, c, t = self._channel_links(u)
                indices[dest] = c
                data[dest] = kernel_values[t]
        indptr = self.indptr.astype(index_type)
        matrix = sparse.csr_array((data, indices, indptr), shape=self.shape, copy=False)
        if self.spatial.out.size and not self._simple():
            matrix.sum_duplicates()
        return matrix

    def _simple(self) -> bool:
        """True when no (row, column) pair occurs twice and columns ascend in each row."""
        sp = self.spatial
        same_out = sp.out[1:] == sp.out[:-1]
        return bool(np.all(sp.inp[1:][same_out] > sp.inp[:-1][same_out]))

    def window(self, row: int) -> Window:
        """Return the window of output ``row`` (a row of M), computed from the axes alone (no M, no full pattern).

        Parameters
        ----------
        row : int
            The row of M, ``0 <= row < shape[0]``.

        Returns
        -------
        Window
            Every tap of the output's window, zero-padding taps included (last).

        Raises
        ------
        IndexError
            If ``row`` is not a row of M.

        Examples
        --------
        >>> from symconv.layout import Layout
        >>> from symconv.pattern import AxisGeometry, ConvPattern
        >>> axes = (AxisGeometry(3, 3, 2, pad_before=1),)
        >>> pattern = ConvPattern(axes, Layout((1, 3), "CHW"), Layout((1, 3), "CHW"), 1)
        >>> [(t.padded, t.source, t.column, t.kernel_index) for t in pattern.window(0).taps]
        [((0,), (0,), 0, 1), ((-1,), None, None, 0)]
        """
        u, position = self.out_layout.split(row)
        per_axis = []
        for axis, o in zip(self.axes, position):
            window = np.arange(axis.kernel, dtype=INDEX)
            padded = axis.padded(o, window)
            valid, source = axis.source(padded)
            tap = axis.tap_of(window)
            per_axis.append(list(zip(padded.tolist(), valid.tolist(), source.tolist(), tap.tolist())))
        kernel_shape = tuple(axis.kernel for axis in self.axes)
        n_taps = int(np.prod(kernel_shape, dtype=np.int64)) if kernel_shape else 1
        taps = []
        for local, channel in enumerate(self.group_inputs(self.group_of(u)).tolist()):
            for combination in itertools.product(*per_axis):
                at = tuple(c[0] for c in combination)
                inside = all(c[1] for c in combination)
                read = tuple(c[2] for c in combination) if inside else None
                flat_tap = int(np.ravel_multi_index(tuple(c[3] for c in combination), kernel_shape))
                column = self.in_layout.join(channel, read) if read is not None else None
                taps.append(Tap(channel, at, read, column, (u * self.group_in + local) * n_taps + flat_tap))
        taps.sort(key=lambda t: (t.column is None, -1 if t.column is None else t.column))
        return Window(row, u, position, tuple(taps))

    def fold(self) -> int:
        """Return how many kernel entries can add up in one entry of M: 1 with zero padding, else the taps of a window.

        Returns
        -------
        int
            The bound used to choose an exact numeric dtype (:func:`symconv.numeric.numeric_values`).

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[[1, 2, 3]]], (1, 3)).pattern.fold()
        1
        >>> Conv([[[1, 2, 3]]], (1, 3), padding=1, padding_mode="circular").pattern.fold()
        3
        """
        if all(axis.padding_mode == "zeros" for axis in self.axes):
            return 1
        taps = 1
        for axis in self.axes:
            taps *= axis.kernel
        return taps

    def operator(self, kernel_values: np.ndarray) -> Im2col:
        """Return the matrix-free operator (matvec and rmatvec through gathered receptive fields).

        Parameters
        ----------
        kernel_values : numpy.ndarray
            The kernel's entries, flat; used as float64.

        Returns
        -------
        Im2col
            The operator.

        Examples
        --------
        >>> import numpy as np
        >>> from symconv import Conv
        >>> Conv([[[1, 2]]], (1, 3)).pattern.operator(np.array([1.0, 2.0])).matvec([1, 1, 1])
        array([3., 3.])
        """
        return Im2col(self, kernel_values)

    def transposed(self) -> TransposedPattern:
        """Return the pattern of the transposed matrix.

        Returns
        -------
        TransposedPattern
            The pattern of :math:`M^T`.

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[[1, 2]]], (1, 3)).pattern.transposed().shape
        (3, 2)
        """
        return TransposedPattern(self)


class Im2col:
    """Apply a forward convolution pattern and its transpose without building M.

    ``matvec`` gathers the receptive fields of the input (im2col over the
    single-channel spatial pattern) and multiplies them by the kernel, group by group;
    ``rmatvec`` scatters back. The groups and the flattening come from the pattern.

    Parameters
    ----------
    pattern : ConvPattern
        The forward pattern.
    kernel_values : numpy.ndarray
        The kernel's entries, flat (row-major); converted to float64.

    Examples
    --------
    >>> import numpy as np
    >>> from symconv import Conv
    >>> from symconv.pattern import Im2col
    >>> operator = Im2col(Conv([[[1, 2]]], (1, 3)).pattern, np.array([1.0, 2.0]))
    >>> operator.matvec([1, 1, 1]), operator.rmatvec([1, 0])
    (array([3., 3.]), array([1., 2., 0.]))
    """

    def __init__(self, pattern: ConvPattern, kernel_values: np.ndarray):
        self.pattern = pattern
        sp = pattern.spatial
        self.kernel = np.asarray(kernel_values, dtype=np.float64).reshape(pattern.out_channels,
                                                                          pattern.group_in * sp.n_taps)
        # slot of each link in the (tap, output position) grid: one link per (output, tap), so each slot once
        self.slot = sp.tap * sp.n_out + sp.out

    @staticmethod
    def _channels_first(vector: Any, layout: Layout) -> np.ndarray:
        v = np.asarray(vector, dtype=np.float64).reshape(-1)
        return v[layout.permutation()].reshape(layout.channels, layout.positions)

    @staticmethod
    def _flat(array: np.ndarray, layout: Layout) -> np.ndarray:
        flat = np.empty(layout.size)
        flat[layout.permutation()] = array.reshape(-1)
        return flat

    def matvec(self, vector: Any) -> np.ndarray:
        """Return M x' for a flat input.

        Parameters
        ----------
        vector : array_like
            x', ``shape[1]`` numbers in the layer's flattening order.

        Returns
        -------
        numpy.ndarray
            y' = M x' in float64.

        Examples
        --------
        >>> import numpy as np
        >>> from symconv import Conv
        >>> Conv([[[1, 2]]], (1, 3)).pattern.operator(np.array([1.0, 2.0])).matvec([1, 0, 0])
        array([1., 0.])
        """
        p, sp = self.pattern, self.pattern.spatial
        x = self._channels_first(vector, p.in_layout)
        columns = np.zeros((p.in_channels, sp.n_taps * sp.n_out))
        columns[:, self.slot] = x[:, sp.inp]
        y = np.zeros((p.out_channels, sp.n_out))
        for group in range(p.groups):
            outputs = p.group_outputs(group)
            patches = columns[p.group_inputs(group)].reshape(p.group_in * sp.n_taps, sp.n_out)
            y[outputs] = self.kernel[outputs] @ patches
        return self._flat(y, p.out_layout)

    def rmatvec(self, vector: Any) -> np.ndarray:
        """Return M^T y' for a flat output.

        Parameters
        ----------
        vector : array_like
            y', ``shape[0]`` numbers in the layer's flattening order.

        Returns
        -------
        numpy.ndarray
            :math:`M^T y'` in float64.

        Examples
        --------
        >>> import numpy as np
        >>> from symconv import Conv
        >>> Conv([[[1, 2]]], (1, 3)).pattern.operator(np.array([1.0, 2.0])).rmatvec([1, 0])
        array([1., 2., 0.])
        """
        p, sp = self.pattern, self.pattern.spatial
        y = self._channels_first(vector, p.out_layout)
        x = np.zeros((p.in_channels, sp.n_in))
        for group in range(p.groups):
            outputs = p.group_outputs(group)
            columns = (self.kernel[outputs].T @ y[outputs]).reshape(p.group_in, sp.n_taps * sp.n_out)
            channels = p.group_inputs(group)
            targets = (np.arange(p.group_in)[:, None] * sp.n_in + sp.inp).ravel()
            x[channels] = np.bincount(targets, weights=columns[:, self.slot].ravel(),
                                      minlength=p.group_in * sp.n_in).reshape(p.group_in, sp.n_in)
        return self._flat(x, p.in_layout)


class TransposedPattern:
    """The pattern of ``M.T`` for a forward pattern ``M`` (a transposed convolution).

    Parameters
    ----------
    forward : ConvPattern
        The pattern of the forward convolution F; this pattern is that of :math:`F^T`.

    Examples
    --------
    >>> from symconv import ConvTranspose
    >>> pattern = ConvTranspose([[[1, 2]]], (1, 3)).pattern
    >>> type(pattern).__name__, pattern.shape, pattern.forward.shape
    ('TransposedPattern', (4, 3), (3, 4))
    """

    def __init__(self, forward: ConvPattern):
        self.forward = forward
        self.shape = (forward.shape[1], forward.shape[0])

    @property
    def nnz(self) -> int:
        """The number of links, that of the forward pattern.

        Examples
        --------
        >>> from symconv import ConvTranspose
        >>> ConvTranspose([[[1, 2]]], (1, 3)).pattern.nnz
        6
        """
        return self.forward.nnz

    def entries(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return ``(rows, cols, taps)`` sorted by row, then by column.

        Returns
        -------
        tuple of numpy.ndarray
            The forward entries with rows and columns swapped, re-sorted.

        Examples
        --------
        >>> from symconv import Conv
        >>> rows, cols, taps = Conv([[[1, 2]]], (1, 3)).pattern.transposed().entries()
        >>> rows.tolist(), cols.tolist(), taps.tolist()
        ([0, 1, 1, 2], [0, 0, 1, 1], [0, 1, 0, 1])
        """
        f_rows, f_cols, f_taps = self.forward.entries()
        order = np.lexsort((f_rows, f_cols))
        return f_cols[order], f_rows[order], f_taps[order]

    @cached_property
    def indptr(self) -> np.ndarray:
        """CSR row pointers of the transposed matrix (computed once).

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[[1, 2]]], (1, 3)).pattern.transposed().indptr.tolist()
        [0, 1, 3, 4]
        """
        rows = self.forward.entries()[1]  # the rows of F^T are the columns of F: counted, no sort needed
        indptr = np.zeros(self.shape[0] + 1, dtype=INDEX)
        np.cumsum(np.bincount(rows, minlength=self.shape[0]), out=indptr[1:])
        return indptr

    def to_csr(self, kernel_values: np.ndarray) -> Any:
        """Return the numeric matrix (the forward one, transposed) as a ``scipy.sparse.csr_array``.

        Parameters
        ----------
        kernel_values : numpy.ndarray
            The kernel's entries, flat.

        Returns
        -------
        scipy.sparse.csr_array
            :math:`F^T`.

        Examples
        --------
        >>> import numpy as np
        >>> from symconv import Conv
        >>> Conv([[[1, 2]]], (1, 3)).pattern.transposed().to_csr(np.array([1, 2])).toarray()
        array([[1, 0],
               [2, 1],
               [0, 2]])
        """
        return self.forward.to_csr(kernel_values).T.tocsr()

    def fold(self) -> int:
        """Return the forward pattern's fold (1: a transposed convolution has no padding mode).

        Returns
        -------
        int
            How many kernel entries can add up in one entry of M.

        Examples
        --------
        >>> from symconv import ConvTranspose
        >>> ConvTranspose([[[1, 2]]], (1, 3)).pattern.fold()
        1
        """
        return self.forward.fold()

    def window(self, row: int) -> Window:
        """Return the terms of row ``row`` of M = F^T: every (output, tap) of the forward pattern F that reads ``row``.

        A transposed layer has no padding of its own inputs, so every tap has a ``source``
        (a position of this layer's input) and ``padded`` is None.

        Parameters
        ----------
        row : int
            The row of M (an output of the transposed layer).

        Returns
        -------
        Window
            Its taps, sorted by column of x'.

        Raises
        ------
        IndexError
            If ``row`` is not a row of M.

        Examples
        --------
        >>> from symconv import ConvTranspose
        >>> [(t.source, t.kernel_index) for t in ConvTranspose([[[1, 2]]], (1, 3)).pattern.window(1).taps]
        [((0,), 1), ((1,), 0)]
        """
        forward = self.forward
        channel, position = forward.in_layout.split(row)
        group = channel // forward.group_in
        local = channel - group * forward.group_in
        per_axis = []
        for axis, r in zip(forward.axes, position):
            found = []
            for t in range(axis.kernel):
                numerator = r + axis.pad_before - t * axis.dilation
                if numerator % axis.stride == 0 and 0 <= numerator // axis.stride < axis.n_out:
                    found.append((numerator // axis.stride, t))
            per_axis.append(found)
        kernel_shape = tuple(axis.kernel for axis in forward.axes)
        n_taps = int(np.prod(kernel_shape, dtype=np.int64)) if kernel_shape else 1
        taps = []
        for u in forward.group_outputs(group).tolist():
            for combination in itertools.product(*per_axis):
                source = tuple(c[0] for c in combination)
                flat_tap = int(np.ravel_multi_index(tuple(c[1] for c in combination), kernel_shape))
                taps.append(Tap(u, None, source, forward.out_layout.join(u, source),
                                (u * forward.group_in + local) * n_taps + flat_tap))
        taps.sort(key=lambda t: t.column)  # type: ignore[arg-type, return-value]
        return Window(row, channel, position, tuple(taps))

    def operator(self, kernel_values: np.ndarray) -> Any:
        """Return the forward operator with matvec and rmatvec swapped.

        Parameters
        ----------
        kernel_values : numpy.ndarray
            The kernel's entries, flat.

        Returns
        -------
        object
            An object with ``matvec`` (:math:`F^T v`) and ``rmatvec`` (:math:`F v`).

        Examples
        --------
        >>> import numpy as np
        >>> from symconv import ConvTranspose
        >>> ConvTranspose([[[1, 2]]], (1, 3)).pattern.operator(np.array([1.0, 2.0])).matvec([1, 0, 0])
        array([1., 2., 0., 0.])
        """
        forward = self.forward.operator(kernel_values)
        return _Swapped(forward.rmatvec, forward.matvec)


@dataclass(frozen=True)
class _Swapped:
    matvec: Callable[[Any], np.ndarray]
    rmatvec: Callable[[Any], np.ndarray]


class ExplicitPattern:
    """A pattern given by its entries (used for products of layers): entry ``e`` holds value ``e``.

    Parameters
    ----------
    rows : numpy.ndarray
        The row of every entry.
    cols : numpy.ndarray
        The column of every entry.
    shape : tuple of int
        ``(rows, columns)`` of the matrix.

    Examples
    --------
    >>> import numpy as np
    >>> from symconv.pattern import ExplicitPattern
    >>> pattern = ExplicitPattern(np.array([1, 0]), np.array([0, 1]), (2, 2))
    >>> pattern.indptr.tolist(), pattern.to_csr(np.array([5, 7])).toarray().tolist()
    ([0, 1, 2], [[0, 7], [5, 0]])
    """

    def __init__(self, rows: np.ndarray, cols: np.ndarray, shape: tuple[int, int]):
        order = np.lexsort((cols, rows))
        self.rows = rows[order]
        self.cols = cols[order]
        self.taps = np.arange(rows.size, dtype=INDEX)[order]
        self.shape = shape
        self.nnz = int(rows.size)
        self.indptr = np.zeros(shape[0] + 1, dtype=INDEX)
        np.cumsum(np.bincount(self.rows, minlength=shape[0]), out=self.indptr[1:])

    def entries(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return ``(rows, cols, taps)`` sorted by row then column (``taps[e]`` is the index of the entry's value).

        Returns
        -------
        tuple of numpy.ndarray
            Three int64 arrays.

        Examples
        --------
        >>> import numpy as np
        >>> from symconv.pattern import ExplicitPattern
        >>> [a.tolist() for a in ExplicitPattern(np.array([1, 0]), np.array([0, 1]), (2, 2)).entries()]
        [[0, 1], [1, 0], [1, 0]]
        """
        return self.rows, self.cols, self.taps

    def to_csr(self, values: np.ndarray) -> Any:
        """Return the numeric matrix of the given values as a ``scipy.sparse.csr_array``.

        Parameters
        ----------
        values : numpy.ndarray
            One value per entry, in the order the entries were given.

        Returns
        -------
        scipy.sparse.csr_array
            The matrix.

        Examples
        --------
        >>> import numpy as np
        >>> from symconv.pattern import ExplicitPattern
        >>> ExplicitPattern(np.array([1, 0]), np.array([0, 1]), (2, 2)).to_csr(np.array([5, 7])).toarray()
        array([[0, 7],
               [5, 0]])
        """
        import scipy.sparse as sparse

        return sparse.csr_array((values[self.taps], (self.rows, self.cols)), shape=self.shape)

    def fold(self) -> int:
        """Return 1: each entry holds one value.

        Returns
        -------
        int
            1.

        Examples
        --------
        >>> import numpy as np
        >>> from symconv.pattern import ExplicitPattern
        >>> ExplicitPattern(np.array([0]), np.array([0]), (1, 1)).fold()
        1
        """
        return 1

    def operator(self, values: np.ndarray) -> Any:
        """Return matvec and rmatvec through the CSR matrix of the given values.

        Parameters
        ----------
        values : numpy.ndarray
            One value per entry; used as float64.

        Returns
        -------
        object
            An object with ``matvec`` (:math:`M v`) and ``rmatvec`` (:math:`M^T v`).

        Examples
        --------
        >>> import numpy as np
        >>> from symconv.pattern import ExplicitPattern
        >>> ExplicitPattern(np.array([1, 0]), np.array([0, 1]), (2, 2)).operator(np.array([5, 7])).matvec([1, 1])
        array([7., 5.])
        """
        matrix = self.to_csr(np.asarray(values, dtype=np.float64))
        return _Swapped(lambda v: matrix @ np.asarray(v, dtype=np.float64),
                        lambda v: matrix.T @ np.asarray(v, dtype=np.float64))


def conv_pattern(input_shape: tuple[int, ...], output_shape: tuple[int, ...], kernel_size: tuple[int, ...], *,
                 stride: tuple[int, ...], dilation: tuple[int, ...], padding: tuple[tuple[int, int], ...],
                 padding_mode: str, flip: bool, groups: int, order: str) -> ConvPattern:
    """Return the pattern of a forward convolution from its normalised options (padding as (before, after) pairs).

    Parameters
    ----------
    input_shape : tuple of int
        (C, n1, ...).
    output_shape : tuple of int
        (D, m1, ...).
    kernel_size : tuple of int
        The kernel's spatial sizes.
    stride : tuple of int
        One per axis.
    dilation : tuple of int
        One per axis.
    padding : tuple of tuple of int
        One ``(before, after)`` pair per axis.
    padding_mode : str
        ``"zeros"``, ``"circular"``, ``"reflect"`` or ``"replicate"``.
    flip : bool
        True for a true convolution.
    groups : int
        The number of channel groups.
    order : str
        ``"CHW"`` or ``"HWC"``.

    Returns
    -------
    ConvPattern
        The pattern (no array is built until one is asked for).

    Examples
    --------
    >>> from symconv.pattern import conv_pattern
    >>> pattern = conv_pattern((1, 3), (1, 2), (2,), stride=(1,), dilation=(1,), padding=((0, 0),),
    ...                        padding_mode="zeros", flip=False, groups=1, order="CHW")
    >>> pattern.shape, pattern.nnz
    ((2, 3), 4)
    """
    axes = tuple(
        AxisGeometry(n, m, k, s, d, before, padding_mode, flip)
        for n, m, k, s, d, (before, _) in zip(input_shape[1:], output_shape[1:], kernel_size, stride, dilation,
                                              padding)
    )
    return ConvPattern(axes, Layout(input_shape, order), Layout(output_shape, order), groups)


def conv_transpose_pattern(input_shape: tuple[int, ...], output_shape: tuple[int, ...],
                           kernel_size: tuple[int, ...], *, stride: tuple[int, ...], dilation: tuple[int, ...],
                           padding: tuple[int, ...], groups: int, order: str) -> TransposedPattern:
    """Return the pattern of a transposed convolution: the forward pattern from its output to its input, transposed.

    The forward convolution reads the transposed layer's output (``output_shape``) and
    has one output per position of the transposed layer's input; when
    ``output_padding >= stride`` it would have more, and the extra ones are cut.

    Parameters
    ----------
    input_shape : tuple of int
        The transposed layer's input shape (C_in, n1, ...).
    output_shape : tuple of int
        Its output shape (C_out, m1, ...).
    kernel_size : tuple of int
        The kernel's spatial sizes.
    stride : tuple of int
        One per axis.
    dilation : tuple of int
        One per axis.
    padding : tuple of int
        One per axis (the same on both sides).
    groups : int
        The number of channel groups.
    order : str
        ``"CHW"`` or ``"HWC"``.

    Returns
    -------
    TransposedPattern
        The pattern.

    Examples
    --------
    >>> from symconv.pattern import conv_transpose_pattern
    >>> pattern = conv_transpose_pattern((1, 3), (1, 4), (2,), stride=(1,), dilation=(1,), padding=(0,), groups=1,
    ...                                  order="CHW")
    >>> pattern.shape, pattern.nnz
    ((4, 3), 6)
    """
    axes = tuple(
        AxisGeometry(m, n, k, s, d, p)
        for n, m, k, s, d, p in zip(input_shape[1:], output_shape[1:], kernel_size, stride, dilation, padding)
    )
    forward = ConvPattern(axes, Layout(output_shape, order), Layout(input_shape, order), groups)
    return forward.transposed()
