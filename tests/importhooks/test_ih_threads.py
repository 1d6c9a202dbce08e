"""Threads and re-entrancy (pitfalls 1-6). Each test runs in a fresh interpreter."""

import pytest

# A fresh deferred module per round: forget the old one, import again.
FRESH = """
import sys, threading, importhooks, ihcount, ihfix
importhooks.install(["ihfix.*"])

def fresh(name):
    sys.modules.pop(name, None)
    ihfix.__dict__.pop(name.rpartition(".")[2], None)
    ihcount.COUNTS.pop(name, None)
    module = __import__(name, fromlist=["_"])
    assert type(module).__name__ == "DeferredModule", type(module)
    assert importhooks.state(name) == "deferred"
    return module
"""


@pytest.mark.parametrize("threads", [16, 32])
def test_concurrent_first_touch_runs_body_once(run, threads):
    """Pitfall 1: N threads behind a barrier read the last name of a slow body."""
    run(
        FRESH
        + f"""
THREADS, ROUNDS = {threads}, 15
for round_no in range(ROUNDS):
    module = fresh("ihfix.slow")
    barrier = threading.Barrier(THREADS)
    values, errors = [], []
    def touch():
        barrier.wait()
        try:
            values.append(module.LAST)
        except BaseException as exc:
            errors.append(repr(exc))
    workers = [threading.Thread(target=touch, name=f"w{{round_no}}-{{i}}") for i in range(THREADS)]
    for w in workers: w.start()
    for w in workers: w.join(30)
    assert not any(w.is_alive() for w in workers), "hang"
    assert errors == [], errors
    assert values == ["end"] * THREADS, values
    assert ihcount.COUNTS["ihfix.slow"] == 1, ihcount.COUNTS
    record = importhooks.stats()["modules"]["ihfix.slow"]
    assert record["state"] == "loaded"
    assert record["loads"] == round_no + 1          # one load per fresh module
    assert record["trigger"]["kind"] == "attr" and record["trigger"]["attr"] == "LAST"
    assert record["trigger"]["thread"].startswith(f"w{{round_no}}-"), record["trigger"]
    assert type(module) is type(sys)
print("ok")
"""
    )


def test_concurrent_touch_of_different_attributes(run):
    """Pitfall 2 (one module): threads read different names at once; one body run."""
    run(
        FRESH
        + """
for round_no in range(10):
    module = fresh("ihfix.slow")
    names = ["FIRST", "SECOND", "LAST", "__dict__", "__doc__"] * 4
    barrier = threading.Barrier(len(names))
    errors = []
    def touch(name):
        barrier.wait()
        try:
            getattr(module, name)
        except BaseException as exc:
            errors.append(repr(exc))
    workers = [threading.Thread(target=touch, args=(n,)) for n in names]
    for w in workers: w.start()
    for w in workers: w.join(30)
    assert not any(w.is_alive() for w in workers) and errors == [], errors
    assert ihcount.COUNTS["ihfix.slow"] == 1
print("ok")
"""
    )


# cyc_a and cyc_b import each other; each body sets an early name, waits,
# then reads the other's: two threads touching one each must both finish.
TWO_THREAD_CYCLE = """
for round_no in range(ROUNDS):
    a = fresh("ihfix.cyc_a")
    b = fresh("ihfix.cyc_b")
    barrier = threading.Barrier(2)
    results, errors = {}, []
    def touch(module, name):
        barrier.wait()
        try:
            results[name] = getattr(module, name)
        except BaseException as exc:
            errors.append(repr(exc))
    workers = [
        threading.Thread(target=touch, args=(a, "A_FINAL")),
        threading.Thread(target=touch, args=(b, "B_FINAL")),
    ]
    for w in workers: w.start()
    for w in workers: w.join(20)
    assert not any(w.is_alive() for w in workers), "deadlock: a thread never finished"
    assert errors == [], errors
    assert results == {"A_FINAL": "a-final", "B_FINAL": "b-final"}, results
    assert a.SEEN_FROM_B == "b-early" and b.SEEN_FROM_A == "a-early"
    assert ihcount.COUNTS["ihfix.cyc_a"] == 1 and ihcount.COUNTS["ihfix.cyc_b"] == 1
print("ok")
"""


def test_two_modules_importing_each_other_from_two_threads(run):
    """Pitfall 2 (cycle): A touches cyc_a, B touches cyc_b, each body reads the other."""
    run(FRESH + "ROUNDS = 12\n" + TWO_THREAD_CYCLE, timeout=120)


def test_cycle_in_one_thread_behaves_like_eager_circular_import(run):
    """Pitfall 2/3: the same cycle in one thread sees the partial module, as eager import does."""
    run(
        FRESH
        + """
import ihfix.cyc_a as a
assert a.A_FINAL == "a-final"
import ihfix.cyc_b as b
assert b.SEEN_FROM_A == "a-early" and a.SEEN_FROM_B == "b-early"
assert importhooks.state("ihfix.cyc_a") == importhooks.state("ihfix.cyc_b") == "loaded"
print("ok")
"""
    )


