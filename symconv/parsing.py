r"""Read shapes, values and options from text (the CLI), without ever evaluating it.

Numbers are read with :class:`fractions.Fraction` (``3``, ``-2``, ``1/2``, ``0.25``
are exact); names must look like symbols (a letter, then letters, digits, ``_``,
braces and commas, e.g. ``a``, ``w1``, ``K_{0,1}``). Anything else is refused with
a :class:`ValueError` that quotes the text.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

import sympy

from .errors import ShapeError

_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)(/\d+)?$")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*(\{[0-9A-Za-z,]*\})?$")


def parse_shape(text: str, *, argument: str) -> tuple[int, ...]:
    """Parse ``"1x3x3"`` (or ``"1,3,3"``) into a tuple of positive ints.

    Examples
    --------
    >>> parse_shape("2x1x2x2", argument="--kernel-shape")
    (2, 1, 2, 2)
    """
    parts = re.split(r"[x,×]", text.strip())
    if not parts or not all(re.fullmatch(r"\d+", p.strip()) for p in parts):
        raise ShapeError(f"{argument} {text!r} is not a shape; expected sizes joined by 'x', e.g. 1x3x3")
    shape = tuple(int(p) for p in parts)
    if any(size < 1 for size in shape):
        raise ShapeError(f"{argument} {text!r} has a size below 1; every size must be a positive integer")
    return shape


def parse_entry(token: str, *, argument: str) -> sympy.Expr:
    """Parse one number or symbol name.

    Examples
    --------
    >>> parse_entry("1/2", argument="v"), parse_entry("0.25", argument="v"), parse_entry("w1", argument="v")
    (1/2, 1/4, w1)
    """
    if _NUMBER.match(token):
        try:
            value = Fraction(token)
        except (ValueError, ZeroDivisionError):
            raise ShapeError(f"{argument} entry {token!r} is not a number") from None
        return sympy.Rational(value.numerator, value.denominator)
    if _NAME.match(token):
        return sympy.Symbol(token)
    raise ShapeError(
        f"{argument} entry {token!r} is neither a number (3, -2, 1/2, 0.25) nor a symbol name (a, w1, K_{{0,1}})"
    )


def parse_values(text: str, count: int, *, argument: str) -> list[sympy.Expr]:
    """Parse ``count`` comma- or space-separated entries (row-major).

    Examples
    --------
    >>> parse_values("1, 2 3,-1/2", 4, argument="--kernel-values")
    [1, 2, 3, -1/2]
    """
    tokens = [t for t in re.split(r"[,\s]+(?![^{]*\})", text.strip()) if t]
    if len(tokens) != count:
        raise ShapeError(f"{argument} has {len(tokens)} entries; the shape needs {count}")
    return [parse_entry(t, argument=argument) for t in tokens]


def parse_per_axis(text: str, *, argument: str) -> int | tuple[int, ...]:
    """Parse ``"2"`` or ``"2x1"``/``"2,1"`` into an int or one int per axis.

    Examples
    --------
    >>> parse_per_axis("2", argument="--stride"), parse_per_axis("2x1", argument="--stride")
    (2, (2, 1))
    """
    parts = re.split(r"[x,]", text.strip())
    if not all(re.fullmatch(r"\d+", p) for p in parts):
        raise ShapeError(f"{argument} {text!r} is not a non-negative integer or integers joined by 'x', e.g. 2 or 2x1")
    values = tuple(int(p) for p in parts)
    return values[0] if len(values) == 1 else values


def parse_padding(text: str) -> Any:
    """Parse padding: ``1``, ``1x2``, ``valid``/``same``/``full``, or ``1:2,0:1`` (before:after per axis).

    Examples
    --------
    >>> parse_padding("same"), parse_padding("1x2"), parse_padding("1:2,0:1")
    ('same', (1, 2), ((1, 2), (0, 1)))
    """
    stripped = text.strip()
    if stripped in ("valid", "same", "full"):
        return stripped
    if ":" in stripped:
        pairs = []
        for part in stripped.split(","):
            match = re.fullmatch(r"(\d+):(\d+)", part.strip())
            if not match:
                raise ShapeError(f"--padding {text!r} is not before:after pairs, e.g. 1:2,0:1")
            pairs.append((int(match.group(1)), int(match.group(2))))
        return tuple(pairs)
    return parse_per_axis(stripped, argument="--padding")
