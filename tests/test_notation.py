"""The reader's notation: term order, multiplication sign, values of rows of numbers, wrapping; textbook cases.

The defaults print the worked example character for character (tests/test_seed.py); the
settings reproduce Goodfellow et al.'s Fig. 9.1 (``aw + bx + ey + fz``) and the d2l book's
cross-correlation and transposed convolution with one command-line call each.
"""

from __future__ import annotations

import pytest
import sympy

from symconv import Conv, kernel
from symconv.cli import main
from symconv.examples import example_derivation

GOODFELLOW = ["derive", "--input-shape", "1x3x4", "--input-names", "a:l", "--kernel-shape", "1x1x2x2",
              "--kernel-names", "w:z", "--term-order", "input", "--mul-symbol", "none", "--blocks", "output"]
"""Goodfellow, Bengio and Courville, Deep Learning, Fig. 9.1: input a..l (3x4), kernel w..z (2x2)."""


def run(args, capsys):
    status = main(args)
    captured = capsys.readouterr()
    assert captured.err == "", captured.err
    return status, captured.out


def test_goodfellow_figure_9_1_in_the_books_notation(capsys):
    status, out = run(GOODFELLOW, capsys)
    assert status == 0
    assert out == ("y = reshape(y', 1x2x3):\n[\n[\n[aw+bx+ey+fz, bw+cx+fy+gz, cw+dx+gy+hz]\n"
                   "[ew+fx+iy+jz, fw+gx+jy+kz, gw+hx+ky+lz]\n]\n]\n")


def test_d2l_cross_correlation_shows_the_values(capsys):
    status, out = run(["derive", "--kernel", "[[0,1],[2,3]]", "--input", "[[0,1,2],[3,4,5],[6,7,8]]",
                       "--blocks", "expansion,output"], capsys)
    assert status == 0
    assert "0*0+1*1+3*2+4*3 = 19" in out
    assert out.endswith("[\n[\n[19, 25]\n[37, 43]\n]\n]\n")


def test_d2l_transposed_convolution_shows_the_values(capsys):
    status, out = run(["derive", "--transpose", "--kernel", "[[0,1],[2,3]]", "--input", "[[0,1],[2,3]]",
                       "--blocks", "output"], capsys)
    assert status == 0
    assert out == "y = reshape(y', 1x3x3):\n[\n[\n[0, 0, 1]\n[0, 4, 6]\n[4, 12, 9]\n]\n]\n"


def test_d2l_kernel2matrix_is_the_matrix_of_the_layer():
    """d2l's kernel2matrix for K = [[1, 2], [3, 4]] on a 3x3 input."""
    assert Conv([[1, 2], [3, 4]], (1, 3, 3)).to_numpy().tolist() == [
        [1, 2, 0, 3, 4, 0, 0, 0, 0], [0, 1, 2, 0, 3, 4, 0, 0, 0],
        [0, 0, 0, 1, 2, 0, 3, 4, 0], [0, 0, 0, 0, 1, 2, 0, 3, 4]]


@pytest.mark.parametrize(
    ("settings", "expected"),
    [
        ({}, "[a*x_{0,0}+b*x_{0,1}, a*x_{0,1}+b*x_{0,2}]"),
        ({"term_order": "input"}, "[x_{0,0}*a+x_{0,1}*b, x_{0,1}*a+x_{0,2}*b]"),
        ({"mul_symbol": None}, "[ax_{0,0}+bx_{0,1}, ax_{0,1}+bx_{0,2}]"),
        ({"mul_symbol": "dot"}, "[a\u00b7x_{0,0}+b\u00b7x_{0,1}, a\u00b7x_{0,1}+b\u00b7x_{0,2}]"),
        ({"mul_symbol": "times", "term_order": "input"},
         "[x_{0,0}\u00d7a+x_{0,1}\u00d7b, x_{0,1}\u00d7a+x_{0,2}\u00d7b]"),
    ],
)
def test_text_settings_in_sympys_style(settings, expected):
    derivation = Conv(kernel((1, 1, 2), "a:b"), (1, 3)).derive()
    assert derivation.text(blocks=["expansion"], **settings).splitlines()[1] == expected


