r"""The lark grammars of the text a person gives to the checker, and the parsers built from them.

Four languages, each a LALR(1) grammar (so every error has one line and column):

``ENTRY``
    One matrix entry or one output expression, in plain text or LaTeX: numbers (``3``, ``-2``,
    ``0.25``), names (``a``, ``w1``, ``alpha``, ``\alpha``, ``K_{0,0,1}``, ``K[0, 0, 1]``,
    ``K[0][0][1]``), ``+ - * /``, ``\cdot``, ``\times``, juxtaposition (``1a``, ``2x_{0,1}``),
    powers with an integer exponent, parentheses (``( )``, ``{ }``, ``\left( \right)``) and
    ``\frac``/``\tfrac``/``\dfrac``.
``ARRAY``
    Nested brackets (the question's ``[a b 0|c d 0|0 0 0]`` rows, Python's and SymPy's
    ``Matrix([[a, b], [c, d]])``), optionally after labels such as ``M =``. The innermost lists
    are single ``ROW`` tokens; :mod:`symconv.checking.arrays` splits a row into cells.
``LATEX_ARRAY``
    ``bmatrix``, ``pmatrix``, ``vmatrix``, ``matrix`` and ``array`` environments, optionally inside
    ``\left[ ... \right]`` (or parentheses) and after labels such as ``M =``; an optional
    transpose ``^T``/``^{\top}``. The body is one ``BODY`` token, split into rows at ``\\`` and
    cells at ``&``.
``RULE``
    An entry rule for M[s, t] in the layer's own letters (:func:`symconv.symbols.notation`):
    single-letter variables (``s t u i v w z j k l p q r``, sizes ``C D T H W P Q R``, primes
    ``H'``), the kernel ``K[u, i, p, q]``/``K_{u,i,p,q}``, arithmetic with ``//``, ``%``/``mod``,
    ``floor``, ``ceil``, ``min``, ``max``, ``abs``, ``\lfloor \rfloor``, conditions with chained
    comparisons, ``and``/``or``/``not`` (and ``\land``, ``\le``, ...), branches written the
    Python way (``A if c else 0``), the textbook way (``A if c, 0 otherwise``) or as LaTeX
    ``cases`` (and latexify's ``\left\{ \begin{array}{ll} ... \end{array} \right.``), and
    definitions (``u = s // (H'W')`` before the rule, ``where t = iHW + jW + k`` after it).

Why rows and bodies are single tokens: lark's lexer and parser cost a few microseconds per
token, and a 1568x768 matrix has 1.2 million cells. Parsed cell by cell with lark it took 6.7 s
(measured on this machine; the check must take under 2 s). The rows of a matrix are regular
(cells between separators), so one compiled regular expression splits them; lark parses the
nesting around the rows and every *distinct* cell.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from lark import Lark

_GREEK = ("alpha|beta|gamma|delta|epsilon|varepsilon|zeta|eta|theta|vartheta|iota|kappa|lambda|mu|nu|xi|pi|"
          "varpi|rho|varrho|sigma|varsigma|tau|upsilon|phi|varphi|chi|psi|omega|Gamma|Delta|Theta|Lambda|Xi|Pi|"
          "Sigma|Upsilon|Phi|Psi|Omega")
"""The Greek letters LaTeX writes as commands (``\\alpha``)."""

_SPACES = r"""
WHITESPACE: /(?:\s|~|\\[,;:! ]|\\q?quad(?![A-Za-z])|\\(?:displaystyle|textstyle)(?![A-Za-z]))+/
%ignore WHITESPACE
"""

_NUMBERS = r"""
INT: /\d+/
DECIMAL: /\d+\.\d+|\.\d+/
"""

ENTRY = r"""
?start: sum

?sum: product
    | sum "+" product         -> add
    | sum "-" product         -> sub

?product: unary
    | product TIMES unary     -> mul
    | product "/" unary       -> div
    | product atom            -> mul

?unary: power
    | "-" unary               -> neg
    | "+" unary

?power: atom
    | atom POW exponent       -> pow

exponent: INT
    | "-" INT                 -> negative
    | "{" INT "}"
    | "{" "-" INT "}"         -> negative
    | "(" "-" INT ")"         -> negative

?atom: INT                    -> integer
    | DECIMAL                 -> decimal
    | name
    | "(" sum ")"
    | "{" sum "}"
    | LEFT_PAREN sum RIGHT_PAREN
    | FRAC "{" sum "}" "{" sum "}"   -> frac

name: NAME                                 -> plain_name
    | NAME "_" "{" index ("," index)* "}"  -> subscript_list
    | NAME "_" INT                         -> subscript_list
    | NAME "_" NAME                        -> subscript_name
    | NAME ("[" index ("," index)* "]")+   -> subscript_list

