"""Fuzzing the readers of untrusted text: only the documented error, never another exception, never code run.

Hypothesis feeds arbitrary text and mutations of valid inputs to every reader and to ``check``;
while it runs, ``eval``, ``exec`` and SymPy's string parser are replaced by traps, so a text that
reached any of them would fail the test. The atheris harness (``tests/fuzz_readers.py``, coverage-
guided) runs a bounded number of inputs in a subprocess when atheris is installed.
"""

from __future__ import annotations

import builtins
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sympy.parsing.sympy_parser
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symconv import Conv, ReadError, SymconvError, check, kernel
from symconv.checking import arrays
from symconv.checking.arrays import read_array
from symconv.checking.reading import Vocabulary, read_entry
from symconv.checking.rulereading import read_rule

SEED = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3))
NAMES = Vocabulary(list(SEED.kernel_entries))

VALID = [
    "[\n[a b 0|c d 0|0 0 0]\n[0 a b|0 c d|0 0 0]\n]",
    "[1a+2b+4c+5d, 2a+3b+5c+6d, 4a+5b+7c+8d, 5a+6b+8c+9d]",
    "Matrix([[K[0, 0, 1, 1], (1/2)*a], [-(1/2)a, x_{0,1}]])",
    r"M = \left[\begin{array}{cc|c} \tfrac{1}{2} a & b & 0 \\ \hline 0 & a\,x_{0,0} & \left(c + d\right) "
    r"\end{array}\right]",
    r"\begin{pmatrix} 1 \cdot a + 2 \cdot b \\ \alpha^2 \end{pmatrix}^T",
    "M[s, t] = K[s, i, v-j, w-k] if 0 <= v-j < P and 0 <= w-k < Q, else 0",
    r"M_{s,t} = \begin{cases} K_{u,i,j-v,k-w} & \text{if } 0 \leq j-v < P \text{ and } 0 \le k-w < Q \\ "
    r"0 & \text{otherwise} \end{cases}",
    "u = s // (H'W'); K[u][i][(j - 2v + 1) / 2][k % 2] if (j - 2v + 1) % 2 == 0 and not j < v, 0 otherwise "
    "where t = iHW + jW + k",
    r"\mathrm{M}(s, t) = \left\{ \begin{array}{ll} K_{u, i, \lfloor \frac{j - v}{2} \rfloor, k - w}, & \mathrm{if} "
    r"\ \max(j, v) \ge 0 \lor j \ne v \\ 0, & \mathrm{otherwise} \end{array} \right.",
]
"""Valid inputs of every reader; the fuzzer mutates them."""

SPECIAL = list("[](){}|,;&\\^_'*/+-<>=!% \n\t$#~\"`0123456789") + ["\\begin{", "\\end{", "\\\\", "if ", "else ",
                                                                  " and ", "K[", "M[s, t] = ", "__import__('os')",
                                                                  "\\left(", "\\right)", "\\frac{", "\x00", "\u03b1"]


class Trapped(Exception):
    """Raised when untrusted text reaches eval, exec or SymPy's string parser."""


@pytest.fixture
def traps(monkeypatch):
    """Build the parsers first (lark may use eval for its own grammar), then trap every way to run text."""
    for text in VALID:
        try:
            check(SEED, text)
        except SymconvError:
            pass

    original = {"eval": builtins.eval, "exec": builtins.exec}

    def trapped(name):
        def trap(*args, **kwargs):
            caller = sys._getframe(1).f_globals.get("__name__", "")
            if caller.split(".")[0] in ("symconv", "lark", "sympy"):
                raise Trapped(f"{caller} called {name}({args[:1]!r})")
            return original[name](*args, **kwargs)
        return trap

    def parse_expr(*args, **kwargs):
        raise Trapped(f"SymPy's parse_expr was called with {args[:1]!r}")

    monkeypatch.setattr(builtins, "eval", trapped("eval"))
    monkeypatch.setattr(builtins, "exec", trapped("exec"))
    monkeypatch.setattr(sympy.parsing.sympy_parser, "parse_expr", parse_expr)
    yield


