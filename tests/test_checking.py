"""Checking hand derivations: right passes, wrong is found, and a diagnosis is named only when confirmed.

Candidates are built independently of the checker: from the question's own text, from hand-written
rules, from other symconv layers made with the user's arguments, or by editing M by hand. The count
of wrong entries of the question's formula is recomputed here by a plain Python loop.
"""

from __future__ import annotations

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symconv import Conv, ConvTranspose, ReadError, check, check_expansion, check_formula, check_matrix, kernel
from symconv.checking.rules import layer_rule, rule_text
from symconv.cli import main

from .latex_check import compile_latex

SEED = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3))
X = [[[1, 2, 3], [4, 5, 6], [7, 8, 9]]]
a, b, c, d, e, f, g, h = sympy.symbols("a:h")

QUESTION_FORMULA = "M[s, t] = K[s, i, v-j, w-k] if 0 <= v-j < P and 0 <= w-k < Q, else 0"
QUESTION_FORMULA_LATEX = (r"M_{s,t} = \begin{cases} K_{s,i,v-j,w-k} &\text{if } 0 \leq v-j < P \text{ and } "
                          r"0 \leq w-k < Q\\ 0 &\text{otherwise } \end{cases}")
CORRECTED_FORMULA = "M[s, t] = K[u, i, j-v, k-w] if 0 <= j-v < P and 0 <= k-w < Q, else 0"
QUESTION_MATRIX = """[
[a b 0|c d 0|0 0 0]
[0 a b|0 c d|0 0 0]
[0 0 0|a b 0|c d 0]
[0 0 0|0 a b|0 c d]
[e f 0|g h 0|0 0 0]
[0 e f|0 g h|0 0 0]
[0 0 0|e f 0|g h 0]
[0 0 0|0 e f|0 g h]
]"""
QUESTION_EXPANSION = ("[1a+2b+4c+5d, 2a+3b+5c+6d, 4a+5b+7c+8d, 5a+6b+8c+9d, 1e+2f+4g+5h, 2e+3f+5g+6h, "
                      "4e+5f+7g+8h, 5e+6f+8g+9h]")
QUESTION_RESHAPED = """[
[
[1a+2b+4c+5d, 2a+3b+5c+6d]
[4a+5b+7c+8d, 5a+6b+8c+9d]
]
[
[1e+2f+4g+5h, 2e+3f+5g+6h]
[4e+5f+7g+8h, 5e+6f+8g+9h]
]
]"""


