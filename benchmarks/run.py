#!/usr/bin/env python3
r"""Measure symconv against the obvious alternatives on the same layers and print one table.

Run from anywhere (the repository root is put on ``sys.path``)::

    python3 benchmarks/run.py           # the full run, about 4 minutes on 2 cores
    python3 benchmarks/run.py --quick   # fewer repeats, about 2.5 minutes

Every time is the median of several repeats after one warm-up run. Competitors of
similar duration are timed in turn (a, b, a, b, ...) so that a drift in the machine's
speed hits both; before every repeat the garbage is collected and SymPy's cache is
cleared, outside the timed region. Every row is timed twice: with the garbage collector
on, as a user runs (the verdict that counts), and off, as ``timeit`` does. Results are
checked: matrices equal, expressions equal, printed strings read back to the same
expressions. Rows that need PyTorch say ``skipped (torch not installed)`` without it.
``benchmarks/README.md`` says what every row measures and why.
"""

from __future__ import annotations

import argparse
import datetime
import gc
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import scipy
import sympy
from sympy.core.cache import clear_cache

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from symconv import Conv, inputs, kernel  # noqa: E402
from symconv.expansion import Expansion, expand  # noqa: E402
from symconv.numeric import numeric_values  # noqa: E402
from symconv.printing.latex import LatexDerivationPrinter  # noqa: E402
from symconv.printing.terms import row_strings  # noqa: E402
from symconv.printing.text import TEXT_STYLE  # noqa: E402
from tests.termparser import parse_row  # noqa: E402  (the tests' independent reader of printed rows)

SKIPPED_TORCH = "skipped (torch not installed)"

# -- the layers -------------------------------------------------------------------------------
RESNET = {"out_channels": 64, "in_channels": 64, "size": 56, "padding": 1}
"""A ResNet-style layer: 64 -> 64 channels, 56x56, 3x3 kernel, padding 1."""

MEDIUM = {"out_channels": 16, "in_channels": 3, "size": 32, "padding": 1}
"""A medium layer: 3 -> 16 channels, 32x32, 3x3 kernel, padding 1."""

SYMBOLIC_KERNEL = (8, 3, 3, 3)
SYMBOLIC_INPUT = (3, 16, 16)
"""The symbolic layer: kernel K_{u,i,p,q} 8x3x3x3 on x_{i,j,k} 3x16x16, no padding (42,336 terms)."""


def numeric_weights(spec: dict[str, int], seed: int = 0) -> np.ndarray:
    """Small random integer weights (-4..4) of shape (D, C, 3, 3) for a layer spec."""
    rng = np.random.default_rng(seed)
    return rng.integers(-4, 5, size=(spec["out_channels"], spec["in_channels"], 3, 3))


def numeric_layer(spec: dict[str, int], weights: np.ndarray) -> Conv:
    """The symconv layer of a spec with the given weights."""
    return Conv(weights, (spec["in_channels"], spec["size"], spec["size"]), padding=spec["padding"])


# -- timing -----------------------------------------------------------------------------------
@dataclass(frozen=True)
class Repeats:
    """How many timed repeats (after one warm-up) each kind of measurement gets."""

    fast: int
    """Runs well under a second (the symconv side of most rows, the node floor)."""
    large: int
    """Noisy runs: the ResNet layer's to_scipy and CSR floor (over 1 GiB each), PyTorch's Jacobian (see the README)."""
    slow: int
    """Runs of several seconds (naive SymPy, str(), sympy.latex())."""
    startup: int
    """Start-up commands."""


FULL = Repeats(fast=15, large=9, slow=3, startup=5)
QUICK = Repeats(fast=5, large=3, slow=1, startup=3)


@dataclass
class Case:
    """One competitor: ``run(prepare())`` is timed; ``prepare`` (not timed) makes fresh inputs.

    The garbage collector is on while ``run`` is timed (what a user pays) unless ``with_gc`` is
    False (as in :mod:`timeit`).
    """

    run: Callable[[Any], Any]
    prepare: Callable[[], Any] = lambda: None
    with_gc: bool = True

    def without_gc(self) -> Case:
        return Case(self.run, self.prepare, with_gc=False)


