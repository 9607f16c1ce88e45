r"""Read untrusted text — matrices, expansions, entries and entry rules — into SymPy objects and rule trees.

Nothing here evaluates text: no ``eval``, ``exec``, ``sympify`` or ``parse_expr``. The lark
grammars of :mod:`symconv.checking.grammars` parse the text; the trees are turned into SymPy
objects from an allow-list (numbers, names looked up in a :class:`Vocabulary`, ``+ - * /`` and
integer powers) or into the nodes of :mod:`symconv.checking.rules`. Anything else is a
:class:`~symconv.errors.ReadError` that gives the line and column (both from 1).

Limits that keep a hostile text cheap: brackets nest at most :data:`MAX_DEPTH` deep, numbers have
at most :data:`MAX_DIGITS` digits, exponents are integers of at most :data:`MAX_EXPONENT`, and a
rule is at most :data:`MAX_RULE_LENGTH` characters long.

Examples
--------
>>> import sympy
>>> from symconv.checking.reading import read_array, read_entry, Vocabulary
>>> names = Vocabulary(sympy.symbols("a:h"))
>>> read_entry("1a+2b+4c+5d", names)
a + 2*b + 4*c + 5*d
>>> array = read_array("[a b 0|c d 0|0 0 0]")
>>> array.shape, array.cells[:4]
((9,), ['a', 'b', '0', 'c'])
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy
from lark import Token, Transformer, Tree
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from ..errors import ReadError
from . import rules
from .grammars import parser

MAX_DEPTH = 48
"""How deep brackets, braces and parentheses may nest in one entry or rule."""

MAX_DIGITS = 40
"""The most digits a number may have."""

MAX_EXPONENT = 64
"""The largest exponent (in absolute value) of a power."""

MAX_RULE_LENGTH = 20_000
"""The longest rule, in characters."""

# -- where things are ---------------------------------------------------------------------------
def line_column(text: str, offset: int) -> tuple[int, int]:
    """The (line, column) of character ``offset`` of ``text``, both counted from 1.

    Examples
    --------
    >>> line_column("ab\\ncd", 4)
    (2, 2)
    """
    offset = max(0, min(offset, len(text)))
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _shift(position: tuple[int, int], origin: tuple[int, int]) -> tuple[int, int]:
    """A position inside a piece of text that itself starts at ``origin`` in a larger text."""
    line, column = position
    if line == 1:
        return origin[0], origin[1] + column - 1
    return origin[0] + line - 1, column


_TOKEN_WORDS = {
    "COMMA": "','", "LSQB": "'['", "RSQB": "']'", "LPAR": "'('", "RPAR": "')'", "LBRACE": "'{'",
    "RBRACE": "'}'", "PLUS": "'+'", "MINUS": "'-'", "SLASH": "'/'", "EQUAL": "'='", "SEMICOLON": "';'",
    "INT": "a number", "DECIMAL": "a number", "NAME": "a name", "VAR": "a letter", "KERNEL": "'K'",
    "ROW": "a row '[...]'", "COMPARE": "a comparison", "TIMES": "'*'", "_IF": "'if'", "_AND": "'and'",
    "_OR": "'or'", "_ELSE": "'else'", "_OTHERWISE": "'otherwise'", "END": "'\\end{...}'", "BODY": "rows",
    "$END": "the end of the text", "__ANON_0": "'//'", "MOD": "'%'",
}


def _expected(names: Iterable[str]) -> str:
    words = sorted({_TOKEN_WORDS.get(name, "") for name in names} - {""})
    if not words:
        return ""
    shown = words[:6]
    return "; expected " + ", ".join(shown) + (", ..." if len(words) > len(shown) else "")


def _quote(text: str) -> str:
    """A short, printable quotation of untrusted text for an error message."""
    short = text[:24]
    return repr(short + ("..." if len(text) > 24 else ""))


def _translate(error: UnexpectedInput, text: str, what: str) -> ReadError:
    """A lark error as a ReadError with line and column."""
    if isinstance(error, UnexpectedCharacters):
        offset = error.pos_in_stream or 0
        return ReadError(f"{what}: unexpected character {text[offset:offset + 1]!r}"
                         + _expected(error.allowed or ()), *line_column(text, offset))
    if isinstance(error, UnexpectedToken):
        token = error.token
        if token.type == "$END":
            return ReadError(f"{what} ends too early" + _expected(error.expected), *line_column(text, len(text)))
        offset = token.start_pos if token.start_pos is not None else 0
        return ReadError(f"{what}: unexpected {_quote(str(token))}" + _expected(error.expected),
                         *line_column(text, offset))
    if isinstance(error, UnexpectedEOF):
        return ReadError(f"{what} ends too early" + _expected(error.expected), *line_column(text, len(text)))
    return ReadError(f"{what}: cannot be read", 1, 1)  # pragma: no cover - lark has no other kind


def check_depth(text: str, what: str) -> None:
    """Refuse text whose brackets nest deeper than :data:`MAX_DEPTH` (before any parsing)."""
    if len(text) <= MAX_DEPTH:
        return
    depth = 0
    for offset, character in enumerate(text):
        if character in "([{":
            depth += 1
            if depth > MAX_DEPTH:
                raise ReadError(f"{what} nests brackets more than {MAX_DEPTH} deep", *line_column(text, offset))
        elif character in ")]}":
            depth -= 1


_OPENING = re.compile(r"\A\s*(\$\$|\$|\\\[|\\begin\s*\{(?:equation|displaymath|math)\*?\})")
_CLOSING = re.compile(r"(\$\$|\$|\\\]|\\end\s*\{(?:equation|displaymath|math)\*?\})\s*\Z")


def without_delimiters(text: str) -> str:
    r"""The text with the math delimiters around it (``$$``, ``$``, ``\[ \]``, ``equation``) blanked out.

    Each delimiter becomes as many spaces, so every line and column stays where it was.

    Examples
    --------
    >>> without_delimiters(r"\[ a + b \]")
    '   a + b   '
    """
    opening = _OPENING.match(text)
    closing = _CLOSING.search(text)
    if opening is None or closing is None or closing.start() < opening.end():
        return text
    return (text[:opening.start(1)] + " " * len(opening.group(1)) + text[opening.end(1):closing.start(1)]
            + " " * len(closing.group(1)) + text[closing.end(1):])


# -- names ----------------------------------------------------------------------------------------
def _ascii_name(name: str) -> str:
    """``α`` -> ``alpha``, ``\\alpha`` -> ``alpha``: one spelling for Greek letters."""
    name = name.lstrip("\\")
    pieces = []
    for character in name:
        if character.isascii():
            pieces.append(character)
            continue
        words = unicodedata.name(character, "").split()
        word = words[-1].lower() if words[:1] == ["GREEK"] else character
        word = "lambda" if word == "lamda" else word
        pieces.append(word.capitalize() if "CAPITAL" in words else word)
    return "".join(pieces)


_SYMBOL_NAME = re.compile(
    r"([A-Za-z\u0391-\u03a9\u03b1-\u03c9][A-Za-z0-9\u0391-\u03a9\u03b1-\u03c9]*)"
    r"(?:_\{\s*([A-Za-z0-9\-]+(?:\s*,\s*[A-Za-z0-9\-]+)*)\s*\}|_([A-Za-z0-9]+))?"
)

Key = tuple[str, tuple[str, ...]]


def _normal_index(index: str) -> str:
    index = index.strip()
    return str(int(index)) if re.fullmatch(r"-?\d+", index) else _ascii_name(index)


def name_key(value: sympy.Basic) -> Key | None:
    """The key under which a symbol is read: ``K_{0,1}``, ``K[0, 1]`` -> ``("K", ("0", "1"))``; None if unreadable."""
    if isinstance(value, sympy.Indexed):
        label = value.base.label
        if not isinstance(label, sympy.Symbol) or not all(index.is_Integer for index in value.indices):
            return None
        return (_ascii_name(label.name), tuple(str(int(index)) for index in value.indices))
    if isinstance(value, sympy.Symbol):
        match = _SYMBOL_NAME.fullmatch(value.name)
        if match is None:
            return None
        stem, listed, single = match.groups()
        indices = listed.split(",") if listed else ([single] if single else [])
        return (_ascii_name(stem), tuple(_normal_index(index) for index in indices))
    return None


class Vocabulary:
    """The names a candidate may use: every symbol of the layer (kernel, input, bias), found by how it is written.

    A name the layer does not have still reads (``K_{2,0,1,0}`` as the ``Indexed`` object
    ``K[2, 0, 1, 0]``, ``z`` as the symbol ``z``) and is remembered in :attr:`unknown`: the
    comparison then finds it wrong.

    Examples
    --------
    >>> from symconv import kernel
    >>> names = Vocabulary(kernel((1, 1, 2)))
    >>> names.resolve("K", ("0", "0", "1")), names.resolve("z", ())
    (K[0, 0, 1], z)
    >>> sorted(names.unknown)
    ['z']
    """

    def __init__(self, values: Iterable[Any]):
        self.names: dict[Key, sympy.Expr] = {}
        self.unknown: set[str] = set()
        for value in values:
            if not isinstance(value, sympy.Basic):
                continue
            indexed = value.atoms(sympy.Indexed)
            labels = {item.base.label for item in indexed}
            for atom in [*indexed, *(s for s in value.atoms(sympy.Symbol) if s not in labels)]:
                key = name_key(atom)
                if key is not None:
                    self.names.setdefault(key, atom)

    def resolve(self, stem: str, indices: tuple[str, ...]) -> sympy.Expr:
        """The symbol written ``stem`` with ``indices`` (strings): the layer's own, or a new one."""
        key = (_ascii_name(stem), tuple(_normal_index(index) for index in indices))
        found = self.names.get(key)
        if found is not None:
            return found
        stem, indices = key
        if indices and all(re.fullmatch(r"-?\d+", index) for index in indices):
            value: sympy.Expr = sympy.IndexedBase(stem)[tuple(int(index) for index in indices)]
            self.unknown.add(f"{stem}_{{{','.join(indices)}}}")
        else:
            name = stem + ("_{" + ",".join(indices) + "}" if indices else "")
            value = sympy.Symbol(name)
            self.unknown.add(name)
        return value


