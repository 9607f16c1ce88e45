r"""Layer descriptions: :class:`Conv`, :class:`ConvTranspose` and their products.

A layer is validated once, when it is created, and is immutable afterwards. It knows
its shapes and its index pattern (:mod:`symconv.pattern`); the matrix, the expansion,
the numeric operators and the derivation are computed from that pattern on demand.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from . import arithmetic
from .entries import Shape, as_shape, exact_array
from .errors import LayerError, ShapeError
from .pattern import AxisGeometry, ConvPattern, ExplicitPattern, SpatialPattern, TransposedPattern

if TYPE_CHECKING:  # pragma: no cover
    import scipy.sparse
    from scipy.sparse.linalg import LinearOperator

    from .derivation import Derivation

_DIMENSION_WORDS = {1: "1-D", 2: "2-D", 3: "3-D"}


class Layer:
    """What every linear layer offers: its matrix, its output, numeric operators, a derivation.

    Subclasses set ``input_shape``, ``output_shape``, ``order`` and provide
    ``pattern`` (the index pattern) and ``values`` (the SymPy value of each tap).
    """

    input_shape: Shape
    output_shape: Shape
    order: str
    bias: tuple[sympy.Expr, ...] | None = None

    pattern: Any
    values: list[sympy.Expr]

    # -- sizes -------------------------------------------------------------------------
    @property
    def matrix_shape(self) -> tuple[int, int]:
        """``(rows, columns)`` of M: the flat output size by the flat input size."""
        return (int(np.prod(self.output_shape)), int(np.prod(self.input_shape)))

    @property
    def bias_vector(self) -> list[sympy.Expr] | None:
        """The bias of every row of y' (None without bias)."""
        if self.bias is None:
            return None
        positions = int(np.prod(self.output_shape[1:]))
        if self.order == "CHW":
            return [b for b in self.bias for _ in range(positions)]
        return [b for _ in range(positions) for b in self.bias]

    # -- SymPy ---------------------------------------------------------------------------
    def matrix(self, *, sparse: bool | None = None) -> sympy.MatrixBase:
        """Return M, exactly, with y' = M x' (+ b). See :func:`symconv.matrices.conv_matrix`."""
        from .matrices import conv_matrix

        return conv_matrix(self, sparse=sparse)

    def affine_matrix(self) -> sympy.MatrixBase:
        """Return the homogeneous form ``[[M, b], [0, 1]]`` so that ``[y'; 1] = A [x'; 1]``."""
        from .matrices import affine_matrix

        return affine_matrix(self)

    def apply(self, x: Any) -> sympy.Array:
        """Return the output y (a SymPy Array of ``output_shape``) for an input x."""
        from .expansion import expand

        return expand(self, x).output()

    def __call__(self, x: Any) -> sympy.Array:
        return self.apply(x)

    def derive(self, x: Any = None) -> Derivation:
        """Return the derivation x -> x' -> M -> M x' -> y (a symbolic input when x is None)."""
        from .derivation import derive

        return derive(self, x)

    # -- numeric -------------------------------------------------------------------------
    def to_scipy(self) -> scipy.sparse.csr_matrix:
        """Return M as a ``scipy.sparse`` CSR matrix (numeric kernels only)."""
        from .numeric import to_scipy

        return to_scipy(self)

    def to_numpy(self, *, force: bool = False) -> np.ndarray:
        """Return M as a dense numpy array (refused above a size limit unless ``force``)."""
        from .numeric import to_numpy

        return to_numpy(self, force=force)

    def as_linear_operator(self) -> LinearOperator:
        """Return a ``scipy.sparse.linalg.LinearOperator`` that applies M and M^T without building M."""
        from .numeric import as_linear_operator

        return as_linear_operator(self)

    # -- composition -------------------------------------------------------------------
    def __matmul__(self, other: Layer) -> Composed:
        """``second @ first``: the layer that applies ``first`` then ``second``."""
        if not isinstance(other, Layer):
            return NotImplemented
        return Composed(other, self)

    def describe(self) -> list[str]:
        """Lines that say what the layer is (used in derivations)."""
        raise NotImplementedError