def _time_once(case: Case) -> float:
    argument = case.prepare()
    clear_cache()
    gc.collect()
    if not case.with_gc:
        gc.disable()
    try:
        start = time.perf_counter()
        result = case.run(argument)
        elapsed = time.perf_counter() - start
    finally:
        gc.enable()
    del result  # freed outside the timed region
    return elapsed


def sample_times(cases: list[Case], repeats: int) -> list[list[float]]:
    """Return the times of every case: one warm-up each (not kept), then the cases in turn ``repeats`` times."""
    for case in cases:
        _time_once(case)
    samples: list[list[float]] = [[] for _ in cases]
    for _ in range(repeats):
        for case, found in zip(cases, samples):
            found.append(_time_once(case))
    return samples


def median_times(cases: list[Case], repeats: int) -> list[float]:
    """Return the median time of every case (see :func:`sample_times`)."""
    return [statistics.median(found) for found in sample_times(cases, repeats)]


def both_ways(cases: list[Case], repeats: int) -> tuple[list[float], list[float]]:
    """Median times of the cases with the garbage collector on, then off (each set timed in turn)."""
    return median_times(cases, repeats), median_times([case.without_gc() for case in cases], repeats)


def spread(found: list[float]) -> str:
    """The median and the range of some times, e.g. ``452 ms (440 ms-1.20 s)``."""
    return f"{seconds(statistics.median(found))} ({seconds(min(found))}-{seconds(max(found))})"


def traced_peak(run: Callable[[], Any]) -> tuple[Any, int]:
    """Return ``run()`` and the peak of memory allocated during it, as tracemalloc sees it (numpy reports)."""
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    result = run()
    peak = tracemalloc.get_traced_memory()[1] - base
    tracemalloc.stop()
    return result, peak


def csr_nbytes(matrix: Any) -> int:
    """The CSR result's own size: data, indices and indptr."""
    return int(matrix.data.nbytes + matrix.indices.nbytes + matrix.indptr.nbytes)