# -- entries ----------------------------------------------------------------------------------------
# An entry is read into a small tree of tuples (cached per text), then built into SymPy with a vocabulary:
#   ("number", Fraction) | ("name", stem, indices) | ("sum", ((sign, node), ...)) | ("product", (node, ...))
#   ("inverse", node) | ("negative", node) | ("power", node, exponent)
# Sums and products are flat and signs never nest, so the depth of a tree is bounded by the nesting
# of brackets (at most MAX_DEPTH) and building it never recurses deeply.

def _integer(token: Token) -> int:
    if len(token) > MAX_DIGITS:
        raise _Refused(f"a number has more than {MAX_DIGITS} digits", token)
    return int(token)


class _Refused(Exception):
    """Raised inside the transformers; turned into a ReadError at the token's position."""

    def __init__(self, reason: str, token: Any):
        super().__init__(reason)
        self.reason = reason
        self.token = token


class _EntryTree(Transformer):  # type: ignore[type-arg]
    def integer(self, children: list[Token]) -> tuple[Any, ...]:
        return ("number", Fraction(_integer(children[0])))

    def decimal(self, children: list[Token]) -> tuple[Any, ...]:
        if len(children[0]) > MAX_DIGITS:
            raise _Refused(f"a number has more than {MAX_DIGITS} digits", children[0])
        return ("number", Fraction(str(children[0])))

    def plain_name(self, children: list[Token]) -> tuple[Any, ...]:
        return ("name", str(children[0]), ())

    def subscript_list(self, children: list[Any]) -> tuple[Any, ...]:
        return ("name", str(children[0]), tuple(str(_integer(c)) if isinstance(c, Token) else str(c)
                                                for c in children[1:]))

    def subscript_name(self, children: list[Token]) -> tuple[Any, ...]:
        return ("name", str(children[0]), (str(children[1]),))

    def index(self, children: list[Token]) -> int:
        return _integer(children[0])

    def exponent(self, children: list[Token]) -> int:
        return self._bounded(_integer(children[0]), children[0])

    def negative(self, children: list[Token]) -> int:
        return self._bounded(-_integer(children[-1]), children[-1])

    @staticmethod
    def _bounded(value: int, token: Token) -> int:
        if abs(value) > MAX_EXPONENT:
            raise _Refused(f"an exponent or index is larger than {MAX_EXPONENT} in size", token)
        return value

    def add(self, children: list[Any]) -> tuple[Any, ...]:
        return _joined(children[0], 1, children[-1])

    def sub(self, children: list[Any]) -> tuple[Any, ...]:
        return _joined(children[0], -1, children[-1])

    def neg(self, children: list[Any]) -> tuple[Any, ...]:
        operand = children[-1]
        if operand[0] == "negative":  # --a is a: chains of signs never nest
            return operand[1]  # type: ignore[no-any-return]
        if operand[0] == "number":
            return ("number", -operand[1])
        return ("negative", operand)

    def mul(self, children: list[Any]) -> tuple[Any, ...]:
        left, right = children[0], children[-1]
        factors = left[1] if left[0] == "product" else (left,)
        return ("product", (*factors, right))

    def div(self, children: list[Any]) -> tuple[Any, ...]:
        return self.mul([children[0], ("inverse", children[-1])])

    def frac(self, children: list[Any]) -> tuple[Any, ...]:
        return self.mul([children[1], ("inverse", children[2])])

    def pow(self, children: list[Any]) -> tuple[Any, ...]:
        return ("power", children[0], children[-1])

    def atom(self, children: list[Any]) -> Any:  # \left( sum \right)
        return children[1]


