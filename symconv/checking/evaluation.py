r"""Evaluate an entry rule for every (s, t) at once, exactly, with numpy.

The index arithmetic of a rule (``j - 2v + 1``, ``s // (H'W')``, ``(j - v) % 2``) is done on
int64 arrays as exact fractions (numerator and positive denominator); before every
multiplication the sizes of the operands are checked, so a rule whose numbers would overflow
is refused instead of computed wrongly. The values of a rule (kernel entries ``K[...]``, and
numbers or sums of them) are codes of a :class:`~symconv.checking.codes.Table`, combined with
SymPy once per distinct combination. A lookup ``K[...]`` outside the kernel's shape (the
question's ``K[s, ...]`` with s >= D) is not an error: it is the value ``K[2, 0, 1, 0]``, an
``Indexed`` entry the layer does not have, and the comparison finds it wrong.

Each branch's value is computed only where that branch is taken, so a lookup outside the kernel
in a branch that is never taken costs nothing and is never reported.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
import sympy

from ..errors import ReadError
from ..layout import Layout
from ..symbols import Notation, notation
from . import rules
from .codes import CODE, Table

LIMIT = 2**62
"""No intermediate value of a rule's index arithmetic may reach this size (int64 stays exact below it)."""

MAX_POWER = 16
"""The largest exponent of a power in a rule's index arithmetic."""


@dataclass(frozen=True)
class Domain:
    """Where a rule is evaluated: how s (rows, y') and t (columns, x') decompose, and the sizes' values."""

    output: Layout
    input: Layout
    kernel_shape: tuple[int, ...]

    @property
    def letters(self) -> Notation:
        return notation(len(self.input.shape) - 1)

    @property
    def shape(self) -> tuple[int, int]:
        return (self.output.size, self.input.size)

    def sizes(self) -> dict[str, int]:
        """The value of every size letter: C, D, the input sizes (H, W), the output sizes (H', W'), P, Q."""
        letters = self.letters
        values = {letters.input_channels: self.input.shape[0], letters.output_channels: self.output.shape[0]}
        values.update(zip(letters.input_sizes, self.input.shape[1:]))
        values.update(zip(letters.output_sizes, self.output.shape[1:]))
        values.update(zip(letters.kernel_sizes, self.kernel_shape[2:]))
        return values

    def letter_set(self) -> list[str]:
        """Every letter a rule for this domain may use (besides K)."""
        letters = self.letters
        return [letters.row, letters.column, letters.output_channel, *letters.output_positions,
                letters.input_channel, *letters.input_positions, *letters.taps, *self.sizes()]


def decompose(layout: Layout, flat: np.ndarray) -> list[np.ndarray]:
    """``[channel, position_1, ...]`` of flat indices into a vector flattened by ``layout`` (vectorised).

    Examples
    --------
    >>> [a.tolist() for a in decompose(Layout((2, 2, 3), "HWC"), np.array([7]))]
    [[1], [1], [0]]
    """
    rank = np.empty(layout.size, dtype=np.int64)
    rank[layout.permutation()] = np.arange(layout.size, dtype=np.int64)
    channel_first = rank[flat]
    channel, position = np.divmod(channel_first, layout.positions)
    spatial = np.unravel_index(position, layout.shape[1:]) if layout.shape[1:] else ()
    return [channel, *[np.asarray(s, dtype=np.int64) for s in spatial]]


class _Exact:
    """Exact fractions ``num / den`` (den > 0), elementwise; ``den`` is the int 1 for whole numbers."""

    __slots__ = ("num", "den")

    def __init__(self, num: Any, den: Any = 1):
        self.num = num
        self.den = den

    @property
    def whole(self) -> bool:
        return isinstance(self.den, int) and self.den == 1


def _largest(value: Any) -> int:
    array = np.asarray(value)
    return int(np.abs(array).max()) if array.size else 0