def csr_floor(nnz: int, rows: int, dtype: np.dtype) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The memory-bandwidth floor of any CSR builder: allocate and fill data, int32 indices and indptr."""
    data = np.empty(nnz, dtype=dtype)
    data.fill(1)
    indices = np.empty(nnz, dtype=np.int32)
    indices.fill(0)
    indptr = np.empty(rows + 1, dtype=np.int32)
    indptr.fill(0)
    return data, indices, indptr


def warm_median(case: Case, repeats: int) -> float:
    """The median time of a case without the collection and cache clearing before each call (warm CPU caches)."""
    found = []
    for _ in range(repeats + 1):
        argument = case.prepare()
        start = time.perf_counter()
        result = case.run(argument)
        found.append(time.perf_counter() - start)
        del result, argument
    return statistics.median(found[1:])


def touch_memory(nbytes: int) -> float:
    """Allocate and fill ``nbytes``; return the seconds it took (the first time: page faults)."""
    start = time.perf_counter()
    block = np.empty(nbytes // 8, dtype=np.int64)
    block.fill(1)
    elapsed = time.perf_counter() - start
    del block
    return elapsed


# -- the table --------------------------------------------------------------------------------
@dataclass
class Row:
    """One line of the table: times with the collector on, the ratio and verdict with it on, then with it off."""

    benchmark: str
    symconv: str
    alternative: str
    ratio: str
    target: str
    result: str
    ratio_off: str = "-"
    result_off: str = "-"


def seconds(value: float) -> str:
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 1e-3:
        return f"{value * 1e3:.3g} ms"
    return f"{value * 1e6:.3g} us"


def size(nbytes: float) -> str:
    if nbytes >= 2**30:
        return f"{nbytes / 2**30:.2f} GiB"
    return f"{nbytes / 2**20:.1f} MiB"


def verdict(passed: bool, checked: bool = True) -> str:
    if not checked:
        return "FAIL (results differ)"
    return "PASS" if passed else "FAIL"


def faster_row(name: str, ours: tuple[float, float], theirs: tuple[float, float], at_least: float,
               checked: bool = True) -> Row:
    """A row whose target is 'symconv at least ``at_least`` times faster'; times are (GC on, GC off)."""
    on, off = theirs[0] / ours[0], theirs[1] / ours[1]
    return Row(name, seconds(ours[0]), seconds(theirs[0]), f"{on:.0f}x faster", f">= {at_least:g}x faster",
               verdict(on >= at_least, checked), f"{off:.0f}x faster", verdict(off >= at_least, checked))


def within_row(name: str, ours: str, theirs: str, ratio: float, at_most: float | None, unit: str,
               ratio_off: float | None = None) -> Row:
    """A row whose target is 'symconv at most ``at_most`` times the alternative' (None: for information)."""
    off = "-" if ratio_off is None else f"{ratio_off:.2f}x {unit}"
    if at_most is None:
        return Row(name, ours, theirs, f"{ratio:.2f}x {unit}", "(information)", "-", off, "-")
    return Row(name, ours, theirs, f"{ratio:.2f}x {unit}", f"<= {at_most:g}x", verdict(ratio <= at_most), off,
               "-" if ratio_off is None else verdict(ratio_off <= at_most))


def format_table(rows: list[Row]) -> str:
    """The rows as an aligned Markdown table."""
    header = Row("benchmark", "symconv (GC on)", "alternative (GC on)", "ratio, GC on", "target", "GC on",
                 "ratio, GC off", "GC off")
    cells = [[r.benchmark, r.symconv, r.alternative, r.ratio, r.target, r.result, r.ratio_off, r.result_off]
             for r in [header, *rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(8)]
    lines = ["| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |" for row in cells]
    lines.insert(1, "|" + "|".join("-" * (width + 2) for width in widths) + "|")
    return "\n".join(lines)


_STARTED = time.perf_counter()


def progress(message: str) -> None:
    print(f"... [{time.perf_counter() - _STARTED:5.0f} s] {message}", file=sys.stderr, flush=True)


def load_torch() -> Any:
    """Return the torch module, or None when it is not installed."""
    try:
        import torch
    except ImportError:
        return None
    return torch


# -- 1. numeric M ---------------------------------------------------------------------------
def torch_jacobian(torch: Any, weights: Any, shape: tuple[int, int, int], padding: int) -> Any:
    """PyTorch's Jacobian of conv2d by an identity batch: row n of the batch is e_n, so the outputs are M's columns."""
    n = shape[0] * shape[1] * shape[2]
    with torch.no_grad():
        identity = torch.eye(n, dtype=torch.float64).reshape(n, *shape)
        columns = torch.nn.functional.conv2d(identity, weights, padding=padding)
    return columns.reshape(n, -1).T  # (outputs, inputs) = M


RSS_PROBE = r"""
import json, os, resource, sys
sys.path.insert(0, sys.argv[1])
import run as bench
spec = json.loads(sys.argv[2])
layer = bench.numeric_layer(spec, bench.numeric_weights(spec))
with open("/proc/self/statm") as handle:
    before = int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
matrix = layer.to_scipy()
peak_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
with open("/proc/self/status") as handle:
    hwm = [int(line.split()[1]) * 1024 for line in handle if line.startswith("VmHWM:")][0]
print(json.dumps({"before": before, "peak_before": peak_before, "peak_after": peak_after, "vm_hwm": hwm,
                  "result": bench.csr_nbytes(matrix)}))
"""

LAUNCHER = "import subprocess, sys; sys.exit(subprocess.call(sys.argv[1:]))"
"""Starts the probe from a small process: Linux carries ru_maxrss over exec from the spawning process's memory."""


def rss_check(spec: dict[str, int]) -> dict[str, int] | None:
    """Peak resident memory around ``to_scipy()`` in a fresh process (Linux only: /proc, ru_maxrss in KiB)."""
    if not Path("/proc/self/statm").exists():
        return None
    probe = [sys.executable, "-c", RSS_PROBE, str(Path(__file__).resolve().parent), json.dumps(spec)]
    found = subprocess.run([sys.executable, "-c", LAUNCHER, *probe], capture_output=True, text=True, check=True)
    return json.loads(found.stdout)


