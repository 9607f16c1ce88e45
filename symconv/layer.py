r"""Layer descriptions: :class:`Conv`, :class:`ConvTranspose` and their products.

A layer is validated once, when it is created, and is immutable afterwards (assigning
an attribute raises ``dataclasses.FrozenInstanceError``, an ``AttributeError``; use
:meth:`Layer.replace` for a changed copy). It knows its shapes and its index pattern
(:mod:`symconv.pattern`); the matrix, the expansion, the numeric operators and the
derivation are computed from that pattern on demand, by the modules below, through
the small protocol of :mod:`symconv.protocol`.
"""

from __future__ import annotations

import numbers
from collections.abc import Sequence
from dataclasses import FrozenInstanceError
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy

from . import arithmetic
from .entries import Shape, as_shape, check_printed_names, exact_array
from .errors import LayerError, ShapeError
from .layout import ORDERS, Layout
from .pattern import ExplicitPattern, conv_pattern, conv_transpose_pattern
from .protocol import LayerSummary

if TYPE_CHECKING:  # pragma: no cover
    import scipy.sparse
    from scipy.sparse.linalg import LinearOperator

    from .derivation import Derivation
    from .formula import Formula
    from .neuron import Neuron
    from .structure import Structure


class Layer:
    """What every linear layer offers: its matrix, its output, numeric operators, a derivation.

    Subclasses set ``input_shape``, ``output_shape``, ``order`` and provide
    ``pattern`` (the index pattern), ``values`` (the SymPy value of each tap) and
    :meth:`summary`. Layers are immutable.
    """

    input_shape: Shape
    output_shape: Shape
    order: str
    bias: tuple[sympy.Expr, ...] | None = None

    pattern: Any
    values: Sequence[sympy.Expr]

    # -- immutability ------------------------------------------------------------------
    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(
            f"cannot assign to field {name!r}: layers are immutable; make a changed copy with "
            f"layer.replace({name}=...)"
        )

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}: layers are immutable")

    def _set(self, **fields: Any) -> None:
        for name, value in fields.items():
            object.__setattr__(self, name, value)

    def replace(self, **changes: Any) -> Layer:
        """Return a new layer made with the same arguments as this one, except ``changes``.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((1, 1, 2), "a:b"), (1, 4)).replace(stride=2).output_shape
        (1, 2)
        """
        arguments = dict(self._arguments())
        unknown = sorted(set(changes) - set(arguments))
        if unknown:
            raise TypeError(
                f"replace() got unknown argument(s) {', '.join(unknown)}; "
                f"{type(self).__name__} takes {', '.join(arguments)}"
            )
        arguments.update(changes)
        return type(self)(**arguments)

    def _arguments(self) -> dict[str, Any]:
        """The keyword arguments that make this layer again."""
        raise NotImplementedError  # pragma: no cover

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._key() == other._key()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(self._key())

    def _key(self) -> tuple[Any, ...]:
        return tuple((name, _hashable(value)) for name, value in self._arguments().items())

    # -- sizes -------------------------------------------------------------------------
    @property
    def matrix_shape(self) -> tuple[int, int]:
        """``(rows, columns)`` of M: the flat output size by the flat input size."""
        return (Layout(self.output_shape, self.order).size, Layout(self.input_shape, self.order).size)

    @property
    def bias_vector(self) -> list[sympy.Expr] | None:
        """The bias of every row of y' (None without bias)."""
        if self.bias is None:
            return None
        return Layout(self.output_shape, self.order).per_channel(list(self.bias))

    @property
    def factors(self) -> tuple[Layer, ...]:
        """The layers in the order they are applied: ``(self,)`` for a single layer."""
        return (self,)

    def summary(self) -> LayerSummary:
        """What the layer is, as a plain record (:class:`~symconv.protocol.LayerSummary`)."""
        raise NotImplementedError  # pragma: no cover

    def terms(self) -> int:
        """The number of terms of M x' (nonzeros of M with multiplicity), counted from the shapes alone.

        For a product of layers it is an upper bound on the work of forming the product.
        """
        return int(self.pattern.nnz)

    def max_row_terms(self) -> int:
        """An upper bound on the terms of one row of M (one output)."""
        raise NotImplementedError  # pragma: no cover

    # -- SymPy ---------------------------------------------------------------------------
    def matrix(self, *, sparse: bool = False, force: bool = False) -> sympy.MatrixBase:
        """Return M, exactly, with y' = M x' (+ b): a ``sympy.Matrix``, or with ``sparse=True`` a ``SparseMatrix``.

        Refused (:class:`~symconv.errors.SizeError`, before any work) above
        :data:`~symconv.limits.MAX_DENSE_ENTRIES` entries (dense) or
        :data:`~symconv.limits.MAX_TERMS` nonzeros (sparse) unless ``force``. See
        :func:`symconv.matrices.conv_matrix`.
        """
        from .matrices import conv_matrix

        return conv_matrix(self, sparse=sparse, force=force)

    def affine_matrix(self, *, sparse: bool = False, force: bool = False) -> sympy.MatrixBase:
        """Return the homogeneous form ``[[M, b], [0, 1]]`` so that ``[y'; 1] = A [x'; 1]``."""
        from .matrices import affine_matrix

        return affine_matrix(self, sparse=sparse, force=force)

    def apply(self, x: Any, *, force: bool = False) -> sympy.Array:
        """Return the output y (a SymPy Array of ``output_shape``) for an input x.

        Refused above :data:`~symconv.limits.MAX_TERMS` terms unless ``force``.
        """
        from .expansion import expand

        return expand(self, x, force=force).output()

    def __call__(self, x: Any) -> sympy.Array:
        return self.apply(x)

    def derive(self, x: Any = None, *, force: bool = False) -> Derivation:
        """Return the derivation x -> x' -> M -> M x' -> y (the symbolic input ``x[i, j, k]`` when x is None).

        Nothing is computed until a block or a property asks for it; ``force`` lifts the
        size limits of the expansion (printing has its own ``force``).
        """
        from .derivation import derive

        return derive(self, x, force=force)

    # -- views: the entry rule, the block structure, one neuron -----------------------------
    def formula(self) -> Formula:
        """Return the general rule for the entry M[s, t] (:class:`~symconv.formula.Formula`).

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).formula().entry(0, 4)
        d
        """
        from .formula import formula

        return formula(self.summary())

    def structure(self) -> Structure:
        """Return M as nested grids of named blocks (:class:`~symconv.structure.Structure`), without building M.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> text = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).structure().text()
        >>> print(text[text.index("M_u =") :].split(chr(10) * 2)[0])
        M_u =
        [A_u B_u   0]
        [  0 A_u B_u]
        """
        from .structure import structure

        return structure(self.summary())

    def neuron(self, *position: Any, x: Any = None) -> Neuron:
        """Return one output of the layer, at output coordinates (u, v, w...) (:class:`~symconv.neuron.Neuron`).

        ``layer.neuron(0, 1, 1)`` and ``layer.neuron((0, 1, 1))`` are the same; with ``x``
        the neuron's expression uses those input values.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> layer = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3))
        >>> layer.neuron(0, 1, 1, x=[[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]).expression
        5*a + 6*b + 8*c + 9*d
        """
        from .neuron import neuron

        return neuron(self, position, x)

    # -- numeric -------------------------------------------------------------------------
    def to_scipy(self, *, dtype: Any = None) -> scipy.sparse.csr_array:
        """Return M as a ``scipy.sparse.csr_array`` (numeric kernels only), exactly; see :mod:`symconv.numeric`."""
        from .numeric import to_scipy

        return to_scipy(self, dtype=dtype)

    def to_numpy(self, *, dtype: Any = None, force: bool = False) -> np.ndarray:
        """Return M as a dense numpy array (refused above a size limit unless ``force``); see :mod:`symconv.numeric`."""
        from .numeric import to_numpy

        return to_numpy(self, dtype=dtype, force=force)

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

    # -- display ---------------------------------------------------------------------------
    def __repr__(self) -> str:
        from .symbols import call_text

        return call_text(type(self).__name__, self._arguments(), self._defaults())

    def _defaults(self) -> dict[str, Any]:
        return {}

    def describe(self) -> list[str]:
        """Lines that say what the layer is (the ``layer`` block of a derivation, in text)."""
        from .printing.common import describe_lines

        return describe_lines(self.summary())

    def size_formulas(self) -> list[str]:
        """The output size of every axis as the formula with its numbers, in text."""
        from .printing.text import size_formula_text

        return [size_formula_text(formula) for formula in self.summary().size_formulas]

    def _repr_latex_(self) -> str:
        from .printing.latex import layer_latex

        return "$$" + layer_latex(self.summary()) + "$$"

    def _latex(self, printer: Any) -> str:
        from .printing.latex import layer_latex

        return layer_latex(self.summary())


