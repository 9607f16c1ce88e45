r"""Fitting LaTeX to the page: a display wider than the line is scaled down to it, as TeX measures it.

symconv's LaTeX is meant to drop into a standard ``article`` page. TeX measures every
display it wraps with :func:`fit_to_width`: one that fits is set as it is, one that is
wider than ``\linewidth`` is scaled down to exactly the line width (``\resizebox`` from
graphicx, so a document that ``\input``s symconv's LaTeX needs ``\usepackage{graphicx}``
and ``\usepackage{amsmath}``, both in :data:`PACKAGES`).
"""

from __future__ import annotations

PACKAGES = ("amsmath", "graphicx")
"""The LaTeX packages symconv's output needs."""

PREAMBLE = "\\documentclass{article}\n" + "".join(f"\\usepackage{{{name}}}\n" for name in PACKAGES) + \
    "\\begin{document}\n"
"""The start of a standalone document."""


def fit_to_width(math: str) -> str:
    r"""Math for a display (inside ``\[ ... \]``) that TeX scales down to ``\linewidth`` when it is wider.

    Examples
    --------
    >>> print(fit_to_width("a + b"))
    \sbox0{$\displaystyle a + b$}\ifdim\wd0>\linewidth\resizebox{\linewidth}{!}{\usebox0}\else\usebox0\fi
    """
    return ("\\sbox0{$\\displaystyle " + math + "$}"
            "\\ifdim\\wd0>\\linewidth\\resizebox{\\linewidth}{!}{\\usebox0}\\else\\usebox0\\fi")
