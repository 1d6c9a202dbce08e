"""A deferred body's code: read through spec.cached when the cache file is good, from the loader otherwise.

Each test writes a one-module package, prepares its bytecode file (or not),
and in a fresh interpreter counts the calls that work the bytecode path out
again (``cache_from_source``): none means the shortcut read the file the
import had already found; one means the loader's own ``get_code`` ran.
"""

import py_compile

import pytest

TOUCH = """
import importhooks, _frozen_importlib_external as external
importhooks.install(["ihcode.*"])
import ihcode.mod as mod
original = external.cache_from_source
calls = []
def counting(path, *args, **kwargs):
    calls.append(path)
    return original(path, *args, **kwargs)
external.cache_from_source = counting
PATCH
print(mod.VALUE, sum(path.endswith("mod.py") for path in calls))
"""


def _package(tmp_path, value):
    package = tmp_path / "ihcode"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text("")
    source = package / "mod.py"
    source.write_text(f"VALUE = {value!r}\n")
    return source


def _touch(run, tmp_path, patch=""):
    result = run(TOUCH.replace("PATCH", patch), path=[tmp_path])
    return result.stdout.split()


def test_good_bytecode_is_read_without_working_its_path_out_again(run, tmp_path):
    py_compile.compile(str(_package(tmp_path, 1)), doraise=True)
    assert _touch(run, tmp_path) == ["1", "0"]


def test_stale_bytecode_goes_to_the_loader_and_the_new_source_runs(run, tmp_path):
    source = _package(tmp_path, 1)
    py_compile.compile(str(source), doraise=True)
    source.write_text("VALUE = 'a longer, newer body'\n")  # a different size: stale
    output = run(TOUCH.replace("PATCH", ""), path=[tmp_path]).stdout
    assert output.startswith("a longer, newer body") and output.split()[-1] == "1", output


def test_damaged_bytecode_goes_to_the_loader(run, tmp_path):
    source = _package(tmp_path, 3)
    cached = py_compile.compile(str(source), doraise=True)
    with open(cached, "r+b") as file:
        file.write(b"\0\0\0\0")  # not this interpreter's magic number
    assert _touch(run, tmp_path) == ["3", "1"]


@pytest.mark.parametrize(
    "mode",
    [py_compile.PycInvalidationMode.CHECKED_HASH, py_compile.PycInvalidationMode.UNCHECKED_HASH],
)
def test_hash_based_bytecode_goes_to_the_loader(run, tmp_path, mode):
    py_compile.compile(str(_package(tmp_path, 4)), doraise=True, invalidation_mode=mode)
    assert _touch(run, tmp_path) == ["4", "1"]


def test_without_bytecode_the_loader_compiles_the_source(run, tmp_path):
    _package(tmp_path, 5)
    assert _touch(run, tmp_path) == ["5", "1"]


def test_a_patched_loader_method_turns_the_shortcut_off(run, tmp_path):
    py_compile.compile(str(_package(tmp_path, 6)), doraise=True)
    patch = """
from importlib.machinery import SourceFileLoader
plain_get_code = SourceFileLoader.get_code
asked = []
def get_code(self, name):
    asked.append(name)
    return plain_get_code(self, name)
SourceFileLoader.get_code = get_code
import atexit
atexit.register(lambda: print("asked", asked))
"""
    result = run(TOUCH.replace("PATCH", patch), path=[tmp_path])
    assert result.stdout.split()[:2] == ["6", "1"]
    assert "asked ['ihcode.mod']" in result.stdout