def question_formula_oracle():
    """Every entry of the question's formula for its example, and which are wrong, by a plain loop."""
    M, K = SEED.matrix(), SEED.kernel
    wrong = []
    for s in range(8):
        for t in range(9):
            v, w = (s // 2) % 2, s % 2  # s = u H'W' + v W' + w; K is indexed by s itself
            i, j, k = t // 9, (t // 3) % 3, t % 3
            p, q = v - j, w - k
            value = (K[s, i, p, q] if s < 2 else sympy.IndexedBase("K")[s, i, p, q]) if 0 <= p < 2 and 0 <= q < 2 \
                else 0
            if value != M[s, t]:
                wrong.append((s, t, M[s, t], value))
    return wrong


# -- the question's own general formula -----------------------------------------------------------
@pytest.mark.parametrize("text", [QUESTION_FORMULA, QUESTION_FORMULA_LATEX], ids=["text", "latex"])
def test_the_questions_formula_is_wrong_for_its_own_example_and_both_slips_are_named(text):
    report = check(SEED, text, first=100)
    oracle = question_formula_oracle()
    assert not report.ok
    assert report.wrong == len(oracle) == 41
    assert [(w.row, w.column, w.expected, w.found) for w in report.first] == oracle
    first = report.first[0]
    assert (first.row, first.column, first.output, first.input, first.expected, first.found) == \
        (0, 1, (0, 0, 0), (0, 0, 1), b, 0)
    outside = [w for w in report.first if w.outside_kernel]
    assert outside and all(w.row >= 2 for w in outside)
    assert sympy.IndexedBase("K")[2, 0, 1, 0] in {w.found for w in outside}
    assert [diagnosis.kinds for diagnosis in report.diagnoses] == [("offset", "s_for_u")]
    assert rule_text(report.diagnoses[0].rule) == \
        "M[s, t] = K[s, i, v - j, w - k] if 0 <= v - j < P and 0 <= w - k < Q, else 0"


@pytest.mark.parametrize("text", [
    CORRECTED_FORMULA,
    r"M_{s,t} = \begin{cases} K_{u,i,j-v,k-w} & \text{if } 0 \le j-v < P \text{ and } 0 \le k-w < Q \\ "
    r"0 & \text{otherwise} \end{cases}",
    r"\mathrm{M}(s, t) = \left\{ \begin{array}{ll} K_{u, i, j - v, k - w}, & \mathrm{if} \ 0 \le j - v < P "
    r"\land 0 \le k - w < Q \\ 0, & \mathrm{otherwise} \end{array} \right.",
    "K[u][i][j - v][k - w] if 0 <= j - v < P and 0 <= k - w < Q else 0",
    "K[u, i, p, q] if 0 <= p < P and 0 <= q < Q, 0 otherwise where p = j - v, q = k - w",
    "u = s // (H'W'); v = s // W' % H'; w = s % W'; K[u, i, j - v, k - w] if 0 <= j - v < P and 0 <= k - w < Q",
    "M[s,t] = K[u, i, j-v, k-w] if 0 <= j-v < P and 0 <= k-w < Q, else 0 "
    "where s = uH'W' + vW' + w, t = iHW + jW + k",
    "s = u*H'*W' + v*W' + w\nt = i*H*W + j*W + k\n"
    "M[s, t] = K[u, i, j - v, k - w]   if 0 <= j - v < P and 0 <= k - w < Q\n"
    "          0                       otherwise",
    "M[s, t] = K[u, i, p, q] if 0 <= p < P and 0 <= q < Q otherwise 0\nwhere p = j - v\n      q = k - w",
    r"$$M_{s,t} = \begin{cases} K_{u,i,j-v,k-w} & \text{if } 0 \le j-v < P \text{ and } 0 \le k-w < Q \\ "
    r"0 & \text{otherwise} \end{cases}$$",
], ids=["text", "cases", "latexify", "nested-brackets", "where", "definitions", "implicit-decomposition",
        "one-definition-per-line", "where-lines", "display-math"])
def test_the_corrected_rule_passes_in_every_notation(text):
    report = check_formula(SEED, text)
    assert report.ok, report.text()
    assert report.compared == 72 and report.wrong == 0 and report.diagnoses == ()


def test_a_rule_as_a_python_function():
    def corrected(u, i, v, w, j, k, P, Q, K):
        return K[u, i, j - v, k - w] if 0 <= j - v < P and 0 <= k - w < Q else 0

    def as_written(s, i, v, w, j, k, P, Q, K):
        return K[s][i][v - j][w - k] if 0 <= v - j < P and 0 <= w - k < Q else 0

    assert check(SEED, corrected).ok
    report = check(SEED, as_written)
    assert report.wrong == 41
    assert [diagnosis.kinds for diagnosis in report.diagnoses] == [("offset", "s_for_u")]


def test_a_function_with_other_parameters_is_refused():
    with pytest.raises(TypeError, match=r"^the rule has parameter\(s\) row; its parameters must be letters"):
        check(SEED, lambda row: 0)


def test_the_rule_symconv_prints_for_a_strided_padded_dilated_grouped_layer_checks_itself():
    layer = Conv(kernel((4, 1, 3, 2)), (2, 7, 6), stride=(2, 1), padding=((1, 2), (0, 1)), dilation=(2, 1),
                 groups=2, flip=True, order="HWC")
    text = rule_text(layer_rule(layer.summary()))
    assert check(layer, text).ok
    edited = text.replace("% 2 == 0", "% 2 == 1")
    report = check(layer, edited)
    assert not report.ok and report.wrong > 0


# -- matrices ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("candidate", [
    QUESTION_MATRIX,
    QUESTION_MATRIX.replace("|", " "),
    "\n".join(line for line in QUESTION_MATRIX.splitlines()[1:-1]),
    str(SEED.matrix()),
    SEED.matrix().tolist(),
    [[str(entry) for entry in row] for row in SEED.matrix().tolist()],
    sympy.ImmutableSparseMatrix(SEED.matrix()),
    "\\[\n" + str(SEED.matrix()) + "\n\\]",
    r"M = \left[\begin{array}{ccc|ccc|ccc} a & b & 0 & c & d & 0 & 0 & 0 & 0 \\ 0 & a & b & 0 & c & d & 0 & 0 & 0 \\"
    r"\hline 0 & 0 & 0 & a & b & 0 & c & d & 0 \\ 0 & 0 & 0 & 0 & a & b & 0 & c & d \\"
    r" e & f & 0 & g & h & 0 & 0 & 0 & 0 \\ 0 & e & f & 0 & g & h & 0 & 0 & 0 \\"
    r" 0 & 0 & 0 & e & f & 0 & g & h & 0 \\ 0 & 0 & 0 & 0 & e & f & 0 & g & h \\ \end{array}\right]",
], ids=["question", "no-bars", "no-outer-brackets", "sympy-str", "lists", "strings", "sparse", "delimited",
        "latex-array"])