class _ConvBase(Layer):
    kernel_shape: Shape
    kernel_entries: list[sympy.Expr]

    @property
    def kernel(self) -> sympy.ImmutableDenseNDimArray:
        """The kernel as a SymPy Array."""
        return sympy.ImmutableDenseNDimArray(self.kernel_entries, self.kernel_shape)

    @property
    def values(self) -> list[sympy.Expr]:  # type: ignore[override]
        return self.kernel_entries

    @property
    def ndim(self) -> int:
        """The number of spatial dimensions (1, 2 or 3)."""
        return len(self.input_shape) - 1

    def _set_common(self, kernel: Any, input_shape: Any, stride: Any, dilation: Any,
                    order: Any) -> tuple[Shape, list[sympy.Expr], Shape]:
        """Validate and store what Conv and ConvTranspose share: kernel, shapes, stride, dilation, order."""
        kernel_shape, entries, shape = _kernel_and_shape(kernel, input_shape)
        ndim = len(shape) - 1
        self.kernel_shape = kernel_shape
        self.kernel_entries = entries
        self.input_shape = shape
        self.stride = arithmetic.per_axis("stride", stride, ndim, 1)
        self.dilation = arithmetic.per_axis("dilation", dilation, ndim, 1)
        self.order = arithmetic.check_choice("order", order, arithmetic.ORDERS)
        return kernel_shape, entries, shape


def _kernel_and_shape(kernel: Any, input_shape: Any) -> tuple[Shape, list[sympy.Expr], Shape]:
    kernel_shape, entries = exact_array(kernel, argument="kernel")
    if not 3 <= len(kernel_shape) <= 5:
        raise ShapeError(
            f"kernel has shape {kernel_shape} ({len(kernel_shape)} dimensions); expected (D, C, k1[, k2[, k3]]), "
            "3 to 5 dimensions"
        )
    shape = as_shape(input_shape, argument="input_shape", rank=(2, 4))
    if len(shape) != len(kernel_shape) - 1:
        raise ShapeError(
            f"input_shape {shape} has {len(shape) - 1} spatial dimension(s) but kernel shape {kernel_shape} has "
            f"{len(kernel_shape) - 2}; expected input_shape (C, n1, ...) with one size per kernel axis"
        )
    return kernel_shape, entries, shape


def _bias(bias: Any, channels: int) -> tuple[sympy.Expr, ...] | None:
    if bias is None:
        return None
    shape, entries = exact_array(bias, argument="bias")
    if shape != (channels,):
        raise ShapeError(f"bias has shape {shape}; expected ({channels},), one entry per output channel")
    return tuple(entries)


