"""Static type checkers see the lazily served names."""

from __future__ import annotations

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


@pytest.fixture
def user_file(tmp_path):
    path = tmp_path / "user_code.py"
    path.write_text(USER_CODE)
    return path


def test_mypy_sees_lazy_names(user_file):
    pytest.importorskip("mypy")
    out = subprocess.run([sys.executable, "-m", "mypy", "--no-incremental",
                          "--ignore-missing-imports", "--follow-imports=silent",
                          str(user_file)],
                         capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "MYPYPATH": ROOT}, timeout=600)
    assert "has no attribute" not in out.stdout, out.stdout
    assert "def (client:" in out.stdout and "from_openai" not in out.stdout.split(
        "Revealed type")[0], out.stdout
    assert out.returncode == 0, out.stdout


def test_pyright_sees_lazy_names(user_file):
    exe = shutil.which("pyright") or os.path.join(os.path.dirname(sys.executable), "pyright")
    if not os.path.exists(exe):
        pytest.skip("pyright not installed")
    out = subprocess.run([exe, "--pythonpath", sys.executable, str(user_file)],
                         capture_output=True, text=True, cwd=ROOT,
                         env={**os.environ, "PYTHONPATH": ROOT}, timeout=600)
    assert "is not a known attribute" not in out.stdout, out.stdout
    assert "0 errors" in out.stdout, out.stdout