class _ConvBase(Layer):
    kernel_shape: Shape
    kernel_entries: tuple[sympy.Expr, ...]
    stride: Shape
    dilation: Shape
    groups: int

    @property
    def kernel(self) -> sympy.ImmutableDenseNDimArray:
        """The kernel as a SymPy Array."""
        return sympy.ImmutableDenseNDimArray(self.kernel_entries, self.kernel_shape)

    @property
    def values(self) -> tuple[sympy.Expr, ...]:  # type: ignore[override]
        return self.kernel_entries

    @property
    def ndim(self) -> int:
        """The number of spatial dimensions (1, 2 or 3)."""
        return len(self.input_shape) - 1

    @property
    def kernel_size(self) -> Shape:
        """The spatial size of the kernel."""
        return self.kernel_shape[2:]

    def _set_common(self, kernel: Any, input_shape: Any, stride: Any, dilation: Any,
                    order: Any) -> tuple[Shape, tuple[sympy.Expr, ...], Shape]:
        """Validate and store what Conv and ConvTranspose share: kernel, shapes, stride, dilation, order."""
        kernel_shape, entries, shape = _kernel_and_shape(kernel, input_shape)
        ndim = len(shape) - 1
        self._set(
            kernel_shape=kernel_shape,
            kernel_entries=entries,
            input_shape=shape,
            stride=arithmetic.per_axis("stride", stride, ndim, 1),
            dilation=arithmetic.per_axis("dilation", dilation, ndim, 1),
            order=arithmetic.check_choice("order", order, ORDERS),
        )
        return kernel_shape, entries, shape

