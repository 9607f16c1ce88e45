"""Shared test set-up: optional tools (torch, pdflatex, a browser) skip locally but are required on CI."""

from __future__ import annotations

import os
import shutil

import pytest

CHROMIUM = "/usr/bin/chromium"
"""Debian's Chromium: the browser tests never let a tool download a browser of its own."""
CHROMEDRIVER = "/usr/bin/chromedriver"
"""Debian's chromium-driver."""


def browser_available() -> bool:
    """True when Debian's chromium and chromedriver and the selenium package are installed."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return False
    return os.access(CHROMIUM, os.X_OK) and os.access(CHROMEDRIVER, os.X_OK)


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("SYMCONV_REQUIRE_TORCH"):
        try:
            import torch  # noqa: F401
        except ImportError:
            raise pytest.UsageError("SYMCONV_REQUIRE_TORCH is set but torch is not installed") from None
    if os.environ.get("SYMCONV_REQUIRE_PDFLATEX") and shutil.which("pdflatex") is None:
        raise pytest.UsageError("SYMCONV_REQUIRE_PDFLATEX is set but pdflatex is not installed")
    if os.environ.get("SYMCONV_REQUIRE_BROWSER") and not browser_available():
        raise pytest.UsageError(f"SYMCONV_REQUIRE_BROWSER is set but {CHROMIUM}, {CHROMEDRIVER} or selenium is "
                                "missing (Debian: apt-get install chromium chromium-driver; pip install selenium)")


@pytest.fixture
def example_layer():
    from symconv.examples import example_layer

    return example_layer()