class Conv(_ConvBase):
    r"""A convolutional layer (cross-correlation, as in deep learning) described exactly.

    Parameters
    ----------
    kernel
        Array-like of shape (D, C/groups, k1[, k2[, k3]]): numbers (kept exact) or
        SymPy expressions, e.g. :func:`symconv.kernel`.
    input_shape
        (C, n1[, n2[, n3]]).
    stride, dilation
        An int, or one per spatial axis (>= 1).
    padding
        An int, one per axis, (before, after) pairs per axis, or ``"valid"``,
        ``"same"`` (stride 1; PyTorch's split of odd totals) or ``"full"``.
    padding_mode
        ``"zeros"``, ``"circular"``, ``"reflect"`` or ``"replicate"`` (PyTorch's semantics).
    groups
        Number of channel groups (C and D must be multiples of it).
    flip
        True for true convolution (the kernel flipped in every spatial axis).
    order
        ``"CHW"`` (x'_{iHW+jW+k} = x_{i,j,k}, the default) or ``"HWC"`` (channels last).
    bias
        Optional array-like of D entries: y' = M x' + b.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> layer = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3))
    >>> layer.output_shape, layer.matrix().shape
    ((2, 2, 2), (8, 9))
    >>> layer.matrix()[0, :]
    Matrix([[a, b, 0, c, d, 0, 0, 0, 0]])
    """

    def __init__(
        self,
        kernel: Any,
        input_shape: Sequence[int],
        *,
        stride: int | Sequence[int] = 1,
        padding: Any = 0,
        dilation: int | Sequence[int] = 1,
        groups: int = 1,
        padding_mode: str = "zeros",
        flip: bool = False,
        order: str = "CHW",
        bias: Any = None,
    ):
        kernel_shape, entries, shape = self._set_common(kernel, input_shape, stride, dilation, order)
        ndim = len(shape) - 1
        self.padding_mode = arithmetic.check_choice("padding_mode", padding_mode, arithmetic.PADDING_MODES)
        if not isinstance(flip, bool):
            raise LayerError(f"flip must be True or False, got {flip!r}")
        self.flip = flip
        self.groups = _groups(groups, shape[0], kernel_shape[0], kernel_shape[1], "input_shape", "C")
        self.padding = arithmetic.padding_pairs(padding, ndim, kernel_shape[2:], self.dilation, self.stride)
        self._check_padding_mode()
        sizes = []
        for axis, (n, k, s, d, (before, after)) in enumerate(
            zip(shape[1:], kernel_shape[2:], self.stride, self.dilation, self.padding)
        ):
            span = d * (k - 1) + 1
            if n + before + after < span:
                raise LayerError(
                    f"kernel does not fit: axis {axis} has input size {n} + padding {before}+{after} = "
                    f"{n + before + after}, smaller than the dilated kernel extent {d}*({k}-1)+1 = {span}; "
                    "use a smaller kernel or dilation, or more padding"
                )
            sizes.append(arithmetic.conv_output_size(n, k, s, d, before, after))
        self.output_shape = (kernel_shape[0], *sizes)
        self.bias = _bias(bias, kernel_shape[0])

    def _check_padding_mode(self) -> None:
        if self.padding_mode == "zeros":
            return
        for axis, (n, (before, after)) in enumerate(zip(self.input_shape[1:], self.padding)):
            if self.padding_mode == "reflect" and max(before, after) >= n:
                raise LayerError(
                    f"padding_mode='reflect' needs padding < input size, but axis {axis} has padding "
                    f"({before}, {after}) and size {n}"
                )
            if self.padding_mode == "circular" and max(before, after) > n:
                raise LayerError(
                    f"padding_mode='circular' needs padding <= input size, but axis {axis} has padding "
                    f"({before}, {after}) and size {n}"
                )

    @property
    def kernel_size(self) -> Shape:
        """The spatial size of the kernel."""
        return self.kernel_shape[2:]

    def axes(self) -> tuple[AxisGeometry, ...]:
        """The per-axis geometry (sizes, stride, dilation, padding, mode, flip)."""
        return tuple(
            AxisGeometry(n, m, k, s, d, before, self.padding_mode, self.flip)
            for n, m, k, s, d, (before, _) in zip(
                self.input_shape[1:], self.output_shape[1:], self.kernel_size, self.stride, self.dilation,
                self.padding,
            )
        )

    @cached_property
    def pattern(self) -> ConvPattern:  # type: ignore[override]
        """The index pattern of M (computed once)."""
        return ConvPattern(
            SpatialPattern.from_axes(self.axes()), self.kernel_shape[0], self.input_shape[0], self.groups, self.order
        )

    def describe(self) -> list[str]:
        operation = "convolution (kernel flipped)" if self.flip else "cross-correlation"
        lines = [f"{_DIMENSION_WORDS[self.ndim]} {operation}: input {_fmt(self.input_shape)}, "
                 f"kernel {_fmt(self.kernel_shape)}, output {_fmt(self.output_shape)}"]
        options = _options_text(self)
        if options:
            lines.append(options)
        return lines

    def size_formulas(self) -> list[str]:
        """The output size of every axis as the formula with its numbers."""
        lines = []
        for axis, (n, k, s, d, (before, after), m) in enumerate(
            zip(self.input_shape[1:], self.kernel_size, self.stride, self.dilation, self.padding,
                self.output_shape[1:])
        ):
            lines.append(f"m{axis + 1} = floor(({n} + {before} + {after} - {d}*({k} - 1) - 1) / {s}) + 1 = {m}")
        return lines