def coo_from_im2col(weights: np.ndarray, shape: tuple[int, int, int], padding: int) -> Any:
    """M the way a user would build it with numpy and SciPy: an im2col index, then COO -> CSR.

    The index of every input is padded with -1, cut into 3x3 windows with
    ``sliding_window_view``; every output channel repeats those columns with its own
    weights; taps on the padding are dropped; ``coo_array(...).tocsr()`` sums and sorts.
    """
    import scipy.sparse as sparse
    from numpy.lib.stride_tricks import sliding_window_view

    channels, height, width = shape
    out_channels, _, kh, kw = weights.shape
    index = np.arange(channels * height * width).reshape(shape)
    padded = np.pad(index, ((0, 0), (padding, padding), (padding, padding)), constant_values=-1)
    windows = sliding_window_view(padded, (kh, kw), axis=(1, 2))  # (C, H', W', kh, kw)
    positions = windows.shape[1] * windows.shape[2]
    columns = windows.transpose(1, 2, 0, 3, 4).reshape(positions, channels * kh * kw)  # one row per position
    keep = columns >= 0
    rows = np.broadcast_to(np.arange(positions)[:, None], columns.shape)[keep]
    cols = columns[keep]
    all_rows = np.concatenate([rows + u * positions for u in range(out_channels)])
    all_cols = np.tile(cols, out_channels)
    flat_weights = weights.reshape(out_channels, -1)
    data = np.concatenate([np.broadcast_to(flat_weights[u], columns.shape)[keep] for u in range(out_channels)])
    return sparse.coo_array((data, (all_rows, all_cols)), shape=(out_channels * positions, index.size)).tocsr()


