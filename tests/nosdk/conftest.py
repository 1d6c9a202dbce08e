"""Run code as if no provider SDK were installed.

Under ``--nosdk`` (tox env ``nosdk``) the SDKs really are absent and the
fixture checks that. Otherwise ``sys.modules["openai"] = None`` hides
the SDK from the fresh interpreter: ``import openai`` then raises
ModuleNotFoundError and ``find_spec("openai")`` answers None, as for a
package that is not installed.
"""

from __future__ import annotations

import importlib.util

import pytest

HIDE_SDKS = """
import sys
sys.modules["openai"] = None  # what the import system reports for an absent package
"""


@pytest.fixture
def python_nosdk(python, pytestconfig):
    if pytestconfig.getoption("--nosdk"):
        assert importlib.util.find_spec("openai") is None, "--nosdk but openai is installed"
        prelude = ""
    else:
        prelude = HIDE_SDKS

    def run(code, **kw):
        import textwrap

        return python(prelude + textwrap.dedent(code), **kw)

    return run
