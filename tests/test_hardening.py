"""Hardening: names cannot inject LaTeX, sizes are checked before any work, numbers never overflow silently.

Each case found by the fuzzing pass of the hardening issue is a test here: the injected
names compile and print literally (or are refused), each huge case answers within a
second without allocating, the overflow cases are exact or refused, and the API
validates its arguments as the command line does.
"""

from __future__ import annotations

import re
import time
from decimal import Decimal
from fractions import Fraction

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symconv import Conv, ConvTranspose, EntryError, LayerError, ShapeError, SizeError, SymconvError, inputs, kernel
from symconv.cli import main
from symconv.printing.common import latex_name

from .latex import compile_latex

# -- LaTeX injection ------------------------------------------------------------------------------------------

DANGEROUS = ("input", "include", "write", "immediate", "def", "edef", "gdef", "let", "catcode", "end", "begin",
             "openout", "openin", "read", "csname", "expandafter", "usepackage", "documentclass", "special",
             "newcommand", "renewcommand", "makeatletter", "jobname", "lowercase", "uppercase")
"""Control sequences a name must never bring into symconv's LaTeX."""

NAME_COMMANDS = {"texttt", "char", "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota",
                 "kappa", "lambda", "mu", "nu", "xi", "pi", "rho", "sigma", "tau", "upsilon", "phi", "chi", "psi",
                 "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega",
                 "varsigma", "hat", "check", "breve", "acute", "grave", "tilde", "bar", "vec", "dot", "ddot",
                 "dddot", "ddddot", "mathring", "prime", "boldsymbol", "mathrm", "mathbf", "mathcal", "mathscr",
                 "mathfrak", "mathbb", "left", "right", "lVert", "rVert", "lvert", "rvert", "langle", "rangle",
                 "operatorname", "overline", "widetilde", "widehat", "vartheta", "varphi", "varpi", "varrho",
                 "varepsilon", "digamma", "Alpha", "Beta"}
"""Control sequences a name may bring: the escapes of literal names, Greek letters and SymPy's name modifiers."""

LAYOUT_COMMANDS = {"cdots", "vdots", "ddots", "quad", "text", "sbox", "resizebox", "usebox", "linewidth", "ifdim",
                   "wd", "else", "fi", "displaystyle", "providecommand", "symconvfit"}
"""symconv's own page layout, which a long name can call for (a matrix cut into blocks)."""

INJECTED = [r"\input{/etc/passwd}", r"\immediate\write18{touch\space/tmp/symconv-pwned}", "x%y", "a&b", "c#d", "$e$",
            "f}", "g{", "\\", r"\end{document}", "^_^", "~tilde", r"\def\a{b}", r"\catcode`\@=11", "50%", "a'b",
            '"quote"', "<lt>", "|bar|", "α%β"]


def controls(latex: str) -> set[str]:
    return set(re.findall(r"\\([A-Za-z@]+)", latex))


def derivation_with(name: str):
    a = sympy.Symbol(name)
    return Conv([[[a, 2]]], (1, 3), bias=[sympy.Symbol("p")]).derive([[1, sympy.Symbol("w"), 3]])


BENIGN = controls(derivation_with("zz").latex(standalone=True))


@pytest.mark.parametrize("name", INJECTED)
def test_an_injected_name_brings_no_control_sequence_into_the_latex(name):
    latex = derivation_with(name).latex(standalone=True)
    introduced = controls(latex) - BENIGN
    assert introduced <= NAME_COMMANDS | LAYOUT_COMMANDS, introduced
    assert not controls(latex) & set(DANGEROUS) - BENIGN
    assert latex.count(latex_name(name)) >= 3  # kernel, matrix and expansion show it, escaped


@pytest.mark.latex
def test_injected_names_compile_and_print_literally(tmp_path):
    """One document with every injected name, through every block; pdflatex without shell escape."""
    body = []
    for name in INJECTED:
        body.append(derivation_with(name).latex())
    source = derivation_with("zz").latex(standalone=True).split("\\begin{document}")[0] + "\\begin{document}\n" + \
        "\n\\clearpage\n".join(body) + "\n\\end{document}\n"
    compiled = compile_latex(source, tmp_path)
    assert compiled.ok, compiled.log[-3000:]
    text = compiled.text()
    for name in INJECTED:
        if name.isascii():
            # pdftotext names the typewriter quotes by their curly Unicode twins
            assert name in text.replace("\u2019", "'").replace("\u2018", "`").replace("\u201d", '"'), name
    assert "root:" not in text  # /etc/passwd was not read
    assert not (tmp_path / "symconv-pwned").exists()


