r"""The index pattern of a convolution: which kernel entry joins which input to which output.

This module is the single source of truth for the geometry of a layer. Everything
else (the SymPy matrix, the expansion of ``M x'``, the sparse numeric matrix, the
printers) reads the integer arrays computed here; nothing recomputes indices.

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
repeat it block by block.

All arrays are built with vectorised numpy: the cost is proportional to the number
of nonzeros, with no Python loop over entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

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

    def taps(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return ``(out, tap, inp)``: every (output, kernel entry, input) link, sorted by output then window.

        Examples
        --------
        >>> out, tap, inp = AxisGeometry(n_in=3, n_out=2, kernel=2).taps()
        >>> out.tolist(), tap.tolist(), inp.tolist()
        ([0, 0, 1, 1], [0, 1, 0, 1], [0, 1, 1, 2])
        """
        window = np.arange(self.kernel, dtype=INDEX)
        out = np.arange(self.n_out, dtype=INDEX)[:, None]
        position = out * self.stride + window[None, :] * self.dilation - self.pad_before
        n = self.n_in
        inside = (position >= 0) & (position < n)
        if self.padding_mode == "zeros":
            valid = inside
            source = position
        else:
            valid = np.ones_like(inside)
            if self.padding_mode == "circular":
                source = np.mod(position, n)
            elif self.padding_mode == "reflect":
                source = np.abs(position)
                source = np.where(source > n - 1, 2 * (n - 1) - source, source)
            elif self.padding_mode == "replicate":
                source = np.clip(position, 0, n - 1)
            else:  # pragma: no cover - the layer validates padding_mode
                raise AssertionError(self.padding_mode)
        tap = (self.kernel - 1 - window) if self.flip else window
        out_full = np.broadcast_to(out, position.shape)
        tap_full = np.broadcast_to(tap[None, :], position.shape)
        return out_full[valid], tap_full[valid], source[valid]


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