def numeric_rows(torch: Any, repeats: Repeats, notes: list[str]) -> list[Row]:
    rows: list[Row] = []

    # The ResNet layer: to_scipy against the CSR floor, then its peak memory.
    weights = numeric_weights(RESNET)
    start = time.perf_counter()
    layer = numeric_layer(RESNET, weights)
    built = time.perf_counter() - start
    nnz, shape = layer.pattern.nnz, layer.matrix_shape
    dtype = numeric_values(layer.values).dtype
    expected = nnz * (dtype.itemsize + 4) + (shape[0] + 1) * 4
    notes.append(f"ResNet layer: M is {shape[0]:,}x{shape[1]:,} with {nnz:,} nonzeros ({dtype} data, int32 indices); "
                 f"building Conv(weights, (64, 56, 56), padding=1) takes {seconds(built)} and is not timed.")
    progress("ResNet layer: to_scipy() against the CSR floor, collector on and off")
    cold = touch_memory(expected)
    warm = touch_memory(expected)
    notes.append(f"Page faults: filling {size(expected)} took {seconds(cold)} the first time and {seconds(warm)} "
                 "right after; both competitors are timed after warm-ups, back to back.")
    cases = [Case(lambda layer: layer.to_scipy(), lambda: numeric_layer(RESNET, weights)),
             Case(lambda _: csr_floor(nnz, shape[0], dtype))]
    samples_on = sample_times(cases, repeats.large)
    samples_off = sample_times([case.without_gc() for case in cases], repeats.large)
    ours, floor = (statistics.median(found) for found in samples_on)
    ours_off, floor_off = (statistics.median(found) for found in samples_off)
    notes.append(f"ResNet layer, median (min-max) of {repeats.large}, collector on: to_scipy {spread(samples_on[0])}, "
                 f"CSR floor {spread(samples_on[1])}; collector off: to_scipy {spread(samples_off[0])}, "
                 f"CSR floor {spread(samples_off[1])}; ratio of the minimums (the least disturbed runs) "
                 f"{min(samples_on[0]) / min(samples_on[1]):.2f}x on, "
                 f"{min(samples_off[0]) / min(samples_off[1]):.2f}x off.")
    rows.append(Row("1a ResNet 64->64 56x56: to_scipy vs PyTorch Jacobian", seconds(ours),
                    f"not run: dense J is {shape[0]}x{shape[1]} float64 = {shape[0] * shape[1] * 8 / 1e9:.0f} GB",
                    "-", "(medium size only)", "-"))
    rows.append(within_row("1b ResNet: to_scipy vs CSR floor (alloc + fill)", seconds(ours), seconds(floor),
                           ours / floor, 2.5, "the floor", ours_off / floor_off))
    progress("ResNet layer: peak memory of to_scipy() (tracemalloc, then ru_maxrss in a subprocess)")
    matrix, peak = traced_peak(numeric_layer(RESNET, weights).to_scipy)
    nbytes = csr_nbytes(matrix)
    del matrix
    rows.append(within_row("1c ResNet: to_scipy peak memory (tracemalloc) vs CSR size", size(peak), size(nbytes),
                           peak / nbytes, 1.1, "the result"))
    probe = rss_check(RESNET)
    if probe is None:
        notes.append("ru_maxrss check skipped (no /proc/self/statm on this system).")
    else:
        raised = probe["peak_after"] - probe["before"]
        rows.append(within_row("1c ResNet: to_scipy peak RSS rise (ru_maxrss, subprocess)", size(raised),
                               size(probe["result"]), raised / probe["result"], 1.1, "the result"))
        notes.append(f"ru_maxrss subprocess: RSS before to_scipy {size(probe['before'])} (ru_maxrss so far "
                     f"{size(probe['peak_before'])}), ru_maxrss after {size(probe['peak_after'])}, "
                     f"VmHWM after {size(probe['vm_hwm'])}.")

    # The medium layer: to_scipy against PyTorch's identity-batch Jacobian, a COO build and the CSR floor.
    progress("medium layer: to_scipy() against PyTorch's Jacobian, a COO build from an im2col index, the CSR floor")
    weights = numeric_weights(MEDIUM)
    input_shape = (MEDIUM["in_channels"], MEDIUM["size"], MEDIUM["size"])
    matrix = numeric_layer(MEDIUM, weights).to_scipy()
    nnz, shape, dtype, nbytes = matrix.nnz, matrix.shape, matrix.data.dtype, csr_nbytes(matrix)
    notes.append(f"Medium layer: M is {shape[0]}x{shape[1]}, nnz {nnz:,}, CSR size {size(nbytes)}.")
    coo = coo_from_im2col(weights, input_shape, MEDIUM["padding"])
    coo_same = bool((coo != matrix).nnz == 0)
    (ours, coo_time, floor), (ours_off, coo_off, floor_off) = both_ways(
        [Case(lambda layer: layer.to_scipy(), lambda: numeric_layer(MEDIUM, weights)),
         Case(lambda _: coo_from_im2col(weights, input_shape, MEDIUM["padding"])),
         Case(lambda _: csr_floor(nnz, shape[0], dtype))], repeats.fast)
    notes.append(f"Check: the COO build from an im2col index equals to_scipy(): {coo_same}.")
    warm = warm_median(Case(lambda layer: layer.to_scipy(), lambda: numeric_layer(MEDIUM, weights)), repeats.fast)
    notes.append(f"Medium layer: to_scipy takes {seconds(warm)} when called without the gc.collect() and "
                 "clear_cache() before each call (warm CPU caches; see the README).")
    name = "1a medium 3->16 32x32: to_scipy vs PyTorch Jacobian"
    if torch is None:
        rows.append(Row(name, seconds(ours), SKIPPED_TORCH, "-", ">= 200x faster", SKIPPED_TORCH))
    else:
        torch_weights = torch.tensor(weights, dtype=torch.float64)
        theirs, theirs_off = both_ways(
            [Case(lambda _: torch_jacobian(torch, torch_weights, input_shape, MEDIUM["padding"]))], repeats.large)
        same = bool(np.array_equal(matrix.toarray(), torch_jacobian(torch, torch_weights, input_shape,
                                                                    MEDIUM["padding"]).numpy()))
        notes.append(f"Check: to_scipy() equals PyTorch's Jacobian at the medium size: {same} "
                     f"(torch {torch.__version__}, {torch.get_num_threads()} threads, float64).")
        rows.append(faster_row(name, (ours, ours_off), (theirs[0], theirs_off[0]), 200, same))
    rows.append(faster_row("1a medium: to_scipy vs COO build from an im2col index", (ours, ours_off),
                           (coo_time, coo_off), 1, coo_same))
    rows.append(within_row("1b medium: to_scipy vs CSR floor (alloc + fill)", seconds(ours), seconds(floor),
                           ours / floor, None, "the floor", ours_off / floor_off))
    _, peak = traced_peak(numeric_layer(MEDIUM, weights).to_scipy)
    rows.append(within_row("1c medium: to_scipy peak memory (tracemalloc) vs CSR size", size(peak), size(nbytes),
                           peak / nbytes, None, "the result"))
    return rows


