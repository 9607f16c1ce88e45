"""Compile LaTeX with pdflatex in the tests (never with shell escape) and read what TeX says about it."""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Compiled:
    ok: bool
    log: str
    pdf: pathlib.Path

    def overfull(self) -> list[str]:
        """Every ``Overfull \\hbox`` / ``Overfull \\vbox`` warning of the log."""
        return re.findall(r"Overfull \\[hv]box[^\n]*", self.log)

    def text(self) -> str:
        """The PDF's text as pdftotext extracts it."""
        found = subprocess.run(["pdftotext", "-layout", str(self.pdf), "-"], capture_output=True, text=True,
                               timeout=60)
        return found.stdout


def require_pdflatex() -> None:
    if shutil.which("pdflatex") is None:
        if os.environ.get("SYMCONV_REQUIRE_PDFLATEX"):
            pytest.fail("pdflatex is required (SYMCONV_REQUIRE_PDFLATEX is set) but not installed")
        pytest.skip("pdflatex is not installed (apt-get install texlive-latex-base texlive-latex-recommended)")


def compile_latex(source: str, directory: pathlib.Path, name: str = "document") -> Compiled:
    """Run pdflatex once on ``source`` in ``directory`` (halting on the first error, no shell escape)."""
    require_pdflatex()
    path = directory / f"{name}.tex"
    path.write_text(source, encoding="utf-8")
    result = subprocess.run(
        ["pdflatex", "-no-shell-escape", "-interaction=nonstopmode", "-halt-on-error", path.name],
        cwd=directory, capture_output=True, text=True, timeout=180,
    )
    log_path = directory / f"{name}.log"
    log = log_path.read_text(encoding="latin-1") if log_path.exists() else result.stdout
    return Compiled(result.returncode == 0, log, directory / f"{name}.pdf")
