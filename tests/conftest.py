"""Shared test set-up: optional tools skip locally, are required on CI, and are never skipped silently.

CI (``bash .ci/run``) installs PyTorch, pdflatex and Chromium and sets the ``SYMCONV_REQUIRE_*``
variables, so a missing tool fails the run there. A local ``make test`` without them skips the
tests that need them and says so, loudly, at the end of the run, with the command that gets them.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import shutil
import tempfile
from collections.abc import Iterator
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
"""Debian's Chromium: the browser tests never let a tool download a browser of its own."""
CHROMEDRIVER = "/usr/bin/chromedriver"
"""Debian's chromium-driver."""


CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync")
"""Headless, offline, no first-run chores: a browser that only shows the page it is given."""


@contextlib.contextmanager
def chromium_driver(width: int, height: int) -> Iterator[Any]:
    """Yield a Selenium driver of Debian's headless Chromium with a window of ``width`` x ``height`` pixels."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    with tempfile.TemporaryDirectory() as profile:
        for flag in (*CHROMIUM_FLAGS, f"--window-size={width},{height}", f"--user-data-dir={profile}"):
            options.add_argument(flag)
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
        try:
            yield driver
        finally:
            driver.quit()


def browser_available() -> bool:
    """True when Debian's chromium and chromedriver and the selenium package are installed."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return False
    return os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)


OPTIONAL_TOOLS = {
    # variable: (what, is it present?, how to get it)
    "SYMCONV_REQUIRE_TORCH": ("PyTorch", lambda: importlib.util.find_spec("torch") is not None,
                              ".venv/bin/pip install torch==2.13.0"),
    "SYMCONV_REQUIRE_PDFLATEX": ("pdflatex", lambda: shutil.which("pdflatex") is not None,
                                 "apt-get install texlive-latex-base texlive-latex-recommended texlive-pictures"),
    "SYMCONV_REQUIRE_BROWSER": ("Chromium with its driver (and selenium)", browser_available,
                                "apt-get install chromium chromium-driver; .venv/bin/pip install selenium"),
}


def pytest_configure(config: pytest.Config) -> None:
    for variable, (what, present, how) in OPTIONAL_TOOLS.items():
        if os.environ.get(variable) and not present():
            raise pytest.UsageError(f"{variable} is set but {what} is not installed; get it with: {how}")


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    missing = [(what, how) for what, present, how in OPTIONAL_TOOLS.values() if not present()]
    if not missing:
        return
    skipped = len(terminalreporter.stats.get("skipped", []))
    terminalreporter.write_sep("!", "NOT EVERYTHING RAN", red=True, bold=True)
    for what, how in missing:
        terminalreporter.write_line(f"{what} is not installed, so its tests were skipped; get it with: {how}",
                                    red=True)
    terminalreporter.write_line(f"{skipped} test(s) skipped in all. `bash .ci/run` installs every tool and runs "
                                "everything CI runs (it needs root for apt-get).", red=True)


@pytest.fixture
def example_layer():
    from symconv.examples import example_layer

    return example_layer()