_ENTRY_TREE = _EntryTree()


def _joined(left: tuple[Any, ...], sign: int, right: tuple[Any, ...]) -> tuple[Any, ...]:
    terms = left[1] if left[0] == "sum" else ((1, left),)
    return ("sum", (*terms, (sign, right)))


@lru_cache(maxsize=8192)
def entry_tree(text: str) -> tuple[Any, ...]:
    """The parse of one entry (cached): a tree of tuples, or a ReadError for a malformed entry."""
    check_depth(text, "the entry")
    try:
        tree: tuple[Any, ...] = parser("entry", _ENTRY_TREE).parse(text)  # type: ignore[assignment]
        return tree
    except UnexpectedInput as error:
        raise _translate(error, text, f"the entry {_quote(text.strip())}") from None
    except (_Refused, VisitError) as error:
        refused = error.orig_exc if isinstance(error, VisitError) else error
        if not isinstance(refused, _Refused):  # pragma: no cover - every transformer error is a _Refused
            raise
        offset = refused.token.start_pos or 0
        raise ReadError(refused.reason, *line_column(text, offset)) from None


def build(tree: tuple[Any, ...], names: Vocabulary) -> sympy.Expr:
    """Build the SymPy expression of an entry's tree; names are resolved by ``names``."""
    kind = tree[0]
    if kind == "number":
        return sympy.Rational(tree[1].numerator, tree[1].denominator)
    if kind == "name":
        return names.resolve(tree[1], tree[2])
    if kind == "sum":
        return sympy.Add(*[build(term, names) if sign > 0 else -build(term, names) for sign, term in tree[1]])
    if kind == "product":
        return sympy.Mul(*[build(factor, names) for factor in tree[1]])
    if kind == "negative":
        return -build(tree[1], names)
    if kind == "inverse":
        denominator = build(tree[1], names)
        if denominator.is_zero:
            raise ReadError("division by zero", 1, 1)
        return 1 / denominator
    if kind == "power":
        base = build(tree[1], names)
        if base.is_zero and tree[2] < 0:
            raise ReadError("division by zero (0 to a negative power)", 1, 1)
        return sympy.Pow(base, tree[2])
    raise AssertionError(kind)  # pragma: no cover


