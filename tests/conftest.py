"""Shared test set-up: optional tools (torch, pdflatex) skip locally but are required on CI."""

from __future__ import annotations

import os
import shutil

import pytest


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("SYMCONV_REQUIRE_TORCH"):
        try:
            import torch  # noqa: F401
        except ImportError:
            raise pytest.UsageError("SYMCONV_REQUIRE_TORCH is set but torch is not installed") from None
    if os.environ.get("SYMCONV_REQUIRE_PDFLATEX") and shutil.which("pdflatex") is None:
        raise pytest.UsageError("SYMCONV_REQUIRE_PDFLATEX is set but pdflatex is not installed")


@pytest.fixture
def example_layer():
    from symconv.examples import example_layer

    return example_layer()
