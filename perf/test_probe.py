"""Tests of the probe and of a whole ``python -m perf`` run (no timing asserted).

Each test starts fresh interpreters, as the benchmark does, and checks that
the numbers exist and have the right shape, and that a provider an
installation lacks is reported as not available rather than as a failure.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from perf._docs import markdown_report
from perf._probe_providers import PROVIDERS
from perf._report import text_report
from perf._variants import Variant, run_probe, run_process

ROOT = Path(__file__).resolve().parent.parent


def _python_variant(**kw):
    return Variant("lazy", "after (lazy)", sys.executable, **kw)


def test_probe_measures_the_bare_interpreter():
    rec = run_probe(_python_variant(instructor=False), ["scenario=import"])
    assert "error" not in rec, rec
    assert rec["new_modules"] == [] and rec["maxrss_kb"] > 0 and rec["wall_s"] > 0


def test_probe_reports_a_failing_scenario_instead_of_crashing():
    rec = run_probe(_python_variant(), ["scenario=no-such-scenario"])
    assert "KeyError" in rec["error"]


def test_process_job_times_a_whole_interpreter():
    rec = run_process(_python_variant(instructor=False))
    assert "error" not in rec and rec["wall_s"] > 0


def test_calls_scenario_times_raw_and_instructor_calls_and_memory():
    pytest.importorskip("openai", reason="the calls scenario drives the openai SDK")
    rec = run_probe(_python_variant(), ["scenario=calls", "provider=openai", "calls=3"])
    assert "error" not in rec, rec.get("traceback", rec)
    for key in ("sdk_import_s", "first_use_s", "raw_call_s", "call_s", "first_call_s"):
        assert rec[key] > 0, key
    assert isinstance(rec["rss_first_use_kb"], int)
    assert "instructor" in rec["new_modules"]


def _missing_provider() -> str | None:
    """A provider of the benchmark's table that this build does not register."""
    from instructor.core.provider_registry import provider_registry

    names = set(provider_registry.names())
    for name, entry in PROVIDERS.items():
        if name not in names and "." not in entry["sdk"]:
            return name
    return None


def test_a_provider_missing_from_the_build_is_unavailable_not_an_error(tmp_path):
    """A provider our build lacks is reported as not available.

    A stand-in SDK module (any attribute is a do-nothing client) lets
    ``from_<provider>`` be called; our build answers that it lacks the
    provider, which the probe must report as n/a, not as an error.
    """
    name = _missing_provider()
    if name is None:
        pytest.skip("every provider of the benchmark's table is registered in this build")
    (tmp_path / f"{PROVIDERS[name]['sdk']}.py").write_text(
        "def __getattr__(name):\n    return lambda *args, **kwargs: object()\n"
    )
    env_path = os.pathsep.join(p for p in (str(tmp_path), os.environ.get("PYTHONPATH")) if p)
    os.environ["PYTHONPATH"], saved = env_path, os.environ.get("PYTHONPATH")
    try:
        rec = run_probe(_python_variant(), ["scenario=first_use", f"provider={name}"])
    finally:
        if saved is None:
            del os.environ["PYTHONPATH"]
        else:
            os.environ["PYTHONPATH"] = saved
    assert "error" not in rec, rec
    assert "not in this build" in rec["unavailable"]


@pytest.mark.slow
def test_python_m_perf_end_to_end(tmp_path):
    """One round of every scenario: the table, the JSON and the Markdown report."""
    out = tmp_path / "results"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "perf",
            "--repeat",
            "1",
            "--calls",
            "3",
            "--no-chart",
            "--no-importhooks",
            # Two providers stand for all (every one adds fresh interpreters
            # per variant, and an eager one imports every SDK): openai's
            # rows from this table, bedrock's from a family file, with its
            # service-model count.
            "--providers",
            "openai,bedrock",
            "--out",
            str(out),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads((out / "latest.json").read_text())
    assert [v["key"] for v in result["variants"]] == ["bare", "eager", "lazy"]
    assert not result["errors"], result["errors"]
    rows = {r["key"]: r for r in result["metrics"]}
    for key in ("import_ms", "traced_mb", "first_use_openai_ms", "call_overhead_openai_us"):
        assert set(rows[key]["values"]) == {"eager", "lazy"}, key
        assert rows[key]["target"]["pass"] in (True, False)
    assert set(rows["process_ms"]["values"]) == {"bare", "eager", "lazy"}
    assert set(rows["raw_call_openai_us"]["values"]) == {"bare", "eager", "lazy"}
    assert "lazy" in rows["rss_first_use_openai_mb"]["values"]
    if "first_use_model_loads_bedrock" in rows:  # boto3 installed
        assert rows["first_use_model_loads_bedrock"]["target"]["pass"] is True
    assert all(c["ok"] for c in result["checks"]), result["checks"]
    assert "import instructor (ms)" in proc.stdout
    assert "Not compared with an earlier run" in proc.stdout
    assert (out / "latest.md").read_text().startswith("# Benchmarks")
    assert markdown_report(result, "latest.json").count("| import instructor (ms) |") == 1
    assert text_report(result).splitlines()[0].split() == [
        "bare",
        "python",
        "before",
        "(eager)",
        "after",
        "(lazy)",
        "after",
        "vs",
        "before",
        "target",
        "(after)",
    ]
