r"""Read untrusted text into SymPy objects: where things are, the names a candidate may use, and entries.

Nothing here evaluates text: no ``eval``, ``exec``, ``sympify`` or ``parse_expr``. The lark
grammars of :mod:`symconv.checking.grammars` parse the text; the trees are turned into SymPy
objects from an allow-list (numbers, names looked up in a :class:`Vocabulary`, ``+ - * /`` and
integer powers) or into the nodes of :mod:`symconv.checking.rules`. Anything else is a
:class:`~symconv.errors.ReadError` that gives the line and column (both from 1).

Limits that keep a hostile text cheap: brackets nest at most :data:`MAX_DEPTH` deep, numbers have
at most :data:`MAX_DIGITS` digits, exponents are integers of at most :data:`MAX_EXPONENT`, and a
rule is at most :data:`MAX_RULE_LENGTH` characters long.

Arrays are read by :mod:`symconv.checking.arrays` and rules by :mod:`symconv.checking.rulereading`,
with the helpers here.

Examples
--------
>>> import sympy
>>> from symconv.checking.reading import read_entry, Vocabulary
>>> names = Vocabulary(sympy.symbols("a:h"))
>>> read_entry("1a+2b+4c+5d", names)
a + 2*b + 4*c + 5*d
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from fractions import Fraction
from functools import lru_cache
from typing import Any

import sympy
from lark import Token, Transformer
from lark.exceptions import UnexpectedCharacters, UnexpectedEOF, UnexpectedInput, UnexpectedToken, VisitError

from ..errors import ReadError
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


def quote(text: str) -> str:
    """A short, printable quotation of untrusted text for an error message."""
    short = text[:24]
    return repr(short + ("..." if len(text) > 24 else ""))


def translate(error: UnexpectedInput, text: str, what: str) -> ReadError:
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
        return ReadError(f"{what}: unexpected {quote(str(token))}" + _expected(error.expected),
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

def whole_number(token: Token) -> int:
    if len(token) > MAX_DIGITS:
        raise Refused(f"a number has more than {MAX_DIGITS} digits", token)
    return int(token)


class Refused(Exception):
    """Raised inside the transformers; turned into a ReadError at the token's position."""

    def __init__(self, reason: str, token: Any):
        super().__init__(reason)
        self.reason = reason
        self.token = token


class _EntryTree(Transformer):  # type: ignore[type-arg]
    def integer(self, children: list[Token]) -> tuple[Any, ...]:
        return ("number", Fraction(whole_number(children[0])))

    def decimal(self, children: list[Token]) -> tuple[Any, ...]:
        if len(children[0]) > MAX_DIGITS:
            raise Refused(f"a number has more than {MAX_DIGITS} digits", children[0])
        return ("number", Fraction(str(children[0])))

    def plain_name(self, children: list[Token]) -> tuple[Any, ...]:
        return ("name", str(children[0]), ())

    def subscript_list(self, children: list[Any]) -> tuple[Any, ...]:
        return ("name", str(children[0]), tuple(str(whole_number(c)) if isinstance(c, Token) else str(c)
                                                for c in children[1:]))

    def subscript_name(self, children: list[Token]) -> tuple[Any, ...]:
        return ("name", str(children[0]), (str(children[1]),))

    def index(self, children: list[Token]) -> int:
        return whole_number(children[0])

    def exponent(self, children: list[Token]) -> int:
        return self._bounded(whole_number(children[0]), children[0])

    def negative(self, children: list[Token]) -> int:
        return self._bounded(-whole_number(children[-1]), children[-1])

    @staticmethod
    def _bounded(value: int, token: Token) -> int:
        if abs(value) > MAX_EXPONENT:
            raise Refused(f"an exponent or index is larger than {MAX_EXPONENT} in size", token)
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
        raise translate(error, text, f"the entry {quote(text.strip())}") from None
    except (Refused, VisitError) as error:
        refused = error.orig_exc if isinstance(error, VisitError) else error
        if not isinstance(refused, Refused):  # pragma: no cover - every transformer error is a Refused
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