# -- 2. symbolic ------------------------------------------------------------------------------
def sliding_window_sympy(weights: sympy.Array, x: sympy.Array) -> list[sympy.Expr]:
    """y' the obvious SymPy way: for every output, ``Add(*[K[u,i,p,q]*x[i,v+p,w+q] ...])`` (no padding, stride 1)."""
    d, c, kh, kw = weights.shape
    _, h, w = x.shape
    return [sympy.Add(*[weights[u, i, p, q] * x[i, v + p, m + q]
                        for i in range(c) for p in range(kh) for q in range(kw)])
            for u in range(d) for v in range(h - kh + 1) for m in range(w - kw + 1)]


def dense_product_sympy(weights: sympy.Array, x: sympy.Array) -> list[sympy.Expr]:
    """y' as a dense ``sympy.Matrix`` filled by a direct loop, times ``Matrix(x')``."""
    d, c, kh, kw = weights.shape
    _, h, w = x.shape
    oh, ow = h - kh + 1, w - kw + 1
    matrix = sympy.zeros(d * oh * ow, c * h * w)
    for u in range(d):
        for j in range(oh):
            for m in range(ow):
                row = (u * oh + j) * ow + m
                for i in range(c):
                    for p in range(kh):
                        for q in range(kw):
                            matrix[row, (i * h + j + p) * w + m + q] = weights[u, i, p, q]
    return list(matrix * sympy.Matrix(sympy.flatten(x.tolist())))


def node_floor(expansion: Expansion) -> list[sympy.Expr]:
    """The floor of any builder of these expressions: one ``Mul`` node per term, one ``Add`` node per row."""
    values, xs = expansion.values, expansion.inputs
    mul, add = sympy.Mul._from_args, sympy.Add._from_args
    terms = [mul((values[t], xs[c]), is_commutative=True)
             for t, c in zip(expansion.taps.tolist(), expansion.cols.tolist())]
    bounds = expansion.indptr.tolist()
    return [add(terms[a:b], is_commutative=True) for a, b in zip(bounds[:-1], bounds[1:])]


def latex_row_as_text(row: str) -> str:
    """A LaTeX row of symconv's term style rewritten in the text style, for the tests' reader."""
    text = re.sub(r"\\tfrac\{(\d+)\}\{(\d+)\}", r"(\1/\2)", row)
    text = text.replace("\\left(", "(").replace("\\right)", ")").replace("\\cdot", "*").replace("\\,", "*")
    return text.replace(" ", "")


def read_back(rows: list[str], exprs: list[sympy.Expr], names: dict[str, sympy.Expr]) -> bool:
    """True when every printed row, read back by the tests' independent parser, is the expression it prints."""
    return all(sympy.expand(parse_row(row, names) - expr) == 0 for row, expr in zip(rows, exprs, strict=True))


def printed_names(expansion: Expansion) -> dict[str, sympy.Expr]:
    """How the printers write each atom (``K[0, 0, 1, 1]`` as ``K_{0,0,1,1}``), to read the rows back."""
    names: dict[str, sympy.Expr] = {}
    for atom in [*expansion.values, *expansion.inputs]:
        if atom.is_Indexed:
            names[f"{atom.base.label}_{{{','.join(str(i) for i in atom.indices)}}}"] = atom
        elif atom.is_Symbol:
            names[atom.name] = atom
    return names