class _Evaluator:
    def __init__(self, domain: Domain, table: Table, kernel_codes: np.ndarray, stem: str):
        self.domain = domain
        self.table = table
        self.kernel_codes = kernel_codes
        self.base = sympy.IndexedBase(stem)
        self.allowed = set(domain.letter_set())

    # -- errors and checked arithmetic -----------------------------------------------------------
    @staticmethod
    def fail(node: rules.Node, reason: str) -> ReadError:
        line, column = node.position if node.position != (0, 0) else (1, 1)
        return ReadError(reason, line, column)

    def times(self, node: rules.Node, a: Any, b: Any) -> Any:
        if _largest(a) * _largest(b) >= LIMIT:
            raise self.fail(node, "the rule's numbers grow too large to compute exactly (above 2^62)")
        return np.multiply(a, b) if isinstance(a, np.ndarray) or isinstance(b, np.ndarray) else a * b

    def reduced(self, num: Any, den: Any) -> _Exact:
        if isinstance(den, int) and den == 1:
            return _Exact(num)
        den_array = np.asarray(den)
        if not (den_array != 1).any():
            return _Exact(num)
        common = np.gcd(num, den)
        common = np.where(common == 0, 1, common)
        num, den = num // common, den // common
        if not (np.asarray(den) != 1).any():
            return _Exact(num)
        return _Exact(num, den)

    def add(self, node: rules.Node, a: _Exact, b: _Exact, sign: int) -> _Exact:
        if a.whole and b.whole:
            if _largest(a.num) + _largest(b.num) >= LIMIT:
                raise self.fail(node, "the rule's numbers grow too large to compute exactly (above 2^62)")
            return _Exact(a.num + b.num if sign > 0 else a.num - b.num)
        left, right = self.times(node, a.num, b.den), self.times(node, b.num, a.den)
        return self.reduced(left + right if sign > 0 else left - right, self.times(node, a.den, b.den))

    def multiply(self, node: rules.Node, a: _Exact, b: _Exact) -> _Exact:
        num = self.times(node, a.num, b.num)
        if a.whole and b.whole:
            return _Exact(num)
        return self.reduced(num, self.times(node, a.den, b.den))

    def divide(self, node: rules.Node, a: _Exact, b: _Exact) -> _Exact:
        if (np.asarray(b.num) == 0).any():
            raise self.fail(node, "the rule divides by zero (for some s and t)")
        sign = np.where(np.asarray(b.num) < 0, -1, 1)
        num = self.times(node, a.num, b.den) * sign
        den = self.times(node, a.den, np.abs(b.num))
        return self.reduced(num, den)

    def floor(self, value: _Exact) -> _Exact:
        return value if value.whole else _Exact(np.floor_divide(value.num, value.den))

    def compare(self, node: rules.Node, op: str, a: _Exact, b: _Exact) -> np.ndarray:
        difference = self.add(node, a, b, -1)
        functions: dict[str, Callable[[Any, Any], Any]] = {
            "<": operator.lt, "<=": operator.le, ">": operator.gt, ">=": operator.ge, "==": operator.eq,
            "!=": operator.ne}
        return np.asarray(functions[op](difference.num, 0))

    # -- values -----------------------------------------------------------------------------------
    def as_codes(self, value: Any) -> np.ndarray:
        """Codes of a value: a code array already, or exact numbers interned as SymPy rationals."""
        if isinstance(value, _Exact):
            num, den = np.broadcast_arrays(np.asarray(value.num, dtype=np.int64), np.asarray(value.den, dtype=np.int64))
            if not num.size:
                return np.zeros(num.shape, dtype=CODE)
            stacked = np.stack([num.reshape(-1), den.reshape(-1)], axis=1)
            distinct, inverse = np.unique(stacked, axis=0, return_inverse=True)
            codes = np.array([self.table.code(sympy.Rational(n, d)) for n, d in distinct.tolist()], dtype=CODE)
            return codes[inverse.reshape(-1)].reshape(num.shape)
        return value  # type: ignore[no-any-return]

    def number(self, node: rules.Node, value: Any, what: str) -> _Exact:
        if not isinstance(value, _Exact):
            raise self.fail(node, f"{what} must be a whole-number expression of indices and sizes, "
                                  "not a kernel entry")
        return value

    def evaluate(self, node: rules.Node, env: dict[str, Any]) -> Any:
        """A node's value: exact numbers (:class:`_Exact`), codes (an int array) or truth values (a bool array)."""
        if isinstance(node, rules.Number):
            return _Exact(node.value.numerator, node.value.denominator) if node.value.denominator != 1 \
                else _Exact(node.value.numerator)
        if isinstance(node, rules.Variable):
            return self.variable(node, env)
        if isinstance(node, rules.Lookup):
            return self.lookup(node, env)
        if isinstance(node, rules.Sum):
            total: Any = None
            for sign, term in node.terms:
                value = self.evaluate(term, env)
                if total is None:
                    total = value if sign > 0 else self.negative(node, value)
                else:
                    total = self.arithmetic(node, "+" if sign > 0 else "-", total, value)
            return total
        if isinstance(node, rules.Product):
            result = self.evaluate(node.factors[0], env)
            for factor in node.factors[1:]:
                result = self.arithmetic(node, "*", result, self.evaluate(factor, env))
            return result
        if isinstance(node, rules.Negative):
            return self.negative(node, self.evaluate(node.operand, env))
        if isinstance(node, rules.Binary):
            return self.arithmetic(node, node.operator, self.evaluate(node.left, env),
                                   self.evaluate(node.right, env))
        if isinstance(node, rules.Call):
            return self.call(node, [self.evaluate(argument, env) for argument in node.arguments])
        if isinstance(node, rules.Comparison):
            return self.comparison(node, env)
        if isinstance(node, rules.Logical):
            parts = [self.truth(operand, env) for operand in node.operands]
            combined = parts[0]
            for part in parts[1:]:
                combined = (combined & part) if node.operator == "and" else (combined | part)
            return combined
        if isinstance(node, rules.Not):
            return ~self.truth(node.operand, env)
        raise self.fail(node, f"cannot evaluate {type(node).__name__}")  # pragma: no cover

    def truth(self, node: rules.Node, env: dict[str, Any]) -> np.ndarray:
        value = self.evaluate(node, env)
        if isinstance(value, _Exact) or (isinstance(value, np.ndarray) and value.dtype != bool):
            raise self.fail(node, "a condition must be a comparison such as 0 <= j - v < P")
        return np.asarray(value, dtype=bool)

    def variable(self, node: rules.Variable, env: dict[str, Any]) -> Any:
        found = env.get(node.name)
        if found is not None:
            return found
        if node.name in self.allowed:
            raise self.fail(node, f"{node.name} has no value here; define it (for example 'where {node.name} = ...') "
                                  "or write it out")
        raise self.fail(node, f"{node.name} is not a letter of this layer; the letters are "
                              + ", ".join(self.domain.letter_set()) + " and the kernel K")

    def negative(self, node: rules.Node, value: Any) -> Any:
        if isinstance(value, _Exact):
            return _Exact(-np.asarray(value.num) if isinstance(value.num, np.ndarray) else -value.num, value.den)
        if value.dtype == bool:
            raise self.fail(node, "a condition cannot be negated with '-'; use 'not'")
        return self.table.combine(operator.neg, value)

    def arithmetic(self, node: rules.Node, op: str, a: Any, b: Any) -> Any:
        for value in (a, b):
            if isinstance(value, np.ndarray) and value.dtype == bool:
                raise self.fail(node, "a condition cannot be used in arithmetic")
        if isinstance(a, _Exact) and isinstance(b, _Exact):
            if op in ("+", "-"):
                return self.add(node, a, b, 1 if op == "+" else -1)
            if op == "*":
                return self.multiply(node, a, b)
            if op == "/":
                return self.divide(node, a, b)
            if op == "//":
                return self.floor(self.divide(node, a, b))
            if op == "%":
                quotient = self.floor(self.divide(node, a, b))
                return self.add(node, a, self.multiply(node, b, quotient), -1)
            if op == "^":
                return self.power(node, a, b)
        if op in ("//", "%"):
            raise self.fail(node, f"'{op}' applies to indices and sizes, not to kernel entries")
        if op == "^":
            exponent = self.constant_exponent(node, b)
            return self.table.combine(lambda x: x**exponent, self.as_codes(a))
        if op == "/" and isinstance(b, _Exact) and (np.asarray(b.num) == 0).any():
            raise self.fail(node, "the rule divides by zero (for some s and t)")
        def divided(x: sympy.Expr, y: sympy.Expr) -> sympy.Expr:
            if y.is_zero:
                raise self.fail(node, "the rule divides by zero (for some s and t)")
            return x / y

        functions: dict[str, Callable[[Any, Any], Any]] = {
            "+": operator.add, "-": operator.sub, "*": operator.mul, "/": divided}
        return self.table.combine(functions[op], self.as_codes(a), self.as_codes(b))

    def constant_exponent(self, node: rules.Node, value: Any) -> int:
        exact = self.number(node, value, "an exponent")
        num = np.asarray(exact.num)
        if not exact.whole or num.size == 0 or (num != num.reshape(-1)[0]).any():
            raise self.fail(node, "an exponent must be one whole number")
        exponent = int(num.reshape(-1)[0])
        if not 0 <= exponent <= MAX_POWER:
            raise self.fail(node, f"an exponent must lie in 0..{MAX_POWER}, got {exponent}")
        return exponent

    def power(self, node: rules.Node, base: _Exact, exponent_value: _Exact) -> _Exact:
        exponent = self.constant_exponent(node, exponent_value)
        result = _Exact(1)
        for _ in range(exponent):
            result = self.multiply(node, result, base)
        return result

    def call(self, node: rules.Call, arguments: list[Any]) -> _Exact:
        values = [self.number(node, argument, f"the argument of {node.function}()") for argument in arguments]
        if node.function == "floor":
            return self.floor(values[0])
        if node.function == "ceil":
            negated = _Exact(-np.asarray(values[0].num), values[0].den)
            floored = self.floor(negated)
            return _Exact(-np.asarray(floored.num))
        if node.function == "abs":
            return _Exact(np.abs(values[0].num), values[0].den)
        result = values[0]
        for other in values[1:]:
            smaller = self.compare(node, "<", other, result)
            if node.function == "max":
                smaller = ~smaller
            num, den = np.broadcast_arrays(np.asarray(result.num), np.asarray(result.den))
            other_num, other_den = np.broadcast_arrays(np.asarray(other.num), np.asarray(other.den))
            result = self.reduced(np.where(smaller, other_num, num), np.where(smaller, other_den, den))
        return result

    def comparison(self, node: rules.Comparison, env: dict[str, Any]) -> np.ndarray:
        operands = [self.number(operand, self.evaluate(operand, env), "a compared value")
                    for operand in node.operands]
        result: Any = True
        for op, left, right in zip(node.operators, operands, operands[1:]):
            result = result & self.compare(node, op, left, right)
        return np.asarray(result, dtype=bool)

    def lookup(self, node: rules.Lookup, env: dict[str, Any]) -> np.ndarray:
        shape = self.domain.kernel_shape
        if len(node.indices) != len(shape):
            letters = self.domain.letters
            names = ", ".join([letters.output_channel, letters.input_channel, *letters.taps])
            raise self.fail(node, f"K takes {len(shape)} indices here (K[{names}]), got {len(node.indices)}")
        indices = [self.number(index, self.evaluate(index, env), "an index of K") for index in node.indices]
        arrays = np.broadcast_arrays(*[np.asarray(index.num, dtype=np.int64) for index in indices],
                                     *[np.asarray(index.den, dtype=np.int64) for index in indices])
        nums, dens = arrays[: len(shape)], arrays[len(shape):]
        valid = np.ones(nums[0].shape, dtype=bool)
        for num, den, size in zip(nums, dens, shape):
            valid &= (den == 1) & (num >= 0) & (num < size)
        codes = np.empty(nums[0].shape, dtype=CODE)
        if valid.any():
            flat = np.ravel_multi_index(tuple(num[valid] for num in nums), shape)
            codes[valid] = self.kernel_codes[flat]
        outside = ~valid
        if outside.any():
            stacked = np.stack([*(num[outside] for num in nums), *(den[outside] for den in dens)], axis=1)
            distinct, inverse = np.unique(stacked, axis=0, return_inverse=True)
            count = len(shape)
            markers = [self.table.code(self.base[tuple(sympy.Rational(n, d) for n, d in zip(row[:count], row[count:]))])
                       for row in distinct.tolist()]
            codes[outside] = np.asarray(markers, dtype=CODE)[inverse.reshape(-1)]
        return codes

    # -- the rule -------------------------------------------------------------------------------
    def environment(self, rule: rules.Rule, rows: np.ndarray) -> dict[str, Any]:
        domain, letters = self.domain, self.domain.letters
        env: dict[str, Any] = {name: _Exact(value) for name, value in domain.sizes().items()}
        s = rows.astype(np.int64)[:, None]
        t = np.arange(domain.input.size, dtype=np.int64)[None, :]
        env[letters.row], env[letters.column] = _Exact(s), _Exact(t)
        self.bind(env, letters.row, decompose(domain.output, rows.astype(np.int64)), column=False)
        self.bind(env, letters.column, decompose(domain.input, t[0]), column=True)
        sizes = domain.sizes()
        # sizes first (C = 1, H = 3, ...), wherever they stand, so that every other definition uses them
        ordered = sorted(rule.all_definitions, key=lambda definition: definition.name not in sizes)
        for definition in ordered:
            if definition.name not in self.allowed:
                raise self.fail(definition, f"{definition.name} cannot be defined: it is not a letter of this layer "
                                            "(" + ", ".join(domain.letter_set()) + ")")
            if definition.name in (letters.row, letters.column):
                self.inverted(definition, env)
                continue
            value = self.evaluate(definition.value, env)
            env[definition.name] = self.number(definition, value, f"the definition of {definition.name}")
        return env

    def bind(self, env: dict[str, Any], side: str, parts: list[np.ndarray], *, column: bool) -> None:
        letters = self.domain.letters
        names = ([letters.input_channel, *letters.input_positions] if column
                 else [letters.output_channel, *letters.output_positions])
        for name, part in zip(names, parts):
            env[name] = _Exact(part[None, :] if column else part[:, None])

    def inverted(self, definition: rules.Definition, env: dict[str, Any]) -> None:
        """``t = iHW + jW + k``: number every (i, j, k) by the expression and invert the numbering."""
        letters = self.domain.letters
        column = definition.name == letters.column
        layout = self.domain.input if column else self.domain.output
        names = ([letters.input_channel, *letters.input_positions] if column
                 else [letters.output_channel, *letters.output_positions])
        grid = np.indices(layout.shape, dtype=np.int64).reshape(len(layout.shape), -1)
        local = {name: value for name, value in env.items() if name in self.domain.sizes()}
        local.update({name: _Exact(values) for name, values in zip(names, grid)})
        value = self.number(definition, self.evaluate(definition.value, local), f"the definition of {definition.name}")
        numbers = np.broadcast_to(np.asarray(value.num, dtype=np.int64), (layout.size,))
        if not value.whole or numbers.min() < 0 or numbers.max() >= layout.size \
                or np.unique(numbers).size != layout.size:
            raise self.fail(definition, f"{definition.name} = ... must number the {layout.size} "
                                        f"{'inputs' if column else 'outputs'} 0..{layout.size - 1} once each")
        where = np.empty(layout.size, dtype=np.int64)
        where[numbers] = np.arange(layout.size, dtype=np.int64)
        parts = [values[where] for values in grid]
        if column:
            self.bind(env, definition.name, parts, column=True)
        else:
            row_values = np.asarray(env[letters.row].num).reshape(-1)
            self.bind(env, definition.name, [part[row_values] for part in parts], column=False)

    @staticmethod
    def restricted(value: _Exact, shape: tuple[int, int], taken: np.ndarray) -> _Exact:
        """A variable's values at the positions a branch takes (constants stay constants)."""
        if value.whole and np.ndim(value.num) == 0:
            return value
        num = np.broadcast_to(np.asarray(value.num), shape)[taken]
        return _Exact(num) if value.whole else _Exact(num, np.broadcast_to(np.asarray(value.den), shape)[taken])

    def rule(self, rule: rules.Rule, rows: np.ndarray) -> np.ndarray:
        env = self.environment(rule, rows)
        shape = (rows.size, self.domain.input.size)
        codes = np.zeros(shape, dtype=CODE)
        remaining = np.ones(shape, dtype=bool)
        for branch in rule.branches:
            if branch.condition is None:
                taken = remaining
            else:
                taken = remaining & np.broadcast_to(self.truth(branch.condition, env), shape)
            if taken.any():
                used = variables(branch.value)
                local = {name: self.restricted(value, shape, taken) for name, value in env.items() if name in used}
                value = self.evaluate(branch.value, local)
                if isinstance(value, np.ndarray) and value.dtype == bool:
                    raise self.fail(branch, "a value must be an expression, not a condition")
                codes[taken] = np.broadcast_to(self.as_codes(value), (int(taken.sum()),))
            remaining = remaining & ~taken
            if not remaining.any():
                break
        return codes


