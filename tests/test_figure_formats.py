"""Every format of a figure is produced and well formed: PNG, SVG, PDF, TikZ (compiled), GIF, MP4, HTML.

PNG and PDF headers are checked, the TikZ is compiled by pdflatex without an overfull
box (standalone, and ``\\input`` into a document), the GIF has one frame per row of M,
the MP4 is made when ffmpeg is there, the page loads nothing from the network; the
worked example's figures each take under two seconds. What the pictures show is proved
on their data in tests/test_figures.py; the page is tried in a browser in
tests/test_figure_page.py.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time

import pytest
import sympy

from symconv import Conv
from symconv.figures import figure

from .figure_cases import ACCEPTANCE, CASES
from .latex_check import compile_latex

pytest.importorskip("matplotlib", reason="symconv[figures] (matplotlib) is not installed")

PNG = b"\x89PNG\r\n\x1a\n"



def compile_tex(directory, name, source):
    compile_latex(source, directory, name)
    assert (directory / f"{name}.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.parametrize("name", ACCEPTANCE)
def test_every_format_is_produced(name, tmp_path):
    case = CASES[name]
    layer = case.layer()
    drawing = figure(layer, neuron=case.neuron, x=case.x)
    rows = layer.matrix_shape[0]
    assert drawing.save(tmp_path / "f.png").read_bytes().startswith(PNG)
    assert drawing.save(tmp_path / "f.pdf").read_bytes().startswith(b"%PDF-")
    svg = drawing.save(tmp_path / "f.svg").read_text()
    assert svg.startswith("<?xml") and "<svg" in svg
    from PIL import Image

    gif = Image.open(drawing.save(tmp_path / "f.gif", dpi=40))
    assert gif.format == "GIF" and gif.n_frames == rows
    if shutil.which("ffmpeg"):
        assert drawing.save(tmp_path / "f.mp4", dpi=40).read_bytes()[4:8] == b"ftyp"
    page = drawing.save(tmp_path / "f.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and page.count("<svg") == 1
    assert not any(marker in page for marker in ("<script src", "<link", "@import", "url(", "https:"))
    tex = drawing.save(tmp_path / "f.tex").read_text()
    assert "\\begin{tikzpicture}" in tex and "\\documentclass" not in tex
    assert drawing.save(tmp_path / "doc.tex", standalone=True).read_text().startswith("\\documentclass{article}")


@pytest.mark.latex
@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("kind", ["both", "window", "matrix"])
def test_tikz_compiles_without_overfull_boxes(name, kind, tmp_path):
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed (CI installs texlive-latex-base and texlive-pictures)")
    case = CASES[name]
    drawing = figure(case.layer(), kind=kind, neuron=case.neuron, x=case.x)
    compile_tex(tmp_path, "standalone", drawing.to_tikz(standalone=True))
    body = drawing.to_tikz()
    compile_tex(tmp_path, "inputted", "\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage{graphicx}\n"
                "\\usepackage{tikz}\n\\begin{document}\nA figure:\n\n" + body + "\n\\end{document}\n")


@pytest.mark.latex
def test_tikz_sets_user_names_through_the_latex_printer(tmp_path):
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed")
    weights = [[[sympy.Symbol("x%y"), sympy.Symbol("\\input{z}"), sympy.Symbol("w_1")]]]
    tex = figure(Conv(weights, (1, 4)), x=[[1, 2, 3, 4]]).to_tikz(standalone=True)
    assert "\\input{z}" not in tex and "x%y" not in tex
    assert "\\texttt{x{\\char37}y}" in tex and "w_{1}" in tex
    compile_tex(tmp_path, "names", tex)


def test_figures_of_the_worked_example_take_under_two_seconds_each(tmp_path):
    case = CASES["worked example"]
    figure(case.layer(), x=case.x).save(tmp_path / "warm.png")  # imports matplotlib once
    timings = {}
    for suffix in ("png", "svg", "pdf", "tex", "gif", "html") + (("mp4",) if shutil.which("ffmpeg") else ()):
        start = time.perf_counter()
        figure(case.layer(), x=case.x).save(tmp_path / f"f.{suffix}")
        timings[suffix] = time.perf_counter() - start
    assert max(timings.values()) < 2.0, timings


def test_jupyter_shows_a_figure_inline():
    drawing = figure(CASES["worked example"].layer())
    assert drawing._repr_png_().startswith(PNG)
    assert "<svg" in drawing._repr_svg_()
    fragment = drawing._repr_html_()
    assert fragment.startswith('<div class="symconv-figure"') and "<html" not in fragment


def test_importing_figures_imports_no_matplotlib():
    code = "import sys, symconv, symconv.figures; print('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


def test_without_matplotlib_the_error_says_how_to_install_it(monkeypatch):
    from symconv import MissingDependencyError

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    drawing = figure(CASES["worked example"].layer())
    with pytest.raises(MissingDependencyError, match=r"pip install 'symconv\[figures\]'$"):
        drawing.to_bytes("png")
    assert drawing._repr_png_() is None
    assert "\\begin{tikzpicture}" in drawing.to_tikz() and "<svg" in drawing.to_html()


def test_the_png_is_a_picture_of_the_requested_width():
    from PIL import Image

    image = Image.open(io.BytesIO(figure(CASES["worked example"].layer(), width=3).to_bytes("png")))
    assert image.size[0] <= 3 * 200 and image.size[0] >= 2 * 200
