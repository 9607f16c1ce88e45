"""symconv computes what PyTorch computes: every matrix equals torch's own Jacobian, entry for entry.

The oracle is PyTorch called with the user's own options, exactly as drawn (padding as an
int, per axis, (before, after) pairs, ``'same'``, ``'valid'``, ``'full'``, every padding
mode), never with symconv's normalised fields: each case builds its own ``torch.nn.functional``
call (F.pad, F.conv*d, F.conv_transpose*d), pushes the identity through it, and flattens
the result in the drawn order (CHW or HWC) with numpy itself. Kernels, inputs and biases
are small integers, so float64 arithmetic is exact and every comparison is ``==``.
``symconv.torch_bridge.torch_jacobian`` is tested here too, but it is not the oracle of
the parity tests.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from symconv import Conv, ConvTranspose
from symconv.torch_bridge import torch_jacobian

torch = pytest.importorskip("torch", reason="PyTorch is not installed: pip install torch==2.13.0")
F = torch.nn.functional

pytestmark = [
    pytest.mark.torch,
    pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths:UserWarning"),
]

MAX_ENTRIES = 20_000
"""The largest matrix (rows x columns) drawn, so that each example takes milliseconds."""

SMALL_ENTRIES = 1_500
"""The largest matrix for the tests that go through SymPy."""

MAX_SIDE = {1: 8, 2: 5, 3: 3}
"""How far above its smallest valid size an input side may be drawn, per dimension count."""

PADDING_MODES = ["zeros", "circular", "reflect", "replicate"]
PADDING_FORMS = ["int", "per-axis", "pairs", "valid", "same", "full"]


def parity(max_examples: int) -> settings:
    """Hypothesis settings for a parity test: no deadline (torch's first call is slow), size filters allowed."""
    return settings(
        max_examples=max_examples,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


def small_integers(shape: tuple[int, ...]) -> st.SearchStrategy[np.ndarray]:
    """Arrays of integers in [-3, 3]: products and sums stay exact in float64."""
    return hnp.arrays(np.int64, shape, elements=st.integers(-3, 3))


@dataclass(frozen=True)
class ConvCase:
    """A drawn convolution: the options as a user writes them, and the padding PyTorch would apply."""

    kernel: np.ndarray
    input_shape: tuple[int, ...]
    stride: tuple[int, ...]
    dilation: tuple[int, ...]
    padding: Any
    pairs: tuple[tuple[int, int], ...]
    padding_mode: str
    groups: int
    flip: bool
    order: str
    bias: np.ndarray

    def layer(self, *, use_bias: bool = False) -> Conv:
        return Conv(
            self.kernel,
            self.input_shape,
            stride=self.stride,
            padding=self.padding,
            dilation=self.dilation,
            groups=self.groups,
            padding_mode=self.padding_mode,
            flip=self.flip,
            order=self.order,
            bias=self.bias if use_bias else None,
        )

    def torch_output(self, x: np.ndarray) -> np.ndarray:
        """PyTorch's output (with bias) for one channels-first input, from the user's options."""
        return self.torch_batch(x[None])[0]

    def torch_batch(self, xs: np.ndarray, *, use_bias: bool = True) -> np.ndarray:
        """PyTorch's outputs for a batch of channels-first inputs, from the user's options."""
        ndim = len(self.input_shape) - 1
        weight = torch.tensor(self.kernel, dtype=torch.float64)
        if self.flip:
            weight = torch.flip(weight, dims=tuple(range(2, 2 + ndim)))
        batch = torch.tensor(xs, dtype=torch.float64)
        bias = torch.tensor(self.bias, dtype=torch.float64) if use_bias else None
        if self.padding in ("full",) or (isinstance(self.padding, tuple) and isinstance(self.padding[0], tuple)):
            # PyTorch has no 'full' and no uneven padding: pad explicitly (the drawn pairs), then convolve
            pad = [side for pair in reversed(self.pairs) for side in pair]
            mode = "constant" if self.padding_mode == "zeros" else self.padding_mode
            y = getattr(F, f"conv{ndim}d")(F.pad(batch, pad, mode=mode), weight, bias, stride=self.stride,
                                           dilation=self.dilation, groups=self.groups)
        else:
            # an int, one int per axis, 'same' or 'valid', with any padding mode: nn.Conv's own rules
            module = getattr(torch.nn, f"Conv{ndim}d")(
                self.input_shape[0], self.kernel.shape[0], self.kernel.shape[2:], stride=self.stride,
                padding=self.padding, dilation=self.dilation, groups=self.groups, bias=use_bias,
                padding_mode=self.padding_mode, dtype=torch.float64,
            )
            with torch.no_grad():
                module.weight.copy_(weight)
                if use_bias:
                    module.bias.copy_(bias)
                y = module(batch)
        return y.detach().numpy()


@st.composite
def conv_cases(draw: st.DrawFn, max_entries: int = MAX_ENTRIES) -> ConvCase:
    """Random 1-D to 3-D convolutions with every padding form and mode, groups, flip and order."""
    ndim = draw(st.integers(1, 3))
    groups = draw(st.sampled_from([1, 1, 2, 3]))
    in_channels = groups * draw(st.integers(1, 2))
    out_channels = groups * draw(st.integers(1, 2))
    mode = draw(st.sampled_from(PADDING_MODES))
    form = draw(st.sampled_from(PADDING_FORMS))
    uniform = draw(st.integers(0, 2))
    kernel_size, stride, dilation, pairs, sides = [], [], [], [], []
    for _ in range(ndim):
        k, d = draw(st.integers(1, 3)), draw(st.integers(1, 2))
        s = 1 if form == "same" else draw(st.integers(1, 3))
        total = d * (k - 1)
        pair = {
            "int": (uniform, uniform),
            "per-axis": (draw(st.integers(0, 2)),) * 2,
            "pairs": (draw(st.integers(0, 2)), draw(st.integers(0, 2))),
            "valid": (0, 0),
            "same": (total // 2, total - total // 2),  # PyTorch puts the odd extra after
            "full": (total, total),
        }[form]
        smallest = max(1, total + 1 - sum(pair))
        if mode == "reflect":
            smallest = max(smallest, max(pair) + 1)
        elif mode == "circular":
            smallest = max(smallest, max(pair))
        kernel_size.append(k), dilation.append(d), stride.append(s), pairs.append(pair)
        sides.append(draw(st.integers(smallest, smallest + MAX_SIDE[ndim])))
    padding = {
        "int": uniform,
        "per-axis": tuple(before for before, _ in pairs),
        "pairs": tuple(pairs),
        "valid": "valid",
        "same": "same",
        "full": "full",
    }[form]
    outputs = [
        (n + b + a - d * (k - 1) - 1) // s + 1
        for n, (b, a), k, s, d in zip(sides, pairs, kernel_size, stride, dilation)
    ]
    assume(out_channels * int(np.prod(outputs)) * in_channels * int(np.prod(sides)) <= max_entries)
    return ConvCase(
        kernel=draw(small_integers((out_channels, in_channels // groups, *kernel_size))),
        input_shape=(in_channels, *sides),
        stride=tuple(stride),
        dilation=tuple(dilation),
        padding=padding,
        pairs=tuple(pairs),
        padding_mode=mode,
        groups=groups,
        flip=draw(st.booleans()),
        order=draw(st.sampled_from(["CHW", "HWC"])),
        bias=draw(small_integers((out_channels,))),
    )


@dataclass(frozen=True)
class TransposeCase:
    """A drawn transposed convolution (PyTorch's weight layout (C_in, C_out/groups, k...))."""

    kernel: np.ndarray
    input_shape: tuple[int, ...]
    stride: tuple[int, ...]
    padding: int | tuple[int, ...]
    output_padding: tuple[int, ...]
    dilation: tuple[int, ...]
    groups: int
    order: str
    bias: np.ndarray

    def layer(self, *, use_bias: bool = False) -> ConvTranspose:
        return ConvTranspose(
            self.kernel,
            self.input_shape,
            stride=self.stride,
            padding=self.padding,
            output_padding=self.output_padding,
            dilation=self.dilation,
            groups=self.groups,
            order=self.order,
            bias=self.bias if use_bias else None,
        )

    def torch_output(self, x: np.ndarray) -> np.ndarray:
        """PyTorch's output (with bias) for one channels-first input."""
        return self.torch_batch(x[None])[0]

    def torch_batch(self, xs: np.ndarray, *, use_bias: bool = True) -> np.ndarray:
        """PyTorch's outputs for a batch of channels-first inputs."""
        transpose = getattr(F, f"conv_transpose{len(self.input_shape) - 1}d")
        y = transpose(
            torch.tensor(xs, dtype=torch.float64),
            torch.tensor(self.kernel, dtype=torch.float64),
            torch.tensor(self.bias, dtype=torch.float64) if use_bias else None,
            stride=self.stride,
            padding=self.padding,
            output_padding=self.output_padding,
            groups=self.groups,
            dilation=self.dilation,
        )
        return y.numpy()


@st.composite
def transpose_cases(draw: st.DrawFn, max_entries: int = MAX_ENTRIES) -> TransposeCase:
    """Random 1-D to 3-D transposed convolutions: stride, padding, output padding, dilation, groups, order."""
    ndim = draw(st.integers(1, 3))
    groups = draw(st.sampled_from([1, 1, 2, 3]))
    in_channels = groups * draw(st.integers(1, 2))
    out_per_group = draw(st.integers(1, 2))
    kernel_size, stride, dilation, padding, output_padding, sides, outputs = [], [], [], [], [], [], []
    for _ in range(ndim):
        k, s, d = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
        op = draw(st.integers(0, max(s, d) - 1))  # PyTorch: smaller than stride or dilation
        n = draw(st.integers(1, 1 + MAX_SIDE[ndim]))
        p = draw(st.integers(0, min(2, ((n - 1) * s + d * (k - 1) + op) // 2)))  # keeps the output >= 1
        kernel_size.append(k), stride.append(s), dilation.append(d), output_padding.append(op), sides.append(n)
        padding.append(p)
        outputs.append((n - 1) * s - 2 * p + d * (k - 1) + op + 1)
    assume(out_per_group * groups * int(np.prod(outputs)) * in_channels * int(np.prod(sides)) <= max_entries)
    uniform = len(set(padding)) == 1 and draw(st.booleans())
    return TransposeCase(
        kernel=draw(small_integers((in_channels, out_per_group, *kernel_size))),
        input_shape=(in_channels, *sides),
        stride=tuple(stride),
        padding=padding[0] if uniform else tuple(padding),
        output_padding=tuple(output_padding),
        dilation=tuple(dilation),
        groups=groups,
        order=draw(st.sampled_from(["CHW", "HWC"])),
        bias=draw(small_integers((out_per_group * groups,))),
    )


def flat(batch: np.ndarray, order: str) -> np.ndarray:
    """Flatten a batch of channels-first tensors in CHW or HWC order (numpy's own moveaxis, not symconv's)."""
    if order == "HWC":
        batch = np.moveaxis(batch, 1, -1)
    return batch.reshape(batch.shape[0], -1)


def unflat(vectors: np.ndarray, shape: tuple[int, ...], order: str) -> np.ndarray:
    """The inverse of :func:`flat`: a batch of flat vectors as channels-first tensors of ``shape``."""
    if order == "HWC":
        return np.moveaxis(vectors.reshape(vectors.shape[0], *shape[1:], shape[0]), -1, 1)
    return vectors.reshape(vectors.shape[0], *shape)


def torch_matrix(case: Any) -> np.ndarray:
    """M from PyTorch alone: the identity (one basis vector of x' per batch entry) through the case's own call."""
    size = int(np.prod(case.input_shape))
    outputs = case.torch_batch(unflat(np.eye(size), case.input_shape, case.order), use_bias=False)
    return flat(outputs, case.order).T


def sympy_to_numpy(matrix: Any) -> np.ndarray:
    return np.array(matrix.tolist(), dtype=np.float64)


def crop_rows(matrix: np.ndarray, shape: tuple[int, ...], keep: tuple[int, ...], order: str) -> np.ndarray:
    """Keep the rows of ``matrix`` (rows flattened from ``shape`` in ``order``) at spatial indices < ``keep``."""
    channels, *spatial = shape
    grid = (channels, *spatial) if order == "CHW" else (*spatial, channels)
    rows = matrix.reshape(*grid, matrix.shape[1])
    window = (slice(None), *(slice(0, n) for n in keep)) if order == "CHW" else (*(slice(0, n) for n in keep),)
    return rows[window].reshape(-1, matrix.shape[1])


# -- Conv ----------------------------------------------------------------------------------


@parity(300)
@given(conv_cases())
def test_conv_matrix_is_torch_jacobian(case):
    layer = case.layer()
    assert np.array_equal(layer.to_numpy(), torch_matrix(case))


@parity(30)
@given(conv_cases(max_entries=SMALL_ENTRIES))
def test_conv_sympy_matrix_is_torch_jacobian(case):
    layer = case.layer()
    assert np.array_equal(sympy_to_numpy(layer.matrix()), torch_matrix(case))


@parity(40)
@given(conv_cases(max_entries=SMALL_ENTRIES), st.data())
def test_conv_output_shape_and_bias_follow_torch(case, data):
    check_output_shape_and_bias(case, data)


@parity(40)
@given(conv_cases(), st.data())
def test_conv_linear_operator_passes_dot_test_against_torch(case, data):
    check_dot_test_against_torch(case, data)


def check_output_shape_and_bias(case, data):
    """apply(x) with bias equals torch's output, shape included; so does the affine matrix on x' in the case's order."""
    layer = case.layer(use_bias=True)
    x = data.draw(small_integers(case.input_shape), label="x")
    expected = case.torch_output(x)
    assert layer.output_shape == expected.shape
    assert np.array_equal(np.array(layer.apply(x).tolist(), dtype=np.float64), expected)
    homogeneous = np.array(layer.affine_matrix().tolist(), dtype=np.float64) @ np.append(flat(x[None], case.order), 1)
    assert np.array_equal(homogeneous, np.append(flat(expected[None], case.order), 1))


def check_dot_test_against_torch(case, data):
    """matvec and rmatvec equal the torch Jacobian and its transpose; <M u, v> == <u, M^T v>."""
    layer = case.layer()
    jacobian = torch_matrix(case)
    rows, cols = layer.matrix_shape
    u = data.draw(small_integers((cols,)), label="u").astype(np.float64)
    v = data.draw(small_integers((rows,)), label="v").astype(np.float64)
    operator = layer.as_linear_operator()
    assert np.array_equal(operator.matvec(u), jacobian @ u)
    assert np.array_equal(operator.rmatvec(v), jacobian.T @ v)
    assert operator.matvec(u) @ v == u @ operator.rmatvec(v)


# -- ConvTranspose ------------------------------------------------------------------------


@parity(150)
@given(transpose_cases())
def test_conv_transpose_matrix_is_torch_jacobian(case):
    layer = case.layer()
    assert np.array_equal(layer.to_numpy(), torch_matrix(case))


@parity(40)
@given(transpose_cases())
def test_conv_transpose_is_the_adjoint_conv_transposed_and_cropped(case):
    """torch's transposed convolution is M^T of the forward Conv, restricted to the first input_shape outputs."""
    layer = case.layer()
    adjoint = layer.adjoint()
    cropped = crop_rows(adjoint.to_numpy(), adjoint.output_shape, layer.input_shape[1:], layer.order)
    assert np.array_equal(cropped.T, torch_matrix(case))


@parity(20)
@given(transpose_cases(max_entries=SMALL_ENTRIES))
def test_conv_transpose_sympy_matrix_is_torch_jacobian(case):
    layer = case.layer()
    assert np.array_equal(sympy_to_numpy(layer.matrix()), torch_matrix(case))


@parity(30)
@given(transpose_cases(max_entries=SMALL_ENTRIES), st.data())
def test_conv_transpose_output_shape_and_bias_follow_torch(case, data):
    check_output_shape_and_bias(case, data)


@parity(30)
@given(transpose_cases(), st.data())
def test_conv_transpose_linear_operator_passes_dot_test_against_torch(case, data):
    check_dot_test_against_torch(case, data)


# -- torch_jacobian itself ------------------------------------------------------------------


@parity(60)
@given(conv_cases())
def test_torch_jacobian_agrees_with_torch_called_with_the_users_options(case):
    assert np.array_equal(torch_jacobian(case.layer()), torch_matrix(case))


def test_torch_jacobian_of_a_composition_is_the_product():
    first = Conv([[[1, -1]]], (1, 6))
    second = Conv([[[1, 2]]], (1, 5), padding=((1, 0),), padding_mode="reflect")
    composed = second @ first
    assert np.array_equal(torch_jacobian(composed), torch_jacobian(second) @ torch_jacobian(first))
    assert np.array_equal(composed.to_numpy(), torch_jacobian(composed))


def test_torch_jacobian_excludes_bias():
    layer = Conv([[[1, 2]]], (1, 3), bias=[5])
    assert torch_jacobian(layer).tolist() == [[1.0, 2.0, 0.0], [0.0, 1.0, 2.0]]
