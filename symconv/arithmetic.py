r"""Convolution arithmetic: per-axis options, padding rules and output sizes (PyTorch's).

Notes
-----
For input size :math:`n`, kernel size :math:`k`, stride :math:`s`, dilation
:math:`d` and padding :math:`p_0` before and :math:`p_1` after, a convolution has

.. math:: m = \left\lfloor \frac{n + p_0 + p_1 - d (k - 1) - 1}{s} \right\rfloor + 1

outputs, and a transposed convolution with symmetric padding :math:`p` and output
padding :math:`a` has :math:`m = (n - 1) s - 2 p + d (k - 1) + a + 1`.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from typing import Any

from .entries import LARGEST_SIZE
from .errors import LayerError

PADDING_MODES = ("zeros", "circular", "reflect", "replicate")
PADDING_WORDS = ("valid", "same", "full")

Pairs = tuple[tuple[int, int], ...]


def _is_int(value: Any) -> bool:
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _check_largest(name: str, value: Any, items: Any) -> None:
    for item in items:
        if int(item) > LARGEST_SIZE:
            raise LayerError(f"{name} {value!r} holds {int(item)}, larger than the largest supported value "
                             f"{LARGEST_SIZE}")


def per_axis(name: str, value: Any, ndim: int, minimum: int) -> tuple[int, ...]:
    """Return an option as one int per spatial axis (an int applies to every axis).

    Parameters
    ----------
    name : str
        The option's name (``"stride"``, ``"dilation"``, ...), quoted in an error message.
    value : int or sequence of int
        One int for every axis, or one int per axis (a tuple or a list).
    ndim : int
        The number of spatial axes of the layer (1 to 3).
    minimum : int
        The smallest value allowed on an axis (1 for stride and dilation, 0 for padding).

    Returns
    -------
    tuple of int
        ``ndim`` ints, each at least ``minimum``.

    Raises
    ------
    LayerError
        If ``value`` is not an int or a tuple or list of ints (a bool is not an int), has
        another number of entries than ``ndim``, holds a value below ``minimum``, or holds a
        value larger than the largest supported size (:data:`symconv.entries.LARGEST_SIZE`).

    Examples
    --------
    >>> from symconv.arithmetic import per_axis
    >>> per_axis("stride", 2, 2, 1), per_axis("stride", (1, 2), 2, 1)
    ((2, 2), (1, 2))
    >>> per_axis("stride", (1, 2), 1, 1)
    Traceback (most recent call last):
    ...
    symconv.errors.LayerError: stride (1, 2) has 2 entries; the layer has 1 spatial dimension(s)
    """
    items = (value,) * ndim if _is_int(value) else value
    if not isinstance(items, (tuple, list)) or not all(_is_int(v) for v in items):
        raise LayerError(f"{name} must be an int or a tuple of {ndim} ints, got {value!r}")
    if len(items) != ndim:
        raise LayerError(f"{name} {value!r} has {len(items)} entries; the layer has {ndim} spatial dimension(s)")
    if any(int(v) < minimum for v in items):
        raise LayerError(f"{name} must be >= {minimum} in every dimension, got {value!r}")
    _check_largest(name, value, items)
    return tuple(int(v) for v in items)


def padding_pairs(padding: Any, ndim: int, kernel_size: tuple[int, ...], dilation: tuple[int, ...],
                  stride: tuple[int, ...]) -> Pairs:
    r"""Return padding as one ``(before, after)`` pair per spatial axis.

    Parameters
    ----------
    padding : int or sequence or str
        An int (the same on both sides of every axis); one int per axis (symmetric); one
        ``(before, after)`` pair per axis (``((1, 2),)`` in 1-D), ints and pairs mixed
        freely; or one of the words ``"valid"`` (no padding), ``"same"`` (the output has the
        input's size: PyTorch's rule, the odd extra goes after) and ``"full"`` (every
        partial overlap of kernel and input).
    ndim : int
        The number of spatial axes.
    kernel_size : tuple of int
        The kernel's spatial sizes (used by ``"same"`` and ``"full"``).
    dilation : tuple of int
        The dilation per axis (used by ``"same"`` and ``"full"``).
    stride : tuple of int
        The stride per axis (``"same"`` needs stride 1 on every axis, as in PyTorch).

    Returns
    -------
    tuple of tuple of int
        ``((before, after), ...)``, one pair per axis, every value >= 0.

    Raises
    ------
    LayerError
        If ``padding`` is a word other than the three, ``"same"`` with a stride other than
        1, a negative value, a value beyond the largest supported size, or a sequence of
        another length than ``ndim`` (in 1-D, ``(1, 2)`` is refused with a hint to write
        ``((1, 2),)``).

    Notes
    -----
    With dilation :math:`d` and kernel size :math:`k` the dilated kernel spans
    :math:`d (k - 1) + 1` positions. ``"same"`` pads :math:`t = d (k - 1)` in all,
    :math:`\lfloor t / 2 \rfloor` before and the rest after; ``"full"`` pads :math:`t`
    on both sides.

    Examples
    --------
    >>> from symconv.arithmetic import padding_pairs
    >>> padding_pairs("same", 1, (4,), (1,), (1,))
    ((1, 2),)
    >>> padding_pairs((1, (0, 2)), 2, (3, 3), (1, 1), (1, 1))
    ((1, 1), (0, 2))
    """
    if isinstance(padding, str):
        if padding == "valid":
            return ((0, 0),) * ndim
        if padding == "same":
            if any(s != 1 for s in stride):
                raise LayerError(
                    f"padding='same' needs stride 1 (as in PyTorch), got stride {stride}; "
                    "give the padding explicitly instead"
                )
            totals = [d * (k - 1) for k, d in zip(kernel_size, dilation)]
            return tuple((t // 2, t - t // 2) for t in totals)
        if padding == "full":
            return tuple((d * (k - 1), d * (k - 1)) for k, d in zip(kernel_size, dilation))
        raise LayerError(f"padding {padding!r} is not known; expected an int, a tuple, or one of {PADDING_WORDS}")
    if _is_int(padding):
        if padding < 0:
            raise LayerError(f"padding must be >= 0, got {padding!r}")
        _check_largest("padding", padding, [padding])
        return ((int(padding), int(padding)),) * ndim
    if isinstance(padding, (tuple, list)) and len(padding) == ndim:
        pairs = []
        for item in padding:
            if _is_int(item):
                pair = (int(item), int(item))
            elif isinstance(item, (tuple, list)) and len(item) == 2 and all(_is_int(v) for v in item):
                pair = (int(item[0]), int(item[1]))
            else:
                raise LayerError(
                    f"padding {padding!r} must hold an int or a (before, after) pair per dimension, got {item!r}"
                )
            if min(pair) < 0:
                raise LayerError(f"padding must be >= 0 in every dimension, got {padding!r}")
            _check_largest("padding", padding, pair)
            pairs.append(pair)
        return tuple(pairs)
    hint = (f"; for padding before and after one axis write (({padding[0]}, {padding[1]}),)"
            if ndim == 1 and isinstance(padding, (tuple, list)) and len(padding) == 2 else "")
    raise LayerError(
        f"padding {padding!r} must be an int, {ndim} int(s), {ndim} (before, after) pair(s), or one of "
        f"{PADDING_WORDS}{hint}"
    )


def conv_output_size(n: int, k: int, stride: int, dilation: int, before: int, after: int) -> int:
    r"""Return the output size of one axis of a convolution.

    Parameters
    ----------
    n : int
        The input size.
    k : int
        The kernel size.
    stride : int
        The stride s.
    dilation : int
        The dilation d.
    before : int
        The padding before the input, :math:`p_0`.
    after : int
        The padding after the input, :math:`p_1`.

    Returns
    -------
    int
        :math:`\lfloor (n + p_0 + p_1 - d (k - 1) - 1) / s \rfloor + 1`, PyTorch's output size
        (at least 1 when the dilated kernel fits the padded input).

    Examples
    --------
    >>> from symconv.arithmetic import conv_output_size
    >>> conv_output_size(3, 2, 1, 1, 0, 0)
    2
    >>> conv_output_size(5, 3, 2, 1, 1, 1)
    3
    """
    return (n + before + after - dilation * (k - 1) - 1) // stride + 1


def transpose_output_size(n: int, k: int, stride: int, dilation: int, padding: int, output_padding: int) -> int:
    """Return the output size of one axis of a transposed convolution (PyTorch's formula).

    Parameters
    ----------
    n : int
        The input size.
    k : int
        The kernel size.
    stride : int
        The stride s.
    dilation : int
        The dilation d.
    padding : int
        The padding p (taken off both ends of the output).
    output_padding : int
        The output padding a (added at the end of the output).

    Returns
    -------
    int
        :math:`(n - 1) s - 2 p + d (k - 1) + a + 1`; it may be below 1 for too much padding
        (:class:`~symconv.ConvTranspose` refuses such a layer).

    Examples
    --------
    >>> from symconv.arithmetic import transpose_output_size
    >>> transpose_output_size(2, 2, 1, 1, 0, 0)
    3
    >>> transpose_output_size(3, 2, 2, 1, 0, 0)
    6
    """
    return (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1


@dataclass(frozen=True)
class SizeFormula:
    r"""The output size of one axis, as the formula with its numbers (a record for the printers).

    ``transposed`` says which formula: :math:`\lfloor (n + p_0 + p_1 - d(k-1) - 1) / s \rfloor + 1`
    for a convolution, :math:`(n-1)s - 2p + d(k-1) + a + 1` for a transposed one (``pad_before``
    = ``pad_after`` = p, ``output_padding`` = a). A layer's summary holds one per axis
    (:attr:`symconv.protocol.LayerSummary.size_formulas`).

    Parameters
    ----------
    axis : int
        The spatial axis, from 0 (printed ``m1`` for axis 0).
    transposed : bool
        True for a transposed convolution's formula.
    n : int
        The input size.
    k : int
        The kernel size.
    stride : int
        The stride s.
    dilation : int
        The dilation d.
    pad_before : int
        The padding before the input (p for a transposed convolution).
    pad_after : int
        The padding after the input (p again for a transposed convolution).
    output_padding : int
        The output padding a (0 for a convolution).
    size : int
        The output size the layer has.

    Examples
    --------
    >>> from symconv.arithmetic import SizeFormula
    >>> formula = SizeFormula(axis=0, transposed=False, n=5, k=3, stride=2, dilation=1, pad_before=1,
    ...                       pad_after=1, output_padding=0, size=3)
    >>> formula.evaluate() == formula.size
    True
    >>> from symconv import Conv
    >>> Conv([[[1, 2]]], (1, 4), stride=2).summary().size_formulas[0].size
    2
    """

    axis: int
    transposed: bool
    n: int
    k: int
    stride: int
    dilation: int
    pad_before: int
    pad_after: int
    output_padding: int
    size: int

    def evaluate(self) -> int:
        """Return the size recomputed from the formula's own numbers.

        Returns
        -------
        int
            :func:`conv_output_size` or :func:`transpose_output_size` of the record's numbers;
            equal to ``size`` for every formula symconv makes.

        Examples
        --------
        >>> from symconv.arithmetic import SizeFormula
        >>> SizeFormula(0, True, n=3, k=2, stride=2, dilation=1, pad_before=0, pad_after=0, output_padding=1,
        ...             size=7).evaluate()
        7
        """
        if self.transposed:
            return transpose_output_size(self.n, self.k, self.stride, self.dilation, self.pad_before,
                                         self.output_padding)
        return conv_output_size(self.n, self.k, self.stride, self.dilation, self.pad_before, self.pad_after)


def check_choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise a ``LayerError`` listing them.

    Parameters
    ----------
    name : str
        The option's name, quoted in the error message (``"padding_mode"``).
    value : object
        The value given.
    choices : tuple of str
        The values allowed.

    Returns
    -------
    str
        ``value`` itself.

    Raises
    ------
    LayerError
        If ``value`` is not a string among ``choices``.

    Examples
    --------
    >>> from symconv.arithmetic import check_choice
    >>> check_choice("order", "HWC", ("CHW", "HWC"))
    'HWC'
    >>> check_choice("order", "NCHW", ("CHW", "HWC"))
    Traceback (most recent call last):
    ...
    symconv.errors.LayerError: order 'NCHW' is not known; expected one of 'CHW', 'HWC'
    """
    if not isinstance(value, str) or value not in choices:
        raise LayerError(f"{name} {value!r} is not known; expected one of {', '.join(map(repr, choices))}")
    return value
