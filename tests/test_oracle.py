"""Every matrix symconv builds equals a direct sliding-window sum (tests/oracle.py).

With a symbolic input x, M x' determines M entirely, so comparing M x' with the
oracle's output checks every entry of M. Random layers cover 1-D to 3-D, stride,
dilation, every padding form and mode, groups, flip, both flattening orders and bias.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symconv import Conv, ConvTranspose, inputs, kernel
from symconv.expansion import expand
from symconv.printing.terms import row_strings
from symconv.printing.text import TEXT_STYLE

from .oracle import conv_direct, conv_transpose_direct, flatten
from .termparser import parse_row

MAX_SIDE = {1: 7, 2: 5, 3: 3}


@st.composite
def conv_cases(draw, symbolic_kernel=None):
    ndim = draw(st.integers(1, 3))
    groups = draw(st.sampled_from([1, 1, 2]))
    c_group, d_group = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    mode = draw(st.sampled_from(["zeros", "zeros", "circular", "reflect", "replicate"]))
    ks, ss, ds, ns, pads = [], [], [], [], []
    for _ in range(ndim):
        k = draw(st.integers(1, 3))
        s = draw(st.integers(1, 3))
        d = draw(st.integers(1, 2))
        n = draw(st.integers(1, MAX_SIDE[ndim]))
        limit = {"zeros": 2, "circular": n, "reflect": n - 1, "replicate": 2}[mode]
        before = draw(st.integers(0, min(2, limit)))
        after = draw(st.integers(0, min(2, limit)))
        if n + before + after < d * (k - 1) + 1:
            n = d * (k - 1) + 1
            if mode == "reflect":
                before, after = min(before, n - 1), min(after, n - 1)
        ks.append(k), ss.append(s), ds.append(d), ns.append(n), pads.append((before, after))
    form = draw(st.sampled_from(["pairs", "pairs", "int", "per-axis", "same", "valid", "full"]))
    if form == "int":
        padding = pads[0][0]
        pads = [(padding, padding)] * ndim
    elif form == "per-axis":
        padding = tuple(p[0] for p in pads)
        pads = [(p, p) for p in padding]
    elif form == "same":
        ss = [1] * ndim
        padding = "same"
        pads = [(d * (k - 1) // 2, d * (k - 1) - d * (k - 1) // 2) for k, d in zip(ks, ds)]
    elif form == "valid":
        padding = "valid"
        pads = [(0, 0)] * ndim
    elif form == "full":
        padding = "full"
        pads = [(d * (k - 1), d * (k - 1)) for k, d in zip(ks, ds)]
    else:
        padding = tuple(pads)
    if mode == "reflect" and any(max(p) >= n for p, n in zip(pads, ns)):
        mode = "replicate"
    if mode == "circular" and any(max(p) > n for p, n in zip(pads, ns)):
        mode = "replicate"
    if any(n + b + a < d * (k - 1) + 1 for n, (b, a), d, k in zip(ns, pads, ds, ks)):
        padding, pads = "full", [(d * (k - 1), d * (k - 1)) for k, d in zip(ks, ds)]
        mode = "zeros"
    C, D = c_group * groups, d_group * groups
    kernel_shape = (D, c_group, *ks)
    symbolic = draw(st.booleans()) if symbolic_kernel is None else symbolic_kernel
    if symbolic:
        weights = kernel(kernel_shape)
    else:
        size = int(np.prod(kernel_shape))
        values = draw(st.lists(st.integers(-3, 3), min_size=size, max_size=size))
        weights = np.array(values, dtype=np.int64).reshape(kernel_shape)
    bias = draw(st.one_of(st.none(), st.lists(st.integers(-5, 5), min_size=D, max_size=D)))
    options = dict(stride=tuple(ss), padding=padding, dilation=tuple(ds), groups=groups, padding_mode=mode,
                   flip=draw(st.booleans()), order=draw(st.sampled_from(["CHW", "HWC"])), bias=bias)
    layer = Conv(weights, (C, *ns), **options)
    oracle_options = dict(stride=ss, padding=pads, dilation=ds, groups=groups, padding_mode=mode,
                          flip=options["flip"], bias=bias)
    return layer, weights, oracle_options


def _kernel_array(weights):
    return np.array(weights.tolist() if hasattr(weights, "tolist") else weights, dtype=object)


def _sympy_kernel(weights):
    flat = list(sympy.flatten(weights)) if isinstance(weights, sympy.NDimArray) else \
        [sympy.Integer(int(v)) for v in np.asarray(weights).ravel()]
    shape = tuple(weights.shape)
    return np.array(flat, dtype=object).reshape(shape)


def printed_name(atom):
    """How the text printer writes a symbol (its name) or an indexed entry (x[0, 1] as x_{0,1})."""
    if atom.is_Indexed:
        return f"{atom.base.label}_{{{','.join(str(i) for i in atom.indices)}}}"
    return atom.name


def _differs(a, b):
    return sympy.expand(a - b) != 0


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conv_cases())
def test_m_times_a_symbolic_input_plus_b_equals_the_sliding_window_sum(case):
    """M x' + b, the expansion and the affine matrix all equal the oracle's output flattened by the test itself."""
    layer, weights, options = case
    x = inputs(layer.input_shape)
    x_obj = np.array(x.tolist(), dtype=object)
    without_bias = flatten(conv_direct(_sympy_kernel(weights), x_obj, **{**options, "bias": None}), layer.order)
    with_bias = flatten(conv_direct(_sympy_kernel(weights), x_obj, **options), layer.order)
    M = layer.matrix()
    x_flat = flatten(x_obj, layer.order)
    assert M.shape == (len(without_bias), len(x_flat))
    assert not any(_differs(p, e) for p, e in zip(M * sympy.Matrix(x_flat), without_bias))
    assert not any(_differs(y, e) for y, e in zip(expand(layer, x).exprs(), with_bias))
    homogeneous = layer.affine_matrix() * sympy.Matrix([*x_flat, 1])
    assert not any(_differs(y, e) for y, e in zip(homogeneous, [*with_bias, 1]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conv_cases(symbolic_kernel=False), st.data())
def test_numeric_forms_agree_with_the_oracle(case, data):
    """to_numpy, to_scipy and the LinearOperator (matvec, and rmatvec by the dot test) each against the oracle."""
    layer, weights, options = case
    size = int(np.prod(layer.input_shape))
    x = np.array(data.draw(st.lists(st.integers(-4, 4), min_size=size, max_size=size))).reshape(layer.input_shape)
    expected = np.array(flatten(conv_direct(_sympy_kernel(weights), np.array(x.tolist(), dtype=object),
                                            **{**options, "bias": None}), layer.order), dtype=np.float64)
    x_flat = np.array(flatten(x, layer.order), dtype=np.float64)
    dense = layer.to_numpy()
    assert np.array_equal(dense @ x_flat, expected)
    assert np.array_equal(layer.to_scipy() @ x_flat, expected)
    assert np.array_equal(dense, np.array(layer.matrix(), dtype=np.float64))
    operator = layer.as_linear_operator()
    assert np.allclose(operator.matvec(x_flat), expected)
    v = np.array(data.draw(st.lists(st.integers(-4, 4), min_size=expected.size, max_size=expected.size)), dtype=float)
    assert np.isclose(operator.rmatvec(v) @ x_flat, v @ expected)  # <M^T v, x'> = <v, M x'> with M x' from the oracle


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conv_cases())
def test_printed_rows_read_back_to_the_expansion(case):
    layer, _, _ = case
    expansion = expand(layer)
    names = {printed_name(s): s for s in [*expansion.inputs, *expansion.values] if s.is_Symbol or s.is_Indexed}
    for text, expr in zip(row_strings(expansion, TEXT_STYLE), expansion.exprs()):
        assert sympy.expand(parse_row(text, names) - expr) == 0, text


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conv_cases(symbolic_kernel=False))
def test_the_link_count_from_the_shapes_is_the_oracles(case):
    """nnz, counted before any work (for the size limits), equals the links a sliding window makes.

    With a kernel and an input of ones, the oracle's output sums to the number of (output, kernel entry,
    input) links that read the input: the count the CSR writers allocate, never larger or smaller.
    """
    layer, weights, options = case
    ones = np.full(np.asarray(weights).shape, sympy.Integer(1), dtype=object)
    x = np.full(layer.input_shape, sympy.Integer(1), dtype=object)
    links = sum(conv_direct(ones, x, **{**options, "bias": None}).ravel())
    assert layer.pattern.nnz == links
    assert len(layer.pattern.spatial.out) * layer.output_shape[0] * ones.shape[1] == links


def test_a_link_count_that_disagrees_with_the_listed_links_is_refused(monkeypatch):
    """If the count and the listed links ever disagree, building fails loudly, never leaving CSR entries unwritten."""
    from symconv.pattern import AxisGeometry

    monkeypatch.setattr(AxisGeometry, "link_count", lambda self: self.n_out * self.kernel + 1)
    with pytest.raises(AssertionError, match="symconv bug"):
        Conv(np.ones((1, 1, 3), dtype=np.int64), (1, 5), padding=1).to_scipy()


@st.composite
def transpose_cases(draw):
    ndim = draw(st.integers(1, 3))
    groups = draw(st.sampled_from([1, 2]))
    c_in, c_out_group = draw(st.integers(1, 2)) * groups, draw(st.integers(1, 2))
    ks, ss, ds, ps, ops, ns = [], [], [], [], [], []
    for _ in range(ndim):
        k, s, d = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 2))
        n = draw(st.integers(1, MAX_SIDE[ndim] - 1))
        op = draw(st.integers(0, max(s, d) - 1))
        full = (n - 1) * s + d * (k - 1) + op + 1
        p = draw(st.integers(0, max(0, min(2, (full - 1) // 2))))
        ks.append(k), ss.append(s), ds.append(d), ps.append(p), ops.append(op), ns.append(n)
    shape = (c_in, c_out_group, *ks)
    symbolic = draw(st.booleans())
    weights = kernel(shape) if symbolic else np.array(
        draw(st.lists(st.integers(-3, 3), min_size=int(np.prod(shape)), max_size=int(np.prod(shape))))
    ).reshape(shape)
    bias = draw(st.one_of(st.none(), st.lists(st.integers(-3, 3), min_size=c_out_group * groups,
                                               max_size=c_out_group * groups)))
    order = draw(st.sampled_from(["CHW", "HWC"]))
    layer = ConvTranspose(weights, (c_in, *ns), stride=tuple(ss), padding=tuple(ps), output_padding=tuple(ops),
                          dilation=tuple(ds), groups=groups, order=order, bias=bias)
    return layer, weights, dict(stride=ss, padding=ps, output_padding=ops, dilation=ds, groups=groups, bias=bias)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(transpose_cases())
def test_transposed_matrix_equals_the_direct_scatter_sum(case):
    layer, weights, options = case
    x = inputs(layer.input_shape)
    x_obj = np.array(x.tolist(), dtype=object)
    direct = conv_transpose_direct(_sympy_kernel(weights), x_obj, **options)
    without_bias = flatten(conv_transpose_direct(_sympy_kernel(weights), x_obj, **{**options, "bias": None}),
                           layer.order)
    with_bias = flatten(direct, layer.order)
    assert layer.output_shape == tuple(direct.shape)
    product = layer.matrix() * sympy.Matrix(flatten(x_obj, layer.order))
    assert not any(_differs(p, e) for p, e in zip(product, without_bias))
    assert not any(_differs(y, e) for y, e in zip(expand(layer, x).exprs(), with_bias))


@settings(max_examples=40, deadline=None)
@given(transpose_cases())
def test_transposed_matrix_is_the_adjoint_transposed(case):
    """M_T = M_forward^T, on the forward rows that exist in the transposed input (all when output_padding < stride)."""
    layer, _, _ = case
    forward = layer.adjoint()
    positions = np.indices(forward.output_shape).reshape(len(forward.output_shape), -1)
    kept = np.all([positions[a + 1] < layer.input_shape[a + 1] for a in range(len(layer.input_shape) - 1)], axis=0)
    kept_flat = flatten(kept.reshape(forward.output_shape), layer.order)
    rows = [r for r, keep in enumerate(kept_flat) if keep]
    assert layer.matrix() == forward.matrix()[rows, :].T