def test_values_of_rows_of_numbers_can_be_left_out():
    derivation = Conv([[[1, 2]]], (1, 3)).derive([[1, 2, 3]])
    assert derivation.text(blocks=["expansion"]).splitlines()[1] == "[1*1+2*2 = 5, 2*1+3*2 = 8]"
    assert derivation.text(blocks=["expansion"], show_values=False).splitlines()[1] == "[1*1+2*2, 2*1+3*2]"
    assert derivation.text(blocks=["output"]).splitlines()[-2] == "[5, 8]"


def test_latex_settings_follow_sympys_names():
    derivation = Conv(kernel((1, 1, 2), "a:b"), (1, 3)).derive([[sympy.Symbol("u"), sympy.Symbol("v"), 1]])
    latex = derivation.latex(blocks=["expansion"], term_order="input", mul_symbol="times")
    assert r"u \times a + v \times b" in latex
    assert r"a\,u + b\,v" in derivation.latex(blocks=["expansion"])


def test_unknown_settings_are_refused_as_sympy_refuses_them():
    with pytest.raises(TypeError, match="Unknown setting 'term_ordr'"):
        example_derivation().text(term_ordr="input")
    with pytest.raises(ValueError, match=r"^term_order 'books' is not known; expected 'kernel'"):
        example_derivation().text(term_order="books")
    with pytest.raises(ValueError, match=r"^layout 'tiny' is not known; expected one of 'auto', 'fit'"):
        example_derivation().latex(layout="tiny")


def test_the_defaults_keep_the_worked_example_character_for_character():
    text = example_derivation().text(term_order="kernel", mul_symbol="*", show_values=True, width=None)
    assert text == example_derivation().text()


def test_width_wraps_long_lines_between_rows_and_terms():
    text = example_derivation().text(blocks=["expansion"], width=60)
    lines = text.splitlines()
    assert lines[1:] == ["[1a+2b+4c+5d, 2a+3b+5c+6d, 4a+5b+7c+8d, 5a+6b+8c+9d,",
                         "  1e+2f+4g+5h, 2e+3f+5g+6h, 4e+5f+7g+8h, 5e+6f+8g+9h]"]
    assert all(len(line) <= 60 for line in lines)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--width", "10"], "symconv derive: error: --width '10' must be one number of characters, at least 20"),
        (["--format", "latex", "--width", "80"], "symconv derive: error: --width is for text; LaTeX fits the page"),
        (["--layout", "split"], "symconv derive: error: --layout is for LaTeX (--format latex)"),
        (["--padding", "1x2"], "symconv derive: error: --padding '1x2' has 2 values but the layer has 1 spatial "
                               "axis; for padding before:after on one axis write 1:2"),
        (["--kernel-names", "a:b", "--input-values", "a,b,c"],
         "symconv derive: error: kernel and x both use 'a'; a derivation would print a*a"),
        (["--blocks", "bias"], "symconv derive: error: --blocks names 'bias' but the layer has no bias"),
        (["--input-values", "1,nan,3"], "symconv derive: error: --input-values entry 'nan' is not a finite number"),
        (["--kernel-values", "1"], "symconv derive: error: --kernel-values has 1 entry; the shape needs 2"),
        (["--kernel-values", "1/0,1"], "symconv derive: error: --kernel-values entry '1/0' divides by zero"),
    ],
)
def test_command_line_frictions_are_clear_errors(args, message, capsys):
    status = main(["derive", "--input-shape", "1x3", "--kernel-shape", "1x1x2", *args])
    err = capsys.readouterr().err
    assert status == 2 and err.startswith(message), err
    assert err.count("\n") == 1


def test_scientific_notation_is_read_exactly(capsys):
    status = main(["derive", "--input-shape", "1x2", "--kernel-shape", "1x1x2", "--kernel-values", "1e3,2.5e-1",
                   "--input-values", "1 2", "--blocks", "expansion"])
    out = capsys.readouterr().out
    assert status == 0 and out.endswith("[1*1000+2*(1/4) = 2001/2]\n")


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0 and capsys.readouterr().out.startswith("symconv 0.")