def test_the_questions_matrix_passes_in_every_form(candidate):
    report = check_matrix(SEED, candidate)
    assert report.ok, report.text()
    assert report.compared == 72


def test_latex_bmatrix_with_named_and_indexed_entries():
    layer = Conv(kernel((1, 1, 2)), (1, 3))
    text = r"\begin{bmatrix} K_{0,0,0} & K_{0,0,1} & 0 \\ 0 & K_{0,0,0} & K_{0,0,1} \end{bmatrix}"
    assert check(layer, text).ok
    assert check(layer, r"\begin{pmatrix} K_{0,0,0} & 0 \\ K_{0,0,1} & K_{0,0,0} \\ 0 & K_{0,0,1}\end{pmatrix}^T").ok


def test_a_single_wrong_entry_is_located_and_not_explained():
    edited = SEED.matrix().as_mutable()
    edited[5, 4] = c
    report = check(SEED, edited)
    assert (report.ok, report.wrong, report.diagnoses) == (False, 1, ())
    entry = report.first[0]
    assert (entry.row, entry.column, entry.output, entry.input, entry.expected, entry.found) == \
        (5, 4, (1, 0, 1), (0, 1, 1), g, c)
    assert "No single mistake, nor any pair" in report.text()


def test_names_the_layer_does_not_have_are_listed():
    report = check(SEED, QUESTION_MATRIX.replace("[a b 0|c d 0|0 0 0]", "[z b 0|c d 0|0 0 0]", 1))
    assert report.unknown_names == ("z",) and report.wrong == 1


def flipped_kernel(weights):
    return [[[row[::-1] for row in plane[::-1]] for plane in group] for group in weights]


SEED_WEIGHTS = [[[[a, b], [c, d]]], [[[e, f], [g, h]]]]


@pytest.mark.parametrize(("layer", "candidate", "kinds"), [
    pytest.param(SEED, Conv(flipped_kernel(SEED_WEIGHTS), (1, 3, 3)).matrix(), ("flip",),
                 id="convolution instead of cross-correlation"),
    pytest.param(SEED, SEED.matrix().T, ("transpose",), id="transposed"),
    pytest.param(Conv(kernel((2, 2, 2, 2)), (2, 3, 3)), Conv(kernel((2, 2, 2, 2)), (2, 3, 3), order="HWC").matrix(),
                 ("order",), id="channels last"),
    pytest.param(Conv(kernel((1, 1, 2, 2)), (1, 5, 5), stride=2), Conv(kernel((1, 1, 2, 2)), (1, 5, 5)).matrix(),
                 ("stride",), id="stride ignored"),
    pytest.param(Conv(kernel((1, 1, 2)), (1, 6), dilation=2), Conv(kernel((1, 1, 2)), (1, 6)).matrix(),
                 ("dilation",), id="dilation ignored"),
    pytest.param(Conv(kernel((1, 1, 3)), (1, 5), padding=1), Conv(kernel((1, 1, 3)), (1, 5)).matrix(),
                 ("padding",), id="padding ignored"),
    pytest.param(SEED, Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3), padding=((0, 1), (0, 0))).matrix(),
                 ("size",), id="one output row too many"),
    pytest.param(SEED, "K[u, i, v - j, w - k] if 0 <= v - j < P and 0 <= w - k < Q else 0", ("offset",),
                 id="offset reversed"),
    pytest.param(SEED, "K[s, i, j - v, k - w] if 0 <= j - v < P and 0 <= k - w < Q else 0", ("s_for_u",),
                 id="s for u"),
    pytest.param(SEED, "K[u, i, k - w, j - v] if 0 <= k - w < P and 0 <= j - v < Q else 0", ("taps",),
                 id="kernel indices swapped"),
    pytest.param(Conv(kernel((2, 2, 2)), (2, 4)), "K[i, u, j - v] if 0 <= j - v < P else 0", ("channels",),
                 id="channel indices swapped"),
    pytest.param(SEED, "K[u, i, j - v + 1, k - w] if 0 <= j - v + 1 < P and 0 <= k - w < Q else 0", ("shift",),
                 id="shift by one"),
])
def test_each_mistake_is_confirmed_by_rebuilding(layer, candidate, kinds):
    report = check(layer, candidate)
    assert not report.ok
    assert kinds in [diagnosis.kinds for diagnosis in report.diagnoses], report.text()