def variables(node: rules.Node) -> set[str]:
    """The names of the variables a node uses."""
    found: set[str] = set()
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, rules.Variable):
            found.add(item.name)
            continue
        for value in vars(item).values():
            if isinstance(value, rules.Node):
                stack.append(value)
            elif isinstance(value, tuple):
                for part in value:
                    if isinstance(part, rules.Node):
                        stack.append(part)
                    elif isinstance(part, tuple):
                        stack.extend(p for p in part if isinstance(p, rules.Node))
    return found


def evaluate(rule: rules.Rule, domain: Domain, table: Table, kernel_codes: np.ndarray, *, stem: str = "K",
             rows: np.ndarray | None = None) -> np.ndarray:
    """M as codes of ``table``: the rule evaluated for every row ``s`` in ``rows`` (all rows when None) and every t.

    Parameters
    ----------
    rule
        The rule (read from text, or :func:`~symconv.checking.rules.layer_rule`).
    domain
        How s and t decompose, and the sizes.
    table
        The table the codes refer to.
    kernel_codes
        The code of every kernel entry, row-major.
    stem
        The name of the ``IndexedBase`` for lookups outside the kernel.

    Examples
    --------
    >>> from symconv import Conv, kernel
    >>> from symconv.checking.rules import layer_rule
    >>> layer = Conv(kernel((1, 1, 2), "a:b"), (1, 3))
    >>> table = Table()
    >>> domain = Domain(Layout(layer.output_shape, "CHW"), Layout(layer.input_shape, "CHW"), layer.kernel_shape)
    >>> codes = evaluate(layer_rule(layer.summary()), domain, table, table.codes(layer.kernel_entries))
    >>> [[table.values[c] for c in row] for row in codes.tolist()]
    [[a, b, 0], [0, a, b]]
    """
    chosen = np.arange(domain.output.size, dtype=np.int64) if rows is None else np.asarray(rows, dtype=np.int64)
    return _Evaluator(domain, table, kernel_codes, stem).rule(rule, chosen)
