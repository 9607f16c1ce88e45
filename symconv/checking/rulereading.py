r"""Read an entry rule for M[s, t] (plain text or LaTeX) into the nodes of :mod:`symconv.checking.rules`."""

from __future__ import annotations

import re
from dataclasses import fields, replace
from fractions import Fraction
from typing import Any

from lark import Token, Transformer, Tree
from lark.exceptions import UnexpectedInput, VisitError

from ..errors import ReadError
from . import rules
from .grammars import parser
from .reading import (
    MAX_DEPTH,
    MAX_RULE_LENGTH,
    Refused,
    check_depth,
    line_column,
    translate,
    whole_number,
    without_delimiters,
)


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
            raise Refused(f"the rule nests more than {MAX_DEPTH} levels deep", node.position)
        object.__setattr__(node, "_depth", depth)
        return node

    def integer(self, children: list[Token]) -> rules.Node:
        return rules.Number(Fraction(whole_number(children[0])), position=_position(children[0]))

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
            raise Refused(f"{name}() takes one argument, got {len(arguments)}", children[0])
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
            raise Refused(f"the rule is for M[{', '.join(letters)}]; write it for M[s, t] (s the row, t the column)",
                           children[0])
        return letters

    def lhs(self, children: list[Any]) -> tuple[str]:
        return ("lhs",)

    def cases(self, children: list[Any]) -> tuple[str, tuple[rules.Branch, ...]]:
        closing = ("END", "RIGHT")
        last = [child for child in children if not (isinstance(child, Token) and child.type.startswith(closing))]
        if last and isinstance(last[-1], Token) and last[-1].type == "ELSE":
            raise Refused("'else' at the end needs a value after it (else 0)", last[-1])
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
                raise Refused(f"branch {number + 1} has no condition but is not the last one ('otherwise' comes last)",
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


def without_comments(text: str) -> str:
    """The text with every ``# comment`` (to the end of its line) blanked out, keeping lines and columns.

    Examples
    --------
    >>> without_comments("u = s // 4  # s = 4u + v")
    'u = s // 4              '
    """
    return re.sub(r"#[^\n]*", lambda match: " " * len(match.group(0)), text)


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
    text = without_comments(text)
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
        raise translate(error, text, "the rule") from None
    except (Refused, VisitError) as error:
        refused = error.orig_exc if isinstance(error, VisitError) else error
        if not isinstance(refused, Refused):  # pragma: no cover - every transformer error is a Refused
            raise
        where = refused.token
        position = where if isinstance(where, tuple) else _position(where)
        raise ReadError(refused.reason, *original(position)) from None
    if not isinstance(result, rules.Rule):  # pragma: no cover - the start rule is 'rule'
        raise ReadError("the text is not a rule", 1, 1)
    return result if prepared == text else _moved(result, original)