def test_a_mistake_in_only_one_flattening_is_named():
    layer = Conv(kernel((1, 2, 2, 2)), (2, 3, 3))
    hwc = Conv(kernel((1, 2, 2, 2)), (2, 3, 3), order="HWC").matrix()
    report = check(layer, hwc)
    assert [diagnosis.kinds for diagnosis in report.diagnoses] == [("input_order",)]


def test_transposed_and_composed_layers_are_checked_and_their_transpose_diagnosed():
    layer = ConvTranspose(kernel((1, 1, 3), "a:c"), (1, 3), stride=2)
    assert check(layer, layer.matrix()).ok
    assert [d.kinds for d in check(layer, layer.matrix().T).diagnoses] == [("transpose",)]
    both = Conv([[[1, 1]]], (1, 4)) @ Conv(kernel((1, 1, 2), "a:b"), (1, 5))
    assert check(both, both.matrix()).ok and not check(both, both.matrix().T).ok
    assert check(both, both.derive([[1, 2, 3, 4, 5]]).blocks()["expansion"], x=[[1, 2, 3, 4, 5]]).ok
    assert check(layer, layer.derive().y_exprs, kind="expansion").ok


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_layers_check_their_own_matrix_rule_and_expansion(data):
    ndim = data.draw(st.integers(1, 2))
    kernel_size = tuple(data.draw(st.integers(1, 3)) for _ in range(ndim))
    stride = tuple(data.draw(st.integers(1, 2)) for _ in range(ndim))
    padding = tuple(data.draw(st.integers(0, 1)) for _ in range(ndim))
    size = tuple(k + data.draw(st.integers(0, 3)) for k in kernel_size)
    channels = data.draw(st.integers(1, 2))
    layer = Conv(kernel((data.draw(st.integers(1, 2)), channels, *kernel_size)), (channels, *size), stride=stride,
                 padding=padding, order=data.draw(st.sampled_from(["CHW", "HWC"])),
                 flip=data.draw(st.booleans()))
    assert check(layer, layer.matrix()).ok
    assert check(layer, rule_text(layer_rule(layer.summary()))).ok
    assert check_expansion(layer, layer.derive().y_exprs).ok
    flipped = layer.replace(flip=not layer.flip).matrix()
    if flipped != layer.matrix():
        assert ("flip",) in [diagnosis.kinds for diagnosis in check(layer, flipped).diagnoses]


# -- expansions ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("candidate", [QUESTION_EXPANSION, QUESTION_RESHAPED,
                                       r"y' = M x' = \left[\begin{array}{c} 1 \cdot a + 2 \cdot b + 4 \cdot c + "
                                       r"5 \cdot d \\ 2a + 3b + 5c + 6d \\ 4a+5b+7c+8d \\ 5a+6b+8c+9d \\ "
                                       r"1e+2f+4g+5h \\ 2e+3f+5g+6h \\ 4e+5f+7g+8h \\ 5e+6f+8g+9h \end{array}\right]",
                                       SEED.derive(X).blocks()["expansion"]],
                         ids=["flat", "reshaped", "latex", "symconv's own"])
def test_the_questions_expansion_passes(candidate):
    report = check_expansion(SEED, candidate, x=X)
    assert report.ok, report.text()


def test_a_wrong_expansion_is_located_by_its_output_index():
    wrong = QUESTION_EXPANSION.replace("4e+5f+7g+8h", "4e+5f+7g+9h")
    report = check_expansion(SEED, wrong, x=X)
    assert report.wrong == 1
    entry = report.first[0]
    assert (entry.row, entry.output, entry.expected, entry.found) == \
        (6, (1, 1, 0), 4 * e + 5 * f + 7 * g + 8 * h, 4 * e + 5 * f + 7 * g + 9 * h)
    reshaped = check_expansion(SEED, QUESTION_RESHAPED.replace("4e+5f+7g+8h", "4e+5f+7g+9h"), x=X)
    assert (reshaped.first[0].row, reshaped.first[0].output) == (6, (1, 1, 0))


