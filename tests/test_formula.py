"""The entry rule: the function that formula() generates computes every entry of M, and prints as the rule.

The function is evaluated for every (s, t) of random layers and compared with matrix();
what is printed (text and LaTeX) is rendered from that same function.
"""

from __future__ import annotations

import re

import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symconv import Conv, ConvTranspose, LayerError, kernel
from symconv.examples import example_layer

from .latex_check import compile_latex, hide_latexify
from .test_oracle import conv_cases, transpose_cases


def assert_rule_gives_every_entry(layer):
    formula = layer.formula()
    M = layer.matrix()
    rows, columns = M.shape
    for s in range(rows):
        for t in range(columns):
            assert sympy.expand(formula.entry(s, t) - M[s, t]) == 0, (s, t, formula.entry(s, t), M[s, t])
    if not formula.is_product:
        # the printed flattening rules are the inverses of the splits the function uses
        split_row, row = formula.function("split_row"), formula.function("row")
        split_column, column = formula.function("split_column"), formula.function("column")
        assert [row(*split_row(s)) for s in range(rows)] == list(range(rows))
        assert [column(*split_column(t)) for t in range(columns)] == list(range(columns))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conv_cases())
def test_the_rule_of_a_convolution_gives_every_entry_of_M(case):
    assert_rule_gives_every_entry(case[0])


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transpose_cases())
def test_the_rule_of_a_transposed_convolution_gives_every_entry_of_M(case):
    assert_rule_gives_every_entry(case[0])


@st.composite
def products(draw):
    ndim = draw(st.integers(1, 2))
    sizes = [draw(st.integers(3, 5)) for _ in range(ndim)]
    c = draw(st.integers(1, 2))
    first = Conv(kernel((2, c, *[2] * ndim), stem="A"), (c, *sizes), padding=draw(st.integers(0, 1)),
                 order=draw(st.sampled_from(["CHW", "HWC"])))
    middle = first.output_shape
    second = Conv(kernel((1, 2, *[2] * ndim), stem="B"), middle, stride=draw(st.integers(1, 2)), order=first.order)
    return second @ first


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(products())
def test_the_rule_of_a_product_gives_every_entry_of_M(layer):
    assert_rule_gives_every_entry(layer)


def test_the_worked_example_reads_as_the_corrected_rule():
    formula = example_layer().formula()
    assert formula.text().splitlines()[0] == "M[s, t] = K[u, i, j - v, k - w]  if 0 <= j - v < P and 0 <= k - w < Q"
    latex = formula.latex()
    assert (r"M_{s,t} = \left\{ \begin{array}{ll} K_{u, i, j - v, k - w}, & \mathrm{if} \ 0 \le j - v < P "
            r"\land 0 \le k - w < Q \\ 0, & \mathrm{otherwise} \end{array} \right.") in latex
    assert "s = u H' W' + v W' + w" in latex
    assert "t = i H W + j W + k" in latex


@pytest.mark.parametrize(
    ("layer", "first_line"),
    [
        pytest.param(Conv(kernel((1, 1, 3)), (1, 5), stride=2, padding=1, dilation=2), None, id="strided-dilated"),
        pytest.param(Conv(kernel((1, 1, 3)), (1, 5), padding=1), "M[s, t] = K[u, i, j - v + 1]  if 0 <= j - v + 1 < P",
                     id="padded"),
        pytest.param(Conv(kernel((1, 1, 3)), (1, 5), flip=True),
                     "M[s, t] = K[u, i, P - 1 - (j - v)]  if 0 <= j - v < P", id="flip"),
        pytest.param(Conv(kernel((4, 1, 2)), (2, 5), groups=2),
                     "M[s, t] = K[u, 0, j - v]  if i == u // 2 and 0 <= j - v < P", id="groups"),
        pytest.param(ConvTranspose(kernel((1, 1, 3)), (1, 3), stride=2),
                     "M[s, t] = K[i, u, v - 2*j]  if 0 <= v - 2*j < P", id="transposed"),
        pytest.param(Conv(kernel((1, 1, 3)), (1, 4), padding=1, padding_mode="circular"),
                     "M[s, t] = sum of K[u, i, p] over p = 0..P-1 with circular(v + p - 1, W) == j", id="circular"),
    ],
)
def test_rules_of_the_options(layer, first_line):
    text = layer.formula().text()
    if first_line is not None:
        assert text.splitlines()[0] == first_line
    assert_rule_gives_every_entry(layer)