def test_the_reported_injections_are_refused_on_the_command_line(capsys):
    status = main(["derive", "--input-shape", "1x3", "--kernel-shape", "1x1x2", "--kernel-names",
                   r"\input{secret},b", "--format", "latex"])
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(r"symconv derive: error: --kernel-names item '\\input{secret}' is neither a name")
    assert err.count("\n") == 1


def test_a_symbol_with_a_percent_sign_prints_literally_in_text_and_latex():
    derivation = Conv([[[sympy.Symbol("x%y"), 1]]], (1, 3)).derive([[1, 2, 3]])
    assert derivation.blocks()["expansion"] == "[1x%y+2*1, 2x%y+3*1]"
    assert r"\texttt{x{\char37}y}" in derivation.latex()


@pytest.mark.latex
@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(st.characters(min_codepoint=33, max_codepoint=126) | st.sampled_from("αβΩ"), min_size=1,
                        max_size=8), min_size=6, max_size=6, unique=True))
def test_fuzzed_names_compile_through_every_latex_block(tmp_path_factory, names):
    """Random printable names as kernel, input and bias symbols: no new control sequence, and it compiles."""
    symbols = [sympy.Symbol(n) for n in names]
    layer = Conv([[[symbols[0], symbols[1]]]], (1, 3), bias=[symbols[2]])
    derivation = layer.derive([symbols[3:]])
    latex = derivation.latex(standalone=True)
    assert not controls(latex) & set(DANGEROUS) - BENIGN
    assert controls(latex) - BENIGN <= NAME_COMMANDS | LAYOUT_COMMANDS
    compiled = compile_latex(latex, tmp_path_factory.mktemp("fuzz"))
    assert compiled.ok, (names, compiled.log[-2000:])


@pytest.mark.parametrize("name", ["a b", "tab\there", "new\nline", "x\u0000", "x😀", "x\u2081"])
def test_names_that_cannot_print_are_refused_where_they_enter(name):
    with pytest.raises(EntryError, match=r"^kernel has a symbol named .*, which holds the character"):
        Conv([[[sympy.Symbol(name), 1]]], (1, 3))


def test_two_different_symbols_with_one_printed_name_are_refused():
    with pytest.raises(EntryError, match=r"^kernel holds two different symbols that both print as 'a'"):
        Conv([[[sympy.Symbol("a"), sympy.Symbol("a", positive=True)]]], (1, 3))
    with pytest.raises(EntryError, match=r"^kernel and x both use 'a'; a derivation would print a\*a"):
        Conv(kernel((1, 1, 2), "a:b"), (1, 3)).derive([[sympy.Symbol("a"), 1, 2]])


def test_a_stem_must_be_an_identifier():
    with pytest.raises(ShapeError, match=r"^stem 'K_\{' is not a valid stem; expected a Python identifier"):
        kernel((1, 1, 2), stem="K_{")


# -- sizes checked before any work ------------------------------------------------------------------------------

def within(seconds: float, run):
    start = time.perf_counter()
    try:
        return run()
    finally:
        assert time.perf_counter() - start < seconds, f"took {time.perf_counter() - start:.2f} s"


