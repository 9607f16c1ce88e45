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

    Examples
    --------
    >>> per_axis("stride", 2, 2, 1), per_axis("stride", (1, 2), 2, 1)
    ((2, 2), (1, 2))
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
    """Return padding as ``((before, after), ...)`` per axis.

    Accepts an int, a tuple of ints (symmetric per axis, one per axis), a tuple of
    (before, after) pairs (one per axis: ``((1, 2),)`` in 1-D), or ``"valid"``, ``"same"``
    (PyTorch's rule: the odd extra goes after) and ``"full"``.

    Examples
    --------
    >>> padding_pairs("same", 1, (4,), (1,), (1,))
    ((1, 2),)
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
    """Return the output size of one axis of a convolution.

    Examples
    --------
    >>> conv_output_size(3, 2, 1, 1, 0, 0)
    2
    """
    return (n + before + after - dilation * (k - 1) - 1) // stride + 1


def transpose_output_size(n: int, k: int, stride: int, dilation: int, padding: int, output_padding: int) -> int:
    """Return the output size of one axis of a transposed convolution (PyTorch's formula).

    Examples
    --------
    >>> transpose_output_size(2, 2, 1, 1, 0, 0)
    3
    """
    return (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1


@dataclass(frozen=True)
class SizeFormula:
    r"""The output size of one axis, as the formula with its numbers (a record for the printers).

    ``transposed`` says which formula: :math:`\lfloor (n + p_0 + p_1 - d(k-1) - 1) / s \rfloor + 1` for a
    convolution, :math:`(n-1)s - 2p + d(k-1) + a + 1` for a transposed one (``pad_before`` =
    ``pad_after`` = p, ``output_padding`` = a).

    Examples
    --------
    >>> formula = SizeFormula(axis=0, transposed=False, n=5, k=3, stride=2, dilation=1, pad_before=1,
    ...                       pad_after=1, output_padding=0, size=3)
    >>> formula.evaluate() == formula.size
    True
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
        """Recompute the size from the formula's own numbers."""
        if self.transposed:
            return transpose_output_size(self.n, self.k, self.stride, self.dilation, self.pad_before,
                                         self.output_padding)
        return conv_output_size(self.n, self.k, self.stride, self.dilation, self.pad_before, self.pad_after)


def check_choice(name: str, value: Any, choices: tuple[str, ...]) -> str:
    """Return ``value`` if it is one of ``choices``, else raise a ``LayerError`` listing them."""
    if not isinstance(value, str) or value not in choices:
        raise LayerError(f"{name} {value!r} is not known; expected one of {', '.join(map(repr, choices))}")
    return value
