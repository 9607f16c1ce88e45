#!/usr/bin/env python3
"""Break each geometry rule of symconv on purpose and check that the test suite, run without PyTorch, fails.

Each mutation replaces one exact piece of source text (which must occur exactly once) in a
scratch copy of the repository, then runs pytest there with PyTorch hidden (a stub
``torch`` package that raises ImportError, so the parity tests skip). A mutation the
suite does not catch "survives"; the script exits 1 if any survives, if one crashes pytest
(no verdict: the code must fail cleanly, not corrupt memory), or if the unmutated copy does not
pass. Run it with ``make mutate`` (CI runs it after ``make test``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("symconv", "tests", "docs", "notebooks", "README.md", "pyproject.toml", "Makefile")
SUITE = ("-m", "not latex and not browser", "--ignore=tests/test_notebooks.py",
         "--ignore=tests/test_figure_formats.py", "--ignore=tests/test_site.py")
"""The suite a mutation must fail: every test but those that only compile LaTeX, drive a browser, run notebooks,
write figure files or build the documentation site (they check rendering, and CI runs them in ``make test``)."""


@dataclass(frozen=True)
class Mutation:
    rule: str
    path: str
    old: str
    new: str
    consumers: tuple[str, ...] = ()
    """The consumers whose tests must fail (empty: every consumer in CONSUMERS)."""


CONSUMERS = ("sympy_matrix", "expansion", "affine_matrix", "csr", "linear_operator", "text_printer", "windows")
"""The tests of tests/test_consumers.py, one per consumer of the index pattern."""
BIAS_CONSUMERS = ("expansion", "affine_matrix", "text_printer")


MUTATIONS = (
    Mutation("stride ignored", "symconv/pattern.py", "return out * self.stride + window", "return out + window"),
    Mutation("stride off by one", "symconv/pattern.py", "return out * self.stride + window",
             "return out * (self.stride + 1) + window"),
    Mutation("dilation ignored", "symconv/pattern.py", "window * self.dilation - self.pad_before",
             "window - self.pad_before"),
    Mutation("padding before ignored", "symconv/pattern.py", "window * self.dilation - self.pad_before",
             "window * self.dilation"),
    Mutation("'same' split reversed (odd extra before)", "symconv/arithmetic.py",
             "return tuple((t // 2, t - t // 2) for t in totals)",
             "return tuple((t - t // 2, t // 2) for t in totals)"),
    Mutation("'full' padding one short", "symconv/arithmetic.py",
             "return tuple((d * (k - 1), d * (k - 1)) for k, d in zip(kernel_size, dilation))",
             "return tuple((d * (k - 1) - 1, d * (k - 1)) for k, d in zip(kernel_size, dilation))"),
    Mutation("circular acts as replicate", "symconv/pattern.py", "return np.ones_like(inside), np.mod(position, n)",
             "return np.ones_like(inside), np.clip(position, 0, n - 1)"),
    Mutation("reflect repeats the edge (symmetric)", "symconv/pattern.py",
             "2 * (n - 1) - mirrored, mirrored)", "2 * n - 1 - mirrored, mirrored)"),
    Mutation("reflect acts as replicate", "symconv/pattern.py",
             "mirrored = np.abs(position)", "mirrored = np.clip(position, 0, n - 1)"),
    Mutation("replicate acts as circular", "symconv/pattern.py",
             "return np.ones_like(inside), np.clip(position, 0, n - 1)",
             "return np.ones_like(inside), np.mod(position, n)"),
    Mutation("flip ignored", "symconv/pattern.py", "return (self.kernel - 1 - window) if self.flip else window",
             "return window"),
    Mutation("groups: output channels dealt round-robin", "symconv/pattern.py",
             "return u // self.group_out", "return u % self.groups"),
    Mutation("groups: every group reads the first input channels", "symconv/pattern.py",
             "return np.asarray(group)[..., None] * self.group_in + np.arange",
             "return np.asarray(group)[..., None] * 0 + np.arange"),
    Mutation("order: HWC flattened as CHW", "symconv/layout.py",
             "    return position * channels + channel", "    return channel * positions + position"),
    Mutation("bias not reordered for HWC", "symconv/layout.py",
             "return self.flatten([value for value in values for _ in range(self.positions)])",
             "return [value for value in values for _ in range(self.positions)]", BIAS_CONSUMERS),
    Mutation("transposed output size off by one", "symconv/arithmetic.py",
             "return (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1",
             "return (n - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding"),
)


def run_suite(copy: Path, timeout: int, extra: tuple[str, ...] = ("-x",)) -> tuple[int, float, str]:
    """Run pytest in the copy with torch hidden; return (pytest's exit code, seconds, output)."""
    stub = copy / "_hide_torch"
    (stub / "torch").mkdir(parents=True, exist_ok=True)
    (stub / "torch" / "__init__.py").write_text(
        "raise ModuleNotFoundError(\"No module named 'torch' (hidden for the mutation run)\", name='torch')\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYMCONV_REQUIRE")}
    env["PYTHONPATH"] = os.pathsep.join([str(copy), str(stub)])
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--hypothesis-seed=0", *extra],
        cwd=copy, env=env, capture_output=True, text=True, timeout=timeout,
    )
    return result.returncode, time.perf_counter() - start, result.stdout + result.stderr


