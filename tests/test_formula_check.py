"""symconv's own printed rule can be copied, edited and checked: formula().text() reads back as a correct rule.

The checker's rule language uses the letters and sizes that ``layer.formula()`` prints, so
the printed rule of any zero-padded layer (1-D to 3-D, stride, dilation, groups, flip,
either order, transposed) checks as correct, and an edited copy is checked entry by entry.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from symconv import Conv, ConvTranspose, check, kernel


@st.composite
def zero_padded_layers(draw):
    ndim = draw(st.integers(1, 3))
    groups = draw(st.sampled_from([1, 2]))
    ks = [draw(st.integers(1, 3)) for _ in range(ndim)]
    ss = [draw(st.integers(1, 2)) for _ in range(ndim)]
    ds = [draw(st.integers(1, 2)) for _ in range(ndim)]
    ns = [draw(st.integers(d * (k - 1) + 1, d * (k - 1) + 3)) for k, d in zip(ks, ds)]
    order = draw(st.sampled_from(["CHW", "HWC"]))
    if draw(st.booleans()):
        return ConvTranspose(kernel((groups, 1, *ks)), (groups, *[max(1, n - 2) for n in ns]), stride=tuple(ss),
                             dilation=tuple(ds), groups=groups, order=order)
    pads = tuple(draw(st.integers(0, 1)) for _ in range(ndim))
    return Conv(kernel((groups, 1, *ks)), (groups, *ns), stride=tuple(ss), dilation=tuple(ds), padding=pads,
                groups=groups, order=order, flip=draw(st.booleans()))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(zero_padded_layers())
def test_the_printed_rule_checks_as_correct(layer):
    report = check(layer, layer.formula().text(), kind="formula")
    assert report.ok, (repr(layer), layer.formula().text(), report.text())


def test_an_edited_copy_of_the_printed_rule_is_checked_and_diagnosed():
    layer = Conv(kernel((2, 1, 2, 2), "a:h"), (1, 3, 3))
    printed = layer.formula().text()
    edited = printed.replace("j - v", "v - j").replace("k - w", "w - k")  # the question's reversed offsets
    report = check(layer, edited, kind="formula")
    assert not report.ok and report.wrong > 0
    assert [diagnosis.kinds for diagnosis in report.diagnoses] == [("offset",)], report.text()
    assert np.isfinite(report.compared)
