"""An independent oracle: direct sliding-window sums over an explicitly padded input.

Written with numpy object arrays and plain loops over output positions and kernel
taps, sharing no code with symconv's index pattern.
"""

from __future__ import annotations

import itertools

import numpy as np
import sympy

NP_PAD_MODE = {"zeros": "constant", "circular": "wrap", "reflect": "reflect", "replicate": "edge"}


def _object_array(values, shape):
    array = np.empty(int(np.prod(shape)), dtype=object)
    array[:] = list(values)
    return array.reshape(shape)


def conv_direct(kernel, x, *, stride, padding, dilation, groups=1, padding_mode="zeros", flip=False, bias=None):
    """y[u, o] = sum_{c, t} K[u, c, t] * xpad[g*Cg + c, o*s + t*d] (cross-correlation)."""
    kernel = np.asarray(kernel, dtype=object)
    x = np.asarray(x, dtype=object)
    ndim = x.ndim - 1
    if flip:
        kernel = kernel[(slice(None), slice(None)) + (slice(None, None, -1),) * ndim]
    pad_width = [(0, 0)] + [tuple(p) for p in padding]
    if padding_mode == "zeros":
        padded = np.pad(x, pad_width, mode="constant", constant_values=sympy.Integer(0))
    else:
        padded = np.pad(x, pad_width, mode=NP_PAD_MODE[padding_mode])
    d_out, c_group = kernel.shape[:2]
    k = kernel.shape[2:]
    sizes = [(padded.shape[a + 1] - dilation[a] * (k[a] - 1) - 1) // stride[a] + 1 for a in range(ndim)]
    y = np.empty((d_out, *sizes), dtype=object)
    per_group = d_out // groups
    for u in range(d_out):
        g = u // per_group
        for o in itertools.product(*map(range, sizes)):
            total = sympy.Integer(0)
            for c in range(c_group):
                for t in itertools.product(*map(range, k)):
                    pos = tuple(o[a] * stride[a] + t[a] * dilation[a] for a in range(ndim))
                    total += kernel[(u, c, *t)] * padded[(g * c_group + c, *pos)]
            if bias is not None:
                total += bias[u]
            y[(u, *o)] = total
    return y


def conv_transpose_direct(kernel, x, *, stride, padding, output_padding, dilation, groups=1, bias=None):
    """Scatter: y[g*Co + c, o*s + t*d - p] += K[ci, c, t] * x[ci, o] (PyTorch's ConvTranspose)."""
    kernel = np.asarray(kernel, dtype=object)
    x = np.asarray(x, dtype=object)
    ndim = x.ndim - 1
    c_in, c_out_group = kernel.shape[:2]
    k = kernel.shape[2:]
    n = x.shape[1:]
    full = [(n[a] - 1) * stride[a] + dilation[a] * (k[a] - 1) + 1 + output_padding[a] for a in range(ndim)]
    sizes = [full[a] - 2 * padding[a] for a in range(ndim)]
    buffer = np.empty((c_out_group * groups, *full), dtype=object)
    buffer[...] = sympy.Integer(0)
    per_group = c_in // groups
    for ci in range(c_in):
        g = ci // per_group
        for o in itertools.product(*map(range, n)):
            for c in range(c_out_group):
                for t in itertools.product(*map(range, k)):
                    pos = tuple(o[a] * stride[a] + t[a] * dilation[a] for a in range(ndim))
                    buffer[(g * c_out_group + c, *pos)] += kernel[(ci, c, *t)] * x[(ci, *o)]
    crop = (slice(None),) + tuple(slice(padding[a], padding[a] + sizes[a]) for a in range(ndim))
    y = buffer[crop]
    if bias is not None:
        for u in range(y.shape[0]):
            y[u] = y[u] + bias[u]
    return y


def flatten(array, order):
    """x' in CHW (row-major) or HWC (channels last) order."""
    array = np.asarray(array, dtype=object)
    if order == "HWC":
        array = np.moveaxis(array, 0, -1)
    return list(array.ravel())
