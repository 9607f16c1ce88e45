"""``symconv derive --view formula|structure|neuron``: the views on the command line, and their bad flags."""

from __future__ import annotations

import pytest

from symconv.cli import main
from symconv.examples import EXAMPLE_INPUT, example_layer

from .latex_check import hide_latexify

SEED = ["derive", "--input-shape", "1x3x3", "--kernel-shape", "2x1x2x2", "--kernel-names", "a:h"]


def run(args, capsys):
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        (["--view", "formula"], lambda: example_layer().formula().text()),
        (["--view", "structure"], lambda: example_layer().structure().text()),
        (["--view", "neuron", "--neuron", "1,1,1", "--input-values", "1,2,3,4,5,6,7,8,9"],
         lambda: example_layer().neuron(1, 1, 1, x=EXAMPLE_INPUT).text()),
        (["--view", "formula", "--format", "latex"], lambda: example_layer().formula().latex()),
        (["--view", "structure", "--format", "latex", "--standalone"],
         lambda: example_layer().structure().latex(standalone=True)),
        (["--view", "neuron", "--neuron", "0, 1, 1", "--format", "latex"],
         lambda: example_layer().neuron(0, 1, 1).latex()),
    ],
)
def test_each_view_prints_what_the_python_view_prints(extra, expected, capsys):
    status, out, err = run([*SEED, *extra], capsys)
    assert (status, err) == (0, "")
    assert out == expected()


def test_a_view_goes_to_the_output_file(tmp_path, capsys):
    target = tmp_path / "formula.tex"
    status, out, _ = run([*SEED, "--view", "formula", "--format", "latex", "--standalone", "-o", str(target)], capsys)
    assert (status, out) == (0, "")
    assert target.read_text().startswith("\\documentclass{article}")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--view", "neuron", "--neuron", "0,a,1"],
         "--neuron '0,a,1' is not output coordinates; expected comma-separated non-negative ints"),
        (["--view", "neuron", "--neuron", "0,-1,1"], "--neuron '0,-1,1' is not output coordinates"),
        (["--view", "neuron", "--neuron", "0,2,0"], "neuron (0, 2, 0) is outside the output 2x2x2"),
        (["--view", "neuron", "--neuron", "0,1"], "neuron (0, 1) is not an output position; expected 3 ints"),
        (["--view", "neuron"], "--view neuron needs --neuron, the output coordinates"),
        (["--neuron", "0,1,1"], "--neuron needs --view neuron"),
        (["--view", "formula", "--input-values", "1,2,3,4,5,6,7,8,9"],
         "--input-values goes with the derivation or --view neuron"),
        (["--view", "structure", "--blocks", "matrix"], "--blocks chooses blocks of the derivation"),
        (["--view", "formula", "--standalone"], "--standalone needs --format latex"),
    ],
)
def test_bad_view_flags_exit_2_with_one_line(extra, message, capsys):
    status, out, err = run([*SEED, *extra], capsys)
    assert (status, out) == (2, "")
    assert err.startswith("symconv derive: error: " + message)
    assert err.count("\n") == 1


def test_a_bad_view_name_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as stop:
        main([*SEED, "--view", "matrix"])
    assert stop.value.code == 2
    assert "argument --view: invalid choice: 'matrix'" in capsys.readouterr().err


def test_formula_latex_without_latexify_exits_2_with_one_line(monkeypatch, capsys):
    hide_latexify(monkeypatch)
    status, out, err = run([*SEED, "--view", "formula", "--format", "latex"], capsys)
    assert (status, out) == (2, "")
    assert err.startswith("symconv derive: error: the LaTeX of a formula is rendered by latexify-py, which is not "
                          "installed; pip install latexify-py")
    assert err.count("\n") == 1
