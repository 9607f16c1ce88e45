"""``symconv figure``: the format follows the suffix; bad suffixes and options exit 2 with one line.

Also: the README's figure is made by a documented command (``make figures``); its
arguments, read from the Makefile, still draw a valid PNG.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from symconv.cli import main

ROOT = Path(__file__).resolve().parent.parent
SEED = ["--input-shape", "1x3x3", "--kernel-shape", "2x1x2x2", "--kernel-names", "a:h",
        "--input-values", "1,2,3,4,5,6,7,8,9"]
PNG = b"\x89PNG\r\n\x1a\n"


def run(args, capsys):
    status = main(["figure", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_tex_and_html_are_written_without_matplotlib_too(tmp_path, capsys):
    status, out, err = run([*SEED, "--kind", "window", "--neuron", "1,1,0", "-o", str(tmp_path / "w.tex")], capsys)
    assert (status, err) == (0, "")
    assert out == f"wrote {tmp_path / 'w.tex'} (tex)\n"
    tex = (tmp_path / "w.tex").read_text()
    assert "\\begin{tikzpicture}" in tex and "y_{1,1,0} = y'_{6} = 4e + 5f + 7g + 8h" in tex
    status, _, _ = run([*SEED, "--neuron", "5", "-o", str(tmp_path / "p.html")], capsys)
    assert status == 0 and "4e+5f+7g+8h" not in (tmp_path / "p.html").read_text().split("<svg")[0]


def test_a_transposed_layer_from_flags(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    status, _, err = run(["--input-shape", "1x2x2", "--kernel-shape", "1x1x3x3", "--kernel-names", "a:i",
                          "--transpose", "--stride", "2", "--padding", "1", "--neuron", "0,1,1", "-o",
                          str(tmp_path / "t.png")], capsys)
    assert (status, err) == (0, "")
    assert (tmp_path / "t.png").read_bytes().startswith(PNG)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-o", "f.jpg"], "cannot tell the format of 'f.jpg' from its suffix '.jpg'; expected one of .png, .svg, "
                          ".pdf, .tex, .gif, .mp4, .html"),
        (["--neuron", "0,2,0", "-o", "f.tex"], "neuron (0, 2, 0) is outside the output of shape (2, 2, 2); "
                                               "expected (u, v, w) with 0 <= u < 2, 0 <= v < 2, 0 <= w < 2"),
        (["--neuron", "a", "-o", "f.tex"], "--neuron 'a' is not an output; expected its coordinates such as 0,1,1 "
                                           "(channel, then positions) or its row s of M such as 5"),
        (["--standalone", "-o", "f.png"], "--standalone needs a .tex output (a LaTeX document)"),
        (["--kind", "matrix", "-o", "f.gif"], "an animation slides a window; use kind 'window' or 'both', not "
                                              "'matrix'"),
        (["--width", "100", "-o", "f.tex"], "width 100.0 is not a width in inches; expected a number from 1 to 40"),
        (["--dpi", "0", "-o", "f.png"], "--dpi 0 is out of range; expected a positive number up to 2000"),
        (["-o", "/nonexistent-dir/f.tex"], "cannot write --output '/nonexistent-dir/f.tex': [Errno 2] No such file "
                                           "or directory: '/nonexistent-dir/f.tex'"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args, message, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    status, out, err = run([*SEED, *args], capsys)
    assert (status, out) == (2, "")
    assert err == f"symconv figure: error: {message}\n"


def test_a_missing_matplotlib_is_one_line_with_the_install_command(capsys, monkeypatch, tmp_path):
    import sys

    monkeypatch.setitem(sys.modules, "matplotlib", None)
    status, _, err = run([*SEED, "-o", str(tmp_path / "f.png")], capsys)
    assert status == 2
    assert err.startswith("symconv figure: error: figures in PNG, SVG, PDF, GIF or MP4 need matplotlib")
    assert err.endswith("pip install 'symconv[figures]'\n") and err.count("\n") == 1


def test_the_readme_figure_command_still_draws_it(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    from PIL import Image

    makefile = (ROOT / "Makefile").read_text()
    arguments = shlex.split(re.search(r"^FIGURE_ARGS = (.*)$", makefile, re.MULTILINE).group(1))
    assert re.search(r"^\t\$\(BIN\)/symconv figure \$\(FIGURE_ARGS\) -o \$\(FIGURE_OUT\)$", makefile, re.MULTILINE)
    target = tmp_path / "worked_example.png"
    status, _, err = run([*arguments, "-o", str(target)], capsys)
    assert (status, err) == (0, "")
    fresh = Image.open(target)
    committed = Image.open(ROOT / "docs" / "figures" / "worked_example.png")
    assert fresh.format == committed.format == "PNG"
    assert fresh.size == committed.size
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert f"symconv figure {' '.join(arguments)} -o docs/figures/worked_example.png" in readme
    assert "](docs/figures/worked_example.png)" in readme