def test_the_layer_block_of_a_huge_input_prints_at_once(capsys):
    args = ["derive", "--input-shape", "1x100000x100000", "--kernel-shape", "1x1x1x1", "--blocks", "layer"]
    status = within(1.0, lambda: main(args))
    out = capsys.readouterr().out
    assert status == 0
    assert out.startswith("Layer:\n2-D cross-correlation: input 1x100000x100000, kernel 1x1x1x1, "
                          "output 1x100000x100000")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--input-shape", "1x100000x100000", "--kernel-shape", "1x1x1x1"],
         "symconv derive: error: the input block (x) has 10,000,000,000 entries, more than the limit of "
         "MAX_PRINTED_TERMS = 200,000; pass --force or write to a file (--output FILE), or leave the block out "
         "(--blocks, e.g. --blocks layer)"),
        (["--input-shape", "1x3x3", "--kernel-shape", "100000x100000x1x1"],
         "symconv derive: error: an array of shape (100000, 100000, 1, 1) has 10,000,000,000 entries, more than "
         "the limit of MAX_SYMBOLS = 2,000,000; give numbers instead of symbols, or pass --force"),
        (["--input-shape", "1x8", "--kernel-shape", "1x1x8", "--kernel-names", "a:za:za:za:za:za:za:za:z"],
         "symconv derive: error: --kernel-names item 'a:za:za:za:za:za:za:za:z' is neither a name"),
        (["--input-shape", "1x8", "--kernel-shape", "1x1x8", "--kernel-names", "x0:99999999999"],
         "symconv derive: error: --kernel-names 'x0:99999999999' gives 99999999999 names; the shape needs 8"),
        (["--input-shape", "1x5", "--kernel-shape", "1x1x3", "--padding", "1000000000"],
         "symconv derive: error: the matrix block (M, 2000000003x5) has 10,000,000,015 entries, more than the limit "
         "of MAX_PRINTED_ENTRIES = 10,000; pass --force"),
        (["--input-shape", "1x5", "--kernel-shape", "1x1x3", "--stride", "99999999999999999999"],
         "symconv derive: error: --stride '99999999999999999999': '99999999999999999999' is larger than the "
         "largest supported value 2147483647"),
        (["--input-shape", "1x" + "9" * 5000, "--kernel-shape", "1x1x3"],
         "symconv derive: error: --input-shape '1x99999999999999999999999999999999999...': "
         "'9999999999999999999999999999999999999...' is larger than the largest supported value 2147483647"),
    ],
    ids=["huge input", "huge kernel", "huge name range", "huge numeric range", "huge padding", "huge stride",
         "5000-digit shape"],
)
def test_huge_requests_answer_within_a_second_with_one_line(args, message, capsys):
    status = within(1.0, lambda: main(["derive", *args]))
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(message), err
    assert err.count("\n") == 1 and "Traceback" not in err


def RESNET():
    return Conv(kernel((64, 64, 3, 3)), (64, 56, 56), padding=1)


@pytest.mark.parametrize(
    ("build", "act", "pattern"),
    [
        (RESNET, lambda layer: layer.matrix(),
         r"^M \(200704x200704\) has 40,282,095,616 entries, more than the limit of MAX_DENSE_ENTRIES"),
        (RESNET, lambda layer: layer.matrix(sparse=True),
         r"^M \(200704x200704\) has 112,869,376 terms, more than the limit of MAX_TERMS"),
        (RESNET, lambda layer: layer.affine_matrix(sparse=True),
         r"^\[\[M, b\], \[0, 1\]\] \(200704x200704\) has 112,869,376 terms"),
        (RESNET, lambda layer: layer.apply(np.zeros((64, 56, 56), dtype=int)),
         r"^M x' \(200704 outputs\) has 112,869,376 terms"),
        (RESNET, lambda layer: layer.derive().text(blocks=["matrix"]),
         r"^the matrix block \(M, 200704x200704\) has 40,282,095,616 entries, more than the limit of "
         r"MAX_PRINTED_ENTRIES = 10,000"),
        (RESNET, lambda layer: layer.derive().text(blocks=["expansion"]),
         r"^the expansion block \(y' = M x'\) has 112,869,376 terms"),
        (RESNET, lambda layer: layer.derive().y_exprs,
         r"^M x' \(200704 outputs\) has 112,869,376 terms, more than the limit of MAX_TERMS"),
        (lambda: Conv(kernel((8, 8, 3, 3)), (8, 30, 30)) @ Conv(kernel((8, 8, 3, 3)), (8, 32, 32)),
         lambda layer: layer.matrix(sparse=True),
         r"^M \(6272x8192\) has 32,514,048 terms, more than the limit of MAX_TERMS"),
        (lambda: ConvTranspose(kernel((64, 64, 3, 3)), (64, 56, 56), padding=1),
         lambda layer: layer.matrix(sparse=True),
         r"^M \(200704x200704\) has 112,869,376 terms"),
        (lambda: None, lambda _: kernel((10**5, 10**5, 1, 1)),
         r"^an array of shape \(100000, 100000, 1, 1\) has 10,000,000,000"),
        (lambda: None, lambda _: inputs((3, 10**5, 10**5)),
         r"^an array of shape \(3, 100000, 100000\) has 30,000,000,000"),
    ],
    ids=["dense matrix", "sparse matrix", "affine", "apply", "printed matrix", "printed expansion", "y_exprs",
         "composition", "transposed", "kernel factory", "input factory"],
)
def test_large_work_is_refused_within_a_tenth_of_a_second(build, act, pattern):
    layer = build()
    start = time.perf_counter()
    with pytest.raises(SizeError, match=pattern):
        act(layer)
    assert time.perf_counter() - start < 0.1