def read_entry(text: str, names: Vocabulary, *, origin: tuple[int, int] = (1, 1)) -> sympy.Expr:
    """Read one entry or output expression (plain text or LaTeX) into a SymPy expression.

    ``origin`` is where the entry starts in a larger text, for the line and column of errors.

    Examples
    --------
    >>> import sympy
    >>> names = Vocabulary([sympy.IndexedBase("x")[0, 1], *sympy.symbols("a b")])
    >>> read_entry(r"\\tfrac{1}{2} a + 2x_{0,1}", names)
    a/2 + 2*x[0, 1]
    >>> read_entry("a +", names)
    Traceback (most recent call last):
    ...
    symconv.errors.ReadError: line 1, column 4: the entry 'a +' ends too early; expected '(', ...
    """
    try:
        tree = entry_tree(text)
        return build(tree, names)
    except ReadError as error:
        line, column = _shift((error.line, error.column), origin)
        raise ReadError(error.reason, line, column) from None


def read_entries(cells: Iterable[str], names: Vocabulary, where: Any = None) -> dict[str, sympy.Expr]:
    """Read every distinct cell once: ``{cell text: expression}``; ``where(n)`` locates the n-th cell for errors."""
    values: dict[str, sympy.Expr] = {}
    for number, cell in enumerate(cells):
        if cell in values:
            continue
        try:
            values[cell] = read_entry(cell, names)
        except ReadError as error:
            if where is None:
                raise
            origin = where(number)
            line, column = _shift((error.line, error.column), origin)
            raise ReadError(error.reason, line, column) from None
    return values


