"""Module objects behave like modules: pickling, isinstance, setattr, own __getattr__ (25-27)."""

PRELUDE = """
import sys, types, importhooks, ihcount, ihfix
importhooks.install(["ihfix.*"])

def ran(name):
    return ihcount.COUNTS.get(name, 0)
"""


def test_pickle_and_cloudpickle_round_trip_before_and_after_load(run):
    """Pitfall 25: objects pickled elsewhere unpickle into a process where the module is deferred."""
    payload = run(
        """
import pickle, cloudpickle, ihfix.simple as s
print(pickle.dumps([s.double, s.Thing, s.Thing(5)]).hex(), cloudpickle.dumps([s.double, s.Thing(6)]).hex())
"""
    ).stdout.split()
    run(
        PRELUDE
        + """
import pickle, cloudpickle
import ihfix.simple as m
plain, cloudy = bytes.fromhex(sys.argv[1]), bytes.fromhex(sys.argv[2])
assert ran("ihfix.simple") == 0
double, Thing, thing = pickle.loads(plain)          # unpickling touches the deferred module
assert double(4) == 8 and thing == Thing(5) and Thing is m.Thing
assert ran("ihfix.simple") == 1 and importhooks.state("ihfix.simple") == "loaded"
double2, thing2 = cloudpickle.loads(cloudy)
assert double2 is m.double and thing2 == m.Thing(6)
# after the load: round trips within the process, both picklers
assert pickle.loads(pickle.dumps(m.double)) is m.double
assert cloudpickle.loads(cloudpickle.dumps(m.Thing(7))) == m.Thing(7)
print("ok")
""",
        args=payload,
    )


def test_cloudpickle_function_referring_to_a_deferred_module(run):
    """Pitfall 25: a __main__ function using a deferred module pickles it by reference."""
    data = run(
        PRELUDE
        + """
import cloudpickle
import ihfix.simple as dep
def uses_dep(x):
    return dep.double(x)
blob = cloudpickle.dumps(uses_dep)
assert importhooks.state("ihfix.simple") == "deferred"   # pickling did not load it
print(blob.hex())
"""
    ).stdout.split()[-1]
    run(
        """
import sys, cloudpickle
func = cloudpickle.loads(bytes.fromhex(sys.argv[1]))
assert func(21) == 42
print("ok")
""",
        args=[data],
    )


def test_module_object_identity_types_and_reduction(run):
    """Pitfall 25 (pinned): isinstance always; plain type after load; deferred module reduces by name."""
    run(
        PRELUDE
        + """
import copy, pickle, cloudpickle
import ihfix.simple as m
assert isinstance(m, types.ModuleType) and type(m).__name__ == "DeferredModule"
assert pickle.loads(pickle.dumps(m)) is m            # reduced to importlib.import_module(name)
assert copy.copy(m) is m
assert cloudpickle.loads(cloudpickle.dumps(m)) is m
assert ran("ihfix.simple") == 0
m.VALUE
assert type(m) is types.ModuleType and isinstance(m, types.ModuleType)
try:
    pickle.dumps(m)                                  # now an ordinary module: same as any module
except TypeError as exc:
    assert "module" in str(exc)
else:
    raise AssertionError("a loaded module pickled")
assert cloudpickle.loads(cloudpickle.dumps(m)) is m
print("ok")
"""
    )


def test_setattr_before_first_touch_survives_the_load(run):
    """Pitfall 26: `m.f = stub` before the touch is kept; the body does not overwrite it."""
    run(
        PRELUDE
        + """
import ihfix.simple as m
def stub(x):
    return "stubbed"
m.double = stub
m.EXTRA = "extra"
assert ran("ihfix.simple") == 0
assert m.VALUE == 42 and ran("ihfix.simple") == 1
assert m.double is stub and m.double(1) == "stubbed" and m.EXTRA == "extra"
assert m.Thing(2).value == 2
print("ok")
"""
    )


def test_mock_patch_on_a_deferred_module(run):
    """Pitfall 26: mock.patch works; its getattr is recorded as the load trigger."""
    run(
        PRELUDE
        + """
from unittest import mock
import ihfix.simple as m
with mock.patch("ihfix.simple.double", return_value="mocked") as patched:
    assert m.double(3) == "mocked" and patched.called
assert m.double(3) == 6
trigger = importhooks.stats()["modules"]["ihfix.simple"]["trigger"]
# mock.patch reads target.__dict__[name] first: a dunder, so "introspection"
assert (trigger["kind"], trigger["attr"]) == ("introspection", "__dict__"), trigger
assert "mock.py" in trigger["site"]     # the first frame outside the import machinery
print("ok")
"""
    )


def test_names_from_the_modules_own_getattr(run):
    """Pitfall 27: a deferred module whose names come from its own __getattr__."""
    run(
        PRELUDE
        + """
import ihfix.own_getattr as m
assert m.dyn_first == "DYN_FIRST"                   # first touch goes through module __getattr__
assert ran("ihfix.own_getattr") == 1
assert m.STATIC == "static" and m.dyn_other == "DYN_OTHER"
try:
    m.missing
except AttributeError as exc:
    assert "has no attribute 'missing'" in str(exc)
else:
    raise AssertionError("missing attribute")
assert not hasattr(m, "missing") and getattr(m, "missing", 1) == 1
from ihfix.own_getattr import dyn_imported
assert dyn_imported == "DYN_IMPORTED"
trigger = importhooks.stats()["modules"]["ihfix.own_getattr"]["trigger"]
assert trigger["attr"] == "dyn_first"
print("ok")
"""
    )


def test_missing_attribute_after_load_is_a_plain_attribute_error(run):
    """A name the body never defines: the normal message, hasattr False, getattr default."""
    run(
        PRELUDE
        + """
import ihfix.simple as m
assert not hasattr(m, "nope")                       # first touch: loads, then reports missing
try:
    m.nope
except AttributeError as exc:
    assert str(exc) == "module 'ihfix.simple' has no attribute 'nope'"
assert getattr(m, "nope", None) is None and ran("ihfix.simple") == 1
try:
    from ihfix.simple import nope
except ImportError as exc:
    assert "cannot import name 'nope'" in str(exc)
print("ok")
"""
    )


def test_delattr_loads_then_deletes(run):
    """Deleting a name of a deferred module runs the body first, then deletes it."""
    run(
        PRELUDE
        + """
import ihfix.simple as m
del m.VALUE
assert ran("ihfix.simple") == 1 and not hasattr(m, "VALUE")
print("ok")
"""
    )