def _kernel_and_shape(kernel: Any, input_shape: Any) -> tuple[Shape, tuple[sympy.Expr, ...], Shape]:
    kernel_shape, entries = exact_array(kernel, argument="kernel")
    check_printed_names({"kernel": entries})
    shape = as_shape(input_shape, argument="input_shape", rank=(2, 4))
    if len(kernel_shape) == len(shape) - 1:
        # only the spatial axes, as a textbook writes a single-channel kernel: one input and one output channel
        if shape[0] != 1:
            raise ShapeError(
                f"kernel has shape {kernel_shape}, only spatial axes, which is a single-channel kernel, but "
                f"input_shape {shape} has {shape[0]} channels; give the kernel as (D, C, k...) "
                f"= (D, {shape[0]}, {', '.join(map(str, kernel_shape))})"
            )
        kernel_shape = (1, 1, *kernel_shape)
    if not 3 <= len(kernel_shape) <= 5:
        raise ShapeError(
            f"kernel has shape {kernel_shape} ({len(kernel_shape)} dimensions); expected (D, C, k1[, k2[, k3]]), "
            "3 to 5 dimensions, or only the spatial axes for a single-channel input"
        )
    if len(shape) != len(kernel_shape) - 1:
        raise ShapeError(
            f"input_shape {shape} has {len(shape) - 1} spatial dimension(s) but kernel shape {kernel_shape} has "
            f"{len(kernel_shape) - 2}; expected input_shape (C, n1, ...) with one size per kernel axis"
        )
    return kernel_shape, tuple(entries), shape


def _bias(bias: Any, channels: int) -> tuple[sympy.Expr, ...] | None:
    if bias is None:
        return None
    shape, entries = exact_array(bias, argument="bias")
    check_printed_names({"bias": entries})
    if shape != (channels,):
        raise ShapeError(f"bias has shape {shape}; expected ({channels},), one entry per output channel")
    return tuple(entries)


