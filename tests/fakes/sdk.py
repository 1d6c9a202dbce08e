"""`require_sdk`: a test module's provider SDK, or a skip that says why.

Environments that install only some SDKs skip the tests of the others. An
environment names the SDKs it installs in ``INSTRUCTOR_TEST_REQUIRE_SDKS``
(comma-separated module names, or ``1`` for every one), and there a missing
SDK fails the run instead of being skipped, so no skip can hide a provider
that was meant to be tested.

    anthropic = require_sdk("anthropic")   # at the top of a test module
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest

__all__ = ["require_sdk", "sdks_required"]


def sdks_required(name: str | None = None) -> bool:
    """Whether this environment must have SDK ``name`` (``None``: every SDK)."""
    value = os.environ.get("INSTRUCTOR_TEST_REQUIRE_SDKS", "")
    if value == "1":
        return True
    return name is not None and name in {n.strip() for n in value.split(",")}


def require_sdk(name: str) -> ModuleType:
    """Import ``name``; skip the calling module if it is absent (fail if it is required)."""
    if sdks_required(name):
        return importlib.import_module(name)
    return pytest.importorskip(name, reason=f"the {name} SDK is not installed here")