class ConvTranspose(_ConvBase):
    r"""A transposed convolution with PyTorch's weight layout (C_in, C_out/groups, k...).

    Its matrix is the transpose of the matrix of the matching forward :class:`Conv`
    (:meth:`adjoint`). When ``output_padding >= stride`` (allowed when dilation is larger)
    that forward layer has more outputs than this layer has inputs; M is then the
    transpose of the forward matrix restricted to the rows of the first
    ``input_shape`` outputs of every axis.

    Examples
    --------
    >>> from symconv import ConvTranspose
    >>> layer = ConvTranspose([[[1, 2]]], (1, 3), stride=2)
    >>> layer.output_shape
    (1, 6)
    """

    def __init__(
        self,
        kernel: Any,
        input_shape: Sequence[int],
        *,
        stride: int | Sequence[int] = 1,
        padding: int | Sequence[int] = 0,
        output_padding: int | Sequence[int] = 0,
        dilation: int | Sequence[int] = 1,
        groups: int = 1,
        order: str = "CHW",
        bias: Any = None,
    ):
        kernel_shape, entries, shape = self._set_common(kernel, input_shape, stride, dilation, order)
        ndim = len(shape) - 1
        self.padding = arithmetic.per_axis("padding", padding, ndim, 0)
        self.output_padding = arithmetic.per_axis("output_padding", output_padding, ndim, 0)
        if kernel_shape[0] != shape[0]:
            raise ShapeError(
                f"kernel has {kernel_shape[0]} input channel(s) (its first axis, PyTorch's layout "
                f"(C_in, C_out/groups, k...)) but input_shape {shape} has {shape[0]}"
            )
        if isinstance(groups, bool) or not isinstance(groups, int) or groups < 1:
            raise LayerError(f"groups must be an int >= 1, got {groups!r}")
        if shape[0] % groups:
            raise LayerError(f"groups={groups} must divide the {shape[0]} input channels")
        self.groups = groups
        for axis, (op, s, d) in enumerate(zip(self.output_padding, self.stride, self.dilation)):
            if op >= max(s, d):
                raise LayerError(
                    f"output_padding {self.output_padding} must be smaller than stride or dilation, "
                    f"but axis {axis} has output_padding {op}, stride {s}, dilation {d}"
                )
        sizes = []
        for axis, (n, k, s, d, p, op) in enumerate(
            zip(shape[1:], kernel_shape[2:], self.stride, self.dilation, self.padding, self.output_padding)
        ):
            m = arithmetic.transpose_output_size(n, k, s, d, p, op)
            if m < 1:
                raise LayerError(
                    f"padding {self.padding} is too large: axis {axis} would have output size "
                    f"({n}-1)*{s} - 2*{p} + {d}*({k}-1) + {op} + 1 = {m}; it must be >= 1"
                )
            sizes.append(m)
        self.output_shape = (kernel_shape[1] * groups, *sizes)
        self.bias = _bias(bias, self.output_shape[0])

    def adjoint(self) -> Conv:
        """Return the matching forward :class:`Conv` (same kernel, stride, padding, dilation, groups).

        M equals its matrix transposed, restricted to the forward rows of the first
        ``input_shape`` outputs per axis (all rows unless ``output_padding >= stride``).
        """
        return Conv(
            self.kernel, self.output_shape, stride=self.stride, padding=self.padding, dilation=self.dilation,
            groups=self.groups, order=self.order,
        )

    @cached_property
    def pattern(self) -> TransposedPattern:  # type: ignore[override]
        """The index pattern of M: the forward pattern transposed."""
        forward = self.adjoint()
        axes = tuple(
            AxisGeometry(a.n_in, n, a.kernel, a.stride, a.dilation, a.pad_before)
            for a, n in zip(forward.axes(), self.input_shape[1:])
        )
        spatial = SpatialPattern.from_axes(axes)
        return ConvPattern(spatial, self.input_shape[0], self.output_shape[0], self.groups, self.order).transposed()

    def describe(self) -> list[str]:
        lines = [f"{_DIMENSION_WORDS[self.ndim]} transposed convolution: input {_fmt(self.input_shape)}, "
                 f"kernel {_fmt(self.kernel_shape)} (C_in, C_out/groups, k...), output {_fmt(self.output_shape)}",
                 "M is the transpose of the matrix of the forward convolution with the same kernel "
                 f"from {_fmt(self.output_shape)} to {_fmt(self.input_shape)}"]
        options = _options_text(self)
        if options:
            lines.append(options)
        return lines

    def size_formulas(self) -> list[str]:
        """The output size of every axis as the formula with its numbers."""
        return [
            f"m{axis + 1} = ({n} - 1)*{s} - 2*{p} + {d}*({k} - 1) + {op} + 1 = {m}"
            for axis, (n, k, s, d, p, op, m) in enumerate(
                zip(self.input_shape[1:], self.kernel_shape[2:], self.stride, self.dilation, self.padding,
                    self.output_padding, self.output_shape[1:])
            )
        ]