def test_same_thread_reentrancy_matches_eager_import(run):
    """Pitfall 3: a body reading itself through sys.modules and `from . import` itself."""
    code = """
import sys, importhooks, ihcount
if sys.argv[1] == "lazy":
    importhooks.install(["ihfix.*"])
import ihfix.selfref as m
print(m.CONST, m.ALIAS, m.SAME_OBJECT, m.NOT_YET, m.MISSING_MESSAGE, ihcount.COUNTS["ihfix.selfref"], sep="|")
"""
    lazy = run(code, args=["lazy"]).stdout
    eager = run(code, args=["eager"]).stdout
    assert lazy == eager
    assert "partially initialized module 'ihfix.selfref'" in lazy


def test_two_threads_same_attribute_never_see_pending_import_error(run):
    """Pitfall 4: concurrent resolution is not mistaken for a circular import."""
    run(
        FRESH
        + """
for round_no in range(40):
    module = fresh("ihfix.slow")
    barrier = threading.Barrier(2)
    outcomes = []
    def touch():
        barrier.wait()
        try:
            outcomes.append(module.LAST)
        except BaseException as exc:
            outcomes.append(repr(exc))
    workers = [threading.Thread(target=touch) for _ in range(2)]
    for w in workers: w.start()
    for w in workers: w.join(20)
    assert outcomes == ["end", "end"], outcomes
print("ok")
"""
    )


def test_first_touch_through_the_parent_from_many_threads(run):
    """Pitfall 5: threads reach the submodule via the parent attribute; it is always there."""
    run(
        FRESH
        + """
for round_no in range(10):
    fresh("ihfix.slow")
    barrier = threading.Barrier(24)
    errors = []
    def touch():
        barrier.wait()
        try:
            assert ihfix.slow.LAST == "end"
            assert ihfix.slow is sys.modules["ihfix.slow"]
        except BaseException as exc:
            errors.append(repr(exc))
    workers = [threading.Thread(target=touch) for _ in range(24)]
    for w in workers: w.start()
    for w in workers: w.join(30)
    assert errors == [] and ihcount.COUNTS["ihfix.slow"] == 1, errors
print("ok")
"""
    )


def test_failing_body_under_concurrency(run):
    """Pitfall 6: every thread gets the original exception type, never a half module."""
    run(
        FRESH
        + """
THREADS = 16
module = fresh("ihfix.slow_fail")
barrier = threading.Barrier(THREADS)
outcomes = []
def touch():
    barrier.wait()
    try:
        module.EARLY
        outcomes.append("value")
    except BaseException as exc:
        outcomes.append(type(exc).__name__)
workers = [threading.Thread(target=touch) for _ in range(THREADS)]
for w in workers: w.start()
for w in workers: w.join(60)
assert outcomes == ["ValueError"] * THREADS, outcomes
record = importhooks.stats()["modules"]["ihfix.slow_fail"]
runs = ihcount.COUNTS["ihfix.slow_fail"]
# Like eager import, a thread that waited on a failed attempt retries it.
assert 1 <= runs <= THREADS and record["attempts"] == runs, (runs, record)
assert record["state"] == "failed" and record["last_error"].startswith("ValueError")
assert "ihfix.slow_fail" not in sys.modules and "slow_fail" not in vars(ihfix)
print("ok")
"""
    )


def test_cycle_through_an_eager_import_between_two_threads(run):
    """A deferred body imports an eager module whose body, in another thread, reads the deferred one.

    Thread A runs ihfix.mixed_deferred's body, which imports ihmixed; thread
    B is running ihmixed's body (holding the import system's lock for it),
    which reads ihfix.mixed_deferred.  Whichever way the two waits happen,
    the cycle is noticed, one side reads the other's partial namespace (as
    two eager imports would), and both finish.
    """
    run(
        FRESH
        + """
for round_no in range(12):
    sys.modules.pop("ihmixed", None)
    ihcount.COUNTS.pop("ihmixed", None)
    deferred = fresh("ihfix.mixed_deferred")
    barrier = threading.Barrier(2)
    results, errors = {}, []
    def attempt(key, read):
        barrier.wait()
        try:
            results[key] = read()
        except BaseException as exc:
            errors.append(repr(exc))
    def import_eager():
        import ihmixed
        return ihmixed.E_FINAL
    workers = [
        threading.Thread(target=attempt, args=("deferred", lambda: deferred.D_FINAL)),
        threading.Thread(target=attempt, args=("eager", import_eager)),
    ]
    for w in workers: w.start()
    for w in workers: w.join(20)
    assert not any(w.is_alive() for w in workers), "deadlock: a thread never finished"
    assert errors == [], errors
    assert results == {"deferred": "d-final", "eager": "e-final"}, results
    import ihmixed
    assert deferred.SEEN_FROM_EAGER == "e-early", deferred.SEEN_FROM_EAGER
    assert ihmixed.SEEN_FROM_DEFERRED == "d-early", ihmixed.SEEN_FROM_DEFERRED
    assert ihcount.COUNTS["ihfix.mixed_deferred"] == 1 and ihcount.COUNTS["ihmixed"] == 1
print("ok")
""",
        timeout=120,
    )


def test_deferred_cycle_is_found_without_the_import_systems_table(run):
    """If the import system's table of waits cannot be read, a cycle of deferred modules is still found."""
    blind = "import importhooks._locks as locks\nlocks._import_lock_owners = lambda tid: ()\n"
    run(FRESH + blind + "ROUNDS = 6\n" + TWO_THREAD_CYCLE, timeout=120)
