"""Read symconv's printed text terms back into SymPy, independently of the printer (tests only).

Grammar (see symconv.printing.terms): a row is signed terms; a term is a coefficient
(an integer or a parenthesised fraction) juxtaposed with a factor, or two factors
joined by '*'; a factor is a symbol name, an integer or a parenthesised expression.
Names are looked up in a table of known symbols: nothing is evaluated.
"""

from __future__ import annotations

import re

import sympy

_TOKEN = re.compile(r"\s*(?:(?P<name>[A-Za-z][A-Za-z0-9_]*(?:\{[0-9,]*\})?)|(?P<int>\d+)|(?P<op>[-+*/()]))")


def parse_row(text: str, names: dict[str, sympy.Symbol]) -> sympy.Expr:
    tokens = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            raise ValueError(f"cannot read {text[position:]!r}")
        position = match.end()
        kind = match.lastgroup
        tokens.append((kind, match.group(kind)))
    parser = _Parser(tokens, names)
    value = parser.sum()
    if parser.index != len(tokens):
        raise ValueError(f"trailing tokens in {text!r}")
    return value


class _Parser:
    def __init__(self, tokens, names):
        self.tokens, self.names, self.index = tokens, names, 0

    def peek(self):
        return self.tokens[self.index] if self.index < len(self.tokens) else (None, None)

    def take(self):
        token = self.tokens[self.index]
        self.index += 1
        return token

    def sum(self):
        total = sympy.Integer(0)
        sign = 1
        if self.peek() == ("op", "-"):
            self.take()
            sign = -1
        total += sign * self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            sign = 1 if self.take()[1] == "+" else -1
            total += sign * self.term()
        return total

    def term(self):
        value = self.factor()
        while True:
            kind, text = self.peek()
            if (kind, text) == ("op", "*"):
                self.take()
                value = value * self.factor()
            elif kind == "name" or (kind, text) == ("op", "("):
                value = value * self.factor()  # juxtaposition
            else:
                return value

    def factor(self):
        kind, text = self.take()
        if kind == "int":
            return sympy.Integer(int(text))
        if kind == "name":
            return self.names[text]
        if (kind, text) == ("op", "("):
            inner = self.sum()
            if self.peek() == ("op", "/"):
                self.take()
                inner = inner / self.factor()
            assert self.take() == ("op", ")")
            return inner
        if (kind, text) == ("op", "-"):
            return -self.factor()
        raise ValueError(f"unexpected {text!r}")
