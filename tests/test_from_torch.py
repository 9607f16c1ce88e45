"""from_torch turns a torch.nn convolution into the symconv layer that computes exactly what it computes.

The oracle is the module itself: its Jacobian is the identity batch pushed through a
float64 copy of the module with its bias removed, so padding='same', padding modes,
groups and output padding are checked against torch's own handling of the module's
options, not against symconv's reading of them.
"""

from __future__ import annotations

import copy
import doctest
import re
import sys

import numpy as np
import pytest
import sympy

from symconv.errors import LayerError, MissingDependencyError
from symconv.layer import Conv, ConvTranspose
from symconv.torch_bridge import from_torch, torch_jacobian

torch = pytest.importorskip("torch", reason="PyTorch is not installed: pip install torch==2.13.0")
nn = torch.nn

pytestmark = [
    pytest.mark.torch,
    pytest.mark.filterwarnings("ignore:Using padding='same' with even kernel lengths:UserWarning"),
]

MODULES = [
    # (class name, constructor arguments, input shape without the batch axis)
    ("Conv1d", dict(in_channels=2, out_channels=4, kernel_size=3, stride=2, padding=1), (2, 9)),
    (
        "Conv1d",
        dict(in_channels=3, out_channels=3, kernel_size=4, padding="same", padding_mode="reflect", groups=3),
        (3, 7),
    ),
    (
        "Conv1d",
        dict(
            in_channels=2,
            out_channels=2,
            kernel_size=2,
            dilation=3,
            padding="same",
            padding_mode="circular",
            bias=False,
        ),
        (2, 6),
    ),
    ("Conv1d", dict(in_channels=1, out_channels=2, kernel_size=3, padding="valid"), (1, 5)),
    (
        "Conv2d",
        dict(in_channels=4, out_channels=6, kernel_size=(2, 3), padding="same", padding_mode="reflect", groups=2),
        (4, 4, 5),
    ),
    (
        "Conv2d",
        dict(
            in_channels=2,
            out_channels=4,
            kernel_size=3,
            stride=(2, 1),
            padding=(1, 2),
            dilation=(1, 2),
            padding_mode="replicate",
            bias=False,
        ),
        (2, 5, 6),
    ),
    ("Conv2d", dict(in_channels=2, out_channels=2, kernel_size=2, padding="same"), (2, 4, 4)),
    (
        "Conv2d",
        dict(in_channels=3, out_channels=2, kernel_size=3, stride=2, padding=2, padding_mode="circular"),
        (3, 5, 4),
    ),
    (
        "Conv3d",
        dict(in_channels=2, out_channels=4, kernel_size=2, stride=2, padding=1, groups=2, padding_mode="circular"),
        (2, 3, 4, 3),
    ),
    (
        "Conv3d",
        dict(in_channels=1, out_channels=2, kernel_size=(1, 2, 3), padding="same", padding_mode="reflect", bias=False),
        (1, 3, 3, 4),
    ),
    (
        "ConvTranspose1d",
        dict(in_channels=2, out_channels=4, kernel_size=3, stride=2, padding=1, output_padding=1),
        (2, 5),
    ),
    (
        "ConvTranspose1d",
        dict(in_channels=2, out_channels=2, kernel_size=2, dilation=3, output_padding=2, groups=2, bias=False),
        (2, 4),
    ),
    (
        "ConvTranspose2d",
        dict(
            in_channels=4,
            out_channels=6,
            kernel_size=(2, 3),
            stride=(2, 3),
            padding=(0, 1),
            output_padding=(1, 2),
            groups=2,
        ),
        (4, 3, 3),
    ),
    (
        "ConvTranspose3d",
        dict(in_channels=2, out_channels=2, kernel_size=2, stride=2, padding=1, dilation=2),
        (2, 3, 2, 3),
    ),
]


def module_id(case: tuple) -> str:
    name, options, _ = case
    return name + "(" + ", ".join(f"{key}={value}" for key, value in options.items()) + ")"


@pytest.fixture(params=MODULES, ids=[module_id(case) for case in MODULES])
def module_and_shape(request):
    name, options, input_shape = request.param
    torch.manual_seed(0)
    return getattr(nn, name)(**options), input_shape


def module_jacobian(module, input_shape) -> np.ndarray:
    """The Jacobian of the module's own forward pass (float64, bias removed), one column per basis vector."""
    without_bias = copy.deepcopy(module).double()
    without_bias.bias = None
    size = int(np.prod(input_shape))
    with torch.no_grad():
        outputs = without_bias(torch.eye(size, dtype=torch.float64).reshape(size, *input_shape))
    return outputs.reshape(size, -1).T.numpy()


def exact_rationals(tensor) -> list[sympy.Rational]:
    return [sympy.Rational(*value.as_integer_ratio()) for value in tensor.detach().double().flatten().tolist()]


# -- what from_torch returns ------------------------------------------------------------------


def test_from_torch_returns_the_matching_layer_class(module_and_shape):
    module, input_shape = module_and_shape
    layer = from_torch(module, input_shape)
    expected = ConvTranspose if type(module).__name__.startswith("ConvTranspose") else Conv
    assert type(layer) is expected
    assert layer.input_shape == input_shape


