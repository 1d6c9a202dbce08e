"""Run code as if no provider SDK were installed.

Under ``--nosdk`` (tox env ``nosdk``) the SDKs really are absent and the
fixture checks that. Otherwise ``sys.modules["openai"] = None`` (for every
SDK a built-in provider names) hides the SDKs from the fresh interpreter:
``import openai`` then raises ModuleNotFoundError and ``find_spec("openai")``
answers None, as for a package that is not installed.
"""

from __future__ import annotations

import importlib.util

import pytest

# Run before anything else in the child (instructor not imported yet, so that
# INSTRUCTOR_EAGER=1 meets the hidden SDKs); the names come from the parent.
HIDE_SDKS = """
import sys
for _sdk in {names!r}:
    sys.modules[_sdk] = None  # what the import system reports for an absent package
del _sdk
"""


def sdk_names():
    from instructor.providers import BUILTIN_PROVIDERS

    return [sdk for config in BUILTIN_PROVIDERS for sdk in config.sdk]


@pytest.fixture
def python_nosdk(python, pytestconfig):
    if pytestconfig.getoption("--nosdk"):
        for sdk in sdk_names():
            try:
                found = importlib.util.find_spec(sdk)
            except ModuleNotFoundError:  # its parent package is absent too
                found = None
            assert found is None, f"--nosdk but {sdk} is installed"
        prelude = ""
    else:
        prelude = HIDE_SDKS.format(names=sdk_names())

    def run(code, **kw):
        import textwrap

        return python(prelude + textwrap.dedent(code), **kw)

    return run
