r"""The bridge to PyTorch: a symconv layer from a ``torch.nn`` convolution, and torch's own Jacobian.

PyTorch is optional: it is imported only when one of these functions is called, and
its absence raises :class:`~symconv.errors.MissingDependencyError` with the command
that installs it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from .errors import LayerError, MissingDependencyError
from .layer import Composed, Conv, ConvTranspose
from .numeric import numeric_values

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Sequence

    from .layer import Layer

INSTALL_HINT = "pip install 'symconv[torch]'"

_CONV_TYPES = ("Conv1d", "Conv2d", "Conv3d")
_TRANSPOSE_TYPES = ("ConvTranspose1d", "ConvTranspose2d", "ConvTranspose3d")

_JACOBIAN_BATCH = 4096
"""``torch_jacobian`` pushes at most this many basis vectors through torch at once."""


def _import_torch(caller: str) -> Any:
    try:
        import torch
    except ImportError:
        raise MissingDependencyError(
            f"{caller} needs PyTorch, which is not installed; install it with {INSTALL_HINT}"
        ) from None
    return torch


def from_torch(module: Any, input_shape: Sequence[int]) -> Conv | ConvTranspose:
    r"""Return the symconv layer that computes what a ``torch.nn`` convolution computes.

    Parameters
    ----------
    module : torch.nn.Module
        An ``nn.Conv1d``, ``nn.Conv2d``, ``nn.Conv3d``, ``nn.ConvTranspose1d``,
        ``nn.ConvTranspose2d`` or ``nn.ConvTranspose3d`` (on any device, of any
        floating dtype).
    input_shape : sequence of int
        The shape of one input without the batch axis: ``(C, n1[, n2[, n3]])``.

    Returns
    -------
    Conv or ConvTranspose
        A layer with the module's weights and bias as exact rationals, and its stride,
        padding (ints, ``'same'`` or ``'valid'``), padding mode, dilation, groups and,
        for a transposed convolution, output padding.

    Raises
    ------
    TypeError
        If ``module`` is not one of the six supported convolutions.
    LayerError
        If the module's parameters are not initialised yet (a lazy module), or its
        options do not fit ``input_shape`` (a kernel larger than the padded input, say).
    ShapeError
        If ``input_shape`` does not match the module (its rank or its channels).
    MissingDependencyError
        If PyTorch is not installed.

    Notes
    -----
    ``nn.Conv*`` computes a cross-correlation,

    .. math:: y_{u, o} = b_u + \sum_{c, t} K_{u, c, t}\, \tilde x_{g(u) C_g + c,\; o s + t d},

    with :math:`\tilde x` the input padded as ``padding_mode`` says, so the layer is a
    :class:`~symconv.Conv` with ``flip=False``; ``nn.ConvTranspose*`` uses the same
    weight layout ``(C_in, C_out/groups, k...)`` as :class:`~symconv.ConvTranspose`.
    Both flatten channels first (``order="CHW"``).

    Each weight is converted to float64 (exactly: every float32, float16 and
    bfloat16 is a float64) and then to the rational number it stores, so
    ``float(entry)`` gives the weight back bit for bit, and the matrix of the layer
    equals the Jacobian of the module's forward pass without its bias.

    Subclasses of these modules are accepted and read through the same attributes,
    so a subclass whose ``forward`` does something else (a QAT module that
    fake-quantises its weights, say) is converted as the plain convolution.

    The example needs PyTorch, which the doctest run does not require: its lines after the
    import are marked ``+SKIP`` there, and ``tests/test_docstrings.py`` runs them whenever
    PyTorch is installed.

    Examples
    --------
    >>> from symconv.torch_bridge import from_torch
    >>> import torch  # doctest: +SKIP
    >>> module = torch.nn.Conv2d(1, 1, 2, bias=False)  # doctest: +SKIP
    >>> with torch.no_grad():  # doctest: +SKIP
    ...     _ = module.weight.copy_(torch.tensor([[[[0.5, -1.0], [2.0, 0.25]]]]))
    >>> layer = from_torch(module, (1, 3, 3))  # doctest: +SKIP
    >>> layer.output_shape  # doctest: +SKIP
    (1, 2, 2)
    >>> layer.matrix()[0, :]  # doctest: +SKIP
    Matrix([[1/2, -1, 0, 2, 1/4, 0, 0, 0, 0]])
    """
    torch = _import_torch("from_torch")
    nn = torch.nn
    conv_types = tuple(getattr(nn, name) for name in _CONV_TYPES)
    transpose_types = tuple(getattr(nn, name) for name in _TRANSPOSE_TYPES)
    if not isinstance(module, conv_types + transpose_types):
        raise TypeError(
            f"from_torch cannot convert a {type(module).__module__}.{type(module).__qualname__}; "
            f"expected one of torch.nn.{', torch.nn.'.join(_CONV_TYPES + _TRANSPOSE_TYPES)}"
        )
    if isinstance(module.weight, nn.parameter.UninitializedParameter):
        raise LayerError(
            f"{type(module).__name__} has uninitialised (lazy) parameters; "
            "run one forward pass through it before calling from_torch"
        )
    weight = _exact_numpy(module.weight)
    bias = None if module.bias is None else _exact_numpy(module.bias)
    if isinstance(module, transpose_types):
        return ConvTranspose(
            weight,
            input_shape,
            stride=tuple(module.stride),
            padding=tuple(module.padding),
            output_padding=tuple(module.output_padding),
            dilation=tuple(module.dilation),
            groups=module.groups,
            bias=bias,
        )
    padding = module.padding if isinstance(module.padding, str) else tuple(module.padding)
    return Conv(
        weight,
        input_shape,
        stride=tuple(module.stride),
        padding=padding,
        dilation=tuple(module.dilation),
        groups=module.groups,
        padding_mode=module.padding_mode,
        bias=bias,
    )


def _exact_numpy(tensor: Any) -> np.ndarray:
    """A float64 numpy copy of a tensor: exact for every floating dtype torch layers use."""
    import torch

    return tensor.detach().to(torch.float64).cpu().numpy()


def torch_jacobian(layer: Layer) -> np.ndarray:
    r"""Return the dense float64 Jacobian of PyTorch's own computation of ``layer``, without bias.

    The Jacobian is built by pushing the identity (every basis vector of x') through
    ``torch.nn.functional``: ``F.pad`` for a padding mode other than zeros or
    uneven padding, then ``F.conv1d/2d/3d`` (the kernel flipped with ``torch.flip``
    for ``flip=True``) or ``F.conv_transpose1d/2d/3d``, in float64, with the
    channels moved last and back for ``order="HWC"``. A :class:`~symconv.layer.Composed`
    layer applies its factors in turn. Nothing here reads symconv's index pattern or
    matrices, so it is an independent oracle for :meth:`~symconv.layer.Layer.to_numpy`.

    Parameters
    ----------
    layer : Layer
        A :class:`~symconv.Conv`, :class:`~symconv.ConvTranspose` or a product of them,
        with a numeric kernel.

    Returns
    -------
    numpy.ndarray
        J of shape ``layer.matrix_shape`` with y' = J x' + b.

    Raises
    ------
    EntryError
        If the kernel is symbolic (a ``TypeError``): PyTorch computes with numbers.
    TypeError
        If a factor is not a :class:`~symconv.Conv` or :class:`~symconv.ConvTranspose`.
    MissingDependencyError
        If PyTorch is not installed.

    Notes
    -----
    Column :math:`j` of J is the output (without bias) for the input
    :math:`x' = e_j`; the batch axis carries the basis vectors, at most
    4096 at a time.

    The example's last line needs PyTorch: it is marked ``+SKIP`` for the doctest run, and
    ``tests/test_docstrings.py`` runs it whenever PyTorch is installed.

    Examples
    --------
    >>> from symconv import Conv
    >>> from symconv.torch_bridge import torch_jacobian
    >>> torch_jacobian(Conv([[[1, 2]]], (1, 3)))  # doctest: +SKIP
    array([[1., 2., 0.],
           [0., 1., 2.]])
    """
    torch = _import_torch("torch_jacobian")
    for factor in layer.factors:
        numeric_values(getattr(factor, "kernel_entries", ()), dtype=float)  # an EntryError for a symbol
    rows, cols = layer.matrix_shape
    jacobian = np.empty((rows, cols), dtype=np.float64)
    c, *spatial = layer.input_shape
    with torch.no_grad():
        for start in range(0, cols, _JACOBIAN_BATCH):
            stop = min(start + _JACOBIAN_BATCH, cols)
            basis = torch.zeros((stop - start, cols), dtype=torch.float64)
            basis[torch.arange(stop - start), torch.arange(start, stop)] = 1.0
            if layer.order == "CHW":
                x = basis.reshape(stop - start, c, *spatial)
            else:
                x = torch.movedim(basis.reshape(stop - start, *spatial, c), -1, 1)
            y = _torch_forward(torch, layer, x)
            if layer.order == "HWC":
                y = torch.movedim(y, 1, -1)
            jacobian[:, start:stop] = y.reshape(stop - start, rows).T.numpy()
    return jacobian


def _torch_forward(torch: Any, layer: Any, x: Any) -> Any:
    """Apply the layer's operation (without bias) to a channels-first float64 batch."""
    functional = torch.nn.functional
    if isinstance(layer, Composed):
        return _torch_forward(torch, layer.second, _torch_forward(torch, layer.first, x))
    weight = torch.tensor([float(entry) for entry in layer.kernel_entries], dtype=torch.float64).reshape(
        layer.kernel_shape
    )
    ndim = len(layer.kernel_shape) - 2
    if isinstance(layer, ConvTranspose):
        transpose = getattr(functional, f"conv_transpose{ndim}d")
        return transpose(
            x,
            weight,
            stride=layer.stride,
            padding=layer.padding,
            output_padding=layer.output_padding,
            groups=layer.groups,
            dilation=layer.dilation,
        )
    if not isinstance(layer, Conv):
        raise TypeError(
            f"torch_jacobian cannot compute a {type(layer).__name__}; expected Conv, ConvTranspose or a product of them"
        )
    if layer.flip:
        weight = torch.flip(weight, dims=tuple(range(2, 2 + ndim)))
    conv = getattr(functional, f"conv{ndim}d")
    symmetric = all(before == after for before, after in layer.padding)
    if layer.padding_mode == "zeros" and symmetric:
        padding = tuple(before for before, _ in layer.padding)
    else:
        # F.pad lists (before, after) from the last axis to the first.
        pad = [side for pair in reversed(layer.padding) for side in pair]
        mode = "constant" if layer.padding_mode == "zeros" else layer.padding_mode
        x = functional.pad(x, pad, mode=mode)
        padding = (0,) * ndim
    return conv(x, weight, stride=layer.stride, padding=padding, dilation=layer.dilation, groups=layer.groups)