def test_dilation_adds_a_divisibility_condition():
    text = Conv(kernel((1, 1, 3)), (1, 5), stride=2, padding=1, dilation=2).formula().text()
    assert "if (j - 2*v + 1) % 2 == 0 and 0 <= (j - 2*v + 1) // 2 < P" in text


def test_a_product_names_its_factors():
    layer = Conv([[[1, -1]]], (1, 3)) @ Conv(kernel((1, 1, 2)), (1, 4))
    text = layer.formula().text()
    assert text.startswith("M = M2 M1, a product of 2 layers")
    assert "\nM1[s, t] = K1[u, i, j - v]" in text and "\nM2[s, t] = K2[u, i, j - v]" in text
    latex = layer.formula().latex()
    assert "M = M_{2} M_{1}" in latex and "(M_{1})_{s,t} = " in latex and "K^{(2)}_{u, i, j - v}" in latex


@pytest.mark.parametrize(("s", "t"), [(8, 0), (0, -1), (0, 1.0), (True, 0)])
def test_entry_outside_M_is_refused(s, t):
    with pytest.raises(LayerError, match=r"^(s|t) = .* is not an index of M \(8x9\); expected an int with 0 <= "):
        example_layer().formula().entry(s, t)


def test_jupyter_shows_one_math_array():
    shown = example_layer().formula()._repr_latex_()
    assert shown.startswith("$$\\begin{array}{l}") and shown.endswith("\\end{array}$$")
    assert sympy.latex(example_layer().formula()) == shown[2:-2]


def test_latex_needs_latexify(monkeypatch):
    hide_latexify(monkeypatch)
    from symconv import MissingDependencyError

    with pytest.raises(MissingDependencyError, match=r"^the LaTeX of a formula is rendered by latexify-py"):
        example_layer().formula().latex()
    assert example_layer().formula().text()  # the text needs no latexify


FORMULA_LATEX = {
    "seed": example_layer,
    "strided-padded-dilated": lambda: Conv(kernel((2, 1, 3, 3)), (1, 7, 7), stride=2, padding=2, dilation=2),
    "grouped-flip-hwc": lambda: Conv(kernel((4, 1, 3, 3)), (2, 5, 5), groups=2, flip=True, order="HWC"),
    "reflect-3d": lambda: Conv(kernel((1, 1, 2, 3, 3)), (1, 3, 4, 4), padding=1, padding_mode="reflect"),
    "replicate-1d": lambda: Conv(kernel((1, 1, 3)), (1, 4), padding=((2, 1),), padding_mode="replicate"),
    "transposed": lambda: ConvTranspose(kernel((2, 1, 3, 3)), (2, 3, 3), stride=2, padding=1, groups=2),
    "product": lambda: Conv([[[1, -1]]], (1, 3)) @ Conv(kernel((1, 1, 2)), (1, 4)),
}


@pytest.mark.latex
@pytest.mark.parametrize("name", sorted(FORMULA_LATEX))
def test_formula_latex_compiles_without_overfull_boxes(name, tmp_path):
    compile_latex(FORMULA_LATEX[name]().formula().latex(standalone=True), tmp_path)


def test_the_generated_source_is_readable_python():
    source = example_layer().formula().source
    assert source.startswith("def M(s, t):\n    u, v, w = split_row(s)\n")
    assert re.search(r"^def rule\(u, v, w, i, j, k\):$", source, re.M)