# -- arrays -----------------------------------------------------------------------------------------
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
        raise _translate(error, text, "the array") from None
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
        raise ReadError(f"cannot split the row into entries at {_quote(content[stop:])} (entries are separated "
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
        raise _translate(error, text, "the LaTeX matrix") from None
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


# -- rules ------------------------------------------------------------------------------------------
def _position(item: Any) -> tuple[int, int]:
    if isinstance(item, rules.Node):
        return item.position
    if isinstance(item, Token):
        return (item.line or 1, item.column or 1)
    if isinstance(item, Tree) and item.meta and not item.meta.empty:
        return (item.meta.line, item.meta.column)
    return (1, 1)


_COMPARE_WORDS = {"=": "==", "≤": "<=", "≥": ">=", "≠": "!=", "\\le": "<=", "\\leq": "<=", "\\leqslant": "<=",
                  "\\ge": ">=", "\\geq": ">=", "\\geqslant": ">=", "\\ne": "!=", "\\neq": "!=", "\\lt": "<",
                  "\\gt": ">"}


def _variable_name(token: Token) -> str:
    text = str(token)
    return text[0] + ("'" if len(text) > 1 else "")


class _RuleTree(Transformer):  # type: ignore[type-arg]
    """Turns the parse of a rule into the nodes of :mod:`symconv.checking.rules`, checking depth on the way."""

    @staticmethod
    def _depth(node: rules.Node, *children: Any) -> rules.Node:
        depth = 1 + max((getattr(child, "_depth", 1) for child in children), default=0)
        if depth > MAX_DEPTH:
            raise _Refused(f"the rule nests more than {MAX_DEPTH} levels deep", node.position)
        object.__setattr__(node, "_depth", depth)
        return node

    def integer(self, children: list[Token]) -> rules.Node:
        return rules.Number(Fraction(_integer(children[0])), position=_position(children[0]))

    def var(self, children: list[Token]) -> rules.Node:
        return rules.Variable(_variable_name(children[0]), position=_position(children[0]))

    def lookup(self, children: list[Any]) -> rules.Node:
        indices = tuple(child for child in children[1:] if isinstance(child, rules.Node))
        return self._depth(rules.Lookup(indices, position=_position(children[0])), *indices)

    def add(self, children: list[Any]) -> rules.Node:
        return self._sum(children[0], 1, children[-1])

    def sub(self, children: list[Any]) -> rules.Node:
        return self._sum(children[0], -1, children[-1])

    def _sum(self, left: rules.Node, sign: int, right: rules.Node) -> rules.Node:
        terms = left.terms if isinstance(left, rules.Sum) else ((1, left),)
        return self._depth(rules.Sum((*terms, (sign, right)), position=left.position), left, right)

    def mul(self, children: list[Any]) -> rules.Node:
        left, right = children[0], children[-1]
        factors = left.factors if isinstance(left, rules.Product) else (left,)
        return self._depth(rules.Product((*factors, right), position=left.position), left, right)

    def _binary(self, operator: str, children: list[Any]) -> rules.Node:
        left, right = children[0], children[-1]
        return self._depth(rules.Binary(operator, left, right, position=left.position), left, right)

    def div(self, children: list[Any]) -> rules.Node:
        operands = [child for child in children if isinstance(child, rules.Node)]
        node = rules.Binary("/", operands[0], operands[1], position=_position(children[0]))
        return self._depth(node, *operands)

    def floordiv(self, children: list[Any]) -> rules.Node:
        return self._binary("//", children)

    def mod(self, children: list[Any]) -> rules.Node:
        return self._binary("%", children)

    def pow(self, children: list[Any]) -> rules.Node:
        return self._binary("^", children)

    def neg(self, children: list[Any]) -> rules.Node:
        operand = children[-1]
        if isinstance(operand, rules.Number):
            return rules.Number(-operand.value, position=operand.position)
        if isinstance(operand, rules.Negative):  # --x is x: chains of signs never nest
            return operand.operand
        return self._depth(rules.Negative(operand, position=operand.position), operand)

    def atom(self, children: list[Any]) -> rules.Node:  # \left( sum \right)
        return children[1]  # type: ignore[no-any-return]

    def call(self, children: list[Any]) -> rules.Node:
        name = str(children[0]).lstrip("\\")
        arguments = tuple(child for child in children[1:] if isinstance(child, rules.Node))
        if name in ("floor", "ceil", "abs") and len(arguments) != 1:
            raise _Refused(f"{name}() takes one argument, got {len(arguments)}", children[0])
        return self._depth(rules.Call(name, arguments, position=_position(children[0])), *arguments)

    def floor(self, children: list[Any]) -> rules.Node:
        return self._depth(rules.Call("floor", (children[1],), position=_position(children[0])), children[1])

    def ceil(self, children: list[Any]) -> rules.Node:
        return self._depth(rules.Call("ceil", (children[1],), position=_position(children[0])), children[1])

    def comparison(self, children: list[Any]) -> rules.Node:
        operands = tuple(children[0::2])
        operators = tuple(_COMPARE_WORDS.get(str(token).strip(), str(token).strip()) for token in children[1::2])
        return self._depth(rules.Comparison(operators, operands, position=operands[0].position), *operands)

    def both(self, children: list[Any]) -> rules.Node:
        return self._logical("and", children)

    def either(self, children: list[Any]) -> rules.Node:
        return self._logical("or", children)

    def _logical(self, operator: str, children: list[Any]) -> rules.Node:
        left, right = children[0], children[-1]
        operands = left.operands if isinstance(left, rules.Logical) and left.operator == operator else (left,)
        return self._depth(rules.Logical(operator, (*operands, right), position=left.position), left, right)

    def negate(self, children: list[Any]) -> rules.Node:
        return self._depth(rules.Not(children[-1], position=_position(children[-1])), children[-1])

    def branch(self, children: list[Any]) -> rules.Node:
        nodes = [child for child in children if isinstance(child, rules.Node)]
        return rules.Branch(nodes[0], nodes[1], position=nodes[0].position)

    def branch_otherwise(self, children: list[Any]) -> list[rules.Node]:
        """``A if c otherwise B``, or ``A if c`` and then ``0 otherwise`` (on the next line, say)."""
        nodes = [child for child in children if isinstance(child, rules.Node)]
        last = children[-1] if isinstance(children[-1], rules.Node) else self.integer(children[-1:])
        return [rules.Branch(nodes[0], nodes[1], position=nodes[0].position),
                rules.Branch(last, position=last.position)]

    def default_piece(self, children: list[Any]) -> rules.Node:
        node = next(child for child in children if isinstance(child, rules.Node))
        return rules.Branch(node, position=node.position)

    def definition(self, children: list[Any]) -> rules.Node:
        return rules.Definition(_variable_name(children[0]), children[1], position=_position(children[0]))

    def where(self, children: list[Any]) -> tuple[str, tuple[rules.Node, ...]]:
        return ("where", tuple(child for child in children if isinstance(child, rules.Definition)))

    def matrix_index(self, children: list[Token]) -> tuple[str, ...]:
        letters = tuple(str(child) for child in children if isinstance(child, Token) and child.type == "VAR")
        if letters != ("s", "t"):
            raise _Refused(f"the rule is for M[{', '.join(letters)}]; write it for M[s, t] (s the row, t the column)",
                           children[0])
        return letters

    def lhs(self, children: list[Any]) -> tuple[str]:
        return ("lhs",)

    def cases(self, children: list[Any]) -> tuple[str, tuple[rules.Branch, ...]]:
        closing = ("END", "RIGHT")
        last = [child for child in children if not (isinstance(child, Token) and child.type.startswith(closing))]
        if last and isinstance(last[-1], Token) and last[-1].type == "ELSE":
            raise _Refused("'else' at the end needs a value after it (else 0)", last[-1])
        return ("cases", tuple(_branches(children)))

    def rule(self, children: list[Any]) -> rules.Rule:
        definitions = tuple(child for child in children if isinstance(child, rules.Definition))
        branches: tuple[rules.Branch, ...] = ()
        where: tuple[rules.Node, ...] = ()
        for child in children:
            if isinstance(child, (rules.Branch, list)):
                branches += tuple(_branches([child]))
            elif isinstance(child, tuple) and child[0] == "cases":
                branches += child[1]
            elif isinstance(child, tuple) and child[0] == "where":
                where = child[1]
        for number, branch in enumerate(branches[:-1]):
            if branch.condition is None:
                raise _Refused(f"branch {number + 1} has no condition but is not the last one ('otherwise' comes last)",
                               branch.position)
        return rules.Rule(definitions, branches, tuple(where))  # type: ignore[arg-type]


def _branches(children: list[Any]) -> list[rules.Branch]:
    """The branches among a rule's children (a piece may give two: ``A if c otherwise B``)."""
    found: list[rules.Branch] = []
    for child in children:
        if isinstance(child, rules.Branch):
            found.append(child)
        elif isinstance(child, list):
            found.extend(item for item in child if isinstance(item, rules.Branch))
    return found


_RULE_TREE = _RuleTree()

_DEFINITION_LINE = re.compile(r"[ \t]*(?:(?:where|with)[ \t]+)?[A-Za-z](?:'|\^\s*\{?\s*\\prime\s*\}?)?[ \t]*=(?!=)")


def _definitions_by_line(text: str) -> str:
    """The text with every newline that ends a definition line (``u = s // (H'W')``) made a ``;``.

    A rule copied from a page often defines one letter per line; the grammar needs a separator
    there (juxtaposition would otherwise join the lines). One character replaces one, so every
    offset stays the same.
    """
    lines = text.split("\n")
    pieces = []
    for number, line in enumerate(lines):
        pieces.append(line)
        if number < len(lines) - 1:
            ends_definition = _DEFINITION_LINE.match(line) is not None and not line.rstrip().endswith((";", ","))
            follows = any(later.strip() for later in lines[number + 1:])
            pieces.append(";" if ends_definition and follows else "\n")
    return "".join(pieces)


def _moved(value: Any, convert: Any) -> Any:
    """A rule (or part of one) with every position converted."""
    if isinstance(value, rules.Node):
        changes = {f.name: _moved(getattr(value, f.name), convert) for f in fields(value) if f.name != "position"}
        return replace(value, **changes, position=convert(value.position))
    if isinstance(value, tuple):
        return tuple(_moved(item, convert) for item in value)
    return value


def read_rule(text: str) -> rules.Rule:
    r"""Read an entry rule for M[s, t] (plain text or LaTeX) into a :class:`~symconv.checking.rules.Rule`.

    Examples
    --------
    >>> from symconv.checking.rules import rule_text
    >>> rule = read_rule(r"M_{s,t} = \begin{cases} K_{s,i,v-j,w-k} & \text{if } 0 \leq v-j < P "
    ...                  r"\text{ and } 0 \leq w-k < Q \\ 0 & \text{otherwise} \end{cases}")
    >>> print(rule_text(rule))
    M[s, t] = K[s, i, v - j, w - k] if 0 <= v - j < P and 0 <= w - k < Q, else 0
    >>> read_rule("K[u, i, j - v] if 0 <= j - v < P else")
    Traceback (most recent call last):
    ...
    symconv.errors.ReadError: line 1, column 34: 'else' at the end needs a value after it (else 0)
    """
    if not isinstance(text, str):
        raise TypeError(f"a rule must be a str, got {type(text).__name__}")
    if len(text) > MAX_RULE_LENGTH:
        raise ReadError(f"the rule is longer than {MAX_RULE_LENGTH} characters", 1, 1)
    check_depth(text, "the rule")
    text = without_delimiters(text)
    prepared = _definitions_by_line(text) if "\n" in text else text
    starts = [0] + [offset + 1 for offset, character in enumerate(prepared) if character == "\n"]

    def original(position: tuple[int, int]) -> tuple[int, int]:
        """A (line, column) in the prepared text as a (line, column) in the text given."""
        line, column = position
        if line < 1 or line > len(starts):
            return position
        return line_column(text, starts[line - 1] + column - 1)

    try:
        result = parser("rule", _RULE_TREE).parse(prepared)
    except UnexpectedInput as error:
        raise _translate(error, text, "the rule") from None
    except (_Refused, VisitError) as error:
        refused = error.orig_exc if isinstance(error, VisitError) else error
        if not isinstance(refused, _Refused):  # pragma: no cover - every transformer error is a _Refused
            raise
        where = refused.token
        position = where if isinstance(where, tuple) else _position(where)
        raise ReadError(refused.reason, *original(position)) from None
    if not isinstance(result, rules.Rule):  # pragma: no cover - the start rule is 'rule'
        raise ReadError("the text is not a rule", 1, 1)
    return result if prepared == text else _moved(result, original)
