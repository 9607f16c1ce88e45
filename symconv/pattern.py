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
    """The geometry of one spatial axis of a (forward) convolution."""

    n_in: int
    n_out: int
    kernel: int
    stride: int = 1
    dilation: int = 1
    pad_before: int = 0
    padding_mode: str = "zeros"
    flip: bool = False

    def padded(self, out: Any, window: Any) -> Any:
        """The padded position that output ``out`` reads through window position ``window``: o s + t d - p0."""
        return out * self.stride + window * self.dilation - self.pad_before

    def positions(self) -> np.ndarray:
        """The padded position read by every (output, window) pair: an ``(n_out, kernel)`` array."""
        window = np.arange(self.kernel, dtype=INDEX)
        out = np.arange(self.n_out, dtype=INDEX)[:, None]
        return self.padded(out, window[None, :])

    def tap_of(self, window: Any) -> Any:
        """The kernel entry used at window position ``window``: itself, or k-1-t for a true convolution (flip)."""
        return (self.kernel - 1 - window) if self.flip else window

    def source(self, position: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Return ``(valid, source)``: whether a padded position reads an input, and which one.

        Examples
        --------
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

        Examples
        --------
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
        """The number of links on this axis, counted without listing them (O(kernel) work)."""
        if self.padding_mode != "zeros":
            return self.n_out * self.kernel
        # through window t, output o reads o*s + t*d - p0: count the outputs o for which that lies in [0, n)
        total = 0
        for t in range(self.kernel):
            offset = t * self.dilation - self.pad_before
            lowest = max(0, _ceil_div(-offset, self.stride))
            highest = min(self.n_out - 1, (self.n_in - 1 - offset) // self.stride)
            total += max(0, highest - lowest + 1)
        return total


def _ceil_div(a: int, b: int) -> int:
    return -((-a) // b)


@dataclass(frozen=True)
class SpatialPattern:
    """The links of one input channel to one output channel, over all spatial axes.

    ``out``, ``tap`` and ``inp`` are flat (row-major) spatial indices, sorted by output
    position and then by window position (the receptive field in raster order).
    """

    out: np.ndarray
    tap: np.ndarray
    inp: np.ndarray
    n_out: int
    n_in: int
    n_taps: int

    @classmethod
    def from_axes(cls, axes: tuple[AxisGeometry, ...]) -> SpatialPattern:
        """Combine per-axis patterns into the spatial pattern (their product)."""
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
        """The number of links of each output position."""
        return np.bincount(self.out, minlength=self.n_out).astype(INDEX)

    @cached_property
    def starts(self) -> np.ndarray:
        """Where each output position's links start in ``out``/``tap``/``inp``."""
        return np.concatenate(([0], np.cumsum(self.counts)[:-1])).astype(INDEX)

    @cached_property
    def rank(self) -> np.ndarray:
        """The position of each link within its output position's receptive field."""
        return np.arange(self.out.size, dtype=INDEX) - self.starts[self.out]


@dataclass(frozen=True)
class Tap:
    """One kernel tap of an output's window: where it reads and which kernel entry it uses.

    ``padded`` is the position in the padded input (it may lie outside the input, in the
    padding); ``source`` is the input position actually read (the padding mode maps an
    outside position back inside), or None when the tap falls on zero padding and
    contributes nothing. ``column`` is the index in x' (None with ``source``) and
    ``kernel_index`` the flat (row-major) index of the kernel entry.
    """

    channel: int
    padded: tuple[int, ...] | None
    source: tuple[int, ...] | None
    column: int | None
    kernel_index: int


@dataclass(frozen=True)
class Window:
    """Everything one output (one row of M) reads: its taps, in the order of x' (zero-padding taps last)."""

    row: int
    channel: int
    position: tuple[int, ...]
    taps: tuple[Tap, ...]

    def columns(self) -> list[int]:
        """The columns of x' the row reads, once per tap (a column twice when the padding mode folds)."""
        return [tap.column for tap in self.taps if tap.column is not None]


class ConvPattern:
    r"""The nonzero pattern of the matrix of a forward convolution.

    Parameters
    ----------
    axes
        The per-axis geometry; the spatial pattern (their product) is built on first use.
    in_layout, out_layout
        How x and y are flattened (:class:`~symconv.layout.Layout`): their channel
        counts are C and D.
    groups
        Number of channel groups; output channel ``u`` reads the input channels of
        group ``u // (D // groups)`` (:meth:`group_of`, :meth:`group_inputs`).

    Notes
    -----
    Entry ``e`` of the pattern says that ``M[rows[e], cols[e]]`` contains the kernel
    entry with flat index ``taps[e]`` (row-major over the kernel's shape
    ``(D, C/groups, k1, ...)``). Entries are sorted by row, and within a row in the
    order of the receptive field in ``x'`` (the layout's order of channel and window).
    With a padding mode other than ``zeros`` one (row, column) pair can occur several
    times; the matrix entry is then the sum of those kernel entries.
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
        """The group of output channel(s) ``u``."""
        return u // self.group_out

    def group_inputs(self, group: Any) -> Any:
        """The input channels read by a group, as an array (broadcast over ``group`` when it is an array)."""
        return np.asarray(group)[..., None] * self.group_in + np.arange(self.group_in, dtype=INDEX)

    def group_outputs(self, group: int) -> np.ndarray:
        """The output channels of a group."""
        channels = np.arange(self.out_channels, dtype=INDEX)
        return channels[self.group_of(channels) == group]

    @cached_property
    def spatial(self) -> SpatialPattern:
        """The single-channel spatial pattern (the product of the axes' links)."""
        return SpatialPattern.from_axes(self.axes)

    @property
    def nnz(self) -> int:
        """The number of links (entries with multiplicity), counted from the shapes alone."""
        links = 1
        for axis in self.axes:
            links *= axis.link_count()
        return self.out_channels * self.group_in * links

    @cached_property
    def indptr(self) -> np.ndarray:
        """CSR row pointers: the links of row ``r`` are ``indptr[r]:indptr[r+1]``."""
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

        Examples
        --------
        >>> from symconv.layout import Layout
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
        """
        import scipy.sparse as sparse

        nnz = self.nnz
        index_type = np.int32 if max(self.shape[1], nnz) < 2**31 - 1 else np.int64
        data = np.empty(nnz, dtype=kernel_values.dtype)
        indices = np.empty(nnz, dtype=index_type)
        per_channel_taps = self.group_in * self.spatial.n_taps
        if self.out_layout.channel_blocks:
            # Each output channel's rows are one contiguous block of the CSR arrays, the same
            # columns for every channel of a group: build one template per group, then copy.
            block = nnz // self.out_channels
            templates: dict[int, tuple[np.ndarray, np.ndarray]] = {}
            for u in range(self.out_channels):
                group = int(self.group_of(u))
                start = int(self.indptr[self.out_layout.index(u, 0)])
                if group not in templates:
                    dest, c, t = self._channel_links(u)
                    local = dest - start
                    sorted_cols = np.empty(block, dtype=index_type)
                    sorted_taps = np.empty(block, dtype=INDEX)
                    sorted_cols[local] = c
                    sorted_taps[local] = t - u * per_channel_taps
                    templates[group] = (sorted_cols, sorted_taps)
                sorted_cols, sorted_taps = templates[group]
                indices[start : start + block] = sorted_cols
                offset = u * per_channel_taps
                # mode="clip" writes straight into ``out`` (the default mode buffers a copy); the
                # template's indices are always in range, so clipping never changes a value.
                np.take(kernel_values[offset : offset + per_channel_taps], sorted_taps,
                        out=data[start : start + block], mode="clip")
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
        """The window of output ``row`` (a row of M), computed from the axes alone (no M, no full pattern).

        Examples
        --------
        >>> from symconv.layout import Layout
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
        """How many kernel entries can add up in one entry of M: 1 with zero padding, else the taps of a window."""
        if all(axis.padding_mode == "zeros" for axis in self.axes):
            return 1
        taps = 1
        for axis in self.axes:
            taps *= axis.kernel
        return taps

    def operator(self, kernel_values: np.ndarray) -> Im2col:
        """The matrix-free operator (matvec and rmatvec through gathered receptive fields)."""
        return Im2col(self, kernel_values)

    def transposed(self) -> TransposedPattern:
        """The pattern of the transposed matrix."""
        return TransposedPattern(self)


class Im2col:
    """Apply a forward convolution pattern and its transpose without building M.

    ``matvec`` gathers the receptive fields of the input (im2col over the
    single-channel spatial pattern) and multiplies them by the kernel, group by group;
    ``rmatvec`` scatters back. The groups and the flattening come from the pattern.
    """

    def __init__(self, pattern: ConvPattern, kernel_values: np.ndarray):
        self.pattern = pattern
        sp = pattern.spatial
        self.kernel = np.asarray(kernel_values, dtype=np.float64).reshape(pattern.out_channels,
                                                                          pattern.group_in * sp.n_taps)
        # slot of each link in the (tap, output position) grid; duplicates sum via bincount
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
        p, sp = self.pattern, self.pattern.spatial
        x = self._channels_first(vector, p.in_layout)
        gathered = x[:, sp.inp]  # (C, links)
        columns = np.zeros((p.in_channels, sp.n_taps * sp.n_out))
        for channel in range(p.in_channels):
            columns[channel] = np.bincount(self.slot, weights=gathered[channel], minlength=sp.n_taps * sp.n_out)
        y = np.zeros((p.out_channels, sp.n_out))
        for group in range(p.groups):
            outputs = p.group_outputs(group)
            patches = columns[p.group_inputs(group)].reshape(p.group_in * sp.n_taps, sp.n_out)
            y[outputs] = self.kernel[outputs] @ patches
        return self._flat(y, p.out_layout)

    def rmatvec(self, vector: Any) -> np.ndarray:
        p, sp = self.pattern, self.pattern.spatial
        y = self._channels_first(vector, p.out_layout)
        x = np.zeros((p.in_channels, sp.n_in))
        for group in range(p.groups):
            outputs = p.group_outputs(group)
            columns = (self.kernel[outputs].T @ y[outputs]).reshape(p.group_in, sp.n_taps * sp.n_out)
            for channel, values in zip(p.group_inputs(group).tolist(), columns):
                x[channel] += np.bincount(sp.inp, weights=values[self.slot], minlength=sp.n_in)
        return self._flat(x, p.in_layout)


class TransposedPattern:
    """The pattern of ``M.T`` for a forward pattern ``M`` (a transposed convolution)."""

    def __init__(self, forward: ConvPattern):
        self.forward = forward
        self.shape = (forward.shape[1], forward.shape[0])

    @property
    def nnz(self) -> int:
        return self.forward.nnz

    def entries(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return ``(rows, cols, taps)`` sorted by row, then by column."""
        f_rows, f_cols, f_taps = self.forward.entries()
        order = np.lexsort((f_rows, f_cols))
        return f_cols[order], f_rows[order], f_taps[order]

    @cached_property
    def indptr(self) -> np.ndarray:
        rows = self.entries()[0]
        indptr = np.zeros(self.shape[0] + 1, dtype=INDEX)
        np.cumsum(np.bincount(rows, minlength=self.shape[0]), out=indptr[1:])
        return indptr

    def to_csr(self, kernel_values: np.ndarray) -> Any:
        return self.forward.to_csr(kernel_values).T.tocsr()

    def fold(self) -> int:
        return self.forward.fold()

    def window(self, row: int) -> Window:
        """The terms of row ``row`` of M = F^T: every (forward output, tap) of the forward pattern F reading ``row``.

        A transposed layer has no padding of its own inputs, so every tap has a ``source``
        (a position of this layer's input) and ``padded`` is None.
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
        """The forward operator with matvec and rmatvec swapped."""
        forward = self.forward.operator(kernel_values)
        return _Swapped(forward.rmatvec, forward.matvec)


@dataclass(frozen=True)
class _Swapped:
    matvec: Callable[[Any], np.ndarray]
    rmatvec: Callable[[Any], np.ndarray]


class ExplicitPattern:
    """A pattern given by its entries (used for products of layers): entry ``e`` holds value ``e``."""

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
        return self.rows, self.cols, self.taps

    def to_csr(self, values: np.ndarray) -> Any:
        import scipy.sparse as sparse

        return sparse.csr_array((values[self.taps], (self.rows, self.cols)), shape=self.shape)

    def fold(self) -> int:
        return 1

    def operator(self, values: np.ndarray) -> Any:
        """matvec and rmatvec through the CSR matrix of the given values."""
        matrix = self.to_csr(np.asarray(values, dtype=np.float64))
        return _Swapped(lambda v: matrix @ np.asarray(v, dtype=np.float64),
                        lambda v: matrix.T @ np.asarray(v, dtype=np.float64))


def conv_pattern(input_shape: tuple[int, ...], output_shape: tuple[int, ...], kernel_size: tuple[int, ...], *,
                 stride: tuple[int, ...], dilation: tuple[int, ...], padding: tuple[tuple[int, int], ...],
                 padding_mode: str, flip: bool, groups: int, order: str) -> ConvPattern:
    """The pattern of a forward convolution from its normalised options (padding as (before, after) pairs)."""
    axes = tuple(
        AxisGeometry(n, m, k, s, d, before, padding_mode, flip)
        for n, m, k, s, d, (before, _) in zip(input_shape[1:], output_shape[1:], kernel_size, stride, dilation,
                                              padding)
    )
    return ConvPattern(axes, Layout(input_shape, order), Layout(output_shape, order), groups)


def conv_transpose_pattern(input_shape: tuple[int, ...], output_shape: tuple[int, ...],
                           kernel_size: tuple[int, ...], *, stride: tuple[int, ...], dilation: tuple[int, ...],
                           padding: tuple[int, ...], groups: int, order: str) -> TransposedPattern:
    """The pattern of a transposed convolution: the forward pattern from its output to its input, transposed.

    The forward convolution reads the transposed layer's output (``output_shape``) and
    has one output per position of the transposed layer's input; when
    ``output_padding >= stride`` it would have more, and the extra ones are cut.
    """
    axes = tuple(
        AxisGeometry(m, n, k, s, d, p)
        for n, m, k, s, d, p in zip(input_shape[1:], output_shape[1:], kernel_size, stride, dilation, padding)
    )
    forward = ConvPattern(axes, Layout(output_shape, order), Layout(input_shape, order), groups)
    return forward.transposed()