def test_what_needs_no_m_works_at_any_size():
    layer = within(1.0, lambda: Conv(kernel((1, 1, 1, 1)), (1, 100000, 100000)))
    assert layer.output_shape == (1, 100000, 100000)
    assert layer.terms() == 10**10
    assert within(1.0, lambda: layer.derive().text(blocks=["layer"])).startswith("Layer:")


def test_force_lifts_a_limit():
    layer = Conv(kernel((1, 1, 2)), (1, 3))
    import symconv.limits

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(symconv.limits, "MAX_TERMS", 2)
        with pytest.raises(SizeError, match=r"has 4 terms, more than the limit of MAX_TERMS = 2"):
            layer.matrix(sparse=True)
        assert layer.matrix(sparse=True, force=True).shape == (2, 3)


# -- numbers that never overflow ------------------------------------------------------------------------------

def test_a_product_beyond_int64_is_refused_not_zero():
    both = Conv([[[2**40]]], (1, 2)) @ Conv([[[2**40]]], (1, 2))
    assert both.matrix()[0, 0] == 2**80
    with pytest.raises(EntryError, match=r"^the product of the layers' matrices can reach beyond int64; pass dtype"):
        both.to_scipy()
    assert both.to_numpy(dtype=object)[0, 0] == 2**80
    assert both.to_scipy(dtype=float).toarray()[0, 0] == 2.0**80


def test_a_replicate_fold_beyond_int64_is_refused_not_negative():
    layer = Conv([[[2**62 - 1, 2**62 - 1, 1]]], (1, 3), padding=2, padding_mode="replicate")
    with pytest.raises(EntryError, match=r"^kernel entries reach 4611686018427387903 and sums of 3 of them reach"):
        layer.to_scipy()
    exact = layer.to_numpy(dtype=object)
    assert (exact == np.array(layer.matrix().tolist(), dtype=object)).all()
    small = Conv([[[2**61, 2**61 - 1]]], (1, 3), padding=1, padding_mode="replicate")
    assert small.to_scipy().toarray()[0, 0] == 2**62 - 1  # folds within int64: exact


def test_values_beyond_float_range_are_refused_not_inf():
    layer = Conv([[[sympy.Integer(10) ** 400, 1]]], (1, 3))
    with pytest.raises(EntryError, match=r"^kernel entries reach about 2\*\*1328, beyond the range of float64"):
        layer.to_scipy(dtype=float)
    with pytest.raises(EntryError, match=r"^kernel entries reach about 2\*\*1328 reach 2\*\*63, beyond int64"):
        layer.to_scipy()


def test_a_rational_without_an_exact_float_needs_to_be_asked_for():
    layer = Conv([[[Fraction(1, 3), 1]]], (1, 3))
    with pytest.raises(EntryError, match=r"^kernel entry 1/3 is not exactly a float64"):
        layer.to_scipy()
    assert layer.to_scipy(dtype=float).toarray()[0, 0] == 1 / 3
    assert layer.to_numpy(dtype=object)[0, 0] == Fraction(1, 3)


def test_huge_numbers_print_in_full():
    big = sympy.Integer(10) ** 4400
    derivation = Conv([[[big, big]]], (1, 2), padding=1, padding_mode="replicate").derive([[1, 2]])
    assert "2" + "0" * 4400 in derivation.text()  # the folded entry 2*10**4400, beyond Python's str() limit
    assert derivation.latex().count("0" * 4400) >= 1


# -- the API validates like the command line ---------------------------------------------------------------------

K = [[[[1, 2], [3, 4]]]]


