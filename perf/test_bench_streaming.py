"""Tests of the streaming benchmark's harness (never of a timing).

Collected by ``pytest perf``: the probe runs and checks what instructor
streamed, and the table draws the right conclusions from given numbers.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from perf import bench_streaming


def _summary(values: dict) -> dict:
    """A summary as `bench_streaming.run` makes it, from medians per cell."""
    results = []
    for (variant, kb), overhead in values.items():
        results.append({
            "variant": variant, "scenario": "partial-tools", "kb": kb, "bytes": kb * 1000,
            "chunks": kb * 25, "rounds": [3], "instructor_version": "1.17.0",
            "overhead_us": {"median": overhead, "p25": overhead - 1, "p75": overhead + 1, "n": 3},
            "raw_us": {"median": 150.0, "p25": 149.0, "p75": 151.0, "n": 3},
        })
    return {"results": results, "scenarios": ["partial-tools"], "sizes": [5, 20, 80],
            "repeat": 3, "duration_s": 1.0, "errors": []}


def test_the_table_gives_growth_and_ratio_against_upstream():
    summary = _summary({("ours", 5): 10.0, ("ours", 20): 10.0, ("ours", 80): 12.0,
                        ("upstream", 5): 20.0, ("upstream", 20): 80.0, ("upstream", 80): 320.0})
    text = bench_streaming.table(summary)
    assert "upstream 1.17.0" in text.splitlines()[0]
    row80 = next(line for line in text.splitlines() if "80 KB" in line)
    assert "12.0 ±1.0" in row80 and "320 ±1" in row80 and "26.7x less" in row80
    growth = next(line for line in text.splitlines() if "growth" in line)
    assert "1.20x" in growth and "4.00x" in growth
    markdown = bench_streaming.table(summary, markdown=True)
    assert markdown.startswith("|  | output | chunks |")
    assert markdown.count("\n") == 5  # head, rule, three sizes, growth


def test_the_table_without_upstream_and_a_slower_ours():
    text = bench_streaming.table(_summary({("ours", 20): 5.0, ("ours", 80): 5.0}))
    assert "upstream" not in text and "1.00x" in text
    worse = _summary({("ours", 20): 40.0, ("upstream", 20): 10.0})
    assert "4.0x more" in bench_streaming.table(worse)


@pytest.mark.parametrize("scenario", sorted(bench_streaming.SCENARIOS))
def test_the_probe_streams_every_scenario_through_instructor(scenario, tmp_path):
    proc = subprocess.run(
        [sys.executable, str(bench_streaming.PROBE), scenario, "3000", "1", "0"],
        cwd=tmp_path, capture_output=True, text=True, timeout=120, check=False,
    )
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "error" not in result, result.get("traceback")
    assert result["chunks"] == -(-result["bytes"] // 40)
    assert len(result["raw_s"]) == len(result["ours_s"]) == 1
    assert proc.stderr == ""  # no warnings (an async stream left open...)