class Composed(Layer):
    """The layer ``second @ first``: apply ``first``, then ``second``; M = M2 M1.

    Examples
    --------
    >>> from symconv import Conv
    >>> box = Conv([[[1, 1]]], (1, 3))
    >>> (Conv([[[1, 1]]], (1, 2)) @ box).matrix()
    Matrix([[1, 2, 1]])
    """

    def __init__(self, first: Layer, second: Layer):
        if first.output_shape != second.input_shape:
            raise LayerError(
                f"layers do not chain: the first outputs shape {first.output_shape} but the second expects "
                f"input shape {second.input_shape}"
            )
        if first.order != second.order:
            raise LayerError(f"layers do not chain: orders {first.order!r} and {second.order!r} differ")
        self.first = first
        self.second = second
        self.input_shape = first.input_shape
        self.output_shape = second.output_shape
        self.order = first.order

    @property
    def factors(self) -> list[Layer]:
        """The layers in the order they are applied."""
        parts: list[Layer] = []
        for layer in (self.first, self.second):
            parts.extend(layer.factors if isinstance(layer, Composed) else [layer])
        return parts

    @cached_property
    def _product(self) -> tuple[ExplicitPattern, list[sympy.Expr]]:
        from .matrices import product_entries

        rows, cols, values = product_entries(self.second, self.first)
        return ExplicitPattern(rows, cols, self.matrix_shape), values

    @property
    def pattern(self) -> ExplicitPattern:  # type: ignore[override]
        return self._product[0]

    @property
    def values(self) -> list[sympy.Expr]:  # type: ignore[override]
        return self._product[1]

    @property
    def bias_vector(self) -> list[sympy.Expr] | None:
        """b = M2 b1 + b2 (None when neither layer has a bias)."""
        b1, b2 = self.first.bias_vector, self.second.bias_vector
        if b1 is None and b2 is None:
            return None
        from .matrices import conv_matrix

        total = sympy.zeros(self.matrix_shape[0], 1)
        if b1 is not None:
            total += conv_matrix(self.second, sparse=True) * sympy.Matrix(b1)
        if b2 is not None:
            total += sympy.Matrix(b2)
        return list(total)

    def to_scipy(self) -> scipy.sparse.csr_matrix:
        """M2 M1 as a CSR matrix (the product of the factors' sparse matrices)."""
        return (self.second.to_scipy() @ self.first.to_scipy()).tocsr()

    def describe(self) -> list[str]:
        lines = [f"composition of {len(self.factors)} layers: input {_fmt(self.input_shape)}, "
                 f"output {_fmt(self.output_shape)}, M = " + " ".join(f"M{i}" for i in
                                                                       range(len(self.factors), 0, -1))]
        for index, layer in enumerate(self.factors, start=1):
            lines.extend(f"M{index}: {line}" for line in layer.describe())
        return lines


def _groups(groups: Any, in_channels: int, out_channels: int, kernel_in: int, argument: str, name: str) -> int:
    if isinstance(groups, bool) or not isinstance(groups, int) or groups < 1:
        raise LayerError(f"groups must be an int >= 1, got {groups!r}")
    if in_channels % groups or out_channels % groups:
        raise LayerError(
            f"groups={groups} must divide both the {in_channels} input channels and the {out_channels} "
            "output channels"
        )
    if kernel_in * groups != in_channels:
        raise ShapeError(
            f"kernel has {kernel_in} input channel(s) per group (its second axis) but {argument} has "
            f"{in_channels} channel(s) with groups={groups}; expected {argument}[0] == {kernel_in}*{groups}"
        )
    return groups


def _fmt(shape: Sequence[int]) -> str:
    return "x".join(map(str, shape))


def _options_text(layer: Any) -> str:
    parts = []
    ones = (1,) * layer.ndim
    if layer.stride != ones:
        parts.append(f"stride {_fmt(layer.stride)}")
    if layer.dilation != ones:
        parts.append(f"dilation {_fmt(layer.dilation)}")
    padding = layer.padding
    if isinstance(padding[0], tuple):
        if any(p != (0, 0) for p in padding):
            parts.append("padding " + ", ".join(f"{b}+{a}" for b, a in padding)
                         + f" ({layer.padding_mode})")
    elif any(padding):
        parts.append(f"padding {_fmt(padding)}")
    if getattr(layer, "output_padding", None) and any(layer.output_padding):
        parts.append(f"output padding {_fmt(layer.output_padding)}")
    if layer.groups != 1:
        parts.append(f"groups {layer.groups}")
    if layer.order != "CHW":
        parts.append(f"order {layer.order}")
    if layer.bias is not None:
        parts.append("bias b")
    return ", ".join(parts)
