"""Compile a whole LaTeX document and require no error and no overfull box (the page's layout rules)."""

from __future__ import annotations

from .latex import compile_latex as compile_document


def compile_latex(source, directory, name="view"):
    """Compile a whole document in ``directory``; fail on an error or an overfull box; return the log."""
    compiled = compile_document(source, directory, name)
    assert compiled.ok, compiled.log[-3000:]
    assert compiled.overfull() == [], compiled.overfull()
    assert compiled.pdf.stat().st_size > 0
    return compiled.log


def hide_latexify(monkeypatch):
    """Make ``import latexify`` fail, as on a Python where latexify-py is not installed."""
    import builtins

    real_import = builtins.__import__

    def without_latexify(name, *args, **kwargs):
        if name == "latexify":
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", without_latexify)
