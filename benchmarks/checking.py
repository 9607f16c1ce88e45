#!/usr/bin/env python3
r"""How fast symconv checks a hand derivation of a real layer: a 1568x768 matrix read from text.

The layer is the one of the checking issue: a 3x16x16 input and an 8x3x3x3 symbolic kernel, so M
has 1568 x 768 = 1.2 million entries (42,336 of them nonzero) and its text, as symconv prints it,
is about 14 MB. The target: read and checked in under 2 s, the report in under 1 s more.

Run from anywhere (the repository root is put on ``sys.path``)::

    python3 benchmarks/checking.py

Every time is the median of 5 runs after one warm-up run (``--repeats`` to change).
"""

from __future__ import annotations

import argparse
import gc
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sympy.core.cache import clear_cache  # noqa: E402

from symconv import Conv, check, kernel  # noqa: E402
from symconv.checking.candidates import Context, matrix_candidate  # noqa: E402
from symconv.checking.rules import layer_rule, rule_text  # noqa: E402

KERNEL = (8, 3, 3, 3)
INPUT = (3, 16, 16)
READ_AND_CHECK_TARGET = 2.0
REPORT_TARGET = 1.0


def matrix_text(layer: Conv) -> str:
    """M as symconv prints it (the question's bracket rows with '|' bars), without the title line."""
    return layer.derive().text(blocks=["matrix"], force=True).split("\n", 1)[1]


def bmatrix(text: str) -> str:
    """The same M as a LaTeX bmatrix (entries K_{u,i,p,q}, '&' between them), made from its printed rows."""
    rows = [" & ".join(line[1:-1].replace("|", " ").split()) for line in text.split("\n")[1:-1]]
    return "M = \\begin{bmatrix}\n" + " \\\\\n".join(rows) + "\n\\end{bmatrix}"


def one_wrong_entry(text: str) -> str:
    """The text with one kernel entry of row 5 replaced by another: wrong, and no listed mistake explains it."""
    lines = text.split("\n")
    lines[5] = lines[5].replace("K_{0,0,0,0}", "K_{0,0,0,1}", 1)
    return "\n".join(lines)


def median_time(run: Callable[[], Any], repeats: int) -> tuple[float, Any]:
    result = run()
    times = []
    for _ in range(repeats):
        clear_cache()  # as run.py starts every repeat (collector on)
        gc.collect()
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def run(repeats: int = 5) -> list[dict[str, Any]]:
    """Measure every step; one row per measurement (name, seconds, what was found, target)."""
    layer = Conv(kernel(KERNEL), INPUT)
    right = matrix_text(layer)
    flipped = matrix_text(layer.replace(flip=True))
    wrong = one_wrong_entry(right)
    latex = bmatrix(right)
    rule = rule_text(layer_rule(layer.summary()))
    slipped = rule.replace("j - v", "v - j").replace("k - w", "w - k").replace("K[u,", "K[s,")
    rows: list[dict[str, Any]] = []

    def row(name: str, seconds: float, found: str, target: float | None = None) -> None:
        passed = "" if target is None else ("PASS" if seconds < target else "FAIL")
        rows.append({"name": name, "seconds": seconds, "found": found, "target": target, "verdict": passed})

    seconds, read = median_time(lambda: matrix_candidate(right, Context.of(layer)), repeats)
    row(f"read the {len(right) / 1e6:.1f} MB text of M into codes", seconds, f"shape {read.codes.shape}")
    for name, text, target in [("right M (text)", right, READ_AND_CHECK_TARGET),
                               ("right M (LaTeX bmatrix)", latex, READ_AND_CHECK_TARGET),
                               ("M of the flipped kernel (text)", flipped, READ_AND_CHECK_TARGET),
                               ("M with one wrong entry (text)", wrong, READ_AND_CHECK_TARGET)]:
        seconds, report = median_time(lambda text=text: check(layer, text), repeats)
        found = "ok" if report.ok else (f"{report.wrong} wrong, {report.tried} hypotheses, diagnosis "
                                        + (", ".join("+".join(d.kinds) for d in report.diagnoses) or "none"))
        row(f"read and check {name}", seconds, found, target)
        seconds, _ = median_time(report.text, repeats)
        row(f"  report of {name} as text", seconds, f"{len(report.text())} characters", REPORT_TARGET)
        seconds, _ = median_time(report.latex, repeats)
        row(f"  report of {name} as LaTeX", seconds, f"{len(report.latex())} characters", REPORT_TARGET)
    for name, text in [("the layer's rule", rule), ("the question's rule (s for u, offsets reversed)", slipped)]:
        seconds, report = median_time(lambda text=text: check(layer, text), repeats)
        found = "ok" if report.ok else f"{report.wrong} wrong, diagnosis " + \
            (", ".join("+".join(d.kinds) for d in report.diagnoses) or "none")
        row(f"evaluate and check {name} for all 1568x768 (s, t)", seconds, found, READ_AND_CHECK_TARGET)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=5)
    rows = run(parser.parse_args().repeats)
    width = max(len(r["name"]) for r in rows)
    for r in rows:
        target = f"< {r['target']:.0f} s {r['verdict']}" if r["target"] else ""
        print(f"{r['name']:<{width}}  {r['seconds']:7.3f} s  {target:<11}  {r['found']}")


if __name__ == "__main__":
    main()