def test_matrix_is_the_module_jacobian(module_and_shape):
    module, input_shape = module_and_shape
    layer = from_torch(module, input_shape)
    assert np.array_equal(layer.to_numpy(), module_jacobian(module, input_shape))


def test_torch_jacobian_of_the_layer_is_the_module_jacobian(module_and_shape):
    module, input_shape = module_and_shape
    layer = from_torch(module, input_shape)
    assert np.array_equal(torch_jacobian(layer), module_jacobian(module, input_shape))


def test_weights_and_bias_are_the_exact_rationals_the_module_stores(module_and_shape):
    module, input_shape = module_and_shape
    layer = from_torch(module, input_shape)
    assert layer.kernel_shape == tuple(module.weight.shape)
    assert list(layer.kernel_entries) == exact_rationals(module.weight)
    if module.bias is None:
        assert layer.bias is None
    else:
        assert list(layer.bias) == exact_rationals(module.bias)
        assert [float(b) for b in layer.bias] == module.bias.detach().double().tolist()


def test_forward_pass_is_matvec_plus_bias(module_and_shape):
    """With weights and bias in multiples of 1/8 and an integer input, float64 arithmetic is exact."""
    module, input_shape = module_and_shape
    module = copy.deepcopy(module).double()
    generator = torch.Generator().manual_seed(1)
    with torch.no_grad():
        module.weight.copy_(torch.randint(-8, 9, module.weight.shape, generator=generator) / 8)
        if module.bias is not None:
            module.bias.copy_(torch.randint(-8, 9, module.bias.shape, generator=generator) / 8)
    layer = from_torch(module, input_shape)
    x = torch.randint(-3, 4, input_shape, generator=generator, dtype=torch.float64)
    with torch.no_grad():
        expected = module(x[None])[0]
    bias = np.zeros(layer.matrix_shape[0]) if layer.bias is None else np.array(layer.bias_vector, dtype=np.float64)
    assert layer.output_shape == tuple(expected.shape)
    assert np.array_equal(layer.as_linear_operator().matvec(x.numpy().ravel()) + bias, expected.numpy().ravel())


@pytest.mark.parametrize("dtype", ["float16", "bfloat16", "float32", "float64"])
def test_weights_of_every_floating_dtype_convert_exactly(dtype):
    torch.manual_seed(0)
    module = nn.Conv2d(2, 3, 2).to(getattr(torch, dtype))
    layer = from_torch(module, (2, 3, 3))
    assert list(layer.kernel_entries) == exact_rationals(module.weight)
    assert list(layer.bias) == exact_rationals(module.bias)


def test_padding_same_splits_an_odd_total_with_the_extra_after():
    layer = from_torch(nn.Conv1d(1, 1, 4, padding="same", bias=False), (1, 6))
    assert layer.padding == ((1, 2),)


# -- errors --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("module", "qualified_name"),
    [
        (nn.Linear(2, 2), "torch.nn.modules.linear.Linear"),
        (nn.MaxPool2d(2), "torch.nn.modules.pooling.MaxPool2d"),
        (nn.Sequential(nn.Conv2d(1, 1, 1)), "torch.nn.modules.container.Sequential"),
    ],
)
def test_a_module_of_another_type_is_refused_with_the_supported_types(module, qualified_name):
    expected = (
        rf"^from_torch cannot convert a {re.escape(qualified_name)}; expected one of torch\.nn\.Conv1d, "
        r"torch\.nn\.Conv2d, torch\.nn\.Conv3d, torch\.nn\.ConvTranspose1d, torch\.nn\.ConvTranspose2d, "
        r"torch\.nn\.ConvTranspose3d$"
    )
    with pytest.raises(TypeError, match=expected):
        from_torch(module, (1, 4, 4))


def test_a_lazy_module_must_run_once_first():
    with pytest.raises(LayerError, match=r"^LazyConv2d has uninitialised \(lazy\) parameters; run one forward pass"):
        from_torch(nn.LazyConv2d(2, 3), (1, 4, 4))


@pytest.mark.parametrize(
    ("function", "argument"),
    [(from_torch, "module"), (torch_jacobian, Conv([[[1, 2]]], (1, 3)))],
    ids=["from_torch", "torch_jacobian"],
)
def test_missing_torch_says_how_to_install_it(monkeypatch, function, argument):
    monkeypatch.setitem(sys.modules, "torch", None)
    name = function.__name__
    arguments = (argument, (1, 3)) if function is from_torch else (argument,)
    with pytest.raises(
        MissingDependencyError,
        match=rf"^{name} needs PyTorch, which is not installed; install it with pip install 'symconv\[torch\]'$",
    ) as error:
        function(*arguments)
    assert isinstance(error.value, ImportError)


# -- the documentation ----------------------------------------------------------------------------


@pytest.mark.parametrize("function", [from_torch, torch_jacobian], ids=lambda f: f.__name__)
def test_docstring_examples_run_with_torch(function):
    """The examples carry +SKIP so that doctests pass without torch; here they run for real."""
    test = doctest.DocTestFinder().find(function, module=sys.modules[function.__module__])[0]
    for example in test.examples:
        example.options.pop(doctest.SKIP, None)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.attempted > 0
    assert results.failed == 0