def symbolic_rows(repeats: Repeats, notes: list[str]) -> list[Row]:
    rows: list[Row] = []
    weights, x = kernel(SYMBOLIC_KERNEL), inputs(SYMBOLIC_INPUT)

    def fresh_layer() -> Conv:
        return Conv(weights, SYMBOLIC_INPUT)

    expansion = expand(fresh_layer(), x)
    exprs = expansion.exprs()
    notes.append(f"Symbolic layer: {len(exprs):,} rows, {expansion.taps.size:,} terms; x (the Indexed entries "
                 "x[i, j, k]) is made once, outside the timed region, and given to every competitor.")

    progress("symbolic layer: expand(layer, x).exprs() against the Mul/Add node floor, collector on and off")
    (ours, floor), (ours_off, floor_off) = both_ways(
        [Case(lambda layer: expand(layer, x).exprs(), fresh_layer),
         Case(node_floor, lambda: expand(fresh_layer(), x))], repeats.fast)
    [default_input], [default_input_off] = both_ways([Case(lambda layer: expand(layer).exprs(), fresh_layer)],
                                                     repeats.fast)
    notes.append(f"expand(layer).exprs(), which makes the default x itself, takes {seconds(default_input)} with the "
                 f"collector on ({seconds(default_input_off)} off).")

    progress("symbolic layer: the sliding-window SymPy sum and the dense product (seconds a run)")
    found: dict[str, list[sympy.Expr]] = {}

    def keep(name: str, make: Callable[[], list[sympy.Expr]]) -> Callable[[Any], None]:
        def run(_: Any) -> None:
            found[name] = make()
        return run

    (window,), (window_off,) = both_ways([Case(keep("window", lambda: sliding_window_sympy(weights, x)))],
                                         repeats.slow)
    window_same = found.pop("window") == exprs
    (dense,), (dense_off,) = both_ways([Case(keep("dense", lambda: dense_product_sympy(weights, x)))], repeats.slow)
    dense_same = found.pop("dense") == exprs
    notes.append(f"Check: symconv's expressions == the sliding-window sums: {window_same}; == the dense product's "
                 f"entries: {dense_same}.")
    rows.append(faster_row("2i expand+exprs vs sliding-window SymPy sum", (ours, ours_off), (window, window_off), 20,
                           window_same))
    rows.append(faster_row("2i expand+exprs vs dense Matrix * Matrix(x')", (ours, ours_off), (dense, dense_off), 20,
                           dense_same))
    rows.append(within_row("2i expand+exprs vs node floor (Mul/Add._from_args)", seconds(ours), seconds(floor),
                           ours / floor, 2, "the floor", ours_off / floor_off))

    progress("symbolic layer: row_strings() against str() and sympy.latex(), rows read back")
    latex_style = LatexDerivationPrinter().style()
    (text, latex), (text_off, latex_off) = both_ways(
        [Case(lambda _: row_strings(expansion, TEXT_STYLE)), Case(lambda _: row_strings(expansion, latex_style))],
        repeats.fast)
    (sympy_text, sympy_latex), (sympy_text_off, sympy_latex_off) = both_ways(
        [Case(lambda _: [str(v) for v in exprs]), Case(lambda _: [sympy.latex(v) for v in exprs])], repeats.slow)
    names = printed_names(expansion)
    text_same = read_back(row_strings(expansion, TEXT_STYLE), exprs, names)
    latex_same = read_back([latex_row_as_text(r) for r in row_strings(expansion, latex_style)], exprs, names)
    notes.append(f"Check: every printed row, read back by the tests' parser, is its expression: text {text_same}, "
                 f"LaTeX {latex_same}.")
    rows.append(faster_row("2ii text rows: row_strings vs str()", (text, text_off), (sympy_text, sympy_text_off), 150,
                           text_same))
    rows.append(faster_row("2ii LaTeX rows: row_strings vs sympy.latex()", (latex, latex_off),
                           (sympy_latex, sympy_latex_off), 150, latex_same))
    return rows


