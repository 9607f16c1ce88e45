"""Paper-ready LaTeX: every derivation fits a standard article page (pdflatex reports no overfull box).

The layers are the ones the paper-ready issue names: the worked example, 1-D, 2-D and 3-D
layers, a 2x5x5 input with a 2x2x3x3 kernel (stride 2, padding 1), a grouped and a
transposed layer, and the README's 3x8x8 / 4x3x3x3 example (whose M falls back to its
corner, saying so). Each is compiled with pdflatex and its log searched for
``Overfull \\hbox`` and ``Overfull \\vbox``; each layout can also be forced.
"""

from __future__ import annotations

import pytest
import sympy

from symconv import Conv, ConvTranspose, kernel
from symconv.examples import example_derivation
from symconv.printing.page import LAYOUTS, math_width, plan_matrix

from .latex import compile_latex

pytestmark = pytest.mark.latex

PAGE_CASES = {
    "worked example": lambda: example_derivation(),
    "1-D": lambda: Conv(kernel((2, 1, 3), "a:f"), (1, 9), padding=1).derive(),
    "2-D": lambda: Conv(kernel((1, 1, 3, 3), "a:i"), (1, 4, 4)).derive([[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12],
                                                                            [13, 14, 15, 16]]]),
    "3-D": lambda: Conv(kernel((1, 1, 2, 2, 2)), (1, 2, 3, 3)).derive(),
    "2x5x5, 2x2x3x3, stride 2, padding 1": lambda: Conv(kernel((2, 2, 3, 3)), (2, 5, 5), stride=2, padding=1).derive(),
    "grouped": lambda: Conv(kernel((4, 1, 3)), (2, 6), groups=2, bias=sympy.symbols("p:4")).derive(),
    "transposed": lambda: ConvTranspose(kernel((2, 1, 2, 2)), (2, 3, 3), stride=2).derive(),
    "README 3x8x8 / 4x3x3x3": lambda: Conv(kernel((4, 3, 3, 3)), (3, 8, 8), stride=2, padding=1).derive(),
    "composed": lambda: (Conv(kernel((1, 2, 2), "a:d"), (2, 4)) @ Conv(kernel((2, 1, 3), "e:j"), (1, 6))).derive(),
    "numbers, channels last": lambda: Conv([[[[1, -2], [3, 4]]], [[[5, 6], [-7, 8]]]], (1, 3, 4),
                                           order="HWC").derive([[[1, 2, 3, 4], [5, 6, 7, 8], [9, 10, 11, 12]]]),
}


@pytest.mark.parametrize("name", list(PAGE_CASES))
def test_the_derivation_fits_the_page(name, tmp_path):
    compiled = compile_latex(PAGE_CASES[name]().latex(standalone=True, force=True), tmp_path)
    assert compiled.ok, compiled.log[-3000:]
    assert compiled.overfull() == []


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_layout_can_be_forced_and_fits(layout, tmp_path):
    derivation = PAGE_CASES["README 3x8x8 / 4x3x3x3"]()
    compiled = compile_latex(derivation.latex(standalone=True, force=True, layout=layout), tmp_path)
    assert compiled.ok, compiled.log[-3000:]
    assert compiled.overfull() == []


def test_a_matrix_too_large_for_the_page_says_what_is_shown():
    latex = PAGE_CASES["README 3x8x8 / 4x3x3x3"]().latex(blocks=["matrix"], force=True)
    assert "too large for the page: shown is its top-left corner, rows $1$ to $16$" in latex
    assert r"\vdots" in latex and r"\ddots" in latex


def test_a_wide_matrix_is_split_into_labelled_blocks():
    latex = Conv(kernel((1, 1, 3)), (1, 40)).derive().latex(blocks=["matrix"], layout="split")
    assert r"M\text{, rows }1\text{--}19\text{, columns }1\text{--}12\text{:}" in latex
    assert r"\cdots" in latex


def test_the_output_size_formulas_are_aligned_and_spaced():
    latex = example_derivation().latex(blocks=["layer"])
    assert r"\begin{aligned}" in latex and r"m_{1} &= \left\lfloor \frac{3 + 0 + 0" in latex and r"\\[1ex]" in latex


def test_widths_are_estimated_within_a_fifth_of_what_tex_measures():
    """Measured with \\settowidth in a 10pt article (the estimate only chooses where to cut; TeX scales)."""
    measured = {r"K_{0,0,0,0}\,x_{0,3,1}": 56.65, "1a + 2b + 4c + 5d": 75.78, "x_{0,0,0}": 22.92,
                r"0 \cdot 0 + 1 \cdot 1 + 3 \cdot 2 + 4 \cdot 3 = 19": 128.89}
    for tex, points in measured.items():
        assert abs(math_width(tex) - points) / points < 0.2, tex


def test_the_planner_keeps_small_matrices_whole_and_cuts_large_ones():
    assert plan_matrix([["a"] * 9] * 8, "auto")[0] == "whole"
    mode, chunks = plan_matrix([["K_{0,0,0,0}"] * 60] * 40, "split")
    assert mode == "split" and len(chunks) > 2
    assert plan_matrix([["K_{0,0,0,0}"] * 192] * 64, "auto")[0] == "summary"
