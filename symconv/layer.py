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
from .limits import check_flag
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
    """What every linear layer offers: its matrix, its output, numeric operators, a derivation, and its views.

    The base class of :class:`Conv`, :class:`ConvTranspose` and :class:`Composed`; it is not
    made directly. Subclasses set ``input_shape``, ``output_shape``, ``order`` and provide
    ``pattern`` (the index pattern), ``values`` (the SymPy value of each tap) and
    :meth:`summary`. Layers are immutable: assigning an attribute raises
    ``dataclasses.FrozenInstanceError`` (an ``AttributeError``); :meth:`replace` makes a
    changed copy. Two layers made with equal arguments are equal and hash alike, and
    ``repr`` is the call that makes the layer.

    Attributes
    ----------
    input_shape : tuple of int
        (C, n1[, n2[, n3]]), channels first.
    output_shape : tuple of int
        (D, m1[, m2[, m3]]), channels first.
    order : str
        ``"CHW"`` or ``"HWC"``: how x and y are flattened into x' and y'.
    bias : tuple of sympy.Expr or None
        One entry per output channel, or None.

    Examples
    --------
    >>> from symconv import Conv, Layer
    >>> layer = Conv([[[1, 2]]], (1, 3))
    >>> isinstance(layer, Layer), layer.input_shape, layer.output_shape, layer.order
    (True, (1, 3), (1, 2), 'CHW')
    >>> layer == Conv([[[1, 2]]], (1, 3))
    True
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

        Parameters
        ----------
        **changes : object
            Arguments of the layer's constructor, by name (``stride=2``, ``bias=[1]``, ...).

        Returns
        -------
        Layer
            A new layer of the same class; this one is unchanged.

        Raises
        ------
        TypeError
            If a name is not an argument of the layer's constructor.
        LayerError
            If the changed arguments do not make a layer (and the other errors of the
            constructor: :class:`~symconv.errors.ShapeError`, :class:`~symconv.errors.EntryError`).

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((1, 1, 2), "a:b"), (1, 4)).replace(stride=2).output_shape
        (1, 2)
        >>> Conv(kernel((1, 1, 2), "a:b"), (1, 4)).replace(strides=2)  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        TypeError: replace() got unknown argument(s) strides; Conv takes kernel, input_shape, stride, ...
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
        """``(rows, columns)`` of M: the flat output size by the flat input size.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((2, 1, 2, 2)), (1, 3, 3)).matrix_shape
        (8, 9)
        """
        return (Layout(self.output_shape, self.order).size, Layout(self.input_shape, self.order).size)

    @property
    def bias_vector(self) -> list[sympy.Expr] | None:
        """The bias of every row of y' (None without bias): b, with y' = M x' + b.

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[[1, 2]], [[3, 4]]], (1, 3), bias=[5, 6]).bias_vector
        [5, 5, 6, 6]
        """
        if self.bias is None:
            return None
        return Layout(self.output_shape, self.order).per_channel(list(self.bias))

    def bias_entry(self, row: int) -> sympy.Expr | None:
        """Return ``bias_vector[row]`` without forming the vector: the bias of that output's channel.

        Parameters
        ----------
        row : int
            The row s of M (0 <= s < ``matrix_shape[0]``).

        Returns
        -------
        sympy.Expr or None
            b_s (None without bias).

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[[1, 2]], [[3, 4]]], (1, 3), bias=[5, 6], order="HWC").bias_entry(1)
        6
        """
        if self.bias is None:
            return None
        return self.bias[Layout(self.output_shape, self.order).split(row)[0]]

    @property
    def factors(self) -> tuple[Layer, ...]:
        """The layers in the order they are applied: ``(self,)`` for a single layer.

        Examples
        --------
        >>> from symconv import Conv
        >>> layer = Conv([[[1, 2]]], (1, 3))
        >>> layer.factors == (layer,)
        True
        """
        return (self,)

    def summary(self) -> LayerSummary:
        """Return what the layer is, as a plain record (:class:`~symconv.protocol.LayerSummary`).

        The printers, the views and the checker read the summary, never the layer object.

        Returns
        -------
        LayerSummary
            The kind (``"conv"``, ``"transpose"``, ``"product"``), the shapes, the kernel and
            the options, and the output-size formula of every axis.

        Examples
        --------
        >>> from symconv import Conv
        >>> summary = Conv([[[1, 2]]], (1, 5), stride=2).summary()
        >>> summary.kind, summary.stride, summary.size_formulas[0].size
        ('conv', (2,), 2)
        """
        raise NotImplementedError  # pragma: no cover

    def terms(self) -> int:
        """Return the number of terms of M x' (nonzeros of M with multiplicity), counted from the shapes alone.

        For a product of layers it is an upper bound on the work of forming the product.

        Returns
        -------
        int
            The number of links of the index pattern: one per kernel tap that reads the input.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((2, 1, 2, 2)), (1, 3, 3)).terms()
        32
        """
        return int(self.pattern.nnz)

    def max_row_terms(self) -> int:
        """Return an upper bound on the terms of one row of M (one output).

        Returns
        -------
        int
            The bound (used to bound products of layers and their numeric dtypes).

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((2, 1, 2, 2)), (1, 3, 3)).max_row_terms()
        4
        """
        raise NotImplementedError  # pragma: no cover

    # -- SymPy ---------------------------------------------------------------------------
    def matrix(self, *, sparse: bool = False, force: bool = False) -> sympy.MatrixBase:
        """Return M, exactly, with y' = M x' (+ b): a ``sympy.Matrix``, or with ``sparse=True`` a ``SparseMatrix``.

        Parameters
        ----------
        sparse : bool, default False
            True for a ``sympy.SparseMatrix`` (the same entries; time and memory in proportion
            to the nonzeros).
        force : bool, default False
            Build it above the size limits.

        Returns
        -------
        sympy.Matrix or sympy.SparseMatrix
            M, of ``matrix_shape``; a new matrix at every call. See
            :func:`symconv.matrices.conv_matrix`.

        Raises
        ------
        SizeError
            Above :data:`~symconv.limits.MAX_DENSE_ENTRIES` entries (dense) or
            :data:`~symconv.limits.MAX_TERMS` nonzeros unless ``force``, before any work.
        LayerError
            If ``sparse`` or ``force`` is not a bool.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((1, 1, 2), "a:b"), (1, 3)).matrix()
        Matrix([
        [a, b, 0],
        [0, a, b]])
        >>> Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).matrix(sparse=True)[4, :]
        Matrix([[e, f, 0, g, h, 0, 0, 0, 0]])
        """
        from .matrices import conv_matrix

        return conv_matrix(self, sparse=sparse, force=force)

    def affine_matrix(self, *, sparse: bool = False, force: bool = False) -> sympy.MatrixBase:
        """Return the homogeneous form ``[[M, b], [0, 1]]`` so that ``[y'; 1] = A [x'; 1]``.

        Parameters
        ----------
        sparse : bool, default False
            True for a ``sympy.SparseMatrix``.
        force : bool, default False
            Build it above the size limits.

        Returns
        -------
        sympy.Matrix or sympy.SparseMatrix
            A, one row and one column larger than M.

        Raises
        ------
        SizeError
            Above the limits of :meth:`matrix` unless ``force``.
        LayerError
            If ``sparse`` or ``force`` is not a bool.

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[[1, 2]]], (1, 2), bias=[5]).affine_matrix()
        Matrix([
        [1, 2, 5],
        [0, 0, 1]])
        """
        from .matrices import affine_matrix

        return affine_matrix(self, sparse=sparse, force=force)

    def apply(self, x: Any, *, force: bool = False) -> sympy.Array:
        """Return the output y (a SymPy Array of ``output_shape``) for an input x; ``layer(x)`` is the same.

        Parameters
        ----------
        x : array_like
            The input, channels first, of ``input_shape``: numbers (kept exact) and SymPy
            expressions, such as :func:`symconv.inputs`.
        force : bool, default False
            Compute it above :data:`~symconv.limits.MAX_TERMS` terms.

        Returns
        -------
        sympy.ImmutableDenseNDimArray
            y, channels first, each entry a canonical SymPy expression.

        Raises
        ------
        ShapeError
            If x does not have the layer's input shape.
        EntryError
            If an entry of x is not a number or a SymPy expression.
        SizeError
            Above ``MAX_TERMS`` terms unless ``force``.

        Examples
        --------
        >>> from symconv import Conv, inputs, kernel
        >>> Conv([[[1, 2]]], (1, 3)).apply([[1, 2, 3]])
        [[5, 8]]
        >>> Conv(kernel((1, 1, 2), "a:b"), (1, 3))(inputs((1, 3)))
        [[a*x[0, 0] + b*x[0, 1], a*x[0, 1] + b*x[0, 2]]]
        """
        from .expansion import expand

        return expand(self, x, force=force).output()

    def __call__(self, x: Any) -> sympy.Array:
        return self.apply(x)

    def derive(self, x: Any = None, *, force: bool = False) -> Derivation:
        """Return the derivation x -> x' -> M -> M x' -> y (the symbolic input ``x[i, j, k]`` when x is None).

        Nothing is computed until a block or a property asks for it.

        Parameters
        ----------
        x : array_like, optional
            The input, channels first, of ``input_shape``; None (the default) for the symbols
            ``x[i, j, k]``.
        force : bool, default False
            Lift the size limits of the expansion (printing has its own ``force``).

        Returns
        -------
        Derivation
            Print it with ``text()`` or ``latex()``, or read ``blocks()``, ``y_exprs``, ...
            (:class:`~symconv.derivation.Derivation`).

        Raises
        ------
        ShapeError
            If x does not have the layer's input shape.
        EntryError
            If an entry of x is not a number or a SymPy expression, or x uses a kernel's name.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> d = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).derive([[[1, 2, 3], [4, 5, 6], [7, 8, 9]]])
        >>> d.blocks()["expansion"]
        '[1a+2b+4c+5d, 2a+3b+5c+6d, 4a+5b+7c+8d, 5a+6b+8c+9d, 1e+2f+4g+5h, 2e+3f+5g+6h, 4e+5f+7g+8h, 5e+6f+8g+9h]'
        """
        from .derivation import derive

        return derive(self, x, force=force)

    # -- views: the entry rule, the block structure, one neuron -----------------------------
    def formula(self) -> Formula:
        """Return the general rule for the entry M[s, t] (:class:`~symconv.formula.Formula`).

        Returns
        -------
        Formula
            The rule as one generated Python function, printable as text and LaTeX, computed
            from the layer's options alone (never from M).

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

        Returns
        -------
        Structure
            The channel level and one level per spatial axis, each described by its
            parameters (Toeplitz, strided, circulant, ...).

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

        Parameters
        ----------
        *position : int or tuple of int
            The output coordinates: the channel, then one position per spatial axis, as
            separate ints or as one tuple.
        x : array_like, optional
            The input's values, channels first; None (the default) for the symbols ``x[i, j, k]``.

        Returns
        -------
        Neuron
            Its receptive field, its row of M and what it computes; one window is read,
            whatever the image size.

        Raises
        ------
        LayerError
            If the coordinates are not ints or lie outside the output.
        ShapeError
            If x does not have the layer's input shape.

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
        """Return M as a ``scipy.sparse.csr_array`` (numeric kernels only), exactly; see :mod:`symconv.numeric`.

        Parameters
        ----------
        dtype : optional
            None (int64 for an integer kernel, float64 otherwise, when that is exact), or
            int64, float64 or complex128 (see :func:`symconv.numeric.numeric_values`).

        Returns
        -------
        scipy.sparse.csr_array
            M, written straight from the index pattern; no size limit but memory.

        Raises
        ------
        EntryError
            If the kernel is symbolic, or its entries do not fit the dtype exactly.
        SizeError
            If M needs more memory than the system has available.

        Examples
        --------
        >>> import numpy as np
        >>> from symconv import Conv
        >>> Conv(np.arange(8).reshape(2, 1, 2, 2), (1, 3, 3)).to_scipy().shape
        (8, 9)
        """
        from .numeric import to_scipy

        return to_scipy(self, dtype=dtype)

    def to_numpy(self, *, dtype: Any = None, force: bool = False) -> np.ndarray:
        """Return M as a dense numpy array (refused above a size limit unless ``force``); see :mod:`symconv.numeric`.

        Parameters
        ----------
        dtype : optional
            As for :meth:`to_scipy`; ``object`` gives exact Python ``int`` and ``Fraction`` entries.
        force : bool, default False
            Build it above :data:`~symconv.limits.MAX_DENSE_NUMPY` entries.

        Returns
        -------
        numpy.ndarray
            M, of ``matrix_shape``.

        Raises
        ------
        SizeError
            Above ``MAX_DENSE_NUMPY`` entries unless ``force``.
        EntryError
            If the kernel is symbolic, or its entries do not fit the dtype exactly.

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[[1, 2]]], (1, 3)).to_numpy()
        array([[1, 2, 0],
               [0, 1, 2]])
        """
        from .numeric import to_numpy

        return to_numpy(self, dtype=dtype, force=force)

    def as_linear_operator(self) -> LinearOperator:
        """Return a ``scipy.sparse.linalg.LinearOperator`` that applies M and M^T without building M.

        Returns
        -------
        scipy.sparse.linalg.LinearOperator
            ``matvec`` computes M x', ``rmatvec`` :math:`M^T y'`, in float64.

        Raises
        ------
        EntryError
            If the kernel is symbolic or an entry is beyond the range of float64.

        Examples
        --------
        >>> import numpy as np
        >>> from symconv import Conv
        >>> op = Conv([[[1, 2]]], (1, 3)).as_linear_operator()
        >>> op.matvec(np.ones(3)), op.rmatvec(np.array([1.0, 0.0]))
        (array([3., 3.]), array([1., 2., 0.]))
        """
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
        """Return lines that say what the layer is (the ``layer`` block of a derivation, in text).

        Returns
        -------
        list of str
            The kind, the shapes, and (when they differ from the defaults) the options.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((2, 1, 2, 2)), (1, 3, 3), stride=2, padding=1).describe()
        ['2-D cross-correlation: input 1x3x3, kernel 2x1x2x2, output 2x2x2', 'stride 2x2, padding 1+1, 1+1 (zeros)']
        """
        from .printing.common import describe_lines

        return describe_lines(self.summary())

    def size_formulas(self) -> list[str]:
        """Return the output size of every axis as the formula with its numbers, in text.

        Returns
        -------
        list of str
            One formula per spatial axis (for a product, those of its outer layer's summary).

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[[1, 2, 3]]], (1, 7), stride=2).size_formulas()
        ['m1 = floor((7 + 0 + 0 - 1*(3 - 1) - 1) / 2) + 1 = 3']
        """
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
        """The kernel as a SymPy Array of ``kernel_shape``.

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[1, 2], [3, 4]], (1, 3, 3)).kernel
        [[[[1, 2], [3, 4]]]]
        """
        return sympy.ImmutableDenseNDimArray(self.kernel_entries, self.kernel_shape)

    @property
    def values(self) -> tuple[sympy.Expr, ...]:  # type: ignore[override]
        """The value of every tap: the kernel's entries, flat in row-major order.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((1, 1, 3), "a:c"), (1, 4)).values
        (a, b, c)
        """
        return self.kernel_entries

    @property
    def ndim(self) -> int:
        """The number of spatial dimensions (1, 2 or 3).

        Examples
        --------
        >>> from symconv import Conv
        >>> Conv([[1, 2], [3, 4]], (1, 3, 3)).ndim
        2
        """
        return len(self.input_shape) - 1

    @property
    def kernel_size(self) -> Shape:
        """The spatial size of the kernel (its shape without the two channel axes).

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((4, 3, 3, 2)), (3, 8, 8)).kernel_size
        (3, 2)
        """
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

    Everything is checked when the layer is made; afterwards it is immutable. 1-D to 3-D.

    Parameters
    ----------
    kernel : array_like
        Shape (D, C/groups, k1[, k2[, k3]]): numbers (kept exact: a float becomes the
        rational it stores) or SymPy expressions, e.g. :func:`symconv.kernel`. For a
        single-channel input a kernel of the spatial axes only (``[[0, 1], [2, 3]]`` for a
        2-D layer) means D = C = 1.
    input_shape : sequence of int
        (C, n1[, n2[, n3]]).
    stride : int or sequence of int, default 1
        An int, or one per spatial axis (>= 1).
    padding : int or sequence or str, default 0
        An int, one per axis, (before, after) pairs per axis, or ``"valid"``,
        ``"same"`` (stride 1; PyTorch's split of odd totals) or ``"full"``.
    dilation : int or sequence of int, default 1
        An int, or one per spatial axis (>= 1).
    groups : int, default 1
        Number of channel groups (C and D must be multiples of it).
    padding_mode : str, default "zeros"
        ``"zeros"``, ``"circular"``, ``"reflect"`` or ``"replicate"`` (PyTorch's semantics).
    flip : bool, default False
        True for true convolution (the kernel flipped in every spatial axis).
    order : str, default "CHW"
        ``"CHW"`` (:math:`x'_{iHW+jW+k} = x_{i,j,k}`) or ``"HWC"`` (channels last).
    bias : array_like, optional
        D entries, one per output channel: y' = M x' + b. None (the default): no bias.

    Attributes
    ----------
    kernel_shape : tuple of int
        The kernel's shape (with D = C = 1 added for a kernel of spatial axes only).
    kernel_entries : tuple of sympy.Expr
        The kernel's entries, flat in row-major order.
    output_shape : tuple of int
        (D, m1[, m2[, m3]]), PyTorch's output size per axis.
    stride : tuple of int
        One per spatial axis.
    dilation : tuple of int
        One per spatial axis.
    padding : tuple of tuple of int
        One ``(before, after)`` pair per spatial axis (the words resolved).
    padding_given : str or None
        The padding word given (``"same"``, ...), or None.
    padding_mode : str
        As given.
    groups : int
        As given.
    flip : bool
        As given.

    Raises
    ------
    ShapeError
        If the kernel or the input shape has the wrong rank, the kernel's channels do not
        match ``input_shape`` and ``groups``, or the bias has another number of entries than D.
    EntryError
        If an entry of the kernel or the bias is not a number or a SymPy expression.
    LayerError
        If an option is not valid: a stride, dilation or padding out of range, an unknown
        padding word or mode, groups that do not divide the channels, ``flip`` not a bool,
        reflect padding not smaller than the input, circular padding larger than the input,
        or a dilated kernel that does not fit the padded input.

    Notes
    -----
    With stride :math:`s`, dilation :math:`d` and padding :math:`p_0` before the input,
    output channel :math:`u` at position :math:`o` is (in 1-D)

    .. math:: y_{u,o} = b_u + \sum_{c} \sum_{t=0}^{k-1} K_{u,c,t}\, \tilde x_{g(u) C_g + c,\; o s + t d - p_0}

    where :math:`\tilde x` is the input padded as ``padding_mode`` says, :math:`C_g =
    C/\mathrm{groups}` and :math:`g(u)` the group of :math:`u`; with ``flip`` the kernel
    index is :math:`k-1-t`. Flattening x and y gives y' = M x' + b.

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
    >>> Conv(kernel((1, 1, 3), "a:c"), (1, 4), padding="same", padding_mode="circular").matrix()[0, :]
    Matrix([[b, c, 0, a]])
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
        self._set(
            flip=check_flag("flip", flip),
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
        """The index pattern of M (:class:`~symconv.pattern.ConvPattern`), computed once.

        Examples
        --------
        >>> from symconv import Conv
        >>> rows, cols, taps = Conv([[[1, 2]]], (1, 3)).pattern.entries()
        >>> rows.tolist(), cols.tolist(), taps.tolist()
        ([0, 0, 1, 1], [0, 1, 1, 2], [0, 1, 0, 1])
        """
        return conv_pattern(self.input_shape, self.output_shape, self.kernel_size, stride=self.stride,
                            dilation=self.dilation, padding=self.padding, padding_mode=self.padding_mode,
                            flip=self.flip, groups=self.groups, order=self.order)

    def summary(self) -> LayerSummary:
        """Return what the layer is, as a plain record: kind ``"conv"``, shapes, kernel, options and size formulas.

        Returns
        -------
        LayerSummary
            The record the printers and views read.

        Examples
        --------
        >>> from symconv import Conv
        >>> summary = Conv([[[1, 2]]], (1, 4), padding=(1,), padding_mode="replicate").summary()
        >>> summary.kind, summary.padding, summary.padding_mode
        ('conv', ((1, 1),), 'replicate')
        """
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
        """Return the terms of one row of M at most: C/groups times the kernel's spatial size.

        Returns
        -------
        int
            The size of one window over every input channel of a group.

        Examples
        --------
        >>> from symconv import Conv, kernel
        >>> Conv(kernel((4, 3, 3, 3)), (3, 8, 8)).max_row_terms()
        27
        """
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
    """A transposed convolution with PyTorch's weight layout (C_in, C_out/groups, k...).

    Its matrix is the transpose of the matrix of the matching forward :class:`Conv`
    (:meth:`adjoint`). When ``output_padding >= stride`` (allowed when dilation is larger)
    that forward layer has more outputs than this layer has inputs; M is then the
    transpose of the forward matrix restricted to the rows of the first
    ``input_shape`` outputs of every axis.

    Parameters
    ----------
    kernel : array_like
        Shape (C_in, C_out/groups, k1[, k2[, k3]]), PyTorch's layout: numbers (kept exact)
        or SymPy expressions; a kernel of the spatial axes only means one channel in and out.
    input_shape : sequence of int
        (C_in, n1[, n2[, n3]]).
    stride : int or sequence of int, default 1
        An int, or one per spatial axis (>= 1).
    padding : int or sequence of int, default 0
        An int, or one per axis (>= 0): taken off both ends of every axis of the output.
    output_padding : int or sequence of int, default 0
        An int, or one per axis: added at the end of every axis of the output; smaller than
        the stride or the dilation.
    dilation : int or sequence of int, default 1
        An int, or one per spatial axis (>= 1).
    groups : int, default 1
        Number of channel groups (C_in must be a multiple of it).
    order : str, default "CHW"
        ``"CHW"`` or ``"HWC"`` (channels last).
    bias : array_like, optional
        C_out entries: y' = M x' + b. None (the default): no bias.

    Raises
    ------
    ShapeError
        If the kernel or the input shape has the wrong rank, the kernel's first axis is not
        C_in, or the bias has another number of entries than C_out.
    EntryError
        If an entry of the kernel or the bias is not a number or a SymPy expression.
    LayerError
        If an option is not valid: stride, padding, output padding or dilation out of
        range, groups that do not divide C_in, ``output_padding`` not smaller than stride
        or dilation, or padding so large that an axis would have no output.

    Notes
    -----
    Each axis has :math:`m = (n - 1) s - 2 p + d (k - 1) + a + 1` outputs (PyTorch's
    formula; :math:`a` is the output padding).

    Examples
    --------
    >>> from symconv import ConvTranspose
    >>> layer = ConvTranspose([[[1, 2]]], (1, 3), stride=2)
    >>> layer
    ConvTranspose([[[1, 2]]], (1, 3), stride=2)
    >>> layer.output_shape
    (1, 6)
    >>> layer.matrix() == layer.adjoint().matrix().T
    True
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

        Returns
        -------
        Conv
            The forward layer from this layer's output shape (with bias, order and
            ``output_padding`` left out).

        Examples
        --------
        >>> from symconv import ConvTranspose
        >>> ConvTranspose([[[1, 2]]], (1, 3), stride=2, output_padding=1).adjoint()
        Conv([[[1, 2]]], (1, 7), stride=2)
        """
        return Conv(
            self.kernel, self.output_shape, stride=self.stride, padding=self.padding, dilation=self.dilation,
            groups=self.groups, order=self.order,
        )

    @cached_property
    def pattern(self) -> Any:
        """The index pattern of M, computed once: the forward pattern transposed (a TransposedPattern).

        Examples
        --------
        >>> from symconv import ConvTranspose
        >>> rows, cols, taps = ConvTranspose([[[1, 2]]], (1, 2)).pattern.entries()
        >>> rows.tolist(), cols.tolist(), taps.tolist()
        ([0, 1, 1, 2], [0, 0, 1, 1], [0, 1, 0, 1])
        """
        return conv_transpose_pattern(self.input_shape, self.output_shape, self.kernel_size, stride=self.stride,
                                      dilation=self.dilation, padding=self.padding, groups=self.groups,
                                      order=self.order)

    def summary(self) -> LayerSummary:
        """Return what the layer is, as a plain record: kind ``"transpose"``, shapes, kernel, options and size formulas.

        Returns
        -------
        LayerSummary
            The record the printers and views read (``padding`` holds one int per axis).

        Examples
        --------
        >>> from symconv import ConvTranspose
        >>> summary = ConvTranspose([[[1, 2]]], (1, 3), stride=2, output_padding=1).summary()
        >>> summary.kind, summary.output_padding, summary.size_formulas[0].size
        ('transpose', (1,), 7)
        """
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
        """Return the terms of one row of M at most: C_in/groups times the kernel's spatial size.

        Returns
        -------
        int
            An output of a transposed layer is reached by at most every tap of every input
            channel of its group.

        Examples
        --------
        >>> from symconv import ConvTranspose, kernel
        >>> ConvTranspose(kernel((4, 2, 3, 3)), (4, 5, 5), groups=2).max_row_terms()
        18
        """
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
    """The layer ``second @ first``: apply ``first``, then ``second``; M = M2 M1 and b = M2 b1 + b2.

    Made by ``second @ first``; products of products flatten into one list of
    :attr:`factors`. It has the methods of every layer.

    Parameters
    ----------
    first : Layer
        The layer applied first.
    second : Layer
        The layer applied second; its input shape must be ``first``'s output shape.

    Attributes
    ----------
    first : Layer
        The layer applied first.
    second : Layer
        The layer applied second.

    Raises
    ------
    LayerError
        If the layers do not chain: ``first``'s output shape is not ``second``'s input
        shape, or their orders differ.

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
        """The layers in the order they are applied (products of products flattened).

        Examples
        --------
        >>> from symconv import Conv
        >>> both = Conv([[[1, 1]]], (1, 2)) @ Conv([[[1, 1]]], (1, 3))
        >>> [factor.input_shape for factor in both.factors]
        [(1, 3), (1, 2)]
        """
        return (*self.first.factors, *self.second.factors)

    def terms(self) -> int:
        """Return an upper bound on the work of forming M2 M1: every term of M2 meets at most a row of M1.

        Returns
        -------
        int
            ``second.terms() * first.max_row_terms()``.

        Examples
        --------
        >>> from symconv import Conv
        >>> (Conv([[[1, 1]]], (1, 2)) @ Conv([[[1, 1]]], (1, 3))).terms()
        4
        """
        return self.second.terms() * self.first.max_row_terms()

    def max_row_terms(self) -> int:
        """Return an upper bound on the terms of one row of M2 M1: the product of the factors' bounds.

        Returns
        -------
        int
            ``second.max_row_terms() * first.max_row_terms()``.

        Examples
        --------
        >>> from symconv import Conv
        >>> (Conv([[[1, 1]]], (1, 2)) @ Conv([[[1, 1]]], (1, 3))).max_row_terms()
        4
        """
        return self.second.max_row_terms() * self.first.max_row_terms()

    @cached_property
    def _product(self) -> tuple[ExplicitPattern, list[sympy.Expr]]:
        from .matrices import product_entries

        rows, cols, values = product_entries(self.second, self.first)
        return ExplicitPattern(rows, cols, self.matrix_shape), values

    @property
    def pattern(self) -> ExplicitPattern:  # type: ignore[override]
        """The pattern of M2 M1 (:class:`~symconv.pattern.ExplicitPattern`): entry e holds ``values[e]``.

        Examples
        --------
        >>> from symconv import Conv
        >>> rows, cols, _ = (Conv([[[1, 1]]], (1, 2)) @ Conv([[[1, 1]]], (1, 3))).pattern.entries()
        >>> rows.tolist(), cols.tolist()
        ([0, 0, 0], [0, 1, 2])
        """
        return self._product[0]

    @property
    def values(self) -> list[sympy.Expr]:  # type: ignore[override]
        """The nonzero entries of M2 M1, in the order of :attr:`pattern` (formed once, sparsely).

        Examples
        --------
        >>> from symconv import Conv
        >>> (Conv([[[1, 1]]], (1, 2)) @ Conv([[[1, 1]]], (1, 3))).values
        [1, 2, 1]
        """
        return self._product[1]

    @property
    def bias_vector(self) -> list[sympy.Expr] | None:
        """b = M2 b1 + b2 (None when neither layer has a bias; formed once, a new list each time).

        Examples
        --------
        >>> from symconv import Conv
        >>> (Conv([[[1, 1]]], (1, 2), bias=[3]) @ Conv([[[1, 1]]], (1, 3), bias=[1])).bias_vector
        [5]
        """
        return None if self._bias is None else list(self._bias)

    def bias_entry(self, row: int) -> sympy.Expr | None:
        """Return ``bias_vector[row]``.

        Parameters
        ----------
        row : int
            The row s of M2 M1.

        Returns
        -------
        sympy.Expr or None
            b_s (None when neither layer has a bias).

        Examples
        --------
        >>> from symconv import Conv
        >>> (Conv([[[1, 1]]], (1, 2), bias=[3]) @ Conv([[[1, 1]]], (1, 3), bias=[1])).bias_entry(0)
        5
        """
        return None if self._bias is None else self._bias[row]

    @cached_property
    def _bias(self) -> tuple[sympy.Expr, ...] | None:
        from .matrices import chained_bias

        bias = chained_bias(self.second, self.first)
        return None if bias is None else tuple(bias)

    def summary(self) -> LayerSummary:
        """Return what the product is: kind ``"product"``, its shapes, and the summary of every factor.

        Returns
        -------
        LayerSummary
            A record without a kernel of its own; ``factors`` holds the factors' summaries.

        Examples
        --------
        >>> from symconv import Conv
        >>> summary = (Conv([[[1, 1]]], (1, 2)) @ Conv([[[1, 1]]], (1, 3))).summary()
        >>> summary.kind, [factor.kind for factor in summary.factors]
        ('product', ['conv', 'conv'])
        """
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
        return (tuple(value.shape), tuple(value.args[0]))  # the flat entries, as stored
    if isinstance(value, list):
        return tuple(value)
    return value