def test_an_expansion_of_the_flipped_kernel_is_diagnosed():
    flipped = Conv(flipped_kernel(SEED_WEIGHTS), (1, 3, 3)).derive(X).blocks()["expansion"]
    report = check_expansion(SEED, flipped, x=X)
    assert [diagnosis.kinds for diagnosis in report.diagnoses] == [("flip",)]


# -- unreadable text: one documented error, with line and column ---------------------------------
@pytest.mark.parametrize(("kind", "text", "line", "column", "reason"), [
    ("matrix", "[a b 0|c d 0]\n[0 a b|0 c]", 2, 1, "the array is ragged"),
    ("matrix", "[\n[a b+]\n]", 2, 6, "the entry 'b\\+' ends too early"),
    ("matrix", "[a b\n", 1, 2, "the array: unexpected 'a b'"),
    ("matrix", "[a $ b]", 1, 4, "the entry '\\$' : unexpected|the entry '\\$': unexpected"),
    ("formula", "K[u, i, j - v] if 0 <= j - v < P and", 1, 37, "the rule ends too early"),
    ("formula", "K[u, i, j - v] if 0 <= j - v < P\nelse 0 where x = 1", 2, 14, "x cannot be defined"),
    ("formula", "K[u, i, j - f, k] if 0 <= j - v < P", 1, 13, "f is not a letter of this layer"),
    ("formula", "K[u, i, j - v, 0] if 0 <= p < P", 1, 27, "p has no value here"),
    ("formula", "K[u, i] if j < v", 1, 1, "K takes 4 indices here"),
    ("formula", "M[r, c] = 0", 1, 3, "the rule is for M\\[r, c\\]"),
    ("formula", "u = s // (H'W')\nv = s // W' % H'\nK[u, i, j - v, k - f] if 0 <= j - v < P", 3, 20,
     "f is not a letter of this layer"),
    ("formula", "K[u, i, j - v, k - w] if 0 <= j - v < P where t = i + j + k", 1, 47, "t = ... must number"),
    ("expansion", "[1a+2b, 3a/(b-b)]", 1, 9, "division by zero"),
])
def test_unreadable_text_says_where(kind, text, line, column, reason):
    with pytest.raises(ReadError, match=reason) as caught:
        check(SEED, text, kind=kind)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert isinstance(caught.value, ValueError)


# -- the report: text, LaTeX, CLI ---------------------------------------------------------------------
def test_the_text_report_of_the_questions_formula():
    text = check(SEED, QUESTION_FORMULA).text()
    assert text.splitlines()[:5] == [
        "Check of a rule for M[s, t] for the layer: 2-D cross-correlation: input 1x3x3, kernel 2x1x2x2, output 2x2x2",
        "Read as: M[s, t] = K[s, i, v - j, w - k] if 0 <= v - j < P and 0 <= w - k < Q, else 0",
        "Wrong: 41 of 72 entries differ from M.",
        "First wrong entries (s = u*H'*W' + v*W' + w, t = i*H*W + j*W + k):",
        "  M[0, 1]  s = 0, (u, v, w) = (0, 0, 0)  t = 1, (i, j, k) = (0, 0, 1)  expected b, found 0",
    ]
    assert "  1. the offset's sign reversed: K[u, i, v - j, w - k] where the layer has K[u, i, j - v, k - w]" in text
    assert "     and s (the row of M) written where the output channel u belongs" in text


@pytest.mark.latex
@pytest.mark.parametrize("candidate", [
    QUESTION_FORMULA, CORRECTED_FORMULA, "[z b 0|c d 0]",
    QUESTION_EXPANSION.replace("4e+5f+7g+8h", "4e+5f+7g+9h"),
])
def test_the_latex_report_compiles_and_fits_the_page(candidate, tmp_path):
    x = X if candidate.startswith("[1a") else None
    report = check(SEED, candidate, x=x)
    compile_latex(report.latex(standalone=True), tmp_path, "report")


