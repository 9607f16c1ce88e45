"""The printing style, pinned by golden strings, and LaTeX that compiles."""

from __future__ import annotations

import shutil
import subprocess
from fractions import Fraction

import pytest
import sympy

from symconv import Conv, ConvTranspose, kernel
from symconv.examples import example_derivation
from symconv.printing.latex import derivation_latex

a, b = sympy.symbols("a b")


def expansion_text(layer, x):
    return layer.derive(x).blocks()["expansion"]


@pytest.mark.parametrize(
    ("weights", "x", "expected"),
    [
        pytest.param([[[a, b]]], [[1, 2, 3]], "[1a+2b, 2a+3b]", id="seed style: coefficient first, explicit 1"),
        pytest.param([[[a, b]]], [[-1, -2, 3]], "[-1a-2b, -2a+3b]", id="negative numbers fold into the sign"),
        pytest.param([[[a, b]]], [[0, 1, 0]], "[0a+1b, 1a+0b]", id="zero inputs keep their term"),
        pytest.param([[[a, b]]], [[Fraction(1, 2), Fraction(-3, 4), 1]], "[(1/2)a-(3/4)b, -(3/4)a+1b]",
                     id="fractions are parenthesised"),
        pytest.param([[[2, -3]]], None, "[2x_{0,0}-3x_{0,1}, 2x_{0,1}-3x_{0,2}]", id="numeric kernel, symbolic input"),
        pytest.param([[[1, Fraction(1, 2)]]], None, "[1x_{0,0}+(1/2)x_{0,1}, 1x_{0,1}+(1/2)x_{0,2}]",
                     id="rational kernel, symbolic input"),
        pytest.param([[[a, b]]], None, "[a*x_{0,0}+b*x_{0,1}, a*x_{0,1}+b*x_{0,2}]", id="both symbolic"),
        pytest.param([[[2, -3]]], [[1, 2, -1]], "[1*2+2*(-3) = -4, 2*2-1*(-3) = 7]", id="both numeric: the value too"),
        pytest.param([[[2 * a, a + b]]], [[1, 2, 3]], "[1(2*a)+2(a+b), 2(2*a)+3(a+b)]",
                     id="compound entries are parenthesised"),
    ],
)
def test_term_style(weights, x, expected):
    assert expansion_text(Conv(weights, (1, 3)), x) == expected


def test_folded_entries_sum_in_the_matrix_and_stay_one_term_per_tap_in_the_expansion():
    layer = Conv(kernel((1, 1, 3), "a:c"), (1, 3), padding=1, padding_mode="reflect")
    blocks = layer.derive([[1, 2, 3]]).blocks()
    assert blocks["matrix"] == "[\n[b a+c 0]\n[a   b c]\n[0 a+c b]\n]"
    assert blocks["expansion"] == "[2a+1b+2c, 1a+2b+3c, 2a+3b+2c]"


def test_bias_comes_last():
    layer = Conv([[[a, b]]], (1, 3), bias=[-5])
    assert expansion_text(layer, [[1, 2, 3]]) == "[1a+2b-5, 2a+3b-5]"


def test_an_output_that_sees_only_padding_prints_zero():
    layer = Conv([[[a]]], (1, 1), padding=1)
    assert expansion_text(layer, [[7]]) == "[0, 7a, 0]"


def test_hwc_order_puts_bars_every_c_entries():
    layer = Conv(kernel((1, 2, 2), "a:d"), (2, 3), order="HWC")
    blocks = layer.derive([[1, 2, 3], [4, 5, 6]]).blocks()
    assert blocks["flat_input"] == "[1 4|2 5|3 6]"
    assert blocks["matrix"] == "[\n[a c|b d|0 0]\n[0 0|a c|b d]\n]"


def test_transposed_derivation_says_it_is_a_transpose():
    text = ConvTranspose([[[1, 2]]], (1, 2), stride=2).derive().text(blocks=["layer"])
    assert "M is the transpose of the matrix of the forward convolution" in text
    assert "m1 = (2 - 1)*2 - 2*0 + 1*(2 - 1) + 0 + 1 = 4" in text


def test_composition_shows_the_factors_and_the_product():
    first = Conv([[[1, 1]]], (1, 3))
    second = Conv([[[1, -1]]], (1, 2))
    text = (second @ first).derive([[1, 2, 4]]).text(blocks=["matrix", "expansion"])
    assert text == (
        "M (1x3), y' = M x':\nM1 (2x3):\n[\n[1 1 0]\n[0 1 1]\n]\nM2 (1x2):\n[\n[1 -1]\n]\n"
        "M (1x3) = M2 M1:\n[\n[1 0 -1]\n]\n\ny' = M2 M1 x' (1):\n[1*1+4*(-1) = -3]\n"
    )


def test_latex_expansion_block():
    latex = derivation_latex(Conv([[[a, b]]], (1, 3)).derive([[1, Fraction(-1, 2), 3]]), blocks=["expansion"])
    assert r"1a - \tfrac{1}{2}b \\" in latex
    assert r"-\tfrac{1}{2}a + 3b" in latex


def test_sympy_symbol_names_setting_is_honoured():
    from symconv.printing.latex import LatexDerivationPrinter

    printer = LatexDerivationPrinter({"symbol_names": {a: r"\alpha"}, "blocks": ["matrix"]})
    assert r"\alpha & b" in printer.doprint(Conv([[[a, b]]], (1, 3)).derive())


def test_repr_latex_is_one_math_display():
    shown = example_derivation()._repr_latex_()
    assert shown.startswith("$$\\begin{array}{l}") and shown.endswith("\\end{array}$$")


LATEX_CASES = {
    "seed": lambda: example_derivation(),
    "strided-padded-bias": lambda: Conv(kernel((2, 1, 2, 2), "a:h"), (1, 4, 4), stride=2, padding=1,
                                        bias=[1, Fraction(-1, 2)]).derive(),
    "reflect-1d": lambda: Conv(kernel((1, 1, 3), "a:c"), (1, 4), padding=1, padding_mode="reflect").derive(),
    "3d": lambda: Conv(kernel((1, 1, 2, 2, 2)), (1, 2, 3, 3)).derive(),
    "transposed": lambda: ConvTranspose(kernel((1, 1, 2, 2)), (1, 2, 2), stride=2).derive(),
    "composed": lambda: (Conv([[[1, -1]]], (1, 3)) @ Conv(kernel((1, 1, 2)), (1, 4))).derive([[1, 2, 3, 4]]),
    "hwc": lambda: Conv(kernel((1, 2, 2), "a:d"), (2, 3), order="HWC").derive(),
}


@pytest.mark.latex
@pytest.mark.parametrize("name", sorted(LATEX_CASES))
def test_standalone_latex_compiles_with_pdflatex(name, tmp_path):
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed (CI installs texlive-latex-base)")
    source = tmp_path / "derivation.tex"
    source.write_text(LATEX_CASES[name]().latex(standalone=True))
    result = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", source.name],
        cwd=tmp_path, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout[-3000:]
    assert (tmp_path / "derivation.pdf").stat().st_size > 0