@pytest.mark.parametrize(
    ("make", "error", "pattern"),
    [
        (lambda: Conv(K, {1, 3}), ShapeError, r"^input_shape must be a list or tuple of positive integers, got a set"),
        (lambda: Conv(K, {1: 3, 3: 3}), ShapeError, r"^input_shape must be a list or tuple .* got a dict"),
        (lambda: Conv(K, (n for n in (1, 3, 3))), ShapeError, r"^input_shape must be a list or tuple .* generator"),
        (lambda: Conv([[[sympy.MatrixSymbol("A", 2, 2), 1]]], (1, 3)), EntryError,
         r"^kernel entry A is a SymPy MatrixSymbol, not a scalar expression"),
        (lambda: Conv([[[sympy.Lambda(sympy.Symbol("t"), 1), 1]]], (1, 3)), EntryError,
         r"^kernel entry Lambda\(t, 1\) is a SymPy Lambda, not a scalar expression"),
        (lambda: Conv([[[abs, 1]]], (1, 3)), EntryError, r"^kernel entry <built-in function abs> is a function"),
        (lambda: Conv([[[sympy.Function("f"), 1]]], (1, 3)), EntryError, r"^kernel entry f is a function"),
        (lambda: Conv(K, (1, 3, 3), stride=True), LayerError, r"^stride must be an int or a tuple of 2 ints, got True"),
        (lambda: Conv(K, (1, 3, 3), groups=True), LayerError, r"^groups must be an int >= 1, got True"),
        (lambda: Conv(K, (1, 3, 3), stride=10**20), LayerError,
         r"^stride 100000000000000000000 holds 100000000000000000000, larger than the largest supported value"),
        (lambda: Conv(K, (1, 3, 3)).to_numpy(force="no"), LayerError, r"^force must be True or False, got 'no'"),
        (lambda: Conv(K, (1, 3, 3)).matrix(sparse="yes"), LayerError, r"^sparse must be True or False, got 'yes'"),
        (lambda: Conv(np.ones((64, 64, 3, 3), dtype=int), (64, 2**15, 2**15), padding=1).to_scipy(), SizeError,
         r"^to_scipy\(\) of M \(68719476736x68719476736\) needs [\d,.]+ GiB, more than the [\d,.]+ GiB of "
         r"memory available; use as_linear_operator\(\)"),
        (lambda: Conv(K, (1, 3, 3)).derive().text(blocks=5), LayerError,
         r"^blocks must be a list of block names such as \['matrix'\], got 5"),
        (lambda: kernel((1, 1, 2), names=5), ShapeError, r"^names must be a range such as 'a:h', or a list of names"),
        (lambda: Conv([[[1, 2]]], (1, 4), padding=(1, 2)), LayerError,
         r"^padding \(1, 2\) must be an int, 1 int\(s\), .* write \(\(1, 2\),\)"),
        (lambda: Conv(K, (1, 3, 3)).to_scipy(dtype="int8"), EntryError, r"^dtype 'int8' is not supported"),
    ],
    ids=["set shape", "dict shape", "generator shape", "MatrixSymbol", "Lambda", "builtin function",
         "undefined function class", "bool stride", "bool groups", "huge stride", "force not a bool",
         "sparse not a bool", "beyond memory", "blocks=5", "names=5", "1-D pair", "dtype"],
)
def test_the_api_refuses_bad_arguments_with_a_documented_error(make, error, pattern):
    with pytest.raises(error, match=pattern):
        make()


def test_exact_numbers_of_every_kind_are_accepted_exactly():
    layer = Conv([[[Decimal("0.1"), 0.5, Fraction(1, 3), 1 + 2j, np.int32(7), sympy.I]]], (1, 6))
    assert layer.kernel_entries == (sympy.Rational(1, 10), sympy.Rational(1, 2), sympy.Rational(1, 3),
                                    1 + 2 * sympy.I, sympy.Integer(7), sympy.I)


# -- fuzzing ---------------------------------------------------------------------------------------------------

WEIRD = st.one_of(
    st.integers(-3, 10**25), st.floats(allow_nan=True, allow_infinity=True), st.text(max_size=6), st.none(),
    st.booleans(), st.just({1, 2}), st.just(i for i in range(3)), st.just(sympy.Symbol("a")),
    st.just(sympy.MatrixSymbol("A", 2, 2)), st.just(abs), st.lists(st.integers(-2, 4), max_size=3),
    st.tuples(st.integers(-1, 3), st.integers(-1, 3)), st.sampled_from(["same", "valid", "full", "half", "HWC", "x"]),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kernel_value=st.one_of(WEIRD, st.just([[[1, 2]]]), st.just([[[[1, 2], [3, 4]]]])),
       input_shape=st.one_of(WEIRD, st.just((1, 5)), st.just((1, 4, 4))),
       options=st.dictionaries(st.sampled_from(["stride", "padding", "dilation", "groups", "padding_mode", "flip",
                                               "order", "bias"]), WEIRD, max_size=3))