index: INT
    | "-" INT                 -> negative

NAME: /[A-Za-z][A-Za-z0-9]*/ | /[\u0391-\u03a9\u03b1-\u03c9][A-Za-z0-9\u0391-\u03a9\u03b1-\u03c9]*/
    | /\\(?:""" + _GREEK + r""")(?![A-Za-z])/
TIMES: "*" | /\\cdot(?![A-Za-z])/ | /\\times(?![A-Za-z])/
POW.2: "^" | "**"
FRAC: /\\[td]?frac(?![A-Za-z])/
LEFT_PAREN: /\\left\s*\(/ | /\\bigl?\s*\(/
RIGHT_PAREN: /\\right\s*\)/ | /\\bigr?\s*\)/
""" + _NUMBERS + _SPACES

ARRAY = r"""
start: (LABEL "=")* (array | rows | MATRIX "(" array ")")

array: "[" (_item ","?)* "]"
rows: ROW+
_item: array | ROW

MATRIX.2: /(?:Immutable|Mutable)?(?:Dense|Sparse)?Matrix(?![A-Za-z])/
ROW: /\[[^\[\]]*(?:(?<=[\w'\]])\[[^\[\]]*\][^\[\]]*)*\]/
LABEL: /[A-Za-z][A-Za-z0-9_']*(?:[ \t]+[A-Za-z][A-Za-z0-9_']*)*/
%ignore /\s+/
"""

LATEX_ARRAY = r"""
start: (label "=")* matrix TRANSPOSE?

label: LABEL_TOKEN+
matrix: LEFT_OPEN environment RIGHT_CLOSE
    | environment

environment: BEGIN MATRIX_NAME "}" BODY? END ENVIRONMENT "}"
    | BEGIN ARRAY_NAME "}" COLUMNS BODY? END ENVIRONMENT "}"

BEGIN: /\\begin\s*\{/
END: /\\end\s*\{/
MATRIX_NAME: /[bpvBV]?matrix\*?|smallmatrix/
ARRAY_NAME: "array"
ENVIRONMENT: /[bpvBV]?matrix\*?|array|smallmatrix/
COLUMNS: /\{[a-zA-Z|:@{}!.\s\d]*\}/
BODY: /(?:[^\\]|\\(?!end\s*\{))+/
LEFT_OPEN: /\\left\s*(?:\[|\(|\\\{|\\lbrack(?![A-Za-z]))/
RIGHT_CLOSE: /\\right\s*(?:\]|\)|\\\}|\\rbrack(?![A-Za-z]))/
TRANSPOSE: /\^\s*(?:T|\{\s*T\s*\}|\\top(?![A-Za-z])|\{\s*\\top\s*\})/
LABEL_TOKEN: /[A-Za-z](?:'|\^\s*\{?\\prime\}?)?/ | /_\s*\{[A-Za-z0-9,\s]*\}/ | /_[A-Za-z0-9]/
%ignore /(?:\s|\\[,;:! ]|\\q?quad(?![A-Za-z]))+/
"""

RULE = r"""
?start: rule

rule: (definition ";")* lhs? cases where?

where: _WHERE definition (_definition_separator definition)*
_definition_separator: "," | ";" | _AND
definition: VAR "=" sum

lhs: MNAME matrix_index ("=" | ":=")
matrix_index: "[" VAR "," VAR "]"
    | "(" VAR "," VAR ")"
    | "_" "{" VAR ","? VAR "}"

?cases: _pieces
    | BEGIN_CASES _pieces END_CASES
    | LEFT_BRACE BEGIN_ARRAY _pieces END_ARRAY RIGHT_DOT

_pieces: piece (_separator+ piece)* _separator*
_separator: "," | ";" | ELSE | _ROW_BREAK
piece: sum                                  -> default_piece
    | sum _AMP? _IF condition               -> branch
    | sum _AMP? _IF condition _OTHERWISE _AMP? sum -> branch_otherwise
    | sum _AMP? _IF condition INT _OTHERWISE -> branch_otherwise
    | sum _AMP? _OTHERWISE                  -> default_piece
    | _OTHERWISE _AMP? sum                  -> default_piece

?condition: conjunction
    | condition _OR conjunction             -> either
?conjunction: negation
    | conjunction _AND negation             -> both
?negation: comparison
    | _NOT negation                         -> negate
    | "(" condition ")"
comparison: sum (COMPARE sum)+

?sum: product
    | sum "+" product                       -> add
    | sum "-" product                       -> sub
?product: unary
    | product TIMES unary                   -> mul
    | product "/" unary                     -> div
    | product "//" unary                    -> floordiv
    | product MOD unary                     -> mod
    | product juxtaposed                    -> mul
?unary: power
    | "-" unary                             -> neg
    | "+" unary
?power: atom
    | atom POW unary                        -> pow
?atom: INT                                  -> integer
    | juxtaposed
?juxtaposed: VAR                            -> var
    | lookup
    | "(" sum ")"
    | "{" sum "}"
    | LEFT_PAREN sum RIGHT_PAREN
    | FUNC "(" sum ("," sum)* ")"           -> call
    | FUNC LEFT_PAREN sum ("," sum)* RIGHT_PAREN -> call
    | FRAC "{" sum "}" "{" sum "}"          -> div
    | LFLOOR sum RFLOOR                     -> floor
    | LCEIL sum RCEIL                       -> ceil
lookup: KERNEL "[" sum ("," sum)* "]" ("[" sum "]")*
    | KERNEL "_" "{" sum ("," sum)* "}"

_IF.3: /if(?![A-Za-z])/ | /\\(?:text|textrm|mathrm|mbox|operatorname)\s*\{\s*if\s*\}/
_OTHERWISE.3: /otherwise(?![A-Za-z])/ | /\\(?:text|textrm|mathrm|mbox|operatorname)\s*\{\s*(?:otherwise|else)\s*\}/
ELSE.3: /else(?![A-Za-z])/
_ROW_BREAK: /\\\\/
_AND.3: /and(?![A-Za-z])/ | "&&" | /\\(?:land|wedge)(?![A-Za-z])/ | /\\(?:text|textrm|mathrm|mbox)\s*\{\s*and\s*\}/
_OR.3: /or(?![A-Za-z])/ | "||" | /\\(?:lor|vee)(?![A-Za-z])/ | /\\(?:text|textrm|mathrm|mbox)\s*\{\s*or\s*\}/
_NOT.3: /not(?![A-Za-z])/ | /\\(?:lnot|neg)(?![A-Za-z])/
_WHERE.3: /(?:where|with)(?![A-Za-z])/ | /\\(?:text|textrm|mathrm|mbox)\s*\{\s*(?:where|with)\s*\}/
_AMP: /,?\s*&/
FUNC.3: /(?:floor|ceil|min|max|abs)(?![A-Za-z])/ | /\\(?:min|max)(?![A-Za-z])/
MOD.3: "%" | /mod(?![A-Za-z])/ | /\\b?mod(?![A-Za-z])/
MNAME.3: /M(?![A-Za-z])/ | /\\(?:mathrm|mathbf|operatorname)\s*\{\s*M\s*\}/
KERNEL.2: "K"
COMPARE: "<=" | ">=" | "==" | "!=" | "<" | ">" | "=" | "≤" | "≥" | "≠"
    | /\\(?:leq?|geq?|neq?|leqslant|geqslant|lt|gt)(?![A-Za-z])/
TIMES: "*" | /\\cdot(?![A-Za-z])/ | /\\times(?![A-Za-z])/
POW.2: "^" | "**"
FRAC: /\\[td]?frac(?![A-Za-z])/
LEFT_PAREN: /\\left\s*\(/ | /\\bigl?\s*\(/
RIGHT_PAREN: /\\right\s*\)/ | /\\bigr?\s*\)/
LFLOOR: /(?:\\left\s*)?\\lfloor(?![A-Za-z])/
RFLOOR: /(?:\\right\s*)?\\rfloor(?![A-Za-z])/
LCEIL: /(?:\\left\s*)?\\lceil(?![A-Za-z])/
RCEIL: /(?:\\right\s*)?\\rceil(?![A-Za-z])/
BEGIN_CASES: /\\begin\s*\{\s*cases\s*\}/
END_CASES: /\\end\s*\{\s*cases\s*\}/
LEFT_BRACE: /\\left\s*\\\{/
BEGIN_ARRAY: /\\begin\s*\{\s*array\s*\}\s*\{[a-z|\s]*\}/
END_ARRAY: /\\end\s*\{\s*array\s*\}/
RIGHT_DOT: /\\right\s*\./
VAR: /[A-Za-z](?:'|\^\s*\{\s*\\prime\s*\}|\^\s*\\prime(?![A-Za-z]))?/
INT: /\d+/
""" + _SPACES


GRAMMARS = {"entry": ENTRY, "array": ARRAY, "latex_array": LATEX_ARRAY, "rule": RULE}


@cache
def parser(name: str, transformer: Any = None) -> Lark:
    """The LALR parser of one of :data:`GRAMMARS`, applying ``transformer`` as it reduces (no tree, no recursion).

    ``transformer`` must be hashable (a class instance compares by identity); the parser is built once per pair.
    """
    return Lark(GRAMMARS[name], parser="lalr", transformer=transformer, maybe_placeholders=False)
