r"""Printing a :class:`~symconv.structure.Structure`: its levels from the outside in, in text and LaTeX.

Both formats say the same sentences (built once here, with the math written by a
:class:`Words` of each format) and draw the same small grids; a grid wider or taller
than :data:`GRID_LIMIT` blocks is described, never drawn, so the cost of printing
depends on the kernel and the number of distinct blocks, not on the image size.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..structure import Band, BlockName, ChannelGrid, Structure, axis_letters

GRID_LIMIT = 12
"""A grid of blocks (or of entries) is drawn when it has at most this many rows and columns."""

LIST_LIMIT = 8
"""The innermost blocks are listed one by one, with their entries, when there are at most this many."""

FOLD_LIMIT = 12
"""Folded taps of a level are listed one by one when there are at most this many."""

DEPTH_WORDS = {1: "", 2: "doubly block ", 3: "triply block "}


@dataclass(frozen=True)
class Words:
    r"""How one format writes math inside a sentence, names, kernel entries and a few symbols.

    The text and LaTeX printers of a structure say the same sentences (:func:`sections`),
    each with its own ``Words``.

    Parameters
    ----------
    math : callable
        Marks math inside a sentence (as it is in text, ``$...$`` in LaTeX).
    name : callable
        Writes a :class:`~symconv.structure.BlockName`.
    entry : callable
        Writes a kernel entry.
    floor : callable
        Writes ``letter`` divided by an int, rounded down: ``floor(letter, n)``.
    kernel : callable
        Writes the kernel's name for a factor number (0 on its own).
    factor : callable
        Writes the name of the n-th factor of a product.
    times : str
        The sign in a size: ``x`` or ``\times``.
    mod : str
        The remainder operator: ``mod`` or ``\bmod``.

    Examples
    --------
    >>> from symconv.printing.structure import Words
    >>> from symconv.structure import BlockName
    >>> words = Words(math=lambda text: f"${text}$", name=BlockName.latex, entry=str,
    ...               floor=lambda letter, n: letter, kernel=lambda number: "K",
    ...               factor=lambda number: f"M_{{{number}}}", times=r" \times ", mod=r"\bmod")
    >>> words.grid_size(8, 9), words.name(BlockName("A", ("u",)))
    ('$8 \\times 9$', 'A_{u}')
    """

    math: Callable[[str], str]
    name: Callable[[BlockName], str]
    entry: Callable[[Any], str]
    floor: Callable[[str, int], str]
    kernel: Callable[[int], str]
    factor: Callable[[int], str]
    times: str
    mod: str

    def grid_size(self, rows: int, columns: int) -> str:
        r"""Return a grid's size: ``8x9`` in text, :math:`8 \times 9` in LaTeX.

        Parameters
        ----------
        rows : int
            The rows.
        columns : int
            The columns.

        Returns
        -------
        str
            The size, marked as math.

        Examples
        --------
        >>> from symconv.printing.structure import Words
        >>> from symconv.structure import BlockName
        >>> words = Words(math=str, name=BlockName.text, entry=str, floor=lambda letter, n: letter, kernel=str,
        ...               factor=str, times="x", mod="mod")
        >>> words.grid_size(8, 9)
        '8x9'
        """
        return self.math(f"{rows}{self.times}{columns}")


@dataclass(frozen=True)
class Drawing:
    """A named grid to draw: ``name = [cells]``.

    Parameters
    ----------
    name : str
        The block's name, as the format writes it.
    cells : list of list of str
        The grid's cells, row by row.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.printing.structure import Words, sections
    >>> from symconv.structure import BlockName
    >>> words = Words(math=str, name=BlockName.text, entry=str, floor=lambda letter, n: letter, kernel=str,
    ...               factor=str, times="x", mod="mod")
    >>> sections(Conv(kernel((1, 1, 2), "a:b"), (1, 3)).structure(), words)[-1].drawings
    (Drawing(name='M', cells=[['a', 'b', '0'], ['0', 'a', 'b']]),)
    """

    name: str
    cells: list[list[str]]


@dataclass(frozen=True)
class Section:
    """One paragraph of the description: a sentence, details (one line each), and the grids it draws.

    Parameters
    ----------
    sentence : str
        The paragraph's sentence.
    details : tuple of str, default ()
        Lines of detail (where each tap's blocks or entries sit, the folds).
    drawings : tuple of Drawing, default ()
        The grids drawn after it.

    Examples
    --------
    >>> from symconv.printing.structure import Drawing, Section
    >>> section = Section("M is Toeplitz.", drawings=(Drawing("M", [["a", "b"], ["0", "a"]]),))
    >>> section.details, section.drawings[0].cells[1]
    ((), ['0', 'a'])
    """

    sentence: str
    details: tuple[str, ...] = ()
    drawings: tuple[Drawing, ...] = ()


def sections(structure: Structure, words: Words) -> list[Section]:
    """Return the description of a structure, paragraph by paragraph (a product: each factor in turn).

    Parameters
    ----------
    structure : Structure
        The structure.
    words : Words
        How the format writes math, names and entries.

    Returns
    -------
    list of Section
        An overview, then one section per level from the outside in (a 1x1 channel level
        above the spatial ones is left out).

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.printing.structure import Words, sections
    >>> from symconv.structure import BlockName
    >>> words = Words(math=str, name=BlockName.text, entry=str, floor=lambda letter, n: f"{letter} // {n}",
    ...               kernel=lambda number: "K", factor=lambda number: f"M{number}", times="x", mod="mod")
    >>> found = sections(Conv(kernel((1, 1, 2), "a:b"), (1, 3)).structure(), words)
    >>> found[0].sentence
    'M (2x3) as blocks, from the outside in: the positions along W (v, j). M is Toeplitz.'
    """
    if structure.is_product:
        count = len(structure.factors)
        product = " ".join(words.factor(n) for n in range(count, 0, -1))
        found = [Section(f"{words.math('M = ' + product)}, a product of {count} layers; the blocks of each "
                         "factor (block names are local to each factor):")]
        for factor in structure.factors:
            rows, columns = factor.shape
            found.append(Section(f"The factor {words.math(words.factor(factor.number))} "
                                 f"({words.grid_size(rows, columns)}):"))
            found.extend(sections(factor, words))
        return found
    return [_overview(structure, words), *_level_sections(structure, words)]


def _overview(structure: Structure, words: Words) -> Section:
    summary = structure.summary
    rows, columns = structure.shape
    order = []
    for depth, level in enumerate(structure.levels):
        if _skipped(structure, depth):
            continue
        if isinstance(level, ChannelGrid):
            order.append(f"the channels {words.math('(u, i)')}")
        else:
            out, inp, _, size = axis_letters(summary, level.axis)
            order.append(f"the positions along {words.math(size)} {words.math(f'({out}, {inp})')}")
    sentence = (f"{words.math('M')} ({words.grid_size(rows, columns)}) as blocks, from the outside in: "
                + ", then ".join(order) + ".")
    patterns = {band.pattern for band in structure.bands}
    if any(band.folds for band in structure.bands if band.pattern == "toeplitz"):
        patterns.add("folded")
    if len(patterns) == 1 and patterns <= {"toeplitz", "circulant"}:
        kind = "Toeplitz" if patterns == {"toeplitz"} else "circulant"
        levels = DEPTH_WORDS[len(structure.bands)]
        if summary.order == "CHW":
            channel = structure.name(1, ("u", "i"))
            one = structure.shape == structure.block_shape(1)
            sentence += f" {words.math('M')} is" if one else \
                f" Each channel block {words.math(words.name(channel))} is"
            sentence += f" {levels}{kind}"
            sentence += "." if len(structure.bands) == 1 else f" ({kind} blocks in {kind} grids)."
        else:
            sentence += (f" {words.math('M')} is {levels}{kind} over the positions, with blocks the "
                         f"{words.math(f'D{words.times}C')} matrices of kernel entries.")
    return Section(sentence)


def _level_sections(structure: Structure, words: Words) -> list[Section]:
    found = []
    innermost = len(structure.levels) - 1
    for depth, level in enumerate(structure.levels):
        if _skipped(structure, depth):
            continue
        if isinstance(level, ChannelGrid):
            found.append(_channel_section(structure, depth, level, words))
        elif depth < innermost:
            found.append(_band_section(structure, depth, level, words))
        else:
            found.append(_entry_band_section(structure, depth, level, words))
    return found


def _skipped(structure: Structure, depth: int) -> bool:
    """True for a 1x1 channel level above the spatial ones (one channel in, one out: M is its only block)."""
    level = structure.levels[depth]
    return isinstance(level, ChannelGrid) and level.rows == level.columns == 1 and depth < len(structure.levels) - 1


def _family(structure: Structure, depth: int, words: Words) -> str:
    """The blocks at ``depth`` by name, with symbolic channels: ``M``, ``M_u``, ``A_u, B_u``, ``M^(p)_{u,i}``."""
    taps = structure.taps_passed(depth)
    if depth == len(structure.levels) - 1 and taps:
        keys = structure.tap_keys(depth)
        names = [structure.name(depth, ("u", "i"), key) for key in keys]
        if names[0].superscript:
            letters = tuple(axis_letters(structure.summary, axis)[2] for axis in range(taps))
            return words.math(words.name(BlockName(names[0].stem, names[0].subscript, letters)))
        return ", ".join(words.math(words.name(name)) for name in names)
    letters = tuple(axis_letters(structure.summary, axis)[2] for axis in range(taps))
    name = structure.name(depth, ("u", "i"))
    return words.math(words.name(BlockName(name.stem, name.subscript, letters)))


def _heading(structure: Structure, depth: int, level: Any, words: Words, what: str) -> str:
    rows, columns = structure.block_shape(depth)
    family = _family(structure, depth, words)
    many = depth > 0 and (structure.channel_passed(depth) and _channel_pairs(structure) > 1
                          or structure.taps_passed(depth) > 0)
    each = " each" if many else ""
    grid = words.grid_size(level.rows, level.columns)
    verb = f"are {grid} grids" if ", " in family else f"is a {grid} grid"
    return f"{family} ({words.grid_size(rows, columns)}{each}) {verb} {what}"


def _channel_pairs(structure: Structure) -> int:
    """The number of nonzero channel blocks: D x C/g (counted, not listed)."""
    assert structure.channels is not None
    grid = structure.channels
    return grid.rows * (grid.columns // grid.groups)


def _channel_section(structure: Structure, depth: int, grid: ChannelGrid, words: Words) -> Section:
    inner = depth == len(structure.levels) - 1
    what = ("of kernel entries, row u: output channel, column i: input channel" if inner else
            f"of channel blocks {words.math(words.name(structure.name(depth + 1, ('u', 'i'))))} "
            f"(block row {words.math('u')}: output channel, block column {words.math('i')}: input channel)")
    sentence = _heading(structure, depth, grid, words, what)
    groups = grid.groups
    details: tuple[str, ...] = ()
    drawings: tuple[Drawing, ...] = ()
    if groups > 1:
        per_out, per_in = grid.rows // groups, grid.columns // groups
        what_is = "entry" if inner else "block"
        details = (f"block diagonal over {groups} groups: {what_is} {words.math('(u, i)')} is zero unless "
                   f"{words.math(words.floor('u', per_out) + ' = ' + words.floor('i', per_in))}",)
    if not inner:
        if grid.rows <= GRID_LIMIT and grid.columns <= GRID_LIMIT:
            cells = [[words.name(structure.name(depth + 1, (u, i))) if grid.same_group(u, i) else "0"
                      for i in range(grid.columns)] for u in range(grid.rows)]
            drawings = (Drawing(words.name(structure.name(depth)), cells),)
        return Section(sentence + ":", details, drawings)
    # the innermost level (HWC): the D x C matrices of kernel entries, one per tap
    keys = structure.tap_keys(depth)
    symbolic = _symbolic_entry(structure, words)
    names = [structure.name(depth, None, key) for key in keys]
    listed = ", ".join(f"{words.math(words.name(name))} for {words.math(_taps_text(structure, key))}"
                       for name, key in zip(names[:LIST_LIMIT], keys))
    details += (f"the block of the taps {words.math(_tap_tuple(structure))} holds {words.math(symbolic)} at "
                f"{words.math('(u, i)')}: {listed}" + (", ..." if len(keys) > LIST_LIMIT else ""),)
    if len(keys) <= LIST_LIMIT and grid.rows <= GRID_LIMIT and grid.columns <= GRID_LIMIT:
        drawings = tuple(
            Drawing(words.name(name), [[words.entry(structure.kernel_entry(u, i, key)) for i in range(grid.columns)]
                                       for u in range(grid.rows)])
            for name, key in zip(names, keys)
        )
    return Section(sentence + ":", details, drawings)


def _tap_tuple(structure: Structure) -> str:
    letters = [axis_letters(structure.summary, axis)[2] for axis in range(structure.summary.ndim)]
    return ", ".join(letters) if len(letters) == 1 else "(" + ", ".join(letters) + ")"


def _taps_text(structure: Structure, key: tuple[int, ...]) -> str:
    letters = [axis_letters(structure.summary, axis)[2] for axis in range(len(key))]
    return ", ".join(f"{letter} = {tap}" for letter, tap in zip(letters, key))


def _symbolic_entry(structure: Structure, words: Words, taps: tuple[Any, ...] | None = None) -> str:
    """``K_{u,i,p,q}``: the kernel entry of channel block (u, i), taps given or by letter."""
    summary = structure.summary
    assert structure.channels is not None
    if taps is None:
        taps = tuple(axis_letters(summary, axis)[2] for axis in range(summary.ndim))
    grid = structure.channels
    if summary.kind == "transpose":
        per = grid.rows // grid.groups
        channels = ("i", _local("u", per, grid.groups, words))
    else:
        per = grid.columns // grid.groups
        channels = ("u", _local("i", per, grid.groups, words))
    return words.kernel(structure.number) + "_{" + ",".join([*channels, *map(str, taps)]) + "}"


def _local(letter: str, per_group: int, groups: int, words: Words) -> str:
    if groups == 1:
        return letter
    return "0" if per_group == 1 else f"{letter} {words.mod} {per_group}"


def _relation(band: Band, out: str, inp: str, offset: int) -> str:
    """Where a tap sits: ``j - v = 1``, ``j = 2v - 1``, ``v = 2j + 1`` (transposed)."""
    sign = "+" if offset >= 0 else "-"
    if band.transposed:
        if band.stride == 1:
            return f"{out} - {inp} = {offset}"
        return f"{out} = {band.stride}{inp} {sign} {abs(offset)}" if offset else f"{out} = {band.stride}{inp}"
    if band.stride == 1:
        return f"{inp} - {out} = {offset}"
    return f"{inp} = {band.stride}{out} {sign} {abs(offset)}" if offset else f"{inp} = {band.stride}{out}"


def band_details(structure: Structure, band: Band, tap_name: Callable[[int], str], words: Words,
                 blocks: bool) -> list[str]:
    """Return what one spatial level is, with where each tap's block (or entry) sits: one line, plus the folds.

    Parameters
    ----------
    structure : Structure
        The structure the level belongs to.
    band : Band
        The level.
    tap_name : callable
        The name of tap p's block or entry: ``tap_name(p)``.
    words : Words
        How the format writes math.
    blocks : bool
        True when the level's cells are blocks (the word "block" is used).

    Returns
    -------
    list of str
        The level's pattern with every tap's diagonal, then (for a padding mode that folds)
        the correction in the border rows.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.printing.structure import Words, band_details
    >>> from symconv.structure import BlockName
    >>> words = Words(math=str, name=BlockName.text, entry=str, floor=lambda letter, n: letter, kernel=str,
    ...               factor=str, times="x", mod="mod")
    >>> structure = Conv(kernel((1, 1, 3), "a:c"), (1, 4), padding=1).structure()
    >>> band_details(structure, structure.bands[0], lambda p: f"K{p}", words, blocks=False)
    ['Toeplitz: K0 on j - v = -1, K1 on j - v = 0, K2 on j - v = 1; taps in the zero padding drop out']
    """
    out, inp, _, _ = axis_letters(structure.summary, band.axis)
    block = "block " if blocks else ""
    n, stride = band.columns, band.stride
    taps = range(band.kernel)
    if band.pattern in ("circulant", "circulant rows"):
        placed = ", ".join(f"{words.math(tap_name(p))} on {words.math(f'({inp} - {out}) {words.mod} {n} = ')}"
                           f"{words.math(str(band.offset(p) % n))}" for p in taps)
        if band.pattern == "circulant":
            return [f"{block}circulant: {placed}"]
        row = f"{stride}{out}" if stride > 1 else out
        return [f"row {words.math(out)} is row {words.math(f'{row} {words.mod} {n}')} of the "
                f"{words.grid_size(n, n)} {block}circulant with {placed}"]
    placed = ", ".join(f"{words.math(tap_name(p))} on {words.math(_relation(band, out, inp, band.offset(p)))}"
                       for p in taps)
    if band.pattern == "toeplitz":
        line = f"{block}Toeplitz: {placed}"
    elif band.pattern == "strided":
        line = f"rows 0, {stride}, {2 * stride}, ... of a {block}Toeplitz matrix (stride {stride}): {placed}"
    else:
        line = (f"columns 0, {stride}, {2 * stride}, ... of a {block}Toeplitz matrix (the transpose of a "
                f"stride-{stride} band): {placed}")
    if band.dilation > 1:
        line += f" (dilation {band.dilation}: the taps' diagonals are {band.dilation} apart)"
    if (band.pad_before or band.pad_after) and not band.transposed and not band.folds:
        line += "; taps in the zero padding drop out"
    lines = [line]
    if band.folds:
        lines.append(_folds_line(structure, band, tap_name, words))
    return lines


def _folds_line(structure: Structure, band: Band, tap_name: Callable[[int], str], words: Words) -> str:
    out, inp, _, _ = axis_letters(structure.summary, band.axis)
    rows = band.edge_rows()
    folded = band.folded()
    how = {"reflect": "their mirror image, without the edge", "replicate": "the nearest edge"}[band.mode]
    line = (f"plus, only in the rows {words.math(out + ' = ' + ', '.join(map(str, rows)))} (whose windows reach "
            f"into the padding), the taps in the padding, which read {how} ({band.mode}): a correction of rank "
            f"at most {len(rows)}")
    if len(folded) <= FOLD_LIMIT:
        return line + ": " + ", ".join(
            f"{words.math(tap_name(tap))} also at {words.math(f'({out}, {inp}) = ({row}, {column})')}"
            for row, tap, column in folded)
    return line + f" ({len(folded)} folded taps)"


def _band_section(structure: Structure, depth: int, band: Band, words: Words) -> Section:
    out, inp, _, size = axis_letters(structure.summary, band.axis)
    sentence = _heading(structure, depth, band, words,
                        f"over the positions along {words.math(size)}, block {words.math(f'({out}, {inp})')}")
    channel = ("u", "i") if structure.channel_passed(depth + 1) else None
    prefixes = structure.tap_keys(depth)
    drawings = []
    details: list[str] = []
    for prefix in prefixes[:LIST_LIMIT]:
        def tap_name(p: int, prefix: tuple[int, ...] = prefix) -> str:
            return words.name(structure.name(depth + 1, channel, (*prefix, p)))

        parent = words.name(structure.name(depth, channel, prefix))
        lines = band_details(structure, band, tap_name, words, blocks=True)
        details.extend([f"{words.math(parent)}: {lines[0]}", *lines[1:]] if prefix else lines)
        if band.rows <= GRID_LIMIT and band.columns <= GRID_LIMIT:
            drawings.append(Drawing(parent, _band_cells(band, tap_name)))
    if len(prefixes) > LIST_LIMIT:
        details.append(f"... ({len(prefixes)} such blocks, one per tap of the outer axes)")
    return Section(sentence + ":", tuple(details), tuple(drawings))


def _band_cells(band: Band, tap_name: Callable[[int], str]) -> list[list[str]]:
    cells: list[list[list[str]]] = [[[] for _ in range(band.columns)] for _ in range(band.rows)]
    for row, tap, column in band.links():
        cells[row][column].append(tap_name(tap))
    return [["+".join(names) if names else "0" for names in row] for row in cells]


def _entry_band_section(structure: Structure, depth: int, band: Band, words: Words) -> Section:
    """The innermost level of a CHW layer: blocks whose entries are kernel entries."""
    out, inp, _, size = axis_letters(structure.summary, band.axis)
    sentence = _heading(structure, depth, band, words,
                        f"over the positions along {words.math(size)}, entry {words.math(f'({out}, {inp})')}")
    prefixes = structure.tap_keys(depth)
    details: list[str] = []
    for prefix in prefixes[:LIST_LIMIT]:
        def symbolic(p: int, prefix: tuple[int, ...] = prefix) -> str:
            return _symbolic_entry(structure, words, (*prefix, p))

        lines = band_details(structure, band, symbolic, words, blocks=False)
        name = words.name(structure.name(depth, ("u", "i"), prefix))
        details.extend([f"{words.math(name)}: {lines[0]}", *lines[1:]] if prefix else lines)
    if len(prefixes) > LIST_LIMIT:
        details.append(f"... ({len(prefixes)} such blocks per channel block)")
    assert structure.channels is not None
    drawings = []
    if _channel_pairs(structure) * len(prefixes) <= LIST_LIMIT and band.rows <= GRID_LIMIT \
            and band.columns <= GRID_LIMIT:
        for u, i, prefix in [(u, i, prefix) for u, i in structure.channels.links() for prefix in prefixes]:
            def entry(p: int, u: int = u, i: int = i, prefix: tuple[int, ...] = prefix) -> Any:
                return structure.kernel_entry(u, i, (*prefix, p))

            drawings.append(Drawing(words.name(structure.name(depth, (u, i), prefix)),
                                    _entry_cells(band, entry, words)))
    return Section(sentence + ":", tuple(details), tuple(drawings))


def _entry_cells(band: Band, entry: Callable[[int], Any], words: Words) -> list[list[str]]:
    cells: list[list[Any]] = [[0] * band.columns for _ in range(band.rows)]
    for row, tap, column in band.links():
        cells[row][column] = entry(tap) + cells[row][column]
    return [[words.entry(value) for value in row] for row in cells]


# -- text -----------------------------------------------------------------------------------------------
def _text_words() -> Words:
    from .text import TextPrinter

    printer = TextPrinter()
    return Words(math=lambda s: s, name=BlockName.text, entry=lambda v: printer.entry(_sympify(v)),
                 floor=lambda letter, n: letter if n == 1 else f"{letter} // {n}",
                 kernel=lambda number: f"K{number or ''}", factor=lambda number: f"M{number}", times="x",
                 mod="mod")


def _sympify(value: Any) -> Any:
    import sympy

    return sympy.sympify(value)


def structure_text(structure: Structure) -> str:
    """Return the structure as plain text: one paragraph per level, small grids drawn in brackets.

    Parameters
    ----------
    structure : Structure
        The structure.

    Returns
    -------
    str
        The paragraphs, separated by blank lines; a grid larger than :data:`GRID_LIMIT` is
        described, never drawn.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.printing.structure import structure_text
    >>> structure = Conv(kernel((1, 1, 3), "a:c"), (1, 4), padding=1).structure()
    >>> print(structure_text(structure), end="")  # doctest: +ELLIPSIS
    M (4x4) as blocks, from the outside in: the positions along W (v, j). M is Toeplitz.
    <BLANKLINE>
    M (4x4) is a 4x4 grid over the positions along W, entry (v, j):
      Toeplitz: K_{u,i,0} on j - v = -1, K_{u,i,1} on j - v = 0, K_{u,i,2} on j - v = 1; taps in the ...
    M =
    [b c 0 0]
    [a b c 0]
    [0 a b c]
    [0 0 a b]
    """
    parts = []
    for section in sections(structure, _text_words()):
        lines = [section.sentence, *("  " + detail for detail in section.details)]
        for drawing in section.drawings:
            lines.append(f"{drawing.name} =")
            lines.extend(_aligned(drawing.cells))
        parts.append("\n".join(lines))
    return "\n\n".join(parts) + "\n"


def _aligned(cells: list[list[str]]) -> list[str]:
    widths = [max(len(row[c]) for row in cells) for c in range(len(cells[0]))]
    return ["[" + " ".join(cell.rjust(width) for cell, width in zip(row, widths)) + "]" for row in cells]


# -- LaTeX ----------------------------------------------------------------------------------------------
def _latex_words() -> Words:
    from .latex import LatexDerivationPrinter

    printer = LatexDerivationPrinter()
    return Words(math=lambda s: f"${s}$", name=BlockName.latex, entry=lambda v: printer.entry(_sympify(v)),
                 floor=lambda letter, n: letter if n == 1 else rf"\lfloor {letter}/{n} \rfloor",
                 kernel=lambda number: f"K^{{({number})}}" if number else "K",
                 factor=lambda number: f"M_{{{number}}}", times=r" \times ",
                 mod=r"\bmod")


def _array(cells: list[list[str]]) -> str:
    rows = [" & ".join(row) for row in cells]
    return (r"\left[\begin{array}{" + "c" * len(cells[0]) + "}\n" + " \\\\\n".join(rows) + "\n"
            + r"\end{array}\right]")


def structure_displays(structure: Structure, *, itemize: bool = True) -> list[tuple[str, str]]:
    r"""Return the (text, math) pieces of the LaTeX: a paragraph per section, a display per four grids.

    Parameters
    ----------
    structure : Structure
        The structure.
    itemize : bool, default True
        True to list the details in an ``itemize`` environment (a document); False to give
        each detail its own piece (one math-mode ``array``).

    Returns
    -------
    list of tuple of str
        The pieces.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.printing.structure import structure_displays
    >>> pieces = structure_displays(Conv(kernel((1, 1, 2), "a:b"), (1, 3)).structure())
    >>> pieces[0]
    ('\n$M$ ($2 \\times 3$) as blocks, from the outside in: the positions along $W$ $(v, j)$. $M$ is Toeplitz.', '')
    """
    pieces = []
    for section in sections(structure, _latex_words()):
        if itemize:
            details = "".join("\n\\item " + detail for detail in section.details)
            pieces.append(("\n" + section.sentence + ("\n\\begin{itemize}" + details + "\n\\end{itemize}"
                                                      if details else ""), ""))
        else:
            pieces.append((section.sentence, ""))
            pieces.extend((r"\quad " + detail, "") for detail in section.details)
        drawn = [f"{drawing.name} = {_array(drawing.cells)}" for drawing in section.drawings]
        pieces.extend(("", r" \quad ".join(drawn[start : start + 4])) for start in range(0, len(drawn), 4))
    return pieces
