r"""Read a matrix or an expansion written as nested brackets or as a LaTeX matrix: a :class:`TextArray`.

Lark parses the nesting (:data:`~symconv.checking.grammars.ARRAY`,
:data:`~symconv.checking.grammars.LATEX_ARRAY`); each innermost row is split into cells here,
and :func:`symconv.checking.reading.read_entries` reads every distinct cell.

Examples
--------
>>> array = read_array("[a b 0|c d 0|0 0 0]")
>>> array.shape, array.cells[:4]
((9,), ['a', 'b', '0', 'c'])
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from typing import Any

from lark import Token, Tree
from lark.exceptions import UnexpectedInput

from ..errors import ReadError
from .grammars import parser
from .reading import MAX_DEPTH, line_column, quote, translate, without_delimiters


def _nested_parens(depth: int) -> str:
    """Parentheses nested at most ``depth`` deep, as an "unrolled loop" (linear time, no backtracking blow-up)."""
    pattern = r"\([^()]*\)"
    for _ in range(depth - 1):
        pattern = rf"\([^()]*(?:{pattern}[^()]*)*\)"
    return pattern


# Every pattern below has the form normal*(special normal*)*, where a special part starts with a
# character the normal part cannot hold: a row is matched in linear time, and a hostile row cannot
# make the regular-expression engine backtrack without end.
_GROUP = rf"(?:\{{[^{{}}]*\}}|(?<=[\w'\]])\[[^\[\]]*\]|{_nested_parens(4)})"
_SPACE_NORMAL = r"[^\s|,()\[\]{}]"
_COMMA_NORMAL = r"[^|,()\[\]{}]"
_SPACE_CELL = re.compile(rf"(?=[^\s|]){_SPACE_NORMAL}*(?:{_GROUP}{_SPACE_NORMAL}*)*")
_COMMA_CELL = re.compile(rf"(?:^|(?<=[,|])){_COMMA_NORMAL}*(?:{_GROUP}{_COMMA_NORMAL}*)*")
_SPACE_ROW = re.compile(rf"[\s|]*(?:{_SPACE_CELL.pattern}(?:[\s|]+|$))*")
_COMMA_ROW = re.compile(rf"{_COMMA_NORMAL}*(?:{_GROUP}{_COMMA_NORMAL}*)*(?:[,|]{_COMMA_NORMAL}*"
                        rf"(?:{_GROUP}{_COMMA_NORMAL}*)*)*")
_BRACES = re.compile(r"\{[^{}]*\}")
_BRACKETS = re.compile(r"\[[^\[\]]*\]")
_PARENS = re.compile(r"\([^()]*\)")


def _top_level_comma(content: str) -> bool:
    """True when a row's content has a comma outside braces, brackets and parentheses (the cells are comma-separated).

    Groups are removed innermost first, one kind at a time: each pass scans for one literal character,
    which is much faster than one pattern trying every kind of group at every character.
    """
    if "," not in content:
        return False
    stripped = _BRACKETS.sub("", _BRACES.sub("", content))
    while "," in stripped and "(" in stripped:
        shorter = _PARENS.sub("", stripped)
        if shorter == stripped:
            break
        stripped = shorter
    return "," in stripped



@dataclass(frozen=True)
class TextArray:
    """An array read from text: its nested ``shape`` and its cells' text in row-major order.

    A single bracketed row (``[1a+2b, ...]``) has shape ``(n,)``; rows one after another
    without outer brackets have shape ``(rows, n)``; nested brackets give one size per level.
    ``transposed`` is True for LaTeX ``^T``. Use :meth:`position` for where a cell is.
    """

    shape: tuple[int, ...]
    cells: list[str]
    text: str = field(repr=False)
    rows: tuple[tuple[int, int, str], ...] = field(repr=False)
    """(offset of the row's content in ``text``, index of its first cell, separator kind) per row."""
    transposed: bool = False

    def position(self, number: int) -> tuple[int, int]:
        """The (line, column) of cell ``number`` (row-major) in the text."""
        starts = [first for _, first, _ in self.rows]
        row = max(0, bisect.bisect_right(starts, number) - 1)
        offset, first, kind = self.rows[row]
        pattern = {"space": _SPACE_CELL, "comma": _COMMA_CELL, "latex": re.compile(r"[^&]+")}[kind]
        content = self.text[offset:]
        for count, match in enumerate(pattern.finditer(content)):
            if count == number - first:
                stripped = len(match.group()) - len(match.group().lstrip())
                return line_column(self.text, offset + match.start() + stripped)
        return line_column(self.text, offset)  # pragma: no cover


def read_array(text: str) -> TextArray:
    r"""Read a matrix or an expansion written as nested brackets or as a LaTeX matrix.

    Plain text: the question's rows ``[a b 0|c d 0|0 0 0]`` (cells separated by spaces or
    ``|``), lists with commas (``[1a+2b+4c+5d, 2a+3b+5c+6d]``), nested brackets, Python's
    ``[[a, b], [c, d]]`` and SymPy's ``Matrix([[a, b], [c, d]])``, after optional labels
    (``M =``). LaTeX: ``bmatrix``, ``pmatrix``, ``matrix`` or ``array`` (rules ``|`` and
    ``\hline`` allowed), optionally in ``\left[ ... \right]``, after labels, with ``^T``.

    Examples
    --------
    >>> read_array("[\n[a b 0|c d 0]\n[0 a b|0 c d]\n]").shape
    (2, 6)
    >>> read_array(r"M = \begin{bmatrix} a & b \\ c & d \end{bmatrix}").cells
    ['a', 'b', 'c', 'd']
    >>> read_array("[a b|c")
    Traceback (most recent call last):
    ...
    symconv.errors.ReadError: line 1, column 2: the array: unexpected 'a b'; expected '[', ']', a row '[...]'
    """
    if not isinstance(text, str):
        raise TypeError(f"the text of an array must be a str, got {type(text).__name__}")
    text = without_delimiters(text)
    if "\\begin" in text:
        return _read_latex_array(text)
    _check_array_depth(text)
    try:
        tree = parser("array").parse(text)
    except UnexpectedInput as error:
        raise translate(error, text, "the array") from None
    body = tree.children[-1]
    if isinstance(body, Token):  # pragma: no cover - the grammar always ends with a tree
        raise ReadError("the array has no rows", 1, 1)
    if body.data == "rows":
        nested: Any = list(body.children) if len(body.children) > 1 else body.children[0]
    else:
        nested = _nested(body)
    cells: list[str] = []
    rows: list[tuple[int, int, str]] = []
    shape = _collect(nested, text, cells, rows)
    return TextArray(shape, cells, text, tuple(rows))


_ROW_TEXT = re.compile(r"(?<=\[)[^\[\]]*(?:(?<=[\w'\]])\[[^\[\]]*\][^\[\]]*)*(?=\])")


def _check_array_depth(text: str) -> None:
    """Refuse lists nested deeper than :data:`MAX_DEPTH`; the rows' contents are removed first, so this is fast."""
    structure = _ROW_TEXT.sub("", text)
    depth = 0
    for match in re.finditer(r"[\[\]]", structure):
        depth += 1 if match.group() == "[" else -1
        if depth > MAX_DEPTH:
            raise ReadError(f"the array nests lists more than {MAX_DEPTH} deep", 1, 1)


def _nested(tree: Tree) -> list[Any]:  # type: ignore[type-arg]
    return [_nested(child) if isinstance(child, Tree) else child for child in tree.children]


def _collect(item: Any, text: str, cells: list[str], rows: list[tuple[int, int, str]]) -> tuple[int, ...]:
    """Split rows into cells (appending to ``cells``) and return the regular shape of ``item``."""
    if isinstance(item, Token):
        row_cells, kind = _split_row(item, text)
        rows.append(((item.start_pos or 0) + 1, len(cells), kind))
        cells.extend(row_cells)
        return (len(row_cells),)
    if not item:
        raise ReadError("an empty list '[]' has no entries", 1, 1)
    shapes = [_collect(child, text, cells, rows) for child in item]
    first = shapes[0]
    for child, shape in zip(item, shapes):
        if shape != first:
            where = _first_token(child)
            line, column = line_column(text, where.start_pos or 0) if where is not None else (1, 1)
            raise ReadError(f"the array is ragged: this part has shape {_shape_text(shape)}, the first has "
                            f"{_shape_text(first)}", line, column)
    return (len(item), *first)


def _first_token(item: Any) -> Token | None:
    while isinstance(item, list):
        if not item:
            return None
        item = item[0]
    return item if isinstance(item, Token) else None


def _shape_text(shape: tuple[int, ...]) -> str:
    return "x".join(map(str, shape))


def _split_row(token: Token, text: str) -> tuple[list[str], str]:
    content = str(token)[1:-1]
    offset = (token.start_pos or 0) + 1
    comma = _top_level_comma(content)
    quick = _quick_split(content, comma)
    if quick is not None:
        return quick, "comma" if comma else "space"
    row_pattern, cell_pattern, kind = (_COMMA_ROW, _COMMA_CELL, "comma") if comma else \
        (_SPACE_ROW, _SPACE_CELL, "space")
    if row_pattern.fullmatch(content) is None:
        reached = row_pattern.match(content)
        stop = reached.end() if reached else 0
        raise ReadError(f"cannot split the row into entries at {quote(content[stop:])} (entries are separated "
                        "by spaces, '|' or commas; parentheses inside an entry nest at most 4 deep)",
                        *line_column(text, offset + stop))
    cells = [cell.strip() for cell in cell_pattern.findall(content)] if comma else cell_pattern.findall(content)
    if not cells or (comma and not all(cells)):
        empty = "an empty row '[]' has no entries" if not cells or len(cells) == 1 else \
            f"entry {cells.index('') + 1} of this row is empty (two separators in a row?)"
        raise ReadError(empty, *line_column(text, offset - 1))
    return cells, kind


def _quick_split(content: str, comma: bool) -> list[str] | None:
    """Split a row at every separator with ``str.split`` (fast); None when that may have cut a group.

    Each distinct piece must be a whole cell by itself (:data:`_SPACE_CELL` or :data:`_COMMA_CELL`).
    A group cut in two leaves pieces with unbalanced brackets, which are not cells, so when every piece
    is a cell the split is the one the row pattern gives.
    """
    pieces = [piece.strip() for piece in re.split(r"[,|]", content)] if comma else content.replace("|", " ").split()
    if not pieces or not all(pieces):
        return None
    pattern = _COMMA_PIECE if comma else _SPACE_CELL
    return pieces if all(pattern.fullmatch(piece) for piece in set(pieces)) else None


_COMMA_PIECE = re.compile(rf"{_COMMA_NORMAL}*(?:{_GROUP}{_COMMA_NORMAL}*)*")
_ROW_BREAK = re.compile(r"\\\\(?:\s*\[[^\]]*\])?")
_RULES = re.compile(r"\\(?:hline|toprule|midrule|bottomrule|hdashline)(?![A-Za-z])|\\cline\s*\{[^}]*\}")


def _read_latex_array(text: str) -> TextArray:
    try:
        tree = parser("latex_array").parse(text)
    except UnexpectedInput as error:
        raise translate(error, text, "the LaTeX matrix") from None
    tokens = [token for token in tree.scan_values(lambda v: isinstance(v, Token))]
    names = [token for token in tokens if token.type in ("MATRIX_NAME", "ARRAY_NAME", "ENVIRONMENT")]
    if len(names) == 2 and names[0] != names[1]:
        raise ReadError(f"\\begin{{{names[0]}}} is closed by \\end{{{names[1]}}}", names[1].line or 1,
                        names[1].column or 1)
    body = next((token for token in tokens if token.type == "BODY"), None)
    if body is None:
        raise ReadError("the LaTeX matrix has no rows", *line_column(text, len(text)))
    start = body.start_pos or 0
    cells: list[str] = []
    rows: list[tuple[int, int, str]] = []
    widths = []
    pieces = _ROW_BREAK.split(str(body))
    offsets = [0] + [match.end() for match in _ROW_BREAK.finditer(str(body))]
    for number, (piece, piece_offset) in enumerate(zip(pieces, offsets)):
        cleaned = _RULES.sub(" ", piece)
        if not cleaned.strip():
            if number == len(pieces) - 1 or number == 0 and len(pieces) > 1 and not cleaned.strip():
                continue
            raise ReadError("an empty row between two '\\\\'", *line_column(text, start + piece_offset))
        row_cells = [cell.strip() for cell in cleaned.split("&")]
        rows.append((start + piece_offset, len(cells), "latex"))
        for position, cell in enumerate(row_cells):
            if not cell:
                raise ReadError(f"entry {position + 1} of this row is empty",
                                *line_column(text, start + piece_offset))
        cells.extend(row_cells)
        widths.append(len(row_cells))
    if not widths:
        raise ReadError("the LaTeX matrix has no rows", *line_column(text, start))
    if len(set(widths)) > 1:
        row = next(n for n, width in enumerate(widths) if width != widths[0])
        raise ReadError(f"the matrix is ragged: row {row + 1} has {widths[row]} entries, row 1 has {widths[0]}",
                        *line_column(text, rows[row][0]))
    transposed = any(token.type == "TRANSPOSE" for token in tokens)
    shape = (len(widths), widths[0])
    if transposed:
        cells = [cells[r * shape[1] + c] for c in range(shape[1]) for r in range(shape[0])]
        shape = (shape[1], shape[0])
        rows = [(rows[0][0], 0, "latex")]
    return TextArray(shape, cells, text, tuple(rows), transposed)