def test_the_api_raises_only_documented_errors(kernel_value, input_shape, options):
    try:
        layer = Conv(kernel_value, input_shape, **options)
        layer.derive().text(blocks=["layer", "expansion"])
    except SymconvError as error:
        assert isinstance(error, (ValueError, TypeError))
        assert str(error) and "\n" not in str(error)


NUMBERS = st.one_of(st.integers(-(2**70), 2**70), st.fractions(max_denominator=8),
                    st.floats(-1e300, 1e300, allow_nan=False), st.integers(-3, 3))


@settings(max_examples=150, deadline=None)
@given(st.lists(NUMBERS, min_size=3, max_size=3), st.sampled_from(["zeros", "replicate", "circular", "reflect"]),
       st.sampled_from([None, float, object]))
def test_numeric_exports_equal_the_exact_matrix_or_refuse(values, mode, dtype):
    layer = Conv([[values]], (1, 4), padding=2 if mode != "reflect" else 2, padding_mode=mode) if mode != "reflect" \
        else Conv([[values]], (1, 4), padding=1, padding_mode=mode)
    exact = np.array(layer.matrix().tolist(), dtype=object)
    try:
        dense = layer.to_numpy(dtype=dtype)
    except EntryError:
        return
    if dtype is None:  # chosen from the values: exact
        assert all(sympy.Rational(*float(v).as_integer_ratio()) == e if dense.dtype.kind == "f" else int(v) == e
                   for v, e in zip(dense.ravel().tolist(), exact.ravel().tolist()))
    elif dtype is object:
        assert (dense == exact).all()
    else:
        assert np.all(np.isfinite(dense))


FLAG_VALUES = st.one_of(
    st.sampled_from(["1", "2", "0", "3x3", "1x2", "1:2", "same", "valid", "full", "-1", "1e3", "nan", "inf", "a:h",
                     "x_{0,0},x_{0,1}", "[[0,1],[2,3]]", "[[1]", "99999999999999999999", "9" * 40, "", " ", "a",
                     "1/0", "1,2,3,4", "HWC", "reflect", "\\input{x}", "[[[1,2,3,4,5,6,7,8,9]]]", "1x1x2x2",
                     "2x1x2x2", "1x3x3", "2x8x8", "1x100000x100000"]),
    st.text(max_size=12),
)
FLAGS = ["--input-shape", "--kernel-shape", "--kernel", "--kernel-names", "--kernel-values", "--input",
         "--input-values", "--stride", "--padding", "--dilation", "--groups", "--padding-mode", "--order",
         "--bias-values", "--bias-names", "--output-padding", "--blocks", "--format"]
SWITCHES = ["--flip", "--transpose", "--standalone", "--force"]


@st.composite
def argument_vectors(draw):
    command = draw(st.sampled_from(["derive", "derive", "derive", "example"]))
    argv = [command]
    for flag in draw(st.lists(st.sampled_from(FLAGS), max_size=6, unique=True)):
        argv += [flag, draw(FLAG_VALUES)]
    argv += draw(st.lists(st.sampled_from(SWITCHES), max_size=2, unique=True))
    if command == "derive" and draw(st.booleans()):
        argv += ["--input-shape", draw(st.sampled_from(["1x3x3", "2x4", "1x2x2x2"])),
                 "--kernel-shape", draw(st.sampled_from(["2x1x2x2", "1x2x3", "1x1x1x1x1"]))]
    return argv


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(argument_vectors())
def test_the_command_line_on_random_arguments_exits_0_or_2_with_one_line(argv):
    import contextlib
    import io

    out, err = io.StringIO(), io.StringIO()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as stop:  # argparse: --help, a missing value, an unknown choice
            status = stop.code
    elapsed = time.perf_counter() - start
    assert status in (0, 2), (argv, status, err.getvalue())
    if status == 2:
        assert err.getvalue().count("\n") == 1 and err.getvalue().startswith("symconv"), (argv, err.getvalue())
    assert "Traceback" not in err.getvalue()
    assert elapsed < 5, (argv, elapsed)
