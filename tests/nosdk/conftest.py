"""Run code as if no provider SDK were installed.

Under ``--nosdk`` (tox env ``nosdk``) the SDKs really are absent and the
fixture checks that. Otherwise a meta-path finder placed first hides
``openai`` from the fresh interpreter, which is what an absent package looks
like to the import system.
"""

from __future__ import annotations

import importlib.util

import pytest

HIDE_SDKS = """
import sys
class _Hide:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] == "openai":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None
sys.meta_path.insert(0, _Hide())
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