class Conv(_ConvBase):
    r"""A convolutional layer (cross-correlation, as in deep learning) described exactly.

    Parameters
    ----------
    kernel
        Array-like of shape (D, C/groups, k1[, k2[, k3]]): numbers (kept exact) or
        SymPy expressions, e.g. :func:`symconv.kernel`. For a single-channel input a
        kernel of the spatial axes only (``[[0, 1], [2, 3]]`` for a 2-D layer) means
        D = C = 1.
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
    >>> layer
    Conv(kernel((2, 1, 2, 2), 'a:h'), (1, 3, 3))
    >>> layer.output_shape, layer.matrix().shape
    ((2, 2, 2), (8, 9))
    >>> layer.matrix()[0, :]
    Matrix([[a, b, 0, c, d, 0, 0, 0, 0]])
    """

    padding: tuple[tuple[int, int], ...]
    padding_given: str | None
    padding_mode: str
    flip: bool

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
        kernel_shape, _, shape = self._set_common(kernel, input_shape, stride, dilation, order)
        ndim = len(shape) - 1
        self._set(padding_mode=arithmetic.check_choice("padding_mode", padding_mode, arithmetic.PADDING_MODES))
        if not isinstance(flip, bool):
            raise LayerError(f"flip must be True or False, got {flip!r}")
        self._set(
            flip=flip,
            groups=_groups(groups, shape[0], kernel_shape[0], kernel_shape[1], "input_shape", "C"),
            padding=arithmetic.padding_pairs(padding, ndim, kernel_shape[2:], self.dilation, self.stride),
            padding_given=padding if isinstance(padding, str) else None,
        )
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
        self._set(output_shape=(kernel_shape[0], *sizes), bias=_bias(bias, kernel_shape[0]))

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

    @cached_property
    def pattern(self) -> Any:
        """The index pattern of M (computed once)."""
        return conv_pattern(self.input_shape, self.output_shape, self.kernel_size, stride=self.stride,
                            dilation=self.dilation, padding=self.padding, padding_mode=self.padding_mode,
                            flip=self.flip, groups=self.groups, order=self.order)

    def summary(self) -> LayerSummary:
        formulas = tuple(
            arithmetic.SizeFormula(axis, False, n, k, s, d, before, after, 0, m)
            for axis, (n, k, s, d, (before, after), m) in enumerate(
                zip(self.input_shape[1:], self.kernel_size, self.stride, self.dilation, self.padding,
                    self.output_shape[1:])
            )
        )
        return LayerSummary(
            kind="conv", input_shape=self.input_shape, output_shape=self.output_shape, order=self.order,
            kernel_shape=self.kernel_shape, kernel=self.kernel_entries, stride=self.stride, dilation=self.dilation,
            padding=self.padding, padding_mode=self.padding_mode, groups=self.groups, flip=self.flip,
            has_bias=self.bias is not None, size_formulas=formulas,
        )

    def max_row_terms(self) -> int:
        return self.kernel_shape[1] * _product(self.kernel_size)

    def _arguments(self) -> dict[str, Any]:
        """The arguments, in the order of the signature."""
        return {
            "kernel": self.kernel,
            "input_shape": self.input_shape,
            "stride": _compact(self.stride),
            "padding": self.padding_given if self.padding_given is not None else _compact_padding(self.padding),
            "dilation": _compact(self.dilation),
            "groups": self.groups,
            "padding_mode": self.padding_mode,
            "flip": self.flip,
            "order": self.order,
            "bias": None if self.bias is None else list(self.bias),
        }

    def _defaults(self) -> dict[str, Any]:
        return {"stride": 1, "padding": 0, "dilation": 1, "groups": 1, "padding_mode": "zeros", "flip": False,
                "order": "CHW", "bias": None}


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
    >>> layer
    ConvTranspose([[[1, 2]]], (1, 3), stride=2)
    >>> layer.output_shape
    (1, 6)
    """

    padding: Shape
    output_padding: Shape

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
        kernel_shape, _, shape = self._set_common(kernel, input_shape, stride, dilation, order)
        ndim = len(shape) - 1
        self._set(
            padding=arithmetic.per_axis("padding", padding, ndim, 0),
            output_padding=arithmetic.per_axis("output_padding", output_padding, ndim, 0),
        )
        if kernel_shape[0] != shape[0]:
            raise ShapeError(
                f"kernel has {kernel_shape[0]} input channel(s) (its first axis, PyTorch's layout "
                f"(C_in, C_out/groups, k...)) but input_shape {shape} has {shape[0]}"
            )
        _check_groups(groups)
        if shape[0] % groups:
            raise LayerError(f"groups={groups} must divide the {shape[0]} input channels")
        self._set(groups=groups)
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
        output_shape = (kernel_shape[1] * groups, *sizes)
        self._set(output_shape=output_shape, bias=_bias(bias, output_shape[0]))

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
    def pattern(self) -> Any:
        """The index pattern of M: the forward pattern transposed."""
        return conv_transpose_pattern(self.input_shape, self.output_shape, self.kernel_size, stride=self.stride,
                                      dilation=self.dilation, padding=self.padding, groups=self.groups,
                                      order=self.order)

    def summary(self) -> LayerSummary:
        formulas = tuple(
            arithmetic.SizeFormula(axis, True, n, k, s, d, p, p, op, m)
            for axis, (n, k, s, d, p, op, m) in enumerate(
                zip(self.input_shape[1:], self.kernel_size, self.stride, self.dilation, self.padding,
                    self.output_padding, self.output_shape[1:])
            )
        )
        return LayerSummary(
            kind="transpose", input_shape=self.input_shape, output_shape=self.output_shape, order=self.order,
            kernel_shape=self.kernel_shape, kernel=self.kernel_entries, stride=self.stride, dilation=self.dilation,
            padding=self.padding, output_padding=self.output_padding, groups=self.groups,
            has_bias=self.bias is not None, size_formulas=formulas,
        )

    def max_row_terms(self) -> int:
        # an output of a transposed layer is reached by at most every tap of every channel of its group
        return self.input_shape[0] // self.groups * _product(self.kernel_size)

    def _arguments(self) -> dict[str, Any]:
        """The arguments, in the order of the signature."""
        return {
            "kernel": self.kernel,
            "input_shape": self.input_shape,
            "stride": _compact(self.stride),
            "padding": _compact(self.padding),
            "output_padding": _compact(self.output_padding),
            "dilation": _compact(self.dilation),
            "groups": self.groups,
            "order": self.order,
            "bias": None if self.bias is None else list(self.bias),
        }

    def _defaults(self) -> dict[str, Any]:
        return {"stride": 1, "padding": 0, "output_padding": 0, "dilation": 1, "groups": 1, "order": "CHW",
                "bias": None}


class Composed(Layer):
    """The layer ``second @ first``: apply ``first``, then ``second``; M = M2 M1.

    Examples
    --------
    >>> from symconv import Conv
    >>> box = Conv([[[1, 1]]], (1, 3))
    >>> both = Conv([[[1, 1]]], (1, 2)) @ box
    >>> both
    Conv([[[1, 1]]], (1, 2)) @ Conv([[[1, 1]]], (1, 3))
    >>> both.matrix()
    Matrix([[1, 2, 1]])
    """

    first: Layer
    second: Layer

    def __init__(self, first: Layer, second: Layer):
        if first.output_shape != second.input_shape:
            raise LayerError(
                f"layers do not chain: the first outputs shape {first.output_shape} but the second expects "
                f"input shape {second.input_shape}"
            )
        if first.order != second.order:
            raise LayerError(f"layers do not chain: orders {first.order!r} and {second.order!r} differ")
        self._set(first=first, second=second, input_shape=first.input_shape, output_shape=second.output_shape,
                  order=first.order)

    @property
    def factors(self) -> tuple[Layer, ...]:
        """The layers in the order they are applied."""
        return (*self.first.factors, *self.second.factors)

    def terms(self) -> int:
        """An upper bound on the work of forming M2 M1: every term of M2 meets at most a row of M1."""
        return self.second.terms() * self.first.max_row_terms()

    def max_row_terms(self) -> int:
        return self.second.max_row_terms() * self.first.max_row_terms()

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
        from .matrices import chained_bias

        return chained_bias(self.second, self.first)

    def summary(self) -> LayerSummary:
        return LayerSummary(
            kind="product", input_shape=self.input_shape, output_shape=self.output_shape, order=self.order,
            has_bias=any(factor.bias is not None for factor in self.factors),
            factors=tuple(factor.summary() for factor in self.factors),
        )

    def _arguments(self) -> dict[str, Any]:
        return {"first": self.first, "second": self.second}

    def __repr__(self) -> str:
        return f"{self.second!r} @ {self.first!r}"


def _groups(groups: Any, in_channels: int, out_channels: int, kernel_in: int, argument: str, name: str) -> int:
    _check_groups(groups)
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


def _product(sizes: Sequence[int]) -> int:
    total = 1
    for size in sizes:
        total *= size
    return total


def _check_groups(groups: Any) -> None:
    if isinstance(groups, bool) or not isinstance(groups, numbers.Integral) or groups < 1:
        raise LayerError(f"groups must be an int >= 1, got {groups!r}")


def _compact(values: Shape) -> int | Shape:
    """One int when every axis has the same value, else the tuple."""
    return values[0] if len(set(values)) == 1 else values


def _compact_padding(pairs: tuple[tuple[int, int], ...]) -> Any:
    if all(before == after for before, after in pairs):
        return _compact(tuple(before for before, _ in pairs))
    return pairs


def _hashable(value: Any) -> Any:
    if isinstance(value, sympy.NDimArray):
        return (tuple(value.shape), tuple(sympy.flatten(value)))
    if isinstance(value, list):
        return tuple(value)
    return value
