"""Type checkers see through importhooks: its own API, and names a package attach()es.

The fixture package ``ihattach`` imports its lazy names under
``if TYPE_CHECKING:`` and calls attach() only at run time, so checkers read
plain imports: real types, and a misspelt name is an error.
"""

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

USER_CODE = textwrap.dedent(
    """
    import importhooks
    import importhooks.testing
    import ihattach

    value: str = ihattach.ALPHA
    count: int = ihattach.beta.BETA
    shouted: str = ihattach.shout("x")
    wrong: int = ihattach.shout("x")
    ihattach.alphaa
    finder: importhooks.Finder = importhooks.install(["ihattach.*"])
    state: "str | None" = importhooks.state("ihattach.alpha")
    failures: "list[tuple[str, Exception]]" = importhooks.verify()
    importhooks.testing.assert_attach_matches_imports("ihattach")
    reveal_type(importhooks.attach)
    reveal_type(importhooks.install)
    """
)


@pytest.fixture
def user_file(tmp_path):
    path = tmp_path / "user_code.py"
    path.write_text(USER_CODE)
    return path


def _mypy(path):
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--no-incremental", "--follow-imports=silent",
         "--ignore-missing-imports", "--python-version", "3.10", str(path)],
        capture_output=True, text=True, cwd=path.parent, timeout=600,
        env={**os.environ, "MYPYPATH": os.pathsep.join([str(ROOT), str(FIXTURES)])},
    )


def _pyright(path):
    exe = shutil.which("pyright") or os.path.join(os.path.dirname(sys.executable), "pyright")
    config = path.parent / "pyrightconfig.json"
    config.write_text(json.dumps({"extraPaths": [str(ROOT), str(FIXTURES)]}))
    return subprocess.run([exe, "--pythonpath", sys.executable, "-p", str(config), str(path)],
                          capture_output=True, text=True, cwd=path.parent, timeout=600)


def _errors(output, marker):
    return [line for line in output.splitlines() if marker in line]


def test_mypy_types_attached_names_and_the_api(user_file):
    out = _mypy(user_file).stdout
    errors = _errors(out, ": error:")
    assert len(errors) == 2, out
    assert ':9: error: Incompatible types in assignment (expression has type "str"' in out, out
    assert ':10: error: Module has no attribute "alphaa"' in out, out
    assert "-> importhooks._finder.Finder" in out, out  # install() is typed
    assert "eager_env: str | None =) -> tuple[" in out, out  # so is attach()


def test_pyright_types_attached_names_and_the_api(user_file):
    out = _pyright(user_file).stdout
    errors = _errors(out, "- error:")
    assert len(errors) == 2, out
    assert ':9:14 - error: Type "str" is not assignable to declared type "int"' in out, out
    assert ':10:10 - error: "alphaa" is not a known attribute of module "ihattach"' in out, out
    assert "-> Finder" in out and "-> tuple[(str) -> object" in out, out
