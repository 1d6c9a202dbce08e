"""Tests of the benchmark harness's arithmetic and judgement (no timing).

The report must draw the right conclusions from given numbers: medians and
spreads, targets judged on the spread, comparisons only like with like.
``perf/test_probe.py`` runs the probe itself. tox runs both in the lint
environment (``tox -e perf`` runs only the microbenchmarks).
"""

from __future__ import annotations

import pytest

from perf._compare import agreement, differences, pick_baseline, regression_lines, regressions
from perf._metrics import Target, compute, metrics_for
from perf._report import _ratio, fmt_value, text_report
from perf._runner import plan_jobs
from perf._stats import summarize
from perf._variants import Variant


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
    assert "slower beyond the spread" in regression_lines(regressions(worse, old, "old.json"))[0]
    assert regression_lines(regressions(worse, None, None))[0].startswith("Not compared")


def test_a_busier_machine_is_named_as_the_likelier_cause():
    row = {"key": "import_ms", "label": "import instructor", "unit": "ms"}
    floor = {"key": "process_ms", "label": "whole process", "unit": "ms"}

    def run(after, bare, load):
        return {
            "machine": {"loadavg_start": [load]},
            "metrics": [
                {**row, "values": {"lazy": _stats(after)}},
                {**floor, "values": {"bare": _stats(bare), "lazy": _stats(bare + after)}},
            ],
        }

    quiet, busy = run(1.0, 10.0, 0.1), run(3.0, 30.0, 6.0)
    lines = regression_lines(regressions(busy, quiet, "old.json"))
    assert "import instructor (ms): 1.00 ±0.05 -> 3.00 ±0.15" in lines[1]
    assert lines[-1].startswith("  but the bare interpreter's start rose too (10.0 ±0.5")
    assert "load average 0.1 then, 6 now" in lines[-1]
    # The code slower on an equally loaded machine: no excuse is offered.
    lines = regression_lines(regressions(run(3.0, 10.0, 0.1), quiet, "old.json"))
    assert not any("bare interpreter" in line for line in lines)


def _run(host="h1", python="3.11.7", openai="3.57.0", finished="2026-01-01T10:00"):
    return {
        "format": "instructor-perf/3",
        "finished": finished,
        "machine": {"host_id": host, "cpu": "CPU", "cores": 2, "memory_gib": 8, "machine": "x86"},
        "variants": [
            {
                "key": "lazy",
                "info": {
                    "implementation": "CPython",
                    "python": python,
                    "dist_versions": {"openai": openai, "instructor": "any"},
                },
            }
        ],
    }


def test_only_a_run_of_the_same_host_interpreter_and_versions_is_a_baseline():
    new = _run()
    assert differences(new, _run()) == []
    assert differences(new, _run(host="h2")) == ["another host"]
    assert differences(new, _run(python="3.12.1")) == [
        "another interpreter (CPython 3.12.1 vs CPython 3.11.7)"
    ]
    assert differences(new, _run(openai="3.50.0")) == [
        "other SDK or library versions (openai 3.50.0 -> 3.57.0)"
    ]
    candidates = [
        ("other-host.json", _run(host="h2", finished="2026-01-03T00:00")),
        ("older.json", _run(finished="2026-01-01T00:00")),
        ("newer.json", _run(finished="2026-01-02T00:00")),
    ]
    name, data, passed_over = pick_baseline(new, candidates)
    assert name == "newer.json"
    assert passed_over == ["other-host.json: another host"]
    assert pick_baseline(new, candidates[:1])[:2] == (None, None)


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


def test_target_verdict_is_judged_on_the_spread():
    target = Target("<= 10 ms", limit=10.0)
    assert target.verdict({"p25": 6.0, "median": 7.0, "p75": 8.0}, 10.0) == "pass"
    assert target.verdict({"p25": 9.8, "median": 10.6, "p75": 11.2}, 10.0) == "unclear"
    assert target.verdict({"p25": 10.3, "median": 10.6, "p75": 10.9}, 10.0) == "fail"


def test_compute_reads_samples_per_variant_and_checks_targets():
    runs = [
        {"variant": v, "job": "calls:openai", "call_overhead_s": x * 1e-6}
        for v, x in [
            ("lazy", 40),
            ("lazy", 60),
            ("lazy", 50),
            ("eager", 900),
            ("eager", 1100),
        ]
    ]
    runs.append({"variant": "lazy", "job": "calls:openai", "error": "boom"})
    metrics = metrics_for(["openai"], [])
    rows = {r["key"]: r for r in compute(metrics, runs, ["eager", "lazy"])}
    row = rows["call_overhead_openai_us"]
    assert row["values"]["lazy"]["median"] == pytest.approx(50)
    assert row["values"]["lazy"]["n"] == 3
    assert row["values"]["eager"]["median"] == pytest.approx(1000)
    assert row["target"]["pass"] is True and row["target"]["verdict"] == "pass"


def test_a_provider_an_installation_lacks_is_not_available_not_failed():
    runs = [
        {"variant": v, "job": "calls:anthropic", "call_overhead_s": 1e-3, "first_use_s": 0.2}
        for v in ("against", "against", "against")
    ]
    unavailable = [{"variant": "lazy", "job": "calls:anthropic", "reason": "not in this build"}]
    metrics = metrics_for(["anthropic"], [])
    rows = compute(metrics, runs, ["against", "lazy"], unavailable)
    by_key = {r["key"]: r for r in rows}
    row = by_key["call_overhead_anthropic_us"]
    assert row["unavailable"] == {"lazy": "not in this build"}
    assert row["target"]["verdict"] == "n/a" and row["target"]["pass"] is None
    assert by_key["rss_first_use_anthropic_mb"]["target"]["threshold"] == 3.0
    result = {
        "variants": [
            {"key": "against", "label": "upstream"},
            {"key": "lazy", "label": "after (lazy)"},
        ],
        "metrics": rows,
        "settings": {"rounds": 3, "calls": 10},
        "machine": {"cpu": "CPU", "cores": 2},
    }
    line = next(ln for ln in text_report(result).splitlines() if "per-call overhead" in ln)
    assert "n/a" in line and "N/A <= 100 us (not in this build)" in line


def test_jobs_follow_the_installed_sdks():
    v = Variant(
        "lazy",
        "after (lazy)",
        "python",
        info={"installed_providers": {"openai": "openai", "anthropic": "anthropic"}},
    )
    assert plan_jobs(v) == [
        "process",
        "import",
        "memory",
        "mode",
        "calls:openai",
        "calls:anthropic",
        "from_provider:openai",
        "from_provider:anthropic",
    ]
    bare = Variant(
        "bare",
        "bare",
        "python",
        instructor=False,
        info={"installed_providers": {"openai": "openai", "xai": "xai_sdk"}},
    )
    # xai has first-use rows only (its SDK speaks gRPC, not httpx).
    assert plan_jobs(bare) == ["process", "import", "calls:openai", "first_use:xai"]