class ConvPattern:
    r"""The nonzero pattern of the matrix of a forward convolution.

    Parameters
    ----------
    spatial
        The single-channel spatial pattern.
    out_channels, in_channels, groups
        Channel counts; output channel ``u`` reads input channels of group
        ``u // (out_channels // groups)``.
    order
        ``"CHW"`` (channels first, the seed's flattening) or ``"HWC"`` (channels last).

    Notes
    -----
    Entry ``e`` of the pattern says that ``M[rows[e], cols[e]]`` contains the kernel
    entry with flat index ``taps[e]`` (row-major over the kernel's shape
    ``(D, C/groups, k1, ...)``). Entries are sorted by row, and within a row in the
    order of the receptive field in ``x'`` (channel then window for CHW, window then
    channel for HWC). With a padding mode other than ``zeros`` one (row, column) pair
    can occur several times; the matrix entry is then the sum of those kernel entries.
    """

    def __init__(self, spatial: SpatialPattern, out_channels: int, in_channels: int, groups: int, order: str):
        self.spatial = spatial
        self.out_channels = out_channels
        self.in_channels = in_channels
        self.groups = groups
        self.order = order
        self.group_in = in_channels // groups
        self.group_out = out_channels // groups
        self.shape = (out_channels * spatial.n_out, in_channels * spatial.n_in)

    @property
    def nnz(self) -> int:
        """The number of links (entries with multiplicity)."""
        return self.out_channels * self.group_in * int(self.spatial.out.size)

    @cached_property
    def indptr(self) -> np.ndarray:
        """CSR row pointers: the links of row ``r`` are ``indptr[r]:indptr[r+1]``."""
        per_position = self.group_in * self.spatial.counts
        if self.order == "CHW":
            per_row = np.tile(per_position, self.out_channels)
        else:
            per_row = np.repeat(per_position, self.out_channels)
        indptr = np.zeros(self.shape[0] + 1, dtype=INDEX)
        np.cumsum(per_row, out=indptr[1:])
        return indptr

    def _channel_links(self, u: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Destinations, columns and kernel indices of output channel ``u``'s links."""
        sp = self.spatial
        cg = self.group_in
        channel = np.arange(cg, dtype=INDEX)[:, None]
        group = u // self.group_out
        in_channel = group * cg + channel
        if self.order == "CHW":
            rows = u * sp.n_out + sp.out
            within = channel * sp.counts[sp.out] + sp.rank
            cols = in_channel * sp.n_in + sp.inp
        else:
            rows = sp.out * self.out_channels + u
            within = sp.rank * cg + channel
            cols = sp.inp * self.in_channels + in_channel
        dest = self.indptr[rows][None, :] + within
        taps = (u * cg + channel) * sp.n_taps + sp.tap
        return dest.ravel(), np.broadcast_to(cols, dest.shape).ravel(), np.broadcast_to(taps, dest.shape).ravel()

    def entries(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Return ``(rows, cols, taps)`` of every link, sorted by row then receptive field.

        Examples
        --------
        >>> from symconv.pattern import AxisGeometry, SpatialPattern, ConvPattern
        >>> axes = (AxisGeometry(3, 2, 2), AxisGeometry(3, 2, 2))
        >>> rows, cols, taps = ConvPattern(SpatialPattern.from_axes(axes), 2, 1, 1, "CHW").entries()
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

    def to_csr(self, kernel_values: np.ndarray):  # type: ignore[no-untyped-def]
        """Return the numeric matrix as ``scipy.sparse.csr_matrix`` for flat kernel values.

        Writes the CSR arrays directly in row order (no COO, no sort) for zero
        padding; other padding modes sum their folded duplicates afterwards.
        """
        import scipy.sparse as sp

        nnz = self.nnz
        index_type = np.int32 if max(self.shape[1], nnz) < 2**31 - 1 else np.int64
        data = np.empty(nnz, dtype=kernel_values.dtype)
        indices = np.empty(nnz, dtype=index_type)
        if self.order == "CHW":
            block = nnz // self.out_channels
            templates: dict[int, tuple[np.ndarray, np.ndarray]] = {}
            for u in range(self.out_channels):
                group = u // self.group_out
                if group not in templates:
                    dest, c, t = self._channel_links(u)
                    local = dest - u * block
                    sorted_cols = np.empty(block, dtype=index_type)
                    sorted_taps = np.empty(block, dtype=INDEX)
                    sorted_cols[local] = c
                    sorted_taps[local] = t - u * self.group_in * self.spatial.n_taps
                    templates[group] = (sorted_cols, sorted_taps)
                sorted_cols, sorted_taps = templates[group]
                start = u * block
                indices[start : start + block] = sorted_cols
                offset = u * self.group_in * self.spatial.n_taps
                # mode="clip" writes straight into ``out`` (the default mode buffers a copy); the
                # template's indices are always in range, so clipping never changes a value.
                np.take(kernel_values[offset : offset + self.group_in * self.spatial.n_taps], sorted_taps,
                        out=data[start : start + block], mode="clip")
        else:
            for u in range(self.out_channels):
                dest, c, t = self._channel_links(u)
                indices[dest] = c
                data[dest] = kernel_values[t]
        indptr = self.indptr.astype(index_type)
        matrix = sp.csr_matrix((data, indices, indptr), shape=self.shape, copy=False)
        if self.spatial.out.size and not self._simple():
            matrix.sum_duplicates()
        return matrix

    def _simple(self) -> bool:
        """True when no (row, column) pair occurs twice and columns ascend in each row."""
        sp = self.spatial
        same_out = sp.out[1:] == sp.out[:-1]
        return bool(np.all(sp.inp[1:][same_out] > sp.inp[:-1][same_out]))

    def transposed(self) -> TransposedPattern:
        """The pattern of the transposed matrix."""
        return TransposedPattern(self)


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

    def to_csr(self, kernel_values: np.ndarray):  # type: ignore[no-untyped-def]
        return self.forward.to_csr(kernel_values).T.tocsr()


class ExplicitPattern:
    """A pattern given by its entries (used for products of layers)."""

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

    def to_csr(self, values: np.ndarray):  # type: ignore[no-untyped-def]
        import scipy.sparse as sp

        return sp.csr_matrix((values[self.taps], (self.rows, self.cols)), shape=self.shape)
