"""The command line: output, flags shared by every layer command, exit status 2 with one line on bad input."""

from __future__ import annotations

import subprocess
import sys

import pytest

from symconv.cli import main


def run(args, capsys):
    status = main(args)
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_derive_reproduces_the_seed_from_flags(capsys):
    status, out, _ = run(["derive", "--input-shape", "1x3x3", "--kernel-shape", "2x1x2x2", "--kernel-names", "a:h",
                          "--input-values", "1,2,3,4,5,6,7,8,9", "--blocks", "expansion"], capsys)
    assert status == 0
    assert out == ("y' = M x' (8):\n[1a+2b+4c+5d, 2a+3b+5c+6d, 4a+5b+7c+8d, 5a+6b+8c+9d, "
                   "1e+2f+4g+5h, 2e+3f+5g+6h, 4e+5f+7g+8h, 5e+6f+8g+9h]\n")


def test_derive_with_options_and_numeric_kernel(capsys):
    status, out, _ = run(["derive", "--input-shape", "1x5", "--kernel-shape", "1x1x3", "--kernel-values", "1 0 -1",
                          "--stride", "2", "--padding", "1", "--padding-mode", "replicate", "--bias-values", "1/2",
                          "--input-values", "1 2 3 4 5", "--blocks", "matrix,expansion"], capsys)
    assert status == 0
    assert out == ("M (3x5), y' = M x' + b:\n[\n[1 -1 0  0  0]\n[0  1 0 -1  0]\n[0  0 0  1 -1]\n]\n\n"
                   "y' = M x' + b (3):\n[1*1+1*0+2*(-1)+(1/2) = -1/2, 2*1+3*0+4*(-1)+(1/2) = -3/2, "
                   "4*1+5*0+5*(-1)+(1/2) = -1/2]\n")


def test_derive_transpose_and_latex(capsys):
    status, out, _ = run(["derive", "--input-shape", "1x2", "--kernel-shape", "1x1x2", "--kernel-names", "a:b",
                          "--transpose", "--stride", "2", "--format", "latex", "--blocks", "matrix"], capsys)
    assert status == 0
    assert "M = \\left[\\begin{array}{cc}\na & 0 \\\\\nb & 0 \\\\\n0 & a \\\\\n0 & b\n\\end{array}\\right]" in out


def test_output_file_bypasses_the_print_guard(tmp_path, capsys):
    target = tmp_path / "big.txt"
    args = ["derive", "--input-shape", "1x120x120", "--kernel-shape", "1x1x2x2", "--kernel-values", "1 2 3 4",
            "--input-values", " ".join(["1"] * 14400)]
    status, _, err = run(args, capsys)
    assert status == 2
    assert err.startswith("symconv derive: error: the matrix block (M, 14161x14400) has 203,918,400 entries, more "
                          "than the limit of MAX_PRINTED_ENTRIES = 10,000; pass --force or write to a file")
    assert err.count("\n") == 1
    status, out, _ = run([*args, "--blocks", "expansion,output", "--output", str(target)], capsys)
    assert status == 0 and out == ""
    assert target.read_text().startswith("y' = M x' (14161):\n[1*1+1*2+1*3+1*4 = 10, ")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["derive", "--input-shape", "1x3x", "--kernel-shape", "1x1x2x2"],
         "symconv derive: error: --input-shape '1x3x' is not a shape; expected sizes joined by 'x', e.g. 1x3x3"),
        (["derive", "--input-shape", "1x3x3", "--kernel-shape", "1x1x2x2", "--kernel-values", "1 2 3"],
         "symconv derive: error: --kernel-values has 3 entries; the shape needs 4"),
        (["derive", "--input-shape", "1x3x3", "--kernel-shape", "1x1x2x2", "--kernel-values", "1 2 3 __import__"],
         "symconv derive: error: --kernel-values entry '__import__' is neither a number"),
        (["derive", "--input-shape", "1x3x3", "--kernel-shape", "1x1x2x2", "--stride", "0"],
         "symconv derive: error: --stride '0': 0 is below 1; every value must be at least 1"),
        (["derive", "--input-shape", "1x3x3", "--kernel-shape", "1x1x2x2", "--padding", "1:x"],
         "symconv derive: error: --padding '1:x' is not before:after pairs, e.g. 1:2,0:1"),
        (["derive", "--input-shape", "2x3x3", "--kernel-shape", "1x1x2x2"],
         "symconv derive: error: kernel has 1 input channel(s) per group"),
        (["derive", "--input-shape", "1x3x3", "--kernel-shape", "1x1x2x2", "--blocks", "matrx"],
         "symconv derive: error: --blocks ['matrx'] are not known"),
        (["derive", "--input-shape", "1x3x3", "--kernel-shape", "1x1x2x2", "--output-padding", "1"],
         "symconv derive: error: --output-padding needs --transpose"),
        (["derive", "--kernel-shape", "1x1x2x2"],
         "symconv derive: error: the input shape is missing: give --input-shape (e.g. 1x3x3) or --input"),
        (["derive", "--input-shape", "1x3x3", "--kernel-shape", "1x1x2x2", "--padding-mode", "mirror"],
         "symconv: error: argument --padding-mode: invalid choice: 'mirror'"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(args, message, capsys):
    try:
        status = main(args)
    except SystemExit as stop:
        status = stop.code
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(message.replace("symconv: error", "symconv derive: error")) or err.startswith(message)
    assert err.count("\n") == 1


@pytest.mark.parametrize("command", [["--help"], ["example", "--help"], ["derive", "--help"]])
def test_help_exits_0(command, capsys):
    with pytest.raises(SystemExit) as stop:
        main(command)
    assert stop.value.code == 0
    assert "usage: symconv" in capsys.readouterr().out


def test_python_dash_m_symconv_example_runs():
    result = subprocess.run([sys.executable, "-m", "symconv", "example"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0
    assert "[a b 0|c d 0|0 0 0]" in result.stdout