@st.composite
def mutated(draw):
    """A valid input with a few random insertions, deletions and replacements."""
    text = draw(st.sampled_from(VALID))
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "replace", "repeat"]))
        piece = draw(st.sampled_from(SPECIAL) | st.text(max_size=3))
        if action == "insert":
            text = text[:position] + piece + text[position:]
        elif action == "delete":
            text = text[:position] + text[position + draw(st.integers(1, 8)):]
        elif action == "replace":
            text = text[:position] + piece + text[position + len(piece):]
        else:
            text = text[:position] + piece * draw(st.integers(2, 60)) + text[position:]
    return text


TEXTS = st.one_of(st.text(max_size=200), mutated(),
                  st.lists(st.sampled_from(SPECIAL), max_size=40).map("".join))
FUZZ = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                        HealthCheck.function_scoped_fixture])


def only_read_errors(read, text):
    try:
        read(text)
    except ReadError as error:
        assert error.line >= 1 and error.column >= 1
        assert "\n" not in str(error)


@FUZZ
@given(text=TEXTS)
def test_reading_an_entry_raises_only_read_errors(traps, text):
    only_read_errors(lambda t: read_entry(t, NAMES), text)


@FUZZ
@given(text=TEXTS)
def test_reading_an_array_raises_only_read_errors(traps, text):
    only_read_errors(read_array, text)


@FUZZ
@given(text=TEXTS)
def test_reading_a_rule_raises_only_read_errors(traps, text):
    only_read_errors(read_rule, text)


@FUZZ
@given(text=TEXTS, kind=st.sampled_from([None, "matrix", "formula", "expansion"]))
def test_checking_any_text_gives_a_report_or_a_documented_error(traps, text, kind):
    try:
        report = check(SEED, text, kind=kind)
    except SymconvError as error:
        assert isinstance(error, (ValueError, TypeError))
        return
    assert isinstance(report.text(), str) and isinstance(report.latex(), str)


ROW_PIECES = st.sampled_from(["a", "b", "0", "K_{0,1}", "(a+b)", "((a))", "K[0, 1]", "x_1", "(1/2)a", " ", "  ", "|",
                              ",", "{", "}", "(", ")", "[", "]", "a b", "{0, 1}", "\t"])


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(ROW_PIECES, max_size=12))
def test_the_fast_row_split_agrees_with_the_row_pattern(pieces):
    content = "".join(pieces)
    comma = arrays._top_level_comma(content)
    quick = arrays._quick_split(content, comma)
    if quick is None:
        return
    pattern, cell = (arrays._COMMA_ROW, arrays._COMMA_CELL) if comma else (arrays._SPACE_ROW, arrays._SPACE_CELL)
    assert pattern.fullmatch(content) is not None
    found = [c.strip() for c in cell.findall(content)] if comma else cell.findall(content)
    assert quick == found


@pytest.mark.parametrize("text", [
    "[" + "(" * 10_000 + "]", "[a" + " " * 200_000 + ")]", "-" * 100_000 + "a", "a+" * 50_000 + "a",
    "K[u, i, j - v] if " + "not " * 5000 + "j < v", "2^" * 5000 + "2", "[" * 5000 + "]" * 5000,
    "9" * 10_000, r"\begin{bmatrix}" + "a & " * 100_000 + r"a \end{bmatrix}",
])
def test_hostile_texts_are_refused_quickly(traps, text):
    import time

    start = time.perf_counter()
    for kind in ("matrix", "formula", "expansion"):
        try:
            check(SEED, text, kind=kind)
        except SymconvError:
            pass
    assert time.perf_counter() - start < 10


HARNESS = Path(__file__).with_name("fuzz_readers.py")


def test_atheris_harness_runs_a_bounded_number_of_inputs():
    pytest.importorskip("atheris", reason="atheris is not installed (pip install atheris; Python < 3.12)")
    runs = os.environ.get("SYMCONV_ATHERIS_RUNS", "3000")
    result = subprocess.run([sys.executable, str(HARNESS), f"-runs={runs}", "-max_total_time=120", "-max_len=400",
                             "-seed=1"], capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Done" in result.stderr
