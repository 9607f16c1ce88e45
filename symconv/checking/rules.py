r"""Entry rules for M[s, t] as data: the tree a rule is read into, its text and LaTeX, and the layer's own rule.

A rule is what a person writes for one entry of M, in the layer's letters
(:func:`symconv.symbols.notation`)::

    M[s, t] = K[u, i, j - v, k - w] if 0 <= j - v < P and 0 <= k - w < Q, else 0

:mod:`symconv.checking.rulereading` reads such text into the frozen nodes below;
:mod:`symconv.checking.evaluation` evaluates them for every (s, t) at once.
:func:`layer_rule` writes the rule of a layer (a cross-correlation or convolution with zero
padding, any stride, dilation, padding, groups and order) as the same nodes, and the same
rule with one of the index slips people make (:data:`SLIPS`), so that the checker can
rebuild what a slip would give and compare it with a candidate.

Notes
-----
For an axis with stride :math:`S`, dilation :math:`d`, padding :math:`p_0` before the input
and kernel size :math:`P`, output position :math:`v` reads input position :math:`j` through
tap :math:`p` when :math:`j = vS + pd - p_0`, so with the offset :math:`e = j - vS + p_0`

.. math:: M_{s,t} = K_{u,\,i,\,e/d,\,\dots} \quad\text{if } e \bmod d = 0
          \text{ and } 0 \le e/d < P \text{ (every axis)}, \text{ else } 0,

with :math:`P - 1 - e/d` instead of :math:`e/d` for true convolution, and with groups the
kernel's channel index is :math:`i \bmod C_g` when :math:`\lfloor i / C_g \rfloor =
\lfloor u / D_g \rfloor` (else 0).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import TYPE_CHECKING

from ..symbols import notation

if TYPE_CHECKING:  # pragma: no cover
    from ..protocol import LayerSummary


@dataclass(frozen=True)
class Node:
    """A node of a rule; ``position`` is (line, column) in the text it was read from (0, 0 if built)."""

    position: tuple[int, int] = field(default=(0, 0), compare=False, repr=False, kw_only=True)


@dataclass(frozen=True)
class Number(Node):
    """An exact number."""

    value: Fraction


@dataclass(frozen=True)
class Variable(Node):
    """A letter of the notation: an index (s, u, v, j, p, ...) or a size (C, H, W', P, ...)."""

    name: str


@dataclass(frozen=True)
class Lookup(Node):
    """The kernel entry ``K[...]`` at the given indices."""

    indices: tuple[Node, ...]


@dataclass(frozen=True)
class Sum(Node):
    """``terms[0] ± terms[1] ± ...``: each term is (sign, node) with sign +1 or -1."""

    terms: tuple[tuple[int, Node], ...]


@dataclass(frozen=True)
class Product(Node):
    """The product of its factors (written ``2v``, ``H'W'``, ``a*b``)."""

    factors: tuple[Node, ...]


@dataclass(frozen=True)
class Binary(Node):
    """``left / right``, ``left // right`` (floor division), ``left % right`` (mod) or ``left ^ right``."""

    operator: str
    left: Node
    right: Node


@dataclass(frozen=True)
class Negative(Node):
    """``-operand``."""

    operand: Node


@dataclass(frozen=True)
class Call(Node):
    """``floor(x)``, ``ceil(x)``, ``abs(x)``, ``min(a, b, ...)`` or ``max(a, b, ...)``."""

    function: str
    arguments: tuple[Node, ...]


@dataclass(frozen=True)
class Comparison(Node):
    """A chain ``a <= b < c``: ``operators`` between consecutive ``operands``."""

    operators: tuple[str, ...]
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Logical(Node):
    """``and`` or ``or`` of its operands."""

    operator: str
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Not(Node):
    """``not operand``."""

    operand: Node


@dataclass(frozen=True)
class Branch(Node):
    """``value if condition`` (``condition`` None: the value otherwise)."""

    value: Node
    condition: Node | None = None


@dataclass(frozen=True)
class Definition(Node):
    """``name = value``; defining ``s`` or ``t`` (``t = iHW + jW + k``) defines how they decompose."""

    name: str
    value: Node


@dataclass(frozen=True)
class Rule(Node):
    """An entry rule: definitions, then branches tried in order (0 when none applies), then ``where`` definitions.

    Every definition is made before the branches are evaluated: first ``definitions``
    (written before the rule), then ``where`` (written after it).
    """

    definitions: tuple[Definition, ...]
    branches: tuple[Branch, ...]
    where: tuple[Definition, ...] = ()

    @property
    def all_definitions(self) -> tuple[Definition, ...]:
        return self.definitions + self.where


COMPARISONS = ("<=", "<", ">=", ">", "==", "!=")
"""The comparison operators of a rule (``=`` and the LaTeX ones are read as these)."""

# -- text -------------------------------------------------------------------------------------------
_SUM, _PRODUCT, _UNARY, _POWER, _ATOM = 1, 2, 3, 4, 5


def _level(node: Node) -> int:
    if isinstance(node, Sum):
        return _SUM
    if isinstance(node, (Product, Binary)):
        return _POWER if isinstance(node, Binary) and node.operator == "^" else _PRODUCT
    if isinstance(node, Negative):
        return _UNARY
    if isinstance(node, Number) and (node.value < 0 or node.value.denominator != 1):
        return _PRODUCT if node.value >= 0 else _UNARY
    return _ATOM


@dataclass(frozen=True)
class _Style:
    """How one output format writes the pieces of a rule."""

    number: Callable[[Fraction], str]
    variable: Callable[[str], str]
    lookup: Callable[[list[str]], str]
    times: str
    operators: dict[str, str]
    comparisons: dict[str, str]
    logical: dict[str, str]
    negate: str
    paren: Callable[[str], str]
    call: Callable[[str, list[str]], str]
    floordiv: Callable[[str, str], str] | None = None


def _text_number(value: Fraction) -> str:
    return str(value.numerator) if value.denominator == 1 else f"{value.numerator}/{value.denominator}"


TEXT = _Style(
    number=_text_number,
    variable=lambda name: name,
    lookup=lambda indices: "K[" + ", ".join(indices) + "]",
    times="*",
    operators={"/": " / ", "//": " // ", "%": " % ", "^": "^"},
    comparisons={op: f" {op} " for op in COMPARISONS},
    logical={"and": " and ", "or": " or "},
    negate="not ",
    paren=lambda text: "(" + text + ")",
    call=lambda name, arguments: name + "(" + ", ".join(arguments) + ")",
)


def _latex_variable(name: str) -> str:
    from ..printing.common import latex_name

    base = name.rstrip("'")
    return latex_name(base) + "'" * (len(name) - len(base))


def _latex_number(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    sign = "-" if value < 0 else ""
    return sign + rf"\tfrac{{{abs(value.numerator)}}}{{{value.denominator}}}"


def _latex_call(name: str, arguments: list[str]) -> str:
    if name == "floor":
        return r"\left\lfloor " + arguments[0] + r" \right\rfloor"
    if name == "ceil":
        return r"\left\lceil " + arguments[0] + r" \right\rceil"
    if name == "abs":
        return r"\left| " + arguments[0] + r" \right|"
    return "\\" + name + r"\left(" + ", ".join(arguments) + r"\right)"


LATEX = _Style(
    number=_latex_number,
    variable=_latex_variable,
    lookup=lambda indices: "K_{" + ",".join(indices) + "}",
    times=" ",
    operators={"/": " / ", "//": " // ", "%": r" \bmod ", "^": "^"},
    comparisons={"<=": r" \le ", "<": " < ", ">=": r" \ge ", ">": " > ", "==": " = ", "!=": r" \ne "},
    logical={"and": r" \text{ and } ", "or": r" \text{ or } "},
    negate=r"\text{not } ",
    paren=lambda text: r"\left(" + text + r"\right)",
    call=_latex_call,
    floordiv=lambda a, b: r"\left\lfloor \frac{" + a + "}{" + b + r"} \right\rfloor",
)


def expression(node: Node, style: _Style = TEXT) -> str:
    """One node of a rule as text (``style=TEXT``, readable back by the rule grammar) or LaTeX.

    Examples
    --------
    >>> from fractions import Fraction
    >>> offset = Sum(((1, Variable("j")), (-1, Product((Number(Fraction(2)), Variable("v"))))))
    >>> expression(offset), expression(offset, LATEX)
    ('j - 2v', 'j - 2 v')
    """
    return _expression(node, style)


def _wrapped(node: Node, style: _Style, level: int) -> str:
    text = _expression(node, style)
    return style.paren(text) if _level(node) < level else text


def _expression(node: Node, style: _Style) -> str:
    if isinstance(node, Number):
        return style.number(node.value)
    if isinstance(node, Variable):
        return style.variable(node.name)
    if isinstance(node, Lookup):
        return style.lookup([_expression(index, style) for index in node.indices])
    if isinstance(node, Sum):
        pieces = []
        for position, (sign, term) in enumerate(node.terms):
            text = _wrapped(term, style, _PRODUCT if sign < 0 or position == 0 else _SUM)
            if position == 0:
                pieces.append(("-" if sign < 0 else "") + text)
            else:
                pieces.append((" - " if sign < 0 else " + ") + text)
        return "".join(pieces)
    if isinstance(node, Product):
        pieces = []
        for position, factor in enumerate(node.factors):
            text = _wrapped(factor, style, _POWER if position else _UNARY)
            if position:
                previous = node.factors[position - 1]
                juxtapose = isinstance(previous, Number) and isinstance(factor, (Variable, Lookup))
                pieces.append((" " if style is LATEX else "") if juxtapose else style.times)
            pieces.append(text)
        return "".join(pieces)
    if isinstance(node, Binary):
        if node.operator == "//" and style.floordiv is not None:
            return style.floordiv(_expression(node.left, style), _expression(node.right, style))
        if node.operator == "/" and style is LATEX:
            return r"\frac{" + _expression(node.left, style) + "}{" + _expression(node.right, style) + "}"
        if node.operator == "^":
            base = _wrapped(node.left, style, _ATOM)
            exponent = _wrapped(node.right, style, _ATOM)
            return base + "^" + ("{" + exponent + "}" if style is LATEX else exponent)
        return (_wrapped(node.left, style, _PRODUCT) + style.operators[node.operator]
                + _wrapped(node.right, style, _POWER))
    if isinstance(node, Negative):
        return "-" + _wrapped(node.operand, style, _UNARY)
    if isinstance(node, Call):
        return style.call(node.function, [_expression(argument, style) for argument in node.arguments])
    if isinstance(node, Comparison):
        pieces = [_expression(node.operands[0], style)]
        for operator, operand in zip(node.operators, node.operands[1:]):
            pieces.append(style.comparisons[operator] + _expression(operand, style))
        return "".join(pieces)
    if isinstance(node, Logical):
        parts = []
        for operand in node.operands:
            text = _expression(operand, style)
            needs = isinstance(operand, Logical) or (isinstance(operand, Not) and node.operator == "or")
            parts.append(style.paren(text) if needs else text)
        return style.logical[node.operator].join(parts)
    if isinstance(node, Not):
        text = _expression(node.operand, style)
        return style.negate + (style.paren(text) if isinstance(node.operand, (Logical, Not)) else text)
    raise TypeError(f"not a node of a rule: {node!r}")  # pragma: no cover


def rule_text(rule: Rule) -> str:
    """The rule as one line of text that the rule grammar reads back to the same rule.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> print(rule_text(layer_rule(Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).summary())))
    M[s, t] = K[u, i, j - v, k - w] if 0 <= j - v < P and 0 <= k - w < Q, else 0
    """
    before = "".join(f"{d.name} = {expression(d.value)}; " for d in rule.definitions)
    conditional = any(branch.condition is not None for branch in rule.branches)
    pieces = []
    for branch in rule.branches:
        value = expression(branch.value)
        if branch.condition is not None:
            pieces.append(f"{value} if {expression(branch.condition)}")
        else:
            pieces.append(f"else {value}" if conditional else value)
    after = ""
    if rule.where:
        after = " where " + ", ".join(f"{d.name} = {expression(d.value)}" for d in rule.where)
    return before + "M[s, t] = " + ", ".join(pieces) + after


def rule_latex(rule: Rule) -> list[str]:
    r"""The rule as LaTeX math: one line per definition, then ``M_{s,t} = \begin{cases} ... \end{cases}``.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> line = rule_latex(layer_rule(Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3)).summary()))[-1]
    >>> print(line.replace(r" \\ ", "\n"))
    M_{s,t} = \begin{cases} K_{u,i,j - v,k - w} & \text{if } 0 \le j - v < P \text{ and } 0 \le k - w < Q
    0 & \text{otherwise} \end{cases}
    """
    lines = [f"{_latex_variable(d.name)} = {expression(d.value, LATEX)}" for d in rule.all_definitions]
    conditional = any(branch.condition is not None for branch in rule.branches)
    if not conditional:
        return [*lines, "M_{s,t} = " + expression(rule.branches[0].value, LATEX)]
    rows = []
    for branch in rule.branches:
        value = expression(branch.value, LATEX)
        if branch.condition is None:
            rows.append(value + r" & \text{otherwise}")
        else:
            rows.append(value + r" & \text{if } " + expression(branch.condition, LATEX))
    if rule.branches[-1].condition is not None:
        rows.append(r"0 & \text{otherwise}")
    return [*lines, r"M_{s,t} = \begin{cases} " + r" \\ ".join(rows) + r" \end{cases}"]


# -- the layer's own rule, and the slips ------------------------------------------------------------
SLIPS = ("offset", "s_for_u", "taps", "channels", "shift")
"""The index slips :func:`layer_rule` can apply: the offset's sign reversed (``v - j`` for ``j - v``),
``s`` written for the output channel ``u``, the spatial kernel indices in reverse order
(``K[u, i, q, p]``), the two channel indices swapped (``K[i, u, p, q]``), and an offset shifted by one."""


@dataclass(frozen=True)
class Slip:
    """One index slip: ``kind`` from :data:`SLIPS`; ``axis`` (None: every axis) and ``amount`` for a shift."""

    kind: str
    axis: int | None = None
    amount: int = 0


def supports_rule(summary: LayerSummary) -> bool:
    """True when :func:`layer_rule` can write the layer's rule: a (possibly flipped) convolution with zero padding."""
    return summary.kind == "conv" and summary.padding_mode == "zeros"


def _number(value: int) -> Number:
    return Number(Fraction(value))


def _scaled(coefficient: int, letter: str) -> Node:
    return Variable(letter) if coefficient == 1 else Product((_number(coefficient), Variable(letter)))


def _sum(terms: Sequence[tuple[int, Node]]) -> Node:
    kept = [(sign, node) for sign, node in terms if not (isinstance(node, Number) and node.value == 0)]
    if not kept:
        return _number(0)
    if len(kept) == 1 and kept[0][0] > 0:
        return kept[0][1]
    return Sum(tuple(kept))


def _constant(value: int) -> tuple[int, Node]:
    return (1 if value >= 0 else -1, _number(abs(value)))


def layer_rule(summary: LayerSummary, slips: Sequence[Slip] = ()) -> Rule:
    """The rule of M[s, t] for a layer (see :func:`supports_rule`), with the given index slips applied.

    Parameters
    ----------
    summary
        The layer's :class:`~symconv.protocol.LayerSummary`.
    slips
        Slips from :data:`SLIPS` to apply (none: the layer's correct rule).

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> layer = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3))
    >>> print(rule_text(layer_rule(layer.summary(), [Slip("offset"), Slip("s_for_u")])))
    M[s, t] = K[s, i, v - j, w - k] if 0 <= v - j < P and 0 <= w - k < Q, else 0
    >>> print(rule_text(layer_rule(Conv(kernel((1, 1, 3)), (1, 7), stride=2, padding=1, dilation=2).summary())))
    M[s, t] = K[u, i, (j - 2v + 1) / 2] if (j - 2v + 1) % 2 == 0 and 0 <= (j - 2v + 1) / 2 < P, else 0
    """
    if not supports_rule(summary):
        raise ValueError(f"no entry rule is written for a {summary.kind} layer with {summary.padding_mode} padding")
    assert summary.kernel_shape is not None
    kinds = {slip.kind for slip in slips}
    letters = notation(summary.ndim)
    conditions: list[Node] = []
    taps: list[Node] = []
    for axis in range(summary.ndim):
        stride, dilation, (before, _) = summary.stride[axis], summary.dilation[axis], summary.padding[axis]
        out, inp = letters.output_positions[axis], letters.input_positions[axis]
        shift = sum(slip.amount for slip in slips if slip.kind == "shift" and slip.axis in (None, axis))
        if "offset" in kinds:
            terms = [(1, _scaled(stride, out)), (-1, Variable(inp)), _constant(-before), _constant(shift)]
        else:
            terms = [(1, Variable(inp)), (-1, _scaled(stride, out)), _constant(before), _constant(shift)]
        offset = _sum(terms)
        size = Variable(letters.kernel_sizes[axis])
        if dilation > 1:
            tap: Node = Binary("/", offset, _number(dilation))
            conditions.append(Comparison(("==",), (Binary("%", offset, _number(dilation)), _number(0))))
        else:
            tap = offset
        conditions.append(Comparison(("<=", "<"), (_number(0), tap, size)))
        if summary.flip:
            tap = Sum(((1, size), (-1, _number(1)), (-1, tap)))
        taps.append(tap)
    groups = summary.groups
    group_in = summary.kernel_shape[1]
    group_out = summary.kernel_shape[0] // groups
    channel: Node = Variable(letters.input_channel)
    if groups > 1:
        group_of_input = Binary("//", Variable(letters.input_channel), _number(group_in))
        group_of_output = Binary("//", Variable(letters.output_channel), _number(group_out))
        conditions.insert(0, Comparison(("==",), (group_of_input, group_of_output)))
        channel = Binary("%", Variable(letters.input_channel), _number(group_in))
    first: Node = Variable(letters.row if "s_for_u" in kinds else letters.output_channel)
    if "taps" in kinds:
        taps.reverse()
    channels = [first, channel]
    if "channels" in kinds:
        channels.reverse()
    condition = conditions[0] if len(conditions) == 1 else Logical("and", tuple(conditions))
    value = Lookup((*channels, *taps))
    return Rule((), (Branch(value, condition), Branch(_number(0))))