def crashed(code: int) -> bool:
    """Whether pytest died instead of reporting (a signal such as SIGSEGV, an internal error, an interrupt).

    Exit codes 0 (all passed) and 1 (some tests failed) are verdicts; anything else means the run
    ended without one, so which tests failed is unknown, and a mutation that crashes the
    process (say, sparse arrays left half-written) must be fixed to fail cleanly, not counted.
    """
    return code not in (0, 1)


def last_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    return lines[-1] if lines else ""


def failing_consumers(output: str) -> set[str]:
    """The consumers with at least one failing test in a run of tests/test_consumers.py."""
    return {consumer for consumer in CONSUMERS if f"FAILED tests/test_consumers.py::test_{consumer}[" in output}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only the mutations whose rule contains this text")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per suite run (default 600)")
    parser.add_argument("--per-consumer", action="store_true",
                        help="run tests/test_consumers.py only, and require every consumer's test to fail")
    args = parser.parse_args()
    chosen = [m for m in MUTATIONS if args.only is None or args.only in m.rule]
    with tempfile.TemporaryDirectory(prefix="symconv-mutations-") as scratch:
        copy = Path(scratch) / "repo"
        copy.mkdir()
        for name in COPIED:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, copy / name, ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
            else:
                shutil.copy2(source, copy / name)
        extra = ("-rf", "tests/test_consumers.py") if args.per_consumer else ("-x", *SUITE)
        code, seconds, output = run_suite(copy, args.timeout, extra)
        print(f"unmutated suite: {'passes' if code == 0 else 'FAILS'} ({seconds:.1f} s): {last_line(output)}",
              flush=True)
        if code != 0:
            return 1
        survivors = []
        for mutation in chosen:
            target = copy / mutation.path
            original = target.read_text()
            if original.count(mutation.old) != 1:
                print(f"MUTATION OUT OF DATE: {mutation.rule}: {mutation.old!r} occurs {original.count(mutation.old)} "
                      f"times in {mutation.path}", flush=True)
                return 1
            target.write_text(original.replace(mutation.old, mutation.new))
            try:
                code, seconds, output = run_suite(copy, args.timeout, extra)
            finally:
                target.write_text(original)
            if crashed(code):
                verdict, survived = f"CRASHED (pytest exit code {code}, no verdict)", True
            elif args.per_consumer:
                missed = set(mutation.consumers or CONSUMERS) - failing_consumers(output)
                verdict = f"MISSED BY {', '.join(sorted(missed))}" if missed else "caught by every consumer"
                survived = bool(missed)
            else:
                survived = code == 0
                verdict = "SURVIVED" if survived else "caught"
            print(f"{verdict}: {mutation.rule} ({seconds:.1f} s): {last_line(output)}", flush=True)
            if survived:
                survivors.append(mutation.rule)
    scope = "by every consumer's tests" if args.per_consumer else "by the suite"
    print(f"{len(chosen) - len(survivors)} of {len(chosen)} mutations caught {scope}, without torch")
    return 1 if survivors else 0


if __name__ == "__main__":
    sys.exit(main())
