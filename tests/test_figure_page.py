"""The interactive page in a real browser: hovering an output highlights its window, its row of M and its expression.

Headless Chromium from Debian's packages, driven by Selenium through Debian's
chromedriver (never a browser a tool downloads), loads the page from a file:// URL,
hovers each output cell (and rows of M, and moves the slider) and reads what the page
highlights and shows; the test compares that with symconv's window taps
(:meth:`~symconv.pattern.ConvPattern.window`, the columns of the row of M) and the
derivation's row string. Skipped without chromium locally; CI sets
SYMCONV_REQUIRE_BROWSER=1, which turns a missing browser into an error (tests/conftest.py).
"""

from __future__ import annotations

import pytest

from symconv.figures import figure, palette
from symconv.figures.model import all_neurons
from symconv.printing.text import TEXT_STYLE

from .conftest import browser_available, chromium_driver
from .figure_cases import ACCEPTANCE, CASES

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not browser_available(), reason="chromium, chromedriver or selenium is not installed "
                                                       "(CI installs them and sets SYMCONV_REQUIRE_BROWSER=1)"),
]


@pytest.fixture(scope="module")
def browser():
    with chromium_driver(1000, 1400) as driver:
        yield driver


def shown(driver):
    """What the page shows now: the selected row, the highlighted input cells (channel, padded, column), the text."""
    from selenium.webdriver.common.by import By

    root = driver.find_element(By.CSS_SELECTOR, ".symconv-figure")
    cells = set()
    for rect in driver.find_elements(By.CSS_SELECTOR, "rect.hl[data-role=input]"):
        padded = tuple(int(p) for p in rect.get_attribute("data-padded").split(","))
        column = rect.get_attribute("data-column")
        cells.add((int(rect.get_attribute("data-channel")), padded, None if column is None else int(column)))
    lit = driver.find_elements(By.CSS_SELECTOR, "rect.hl[data-role=output]")
    outputs = [int(rect.get_attribute("data-row")) for rect in lit]
    return (int(root.get_attribute("data-selected")), cells, outputs,
            driver.find_element(By.CSS_SELECTOR, ".symconv-expr").text)


def expected(neuron):
    return {(tap.channel, tap.padded, tap.column) for tap in neuron.taps}


@pytest.mark.parametrize("name", ACCEPTANCE)
def test_hovering_an_output_highlights_its_window_and_shows_its_expression(name, browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    case = CASES[name]
    layer = case.layer()
    page = figure(layer, neuron=case.neuron, x=case.x).save(tmp_path / "page.html")
    rows = layer.derive(case.x).rows(TEXT_STYLE)
    neurons = all_neurons(layer, case.x)
    browser.get(page.resolve().as_uri())
    prefix = browser.find_element(By.CSS_SELECTOR, ".symconv-figure").get_attribute("id")
    for neuron in neurons:
        ActionChains(browser).move_to_element(browser.find_element(By.ID, f"{prefix}-out-{neuron.row}")).perform()
        selected, cells, outputs, expression = shown(browser)
        assert selected == neuron.row and outputs == [neuron.row]
        assert cells == expected(neuron)
        # the inputs the page highlights are the columns of row s of M (the pattern's window)
        assert {column for _, _, column in cells if column is not None} == \
            set(layer.pattern.window(neuron.row).columns())
        assert expression == rows[neuron.row]
    # a row of M selects its output too
    last = neurons[-1]
    band = browser.find_element(By.CSS_SELECTOR, f'rect[data-role=matrix-row][data-row="{last.row}"]')
    ActionChains(browser).move_to_element_with_offset(band, 0, 0).click().perform()
    assert shown(browser)[0] == last.row


def test_the_slider_only_chooses_the_row(browser, tmp_path):
    from selenium.webdriver.common.by import By

    case = CASES["worked example"]
    layer = case.layer()
    page = figure(layer, x=case.x).save(tmp_path / "page.html")
    browser.get(page.resolve().as_uri())
    slider = browser.find_element(By.CSS_SELECTOR, "input.symconv-row")
    browser.execute_script("arguments[0].value = 6; arguments[0].dispatchEvent(new Event('input'));", slider)
    selected, cells, _, expression = shown(browser)
    neuron = all_neurons(layer, case.x)[6]
    assert (selected, cells, expression) == (6, expected(neuron), "4e+5f+7g+8h")
    assert browser.execute_script("return document.querySelectorAll('script[src], link, iframe, img').length") == 0


FITS_SCRIPT = """
var roles = ['input', 'kernel', 'output', 'matrix'].map(function (r) { return 'rect[data-role=' + r + ']'; });
var rects = Array.from(document.querySelectorAll(roles.join(', ')));
var misfits = [];
document.querySelectorAll('text.symconv-label').forEach(function (label) {
  var box = label.getBBox();
  var cx = box.x + box.width / 2, cy = box.y + box.height / 2;
  var cell = rects.find(function (r) {
    var x = +r.getAttribute('x'), y = +r.getAttribute('y');
    return x <= cx && cx <= x + (+r.getAttribute('width')) && y <= cy && cy <= y + (+r.getAttribute('height'));
  });
  if (!cell || box.width > +cell.getAttribute('width')) { misfits.push(label.textContent + ' ' + box.width); }
});
return [document.querySelectorAll('text.symconv-label').length, misfits];
"""


@pytest.mark.parametrize("name", ["worked example", "default symbols"])
def test_every_cell_label_fits_its_cell_as_the_browser_draws_it(name, browser, tmp_path):
    from symconv import Conv, kernel

    # default symbols are subscripted names (K[0, 0, 0, 1] prints as K_{0,0,0,1}): drawn as subscripts, they fit
    layer = CASES["worked example"].layer() if name == "worked example" else Conv(kernel((2, 1, 2, 2)), (1, 3, 3))
    page = figure(layer).save(tmp_path / "page.html")
    browser.get(page.resolve().as_uri())
    labels, misfits = browser.execute_script(FITS_SCRIPT)
    assert labels >= 9 + 8 + 8 and misfits == []


@pytest.mark.parametrize("name", ["grouped", "transposed 1-D, grouped, dilated"])
def test_the_channels_an_output_does_not_read_stay_faint_whatever_was_hovered_before(name, browser, tmp_path):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By

    case = CASES[name]
    layer = case.layer()
    page = figure(layer, neuron=case.neuron, x=case.x).save(tmp_path / "page.html")
    browser.get(page.resolve().as_uri())
    prefix = browser.find_element(By.CSS_SELECTOR, ".symconv-figure").get_attribute("id")
    neurons = all_neurons(layer, case.x)
    for neuron in [*neurons, *reversed(neurons)]:  # every group after every other
        ActionChains(browser).move_to_element(browser.find_element(By.ID, f"{prefix}-out-{neuron.row}")).perform()
        read = {tap.channel for tap in neuron.taps}
        strokes = browser.execute_script(
            "return Array.from(document.querySelectorAll('rect[data-role=input]:not(.hl)')).map(function (r) {"
            " return [+r.getAttribute('data-channel'), r.getAttribute('stroke'),"
            " r.getAttribute('data-base-stroke')]; });")
        assert strokes and all((stroke == base) if channel in read else (stroke == palette.FAINT)
                               for channel, stroke, base in strokes)
        assert {channel for channel, _, _ in strokes} != read  # some cell of another group is on the page
