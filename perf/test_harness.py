"""Tests of the benchmark harness itself (not of instructor's speed).

Collected by ``pytest perf``; ``--benchmark-only`` (``tox -e perf``) skips
them, so run ``pytest perf/test_harness.py`` to check the harness. No test
here asserts a timing: only that numbers exist, have the right shape, and
that the report draws the right conclusions from given numbers.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from perf._metrics import Target, compute, metrics_for
from perf._report import _ratio, agreement, fmt_value, regressions, text_report
from perf._runner import plan_jobs
from perf._stats import summarize
from perf._variants import Variant, run_probe, run_process

ROOT = Path(__file__).resolve().parent.parent


def test_summarize_gives_median_and_quartiles():
    s = summarize([5.0, 1.0, 3.0, 2.0, 4.0])
    assert (s["median"], s["p25"], s["p75"], s["min"], s["max"], s["n"]) == (
        3.0,
        2.0,
        4.0,
        1.0,
        5.0,
        5,
    )
    assert summarize([]) is None
    assert summarize([7.0])["p25"] == summarize([7.0])["p75"] == 7.0


def test_fmt_value_shows_spread_and_totals():
    assert fmt_value({"median": 1.234, "p25": 1.2, "p75": 1.3, "n": 5}, "ms") == "1.23 ±0.05"
    assert fmt_value({"median": 1.0, "p25": 1.0, "p75": 1.0, "n": 5, "of": 22.0}, "") == "1/22"
    assert fmt_value(None, "ms") == "-"


def test_ratio_words():
    one = {"median": 1.0}
    assert _ratio(one, {"median": 20.0}) == "20x less"
    assert _ratio({"median": 2.0}, one) == "2x MORE"
    assert _ratio(one, {"median": 1.01}) == "about the same"


def _stats(median, spread=0.05):
    return {
        "median": median,
        "p25": median * (1 - spread),
        "p75": median * (1 + spread),
        "min": median,
        "max": median,
        "n": 9,
    }


def test_regression_is_flagged_only_beyond_the_spread():
    old = {"metrics": [{"key": "import_ms", "values": {"lazy": _stats(1.0)}}]}
    row = {"key": "import_ms", "label": "import instructor", "unit": "ms"}
    noisy = {"metrics": [{**row, "values": {"lazy": _stats(1.04)}}]}
    worse = {"metrics": [{**row, "values": {"lazy": _stats(400.0)}}]}
    assert regressions(noisy, old, "old.json")["items"] == []
    assert regressions(worse, old, "old.json")["items"] == [
        "import instructor (ms): 1.00 ±0.05 -> 400 ±20"
    ]
    assert regressions(worse, None, "old.json") is None


def test_two_runs_agree_when_their_spreads_overlap():
    row = {"key": "import_ms", "label": "import instructor", "unit": "ms"}
    a = {"metrics": [{**row, "values": {"lazy": _stats(1.0)}}]}
    b = {"metrics": [{**row, "values": {"lazy": _stats(1.08)}}]}
    c = {"metrics": [{**row, "values": {"lazy": _stats(1.5)}}]}
    assert agreement(a, b)[1:] == (1, 1)
    lines, compared, agreed = agreement(a, c)
    assert (compared, agreed) == (1, 0) and lines[0].startswith("DIFFER")


def test_target_against_measured_upstream_or_reference():
    target = Target("1/5 of upstream", fraction_of_against=0.2)
    limit, text = target.threshold("import_ms", _stats(10.0))
    assert limit == pytest.approx(2.0) and "1/5 of upstream" in text
    limit, text = target.threshold("import_ms", None)
    assert limit == pytest.approx(7.6 / 5) and "reference" in text


def test_compute_reads_samples_per_variant_and_checks_targets():
    runs = [
        {"variant": v, "job": "session", "call_overhead_s": x * 1e-6}
        for v, x in [
            ("lazy", 40),
            ("lazy", 60),
            ("lazy", 50),
            ("eager", 900),
            ("eager", 1100),
        ]
    ]
    runs.append({"variant": "lazy", "job": "session", "error": "boom"})
    rows = {r["key"]: r for r in compute(metrics_for([], []), runs, ["eager", "lazy"])}
    row = rows["call_overhead_us"]
    assert row["values"]["lazy"]["median"] == pytest.approx(50)
    assert row["values"]["lazy"]["n"] == 3
    assert row["values"]["eager"]["median"] == pytest.approx(1000)
    assert row["target"]["pass"] is True


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


def test_jobs_follow_the_installed_sdks():
    v = _python_variant(
        info={"installed_providers": {"openai": "openai", "anthropic": "anthropic"}}
    )
    assert plan_jobs(v) == [
        "process",
        "import",
        "memory",
        "mode",
        "session",
        "first_use:anthropic",
        "from_provider:openai",
        "from_provider:anthropic",
    ]
    bare = Variant(
        "bare",
        "bare",
        sys.executable,
        instructor=False,
        info={"installed_providers": {"openai": "openai"}},
    )
    assert plan_jobs(bare) == ["process", "import", "session"]


@pytest.mark.slow
def test_python_m_perf_end_to_end(tmp_path):
    """One round of every scenario: the table, the JSON and the README text."""
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
    for key in ("import_ms", "traced_mb", "first_use_openai_ms", "call_overhead_us"):
        assert set(rows[key]["values"]) == {"eager", "lazy"}, key
        assert rows[key]["target"]["pass"] in (True, False)
    assert set(rows["process_ms"]["values"]) == {"bare", "eager", "lazy"}
    assert all(c["ok"] for c in result["checks"]), result["checks"]
    assert "import instructor (ms)" in proc.stdout
    assert (out / "latest.md").read_text().startswith("## Benchmarks")
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
