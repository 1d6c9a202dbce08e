"""`require_sdk`: a test module's provider SDK, or a skip that says why.

Environments that install only some SDKs skip the tests of the others; the
environment that installs them all sets ``INSTRUCTOR_TEST_REQUIRE_SDKS=1``,
and there a missing SDK fails the run instead of being skipped, so no skip
can hide a provider that was meant to be tested.

    anthropic = require_sdk("anthropic")   # at the top of a test module
"""

from __future__ import annotations

import importlib
import os
from types import ModuleType

import pytest

__all__ = ["require_sdk", "sdks_required"]


def sdks_required() -> bool:
    return os.environ.get("INSTRUCTOR_TEST_REQUIRE_SDKS", "") == "1"


def require_sdk(name: str) -> ModuleType:
    """Import ``name``; skip the calling module if it is absent (fail if SDKs are required)."""
    if sdks_required():
        return importlib.import_module(name)
    return pytest.importorskip(name, reason=f"the {name} SDK is not installed here")
