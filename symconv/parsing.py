r"""Read shapes, values and options from text (the CLI), without ever evaluating it.

Numbers are read with :class:`fractions.Fraction`, so they are exact: ``3``, ``-2``,
``1/2``, ``0.25``, ``1e3``, ``2.5e-1``. ``nan`` and ``inf`` are refused. Names follow
the grammar of :mod:`symconv.symbols` (``a``, ``w1``, ``x_0``, ``K_{0,1}``); lists are
split by a tokenizer that keeps commas inside braces. Anything else is refused with a
:class:`~symconv.errors.SymconvError` (a ``ValueError``) that quotes the text and names
the flag.
"""

from __future__ import annotations

import re
from fractions import Fraction
from typing import Any

import sympy

from .entries import LARGEST_SIZE
from .errors import ShapeError
from .symbols import is_math_name

MAX_NUMBER_LENGTH = 1000
"""The longest number read from text, in characters."""

_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?(/\d+)?")
_SIZE_DIGITS = len(str(LARGEST_SIZE))


def _plural(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


def tokens(text: str, *, argument: str) -> list[str]:
    """Return the items of a list split at commas and whitespace outside braces (``x_{0,1}`` stays one token).

    Parameters
    ----------
    text : str
        The list, as the command line gives it.
    argument : str
        The flag the text comes from (``"--input-values"``), for the message.

    Returns
    -------
    list of str
        The items; empty items (two commas in a row) are dropped.

    Raises
    ------
    ShapeError
        If a brace is unmatched.

    Examples
    --------
    >>> from symconv.parsing import tokens
    >>> tokens("1, 2 x_{0,1},,w", argument="--input-values")
    ['1', '2', 'x_{0,1}', 'w']
    """
    found: list[str] = []
    current: list[str] = []
    depth = 0
    for position, character in enumerate(text):
        depth += {"{": 1, "}": -1}.get(character, 0)
        if depth < 0:
            raise ShapeError(f"{argument} has an unmatched '}}' at character {position + 1}")
        if depth == 0 and (character == "," or character.isspace()):
            found.append("".join(current))
            current = []
        else:
            current.append(character)
    if depth:
        raise ShapeError(f"{argument} has an unmatched '{{'; close every brace")
    found.append("".join(current))
    return [token for token in found if token]


def _integer(text: str, *, argument: str, whole: str, minimum: int) -> int:
    """One integer of a size or option, refused before conversion if it has too many digits."""
    stripped = text.strip()
    if not re.fullmatch(r"\d+", stripped):
        raise ShapeError(f"{argument} {whole!r}: {stripped!r} is not a whole number")
    if len(stripped.lstrip("0")) > _SIZE_DIGITS or int(stripped) > LARGEST_SIZE:
        raise ShapeError(f"{argument} {_short(whole)}: {_short(stripped)} is larger than the largest supported value "
                         f"{LARGEST_SIZE}")
    value = int(stripped)
    if value < minimum:
        raise ShapeError(f"{argument} {whole!r}: {value} is below {minimum}; every value must be at least {minimum}")
    return value


def _short(text: str) -> str:
    return repr(text) if len(text) <= 40 else repr(text[:37] + "...")


def parse_shape(text: str, *, argument: str) -> tuple[int, ...]:
    """Return the shape written ``"1x3x3"`` (or ``"1,3,3"``) as a tuple of positive ints.

    Parameters
    ----------
    text : str
        Sizes joined by ``x``, ``×`` or ``,``.
    argument : str
        The flag the text comes from, for the message.

    Returns
    -------
    tuple of int
        The sizes.

    Raises
    ------
    ShapeError
        If a part is not a whole number, is 0, or is larger than the largest supported size.

    Examples
    --------
    >>> from symconv.parsing import parse_shape
    >>> parse_shape("2x1x2x2", argument="--kernel-shape")
    (2, 1, 2, 2)
    >>> parse_shape("1x3.5", argument="--input-shape")
    Traceback (most recent call last):
    ...
    symconv.errors.ShapeError: --input-shape '1x3.5' is not a shape; expected sizes joined by 'x', e.g. 1x3x3
    """
    parts = re.split(r"[x,×]", text.strip())
    if not all(re.fullmatch(r"\s*\d+\s*", p) for p in parts):
        raise ShapeError(f"{argument} {_short(text)} is not a shape; expected sizes joined by 'x', e.g. 1x3x3")
    return tuple(_integer(p, argument=argument, whole=text, minimum=1) for p in parts)


def parse_entry(token: str, *, argument: str) -> sympy.Expr:
    """Return one number or symbol name read from text (a number exactly, never evaluated).

    Parameters
    ----------
    token : str
        A number (``3``, ``-2``, ``1/2``, ``0.25``, ``1e3``, ``2.5e-1``) or a name in the
        grammar of :mod:`symconv.symbols` (``a``, ``w1``, ``x_0``, ``K_{0,1}``).
    argument : str
        The flag the token comes from, for the message.

    Returns
    -------
    sympy.Expr
        A SymPy ``Rational`` (read with :class:`fractions.Fraction`) or ``Symbol``.

    Raises
    ------
    ShapeError
        If the token is neither, divides by zero, is not finite (``nan``, ``inf``), or is a
        number longer than :data:`MAX_NUMBER_LENGTH` characters or with a larger exponent.

    Examples
    --------
    >>> from symconv.parsing import parse_entry
    >>> [parse_entry(t, argument="v") for t in ["1/2", "0.25", "-1e3", "2.5e-1", "w1", "K_{0,1}"]]
    [1/2, 1/4, -1000, 1/4, w1, K_{0,1}]
    >>> parse_entry("1/0", argument="--kernel-values")
    Traceback (most recent call last):
    ...
    symconv.errors.ShapeError: --kernel-values entry '1/0' divides by zero
    """
    if _NUMBER.fullmatch(token):
        if len(token) > MAX_NUMBER_LENGTH:
            raise ShapeError(f"{argument} entry {_short(token)} has {len(token)} characters; numbers of at most "
                             f"{MAX_NUMBER_LENGTH} characters are read")
        number, _, denominator = token.partition("/")
        exponent = re.search(r"[eE]([+-]?\d+)", number)
        if exponent and abs(int(exponent.group(1))) > MAX_NUMBER_LENGTH:
            raise ShapeError(f"{argument} entry {_short(token)} has an exponent beyond {MAX_NUMBER_LENGTH}")
        if denominator and int(denominator) == 0:
            raise ShapeError(f"{argument} entry {token!r} divides by zero")
        value = Fraction(number) / (Fraction(int(denominator)) if denominator else 1)
        return sympy.Rational(value.numerator, value.denominator)
    if token.lower().lstrip("+-") in ("nan", "inf", "infinity"):
        raise ShapeError(f"{argument} entry {token!r} is not a finite number; give finite numbers or names")
    if is_math_name(token):
        return sympy.Symbol(token)
    raise ShapeError(
        f"{argument} entry {_short(token)} is neither a number (3, -2, 1/2, 0.25, 1e3) nor a symbol name "
        "(a, w1, x_0, K_{0,1})"
    )


def parse_values(text: str, count: int, *, argument: str) -> list[sympy.Expr]:
    """Return ``count`` comma- or space-separated entries (row-major); commas inside braces stay in a name.

    Parameters
    ----------
    text : str
        The entries.
    count : int
        How many entries the shape needs.
    argument : str
        The flag the text comes from, for the message.

    Returns
    -------
    list of sympy.Expr
        The entries, read by :func:`parse_entry`.

    Raises
    ------
    ShapeError
        If there are not ``count`` entries, or an entry cannot be read.

    Examples
    --------
    >>> from symconv.parsing import parse_values
    >>> parse_values("1, 2 3,-1/2", 4, argument="--kernel-values")
    [1, 2, 3, -1/2]
    >>> parse_values("x_{0,0}, x_{0,1}", 2, argument="--input-values")
    [x_{0,0}, x_{0,1}]
    """
    found = tokens(text, argument=argument)
    if len(found) != count:
        raise ShapeError(f"{argument} has {_plural(len(found), 'entry', 'entries')}; the shape needs {count}")
    return [parse_entry(token, argument=argument) for token in found]


def parse_per_axis(text: str, *, argument: str, minimum: int = 1) -> int | tuple[int, ...]:
    """Return ``"2"`` or ``"2x1"``/``"2,1"`` as an int or one int per axis.

    Parameters
    ----------
    text : str
        One whole number, or several joined by ``x`` or ``,``.
    argument : str
        The flag the text comes from, for the message.
    minimum : int, default 1
        The smallest value allowed (0 for padding).

    Returns
    -------
    int or tuple of int
        One int for one number, else a tuple.

    Raises
    ------
    ShapeError
        If a part is not a whole number, is below ``minimum``, or is larger than the largest
        supported value.

    Examples
    --------
    >>> from symconv.parsing import parse_per_axis
    >>> parse_per_axis("2", argument="--stride"), parse_per_axis("2x1", argument="--stride")
    (2, (2, 1))
    """
    parts = re.split(r"[x,]", text.strip())
    if not all(re.fullmatch(r"\s*\d+\s*", p) for p in parts):
        least = "a positive whole number" if minimum >= 1 else "a whole number (0 or more)"
        raise ShapeError(f"{argument} {_short(text)} is not {least} or such numbers joined by 'x', e.g. 2 or 2x1")
    values = tuple(_integer(p, argument=argument, whole=text, minimum=minimum) for p in parts)
    return values[0] if len(values) == 1 else values


def parse_padding(text: str, ndim: int) -> Any:
    """Return padding read from ``1``, ``1x2`` (one per axis), ``valid``/``same``/``full`` or ``1:2,0:1`` (pairs).

    ``1x2`` means one value per axis, so a 1-D layer refuses it: uneven padding is written
    ``1:2``.

    Parameters
    ----------
    text : str
        The text of ``--padding``.
    ndim : int
        The number of spatial axes of the layer.

    Returns
    -------
    int or tuple or str
        An int, one int per axis, one ``(before, after)`` pair per axis, or the word:
        what :class:`~symconv.Conv` takes as ``padding``.

    Raises
    ------
    ShapeError
        If the text is none of these, or gives another number of values or pairs than ``ndim``.

    Examples
    --------
    >>> from symconv.parsing import parse_padding
    >>> parse_padding("same", 2), parse_padding("1x2", 2), parse_padding("1:2,0:1", 2), parse_padding("1:2", 1)
    ('same', (1, 2), ((1, 2), (0, 1)), ((1, 2),))
    """
    stripped = text.strip()
    if stripped in ("valid", "same", "full"):
        return stripped
    if ":" in stripped:
        pairs = []
        for part in stripped.split(","):
            match = re.fullmatch(r"\s*(\d+)\s*:\s*(\d+)\s*", part)
            if not match:
                raise ShapeError(f"--padding {_short(text)} is not before:after pairs, e.g. 1:2,0:1")
            pairs.append(tuple(_integer(v, argument="--padding", whole=text, minimum=0) for v in match.groups()))
        if len(pairs) != ndim:
            raise ShapeError(f"--padding {text!r} has {_plural(len(pairs), 'pair', 'pairs')} but the layer has "
                             f"{_plural(ndim, 'spatial axis', 'spatial axes')}; give one before:after pair per axis")
        return tuple(pairs)
    value = parse_per_axis(stripped, argument="--padding", minimum=0)
    if isinstance(value, tuple) and len(value) != ndim:
        hint = f"; for padding before:after on one axis write {value[0]}:{value[1]}" if ndim == 1 and len(value) == 2 \
            else ""
        raise ShapeError(f"--padding {text!r} has {len(value)} values but the layer has "
                         f"{_plural(ndim, 'spatial axis', 'spatial axes')}{hint}")
    return value


def parse_nested(text: str, *, argument: str) -> list[Any]:
    """Return nested brackets of numbers and names, ``[[0, 1], [2, 3]]``, as nested lists (never evaluated).

    Parameters
    ----------
    text : str
        Brackets, commas, numbers and names, nested at most 5 deep.
    argument : str
        The flag the text comes from, for the message.

    Returns
    -------
    list
        Nested lists of SymPy entries (read by :func:`parse_entry`), rectangular.

    Raises
    ------
    ShapeError
        If the text is not such brackets (a missing or misplaced comma, an unmatched
        bracket, text after the end), is nested deeper than 5, or is ragged.

    Examples
    --------
    >>> from symconv.parsing import parse_nested
    >>> parse_nested("[[0, 1], [2, 1/2]]", argument="--kernel")
    [[0, 1], [2, 1/2]]
    >>> parse_nested("[[0, 1], [2]]", argument="--kernel")
    Traceback (most recent call last):
    ...
    symconv.errors.ShapeError: --kernel '[[0, 1], [2]]' is ragged: every list at one depth must have the same length
    """
    pieces = re.findall(r"\[|\]|[^\[\],\s]+|,|\s+", text)
    if "".join(pieces) != text:
        raise ShapeError(f"{argument} {_short(text)} is not nested brackets such as [[0, 1], [2, 3]]")
    stack: list[list[Any]] = []
    result: list[Any] | None = None
    expect_item = True
    for position, piece in enumerate(p for p in pieces if not p.isspace()):
        if result is not None:
            raise ShapeError(f"{argument} {_short(text)} has text after its closing bracket")
        if piece == "[":
            if not expect_item:
                raise ShapeError(f"{argument} {_short(text)}: a comma is missing before item {position + 1}")
            if len(stack) >= 5:
                raise ShapeError(f"{argument} {_short(text)} is nested deeper than 5 levels")
            stack.append([])
            expect_item = True
        elif piece == "]":
            if not stack:
                raise ShapeError(f"{argument} {_short(text)} has an unmatched ']'")
            done = stack.pop()
            if stack:
                stack[-1].append(done)
            else:
                result = done
            expect_item = False
        elif piece == ",":
            if expect_item or not stack:
                raise ShapeError(f"{argument} {_short(text)} has a misplaced comma")
            expect_item = True
        else:
            if not stack or not expect_item:
                raise ShapeError(f"{argument} {_short(text)}: {piece!r} must sit inside brackets, after a comma")
            stack[-1].append(parse_entry(piece, argument=argument))
            expect_item = False
    if result is None or stack:
        raise ShapeError(f"{argument} {_short(text)} has an unclosed '['; close every bracket")
    _check_rectangular(result, text, argument)
    return result


def _check_rectangular(value: Any, text: str, argument: str) -> None:
    levels: list[list[Any]] = [[value]]
    while any(isinstance(item, list) for item in levels[-1]):
        level = levels[-1]
        if not all(isinstance(item, list) for item in level) or len({len(item) for item in level}) != 1 or \
                not level[0]:
            raise ShapeError(f"{argument} {_short(text)} is ragged: every list at one depth must have the same "
                             "length")
        levels.append([child for item in level for child in item])