# -- 3. start-up ------------------------------------------------------------------------------
def command_case(arguments: list[str]) -> Case:
    environment = dict(os.environ)
    environment["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), environment.get("PYTHONPATH")]))

    def run(_: Any) -> None:
        subprocess.run(arguments, stdout=subprocess.DEVNULL, check=True, cwd=ROOT, env=environment)

    return Case(run)


def startup_rows(repeats: int, notes: list[str]) -> list[Row]:
    progress("start-up: symconv example against python -c 'import sympy'")
    ours, theirs, bare = median_times(
        [command_case([sys.executable, "-m", "symconv", "example"]),
         command_case([sys.executable, "-c", "import sympy"]),
         command_case([sys.executable, "-c", "pass"])],
        repeats,
    )
    notes.append(f"Start-up: a bare `python -c pass` takes {seconds(bare)}.")
    return [within_row("3 start-up: symconv example vs python -c 'import sympy'", seconds(ours), seconds(theirs),
                       ours / theirs, 1.5, "the import")]  # subprocesses: the collector setting does not reach them


# -- 4. views and 5. checking (their own scripts, benchmarks/views.py and benchmarks/checking.py) --------
def views_rows(notes: list[str]) -> list[Row]:
    import views

    progress("views: structure(), formula() and neuron() on 8x8 and 224x224 (benchmarks/views.py)")
    found = views.run()
    rows = []
    small, large = (f"{size}x{size}" for size in views.SIZES)
    for row in found[:-1]:
        rows.append(Row(f"4 {row['view']}, 16->16 3x3: {large} vs {small}", seconds(row[large]),
                        seconds(row[small]), f"{row['ratio']:.2f}x the {small} time",
                        "<= 2x and < 1 s", verdict(row["ratio"] <= 2 and row[large] < 1)))
    estimate = found[-1]
    notes.append(f"Views: the full M on {large} has {estimate['nonzeros']:,} nonzeros; matrix(sparse=True) would take "
                 f"about {estimate['seconds']:,.0f} s (extrapolated), and no view builds it.")
    return rows


def checking_rows(notes: list[str]) -> list[Row]:
    import checking

    progress("checking: a 1568x768 hand-written M read from text and checked (benchmarks/checking.py)")
    rows = []
    for row in checking.run():
        if row["target"] is None:
            notes.append(f"Checking: {row['name'].strip()}: {seconds(row['seconds'])} ({row['found']}).")
            continue
        rows.append(Row(f"5 {row['name'].strip()}", seconds(row["seconds"]), "-", row["found"][:40],
                        f"< {row['target']:g} s", row["verdict"]))
    return rows


# -- main -------------------------------------------------------------------------------------
def machine_line(torch: Any) -> str:
    memory = "?"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        for line in meminfo.read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 2**20:.0f} GiB"
    versions = (f"sympy {sympy.__version__}, numpy {np.__version__}, scipy {scipy.__version__}, "
                f"torch {torch.__version__ if torch is not None else 'not installed'}")
    return (f"{datetime.date.today().isoformat()}, {platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
            f"{memory}, Python {platform.python_version()}; {versions}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Benchmark symconv against the obvious alternatives.")
    parser.add_argument("--quick", action="store_true", help="fewer repeats (about 2.5 minutes instead of about 4)")
    args = parser.parse_args(argv)
    repeats = QUICK if args.quick else FULL
    torch = load_torch()
    started, cpu = time.perf_counter(), os.times()
    notes: list[str] = []
    rows = [*numeric_rows(torch, repeats, notes), *symbolic_rows(repeats, notes),
            *startup_rows(repeats.startup, notes), *views_rows(notes), *checking_rows(notes)]
    used = os.times()
    notes.append(f"This run took {time.perf_counter() - started:.0f} s; the benchmark process used "
                 f"{used.user - cpu.user:.0f} s user and {used.system - cpu.system:.0f} s system CPU time "
                 "(system time here is mostly page faults).")
    print(f"symconv benchmarks, {'quick' if args.quick else 'full'} run: medians of {repeats.fast} repeats "
          f"({repeats.large} for the ResNet layer, {repeats.slow} for runs of seconds, {repeats.startup} for "
          "start-up), one warm-up each")
    print(machine_line(torch))
    print()
    print(format_table(rows))
    print()
    for note in notes:
        print(f"- {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
