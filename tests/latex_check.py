"""Compile LaTeX with pdflatex and check the log: no error, no overfull box (the page's layout rules)."""

from __future__ import annotations

import shutil
import subprocess

import pytest


def compile_latex(source, directory, name="view"):
    """Compile a whole document in ``directory``; fail on an error or an overfull box; return the log."""
    if shutil.which("pdflatex") is None:
        pytest.skip("pdflatex is not installed (CI installs texlive-latex-base)")
    path = directory / f"{name}.tex"
    path.write_text(source, encoding="utf-8")
    result = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", path.name],
        cwd=directory, capture_output=True, text=True, timeout=120,
    )
    log = (directory / f"{name}.log").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, result.stdout[-3000:]
    assert "Overfull \\hbox" not in log and "Overfull \\vbox" not in log, log[-3000:]
    assert (directory / f"{name}.pdf").stat().st_size > 0
    return log


def hide_latexify(monkeypatch):
    """Make ``import latexify`` fail, as on a Python where latexify-py is not installed."""
    import builtins

    real_import = builtins.__import__

    def without_latexify(name, *args, **kwargs):
        if name == "latexify":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_latexify)