@pytest.mark.latex
def test_a_wide_report_fits_the_page(tmp_path):
    layer = Conv(kernel((3, 3, 3, 3)), (3, 6, 6))
    edited = layer.matrix().as_mutable()
    for column in range(0, 100, 7):
        edited[1, column] = sum(sympy.flatten(layer.kernel)[:9])
    compile_latex(check(layer, edited).latex(standalone=True), tmp_path, "report")


def test_repr_latex_is_math():
    math = check(SEED, QUESTION_FORMULA)._repr_latex_()
    assert math.startswith("$$\\begin{array}{l}") and math.endswith("\\end{array}$$")
    assert "\\text{Wrong: }41\\text{ of }72" in math


def run_cli(args, capsys):
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


LAYER_FLAGS = ["check", "--input-shape", "1x3x3", "--kernel-shape", "2x1x2x2", "--kernel-names", "a:h"]


def test_cli_exit_status_is_0_for_right_1_for_wrong_2_for_unreadable(tmp_path, capsys):
    right, wrong, broken = tmp_path / "right.txt", tmp_path / "wrong.txt", tmp_path / "broken.txt"
    right.write_text(CORRECTED_FORMULA)
    wrong.write_text(QUESTION_FORMULA)
    broken.write_text("[a b 0|c d 0]\n[0 a b|0 c]\n")
    status, out, err = run_cli([*LAYER_FLAGS, "--formula", str(right)], capsys)
    assert (status, err) == (0, "") and "Correct: all 72 entries" in out
    status, out, err = run_cli([*LAYER_FLAGS, "--formula", str(wrong)], capsys)
    assert (status, err) == (1, "") and "Wrong: 41 of 72 entries differ from M." in out
    status, out, err = run_cli([*LAYER_FLAGS, "--matrix", str(broken)], capsys)
    assert status == 2 and out == ""
    assert err == (f"symconv check: error: --matrix {broken}: line 2, column 1: the array is ragged: this part has "
                   "shape 5, the first has 6\n")


def test_cli_expansion_for_input_values_and_latex(tmp_path, capsys):
    path = tmp_path / "y.txt"
    path.write_text(QUESTION_RESHAPED)
    status, out, _ = run_cli([*LAYER_FLAGS, "--expansion", str(path), "--input-values", "1,2,3,4,5,6,7,8,9",
                              "--format", "latex", "--standalone"], capsys)
    assert status == 0 and out.startswith("\\documentclass{article}") and "Correct: all $8$ entries" in out


@pytest.mark.parametrize(("input_shape", "order"), [((2, 4), "HWC"), ((2, 4), "CHW"), ((2, 3, 3), "HWC"),
                                                    ((1, 3, 3), "CHW")])
def test_the_report_writes_t_as_the_derivation_writes_x_prime(input_shape, order):
    from symconv.layout import Layout
    from symconv.printing.text import flat_rule_text

    layer = Conv(kernel((1, input_shape[0], *[2] * (len(input_shape) - 1))), input_shape, order=order)
    report = check(layer, [[0] * layer.matrix_shape[1]] * layer.matrix_shape[0])
    printed = flat_rule_text(Layout(input_shape, order).rule())  # x'[(j*W + k)*C + i] = x[i,j,k], ...
    index = printed[printed.index("[") + 1:printed.index("]")]
    assert f"t = {index})" in report.text()


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.fractions(min_value=-3, max_value=3, max_denominator=3),
                          st.lists(st.integers(0, 3), min_size=0, max_size=3)), max_size=4),
       st.lists(st.tuples(st.fractions(min_value=-3, max_value=3, max_denominator=3),
                          st.lists(st.integers(0, 3), min_size=0, max_size=3)), max_size=4))
def test_two_canonical_polynomials_are_equal_only_when_they_are_the_same_expression(first, second):
    from symconv.checking.codes import canonical_polynomial

    K, x = sympy.IndexedBase("K"), sympy.IndexedBase("x")
    atoms = [K[0, 0, 1], x[0, 1], sympy.Symbol("a"), K[0, 0, 1] ** 2]

    def polynomial(terms):
        return sympy.Add(*[sympy.Rational(c.numerator, c.denominator) * sympy.Mul(*[atoms[i] for i in factors])
                           for c, factors in terms])

    p, q = polynomial(first), polynomial(second)
    assert canonical_polynomial(p) and canonical_polynomial(q)
    assert (p == q) == (sympy.expand(p - q) == 0)
