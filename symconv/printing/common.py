r"""What the text and LaTeX printers share: block choice, size guard, the layer's description, LaTeX names.

Both printers render the same records (:class:`~symconv.protocol.LayerSummary`,
:class:`~symconv.arithmetic.SizeFormula`, :class:`~symconv.layout.FlatteningRule`,
:class:`~symconv.derivation.Derivation`); the words and the checks they share live
here, once.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

import sympy
from sympy.printing.conventions import split_super_sub

from ..derivation import BLOCKS, Derivation
from ..errors import LayerError
from ..limits import MAX_PRINTED_ENTRIES, MAX_PRINTED_TERMS, check_size
from ..protocol import LayerSummary
from ..symbols import is_math_name

DIMENSION_WORDS = {1: "1-D", 2: "2-D", 3: "3-D"}


def chosen_blocks(blocks: Iterable[str] | None, summary: LayerSummary | None = None) -> tuple[str, ...]:
    """Return the blocks to print, in the derivation's order; every name must be a block's.

    By default every block the layer has; a block named explicitly that the layer lacks
    (``bias`` without a bias) is an error.

    Parameters
    ----------
    blocks : iterable of str or None
        The names asked for, in any order, among :data:`~symconv.derivation.BLOCKS`; None
        for every block.
    summary : LayerSummary, optional
        The layer, to leave out (None given) or refuse (named) the ``bias`` block of a layer
        without bias; None skips that check.

    Returns
    -------
    tuple of str
        The names, in the order ``layer``, ``input``, ``flat_input``, ``kernel``, ``bias``,
        ``matrix``, ``expansion``, ``output``.

    Raises
    ------
    LayerError
        If ``blocks`` is a string or not iterable, is empty, names an unknown block, or names
        ``bias`` for a layer without bias.

    Examples
    --------
    >>> from symconv.printing.common import chosen_blocks
    >>> chosen_blocks(["matrix", "layer"])
    ('layer', 'matrix')
    >>> chosen_blocks(["M"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symconv.errors.LayerError: blocks ['M'] are not known; expected some of layer, input, flat_input, kernel, ...
    """
    if blocks is None:
        if summary is not None and not summary.has_bias:
            return tuple(b for b in BLOCKS if b != "bias")
        return BLOCKS
    if isinstance(blocks, str) or not isinstance(blocks, Iterable):
        raise LayerError(f"blocks must be a list of block names such as ['matrix'], got {blocks!r}; "
                         f"expected some of {', '.join(BLOCKS)}")
    chosen = tuple(blocks)
    if not chosen:
        raise LayerError(f"blocks is empty; expected some of {', '.join(BLOCKS)}")
    unknown = [b for b in chosen if b not in BLOCKS]
    if unknown:
        raise LayerError(f"blocks {unknown} are not known; expected some of {', '.join(BLOCKS)}")
    if summary is not None and "bias" in chosen and not summary.has_bias:
        raise LayerError("blocks names 'bias' but the layer has no bias; give the layer a bias (CLI: --bias-values "
                         "or --bias-names) or leave the block out")
    return tuple(b for b in BLOCKS if b in chosen)


WAYS_TO_PRINT = ("pass force=True (CLI: --force) or write to a file (CLI: --output FILE), or leave the block out "
                 "(blocks=...; CLI: --blocks, e.g. --blocks layer)")


TERM_ORDERS = ("kernel", "input")


def term_order(value: object) -> str:
    """Return ``value`` if it is a term order (``"kernel"``: ``a*x``; ``"input"``: ``x*a``), else raise.

    Parameters
    ----------
    value : object
        The ``term_order`` setting.

    Returns
    -------
    str
        ``value``.

    Raises
    ------
    LayerError
        If ``value`` is neither ``"kernel"`` nor ``"input"``.

    Examples
    --------
    >>> from symconv.printing.common import term_order
    >>> term_order("input")
    'input'
    """
    if value not in TERM_ORDERS:
        raise LayerError(f"term_order {value!r} is not known; expected 'kernel' (kernel entry first, a*x) or "
                         "'input' (input first, x*a, as Goodfellow et al. write aw + bx + ey + fz)")
    return str(value)


def check_printable(derivation: Derivation, force: bool) -> None:
    """Raise ``SizeError`` if a matrix block is larger than ``MAX_PRINTED_ENTRIES`` and not forced.

    Every matrix shown counts: M, and for a product each factor's matrix.

    Parameters
    ----------
    derivation : Derivation
        The derivation (only its summary is read).
    force : bool
        True to print any size.

    Raises
    ------
    SizeError
        If a matrix has more than :data:`~symconv.limits.MAX_PRINTED_ENTRIES` entries and
        ``force`` is false.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.printing.common import check_printable
    >>> check_printable(Conv(kernel((1, 1, 3, 3)), (1, 40, 40)).derive(), False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symconv.errors.SizeError: the matrix block (M, 1444x1600) has 2,310,400 entries, more than the limit of ...
    """
    for matrix in derivation.summary.factors or (derivation.summary,):
        rows, cols = matrix.matrix_shape
        check_size(f"the matrix block (M, {rows}x{cols})", rows * cols, MAX_PRINTED_ENTRIES,
                   name="MAX_PRINTED_ENTRIES", ways=WAYS_TO_PRINT, force=force)
    rows, cols = derivation.summary.matrix_shape
    check_size(f"the matrix block (M, {rows}x{cols})", rows * cols, MAX_PRINTED_ENTRIES, name="MAX_PRINTED_ENTRIES",
               ways=WAYS_TO_PRINT, force=force)


def check_blocks(derivation: Derivation, blocks: Iterable[str], force: bool) -> None:
    """Refuse, before any work, every block that would be too long to print (sizes from the shapes alone).

    Parameters
    ----------
    derivation : Derivation
        The derivation.
    blocks : iterable of str
        The blocks to print.
    force : bool
        True to print any size.

    Raises
    ------
    SizeError
        If a matrix block is over :data:`~symconv.limits.MAX_PRINTED_ENTRIES` entries, or
        another block over :data:`~symconv.limits.MAX_PRINTED_TERMS` entries or terms, and
        ``force`` is false.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.printing.common import check_blocks
    >>> derivation = Conv(kernel((1, 1, 3, 3)), (1, 40, 40)).derive()
    >>> check_blocks(derivation, ["layer", "expansion"], False)
    >>> check_blocks(derivation, ["matrix"], False)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    symconv.errors.SizeError: the matrix block (M, 1444x1600) has 2,310,400 entries, more than the limit of ...
    """
    summary = derivation.summary
    for name in blocks:
        if name == "matrix":
            check_printable(derivation, force)
            continue
        size, what = {
            "input": (summary.input_layout.size, "x"),
            "flat_input": (summary.input_layout.size, "x'"),
            "kernel": (sum(len(part.kernel or ()) for _, part in summary.kernels()), "K"),
            "bias": (summary.matrix_shape[0] if summary.has_bias else 0, "b"),
            "expansion": (max(derivation.terms, summary.matrix_shape[0]), "y' = M x'"),
            "output": (max(derivation.terms, summary.matrix_shape[0]), "y"),
        }.get(name, (0, ""))
        unit = "terms" if name in ("expansion", "output") else "entries"
        check_size(f"the {name} block ({what})", size, MAX_PRINTED_TERMS, unit=unit, name="MAX_PRINTED_TERMS",
                   ways=WAYS_TO_PRINT, force=force)


def shape_text(shape: Iterable[int]) -> str:
    """Return a shape as text: ``1x3x3``.

    Parameters
    ----------
    shape : iterable of int
        The sizes.

    Returns
    -------
    str
        The sizes joined by ``x``.

    Examples
    --------
    >>> from symconv.printing.common import shape_text
    >>> shape_text((1, 3, 3))
    '1x3x3'
    """
    return "x".join(map(str, shape))


def product_label(summary: LayerSummary) -> str:
    """Return ``"M "`` for one layer, ``"M2 M1 "`` for a product of layers (as in y' = M2 M1 x').

    Parameters
    ----------
    summary : LayerSummary
        The layer.

    Returns
    -------
    str
        The label, ending with a space.

    Examples
    --------
    >>> from symconv import Conv
    >>> from symconv.printing.common import product_label
    >>> product_label((Conv([[[1, 1]]], (1, 2)) @ Conv([[[1, 1]]], (1, 3))).summary())
    'M2 M1 '
    """
    if summary.kind != "product":
        return "M "
    return "".join(f"M{i} " for i in range(len(summary.factors), 0, -1))


def describe_lines(summary: LayerSummary) -> list[str]:
    r"""Return plain-text lines that say what a layer is (the LaTeX printer escapes them and sets them in ``\text``).

    Parameters
    ----------
    summary : LayerSummary
        The layer.

    Returns
    -------
    list of str
        The kind with the shapes, then the options that differ from the defaults; for a
        product, a line for the product and the lines of each factor, prefixed ``M1:``, ...

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.printing.common import describe_lines
    >>> describe_lines(Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3), stride=2).summary())
    ['2-D cross-correlation: input 1x3x3, kernel 2x1x2x2, output 2x1x1', 'stride 2x2']
    """
    if summary.kind == "product":
        lines = [f"composition of {len(summary.factors)} layers: input {shape_text(summary.input_shape)}, "
                 f"output {shape_text(summary.output_shape)}, M = {product_label(summary).rstrip()}"]
        for index, factor in enumerate(summary.factors, start=1):
            lines.extend(f"M{index}: {line}" for line in describe_lines(factor))
        return lines
    dimension = DIMENSION_WORDS[summary.ndim]
    assert summary.kernel_shape is not None
    if summary.kind == "transpose":
        lines = [f"{dimension} transposed convolution: input {shape_text(summary.input_shape)}, "
                 f"kernel {shape_text(summary.kernel_shape)} (C_in, C_out/groups, k...), "
                 f"output {shape_text(summary.output_shape)}",
                 "M is the transpose of the matrix of the forward convolution with the same kernel "
                 f"from {shape_text(summary.output_shape)} to {shape_text(summary.input_shape)}"]
    else:
        operation = "convolution (kernel flipped)" if summary.flip else "cross-correlation"
        lines = [f"{dimension} {operation}: input {shape_text(summary.input_shape)}, "
                 f"kernel {shape_text(summary.kernel_shape)}, output {shape_text(summary.output_shape)}"]
    options = options_text(summary)
    if options:
        lines.append(options)
    return lines


def options_text(summary: LayerSummary) -> str:
    """Return the options that differ from the defaults: ``stride 2x2, padding 1+1, 1+1 (zeros), groups 2``.

    Parameters
    ----------
    summary : LayerSummary
        The layer.

    Returns
    -------
    str
        The options, comma-separated; empty when every option is the default.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.printing.common import options_text
    >>> options_text(Conv(kernel((2, 1, 3)), (2, 9), stride=2, padding=1, groups=2, bias=[1, 2]).summary())
    'stride 2, padding 1+1 (zeros), groups 2, bias b'
    """
    parts = []
    ones = (1,) * summary.ndim
    if summary.stride != ones:
        parts.append(f"stride {shape_text(summary.stride)}")
    if summary.dilation != ones:
        parts.append(f"dilation {shape_text(summary.dilation)}")
    if summary.kind == "conv":
        if any(pair != (0, 0) for pair in summary.padding):
            parts.append("padding " + ", ".join(f"{b}+{a}" for b, a in summary.padding)
                         + f" ({summary.padding_mode})")
    elif any(summary.padding):
        parts.append(f"padding {shape_text(summary.padding)}")
    if any(summary.output_padding):
        parts.append(f"output padding {shape_text(summary.output_padding)}")
    if summary.groups != 1:
        parts.append(f"groups {summary.groups}")
    if summary.order != "CHW":
        parts.append(f"order {summary.order}")
    if summary.has_bias:
        parts.append("bias b")
    return ", ".join(parts)


def integer_text(value: int) -> str:
    """Return the decimal digits of any integer, however long (Python's ``str`` refuses more than 4,300 digits).

    Parameters
    ----------
    value : int
        The integer.

    Returns
    -------
    str
        Its digits, with a leading ``-`` when negative.

    Examples
    --------
    >>> from symconv.printing.common import integer_text
    >>> len(integer_text(10**5000)), integer_text(-42)
    (5001, '-42')
    """
    value = int(value)
    try:
        return str(value)
    except ValueError:  # more digits than sys.get_int_max_str_digits(): convert 1,000 digits at a time
        sign, value = ("-" if value < 0 else ""), abs(value)
        chunks = []
        while value:
            value, chunk = divmod(value, 10**1000)
            chunks.append(chunk)
        return sign + str(chunks[-1]) + "".join(f"{chunk:01000d}" for chunk in reversed(chunks[:-1]))


def rational_parts(number: sympy.Rational) -> tuple[str, str, str]:
    """Return ``(sign, numerator, denominator)`` of a rational as text (the denominator ``"1"`` for an integer).

    Parameters
    ----------
    number : sympy.Rational
        The number.

    Returns
    -------
    tuple of str
        ``("-" or "", digits of the numerator's magnitude, digits of the denominator)``.

    Examples
    --------
    >>> import sympy
    >>> from symconv.printing.common import rational_parts
    >>> rational_parts(sympy.Rational(-3, 4)), rational_parts(sympy.Integer(5))
    (('-', '3', '4'), ('', '5', '1'))
    """
    return ("-" if number < 0 else ""), integer_text(abs(int(number.p))), integer_text(int(number.q))


# -- names in LaTeX ---------------------------------------------------------------------------------
def _greek_commands() -> dict[str, str]:
    commands = {}
    for code in list(range(0x391, 0x3AA)) + list(range(0x3B1, 0x3CA)):
        character = chr(code)
        try:
            words = unicodedata.name(character).split()
        except ValueError:  # pragma: no cover - every code point above is named
            continue
        if words[:2] != ["GREEK", "SMALL"] and words[:2] != ["GREEK", "CAPITAL"]:
            continue
        word = words[-1].lower()
        if word == "lamda":
            word = "lambda"
        commands[character] = "\\" + (word if words[1] == "SMALL" else word.capitalize())
    return commands


GREEK_COMMANDS = _greek_commands()
"""Greek letters to their LaTeX commands (capitals without a command of their own print as Latin letters)."""
_LATIN_CAPITALS = {"\\Alpha": "A", "\\Beta": "B", "\\Epsilon": "E", "\\Zeta": "Z", "\\Eta": "H", "\\Iota": "I",
                   "\\Kappa": "K", "\\Mu": "M", "\\Nu": "N", "\\Omicron": "O", "\\Rho": "P", "\\Tau": "T",
                   "\\Chi": "X", "\\omicron": "o", "\\Upsilon": "\\Upsilon"}


def greek(character: str) -> str | None:
    r"""Return the LaTeX of one Greek letter (``α`` -> ``{\alpha}``), or None.

    Parameters
    ----------
    character : str
        One character.

    Returns
    -------
    str or None
        The command in braces (capitals without a command of their own, such as ``Α``, as
        the Latin letter), or None for any other character.

    Examples
    --------
    >>> from symconv.printing.common import greek
    >>> greek("α"), greek("Α"), greek("a")
    ('{\\alpha}', '{A}', None)
    """
    command = GREEK_COMMANDS.get(character)
    if command is None:
        return None
    command = _LATIN_CAPITALS.get(command, command)
    return "{" + command + "}"


def literal_name(name: str) -> str:
    r"""Return a name set literally in typewriter type, every character that is not a letter or digit escaped.

    Works in text and in math mode; no character of the name can act as a LaTeX
    control character (each special one becomes ``{\char<code>}``).

    Parameters
    ----------
    name : str
        Any printable name.

    Returns
    -------
    str
        ``\texttt{...}`` (Greek letters in math, anything else unprintable as ``?``).

    Examples
    --------
    >>> from symconv.printing.common import literal_name
    >>> literal_name(r"\input{x}")
    '\\texttt{{\\char92}input{\\char123}x{\\char125}}'
    """
    pieces = []
    for character in name:
        if character.isascii() and character.isalnum():
            pieces.append(character)
        elif character.isascii() and character.isprintable() and character != " ":
            pieces.append("{\\char" + str(ord(character)) + "}")
        else:
            letter = greek(character)
            pieces.append("$" + letter + "$" if letter else "{\\char63}")
    return "\\texttt{" + "".join(pieces) + "}"


def latex_name(name: str, math: Callable[[str], str] | None = None) -> str:
    r"""Return the LaTeX of a symbol's name: mathematics for names in the grammar, literal text for any other.

    This is the one function through which every name reaches LaTeX. A name in the
    grammar of :mod:`symconv.symbols` (``a``, ``w_1``, ``K_{0,1}``, ``alpha``, ``α``) is
    typeset as mathematics: by ``math`` (SymPy's ``LatexPrinter._deal_with_super_sub``,
    which also turns ``alpha`` into :math:`\alpha`) when it is given and the name is
    ASCII, else with SymPy's split into sub- and superscripts and Greek letters set one
    by one. Any other name is typeset literally by :func:`literal_name`.

    Parameters
    ----------
    name : str
        The name.
    math : callable, optional
        How to typeset an ASCII name in the grammar (a printer's own rule); None (the
        default) uses SymPy's split.

    Returns
    -------
    str
        LaTeX for math mode.

    Examples
    --------
    >>> from symconv.printing.common import latex_name
    >>> latex_name("w_1"), latex_name("α_1"), latex_name("x%y")
    ('w_{1}', '{\\alpha}_{1}', '\\texttt{x{\\char37}y}')
    """
    if not is_math_name(name):
        return literal_name(name)
    if math is not None and name.isascii():
        return math(name)
    base, supers, subs = split_super_sub(name)

    def letters(text: str) -> str:
        return "".join(greek(c) or c for c in text)

    result = letters(base)
    if supers:
        result += "^{" + " ".join(letters(s) for s in supers) + "}"
    if subs:
        result += "_{" + " ".join(letters(s) for s in subs) + "}"
    return result
