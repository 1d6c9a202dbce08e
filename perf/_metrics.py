"""The rows of the report: what each measures, from which run, against what target.

A metric reads one number out of each probe record of one job (a scenario,
perhaps for one provider), so its samples are one per fresh interpreter; the
report quotes their median and quartiles per variant.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ._stats import summarize

__all__ = ["Metric", "Target", "compute", "metrics_for"]

# Upstream instructor 1.17.0 on the project machine, for when no --against /
# --upstream run measured it: the reference numbers.
REFERENCE_UPSTREAM = {
    "import_ms": 7.6,
    "first_use_openai_ms": 230.0,
    "call_overhead_us": 750.0,
}


@dataclass(frozen=True)
class Target:
    """A goal for the "after" (lazy) column: ``limit`` or a fraction of upstream."""

    text: str
    limit: float | None = None
    fraction_of_against: float | None = None
    strict: bool = False  # "under" rather than "at most"

    def met(self, value: float, threshold: float) -> bool:
        return value < threshold if self.strict else value <= threshold

    def threshold(self, metric_key: str, against: dict | None) -> tuple[float, str]:
        if self.fraction_of_against is None:
            return self.limit, self.text
        if against is not None:
            limit = against["median"] * self.fraction_of_against
            return limit, f"<= {limit:.3g} ({self.text})"
        base = REFERENCE_UPSTREAM[metric_key]
        limit = base * self.fraction_of_against
        return limit, f"<= {limit:.3g} ({self.text}'s {base:g}, reference)"


@dataclass(frozen=True)
class Metric:
    key: str
    label: str
    unit: str
    job: str
    extract: Callable[[dict], float | None]
    floor: bool = False  # the bare interpreter has a meaningful value
    ours_only: bool = False  # only our registries can answer it
    total: Callable[[dict], float | None] | None = None  # "loaded of total"
    target: Target | None = None
    chart: str | None = None  # short title if it goes in the chart
    group: str = ""


def _field(name: str, scale: float = 1.0):
    def extract(rec: dict):
        value = rec.get(name)
        return None if value is None else value * scale

    return extract


def _count_modules(rec: dict):
    if "n_new_modules" not in rec:
        return None
    return rec["n_new_modules"] - rec.get("n_new_deferred", 0)


def _stat(section: str, key: str):
    def extract(rec: dict):
        value = rec.get(section)
        return value.get(key) if isinstance(value, dict) else None

    return extract


def metrics_for(providers: list[str], from_provider: list[str]) -> list[Metric]:
    """Every row, given the providers installed (beyond openai) in any variant."""
    ms, us, mb = 1e3, 1e6, 1e-6
    rows = [
        Metric(
            "import_ms",
            "import instructor",
            "ms",
            "import",
            _field("import_s", ms),
            chart="import instructor",
            target=Target("1/5 of upstream", fraction_of_against=0.2),
            group="import",
        ),
        Metric(
            "process_ms",
            "python -c 'import instructor', whole process",
            "ms",
            "process",
            _field("wall_s", ms),
            floor=True,
            chart="whole process",
            group="import",
        ),
        Metric(
            "process_over_pass_ms",
            "the same minus that interpreter's python -c pass",
            "ms",
            "process",
            _field("over_pass_s", ms),
            group="import",
        ),
        Metric(
            "traced_mb",
            "tracemalloc after import",
            "MB",
            "memory",
            _field("traced_bytes", mb),
            chart="tracemalloc after import",
            target=Target("< 0.1 MB", limit=0.1, strict=True),
            group="import",
        ),
        Metric(
            "rss_mb",
            "peak RSS after import",
            "MB",
            "import",
            _field("maxrss_kb", 1024 * mb),
            floor=True,
            chart="peak RSS",
            group="import",
        ),
        Metric(
            "modules",
            "modules executed by the import",
            "",
            "import",
            _count_modules,
            group="import",
        ),
        Metric(
            "sdks",
            "provider SDKs imported by the import",
            "",
            "import",
            lambda r: len(r["sdks_imported"]) if "sdks_imported" in r else None,
            group="import",
        ),
        Metric(
            "providers_loaded",
            "providers loaded by the import",
            "",
            "import",
            _stat("providers", "loaded"),
            total=_stat("providers", "total"),
            group="import",
        ),
        Metric(
            "modes_loaded",
            "mode handlers loaded by the import",
            "",
            "import",
            _stat("modes", "loaded"),
            total=_stat("modes", "total"),
            group="import",
        ),
        Metric(
            "mode_ms",
            "from instructor import Mode",
            "ms",
            "mode",
            _field("mode_s", ms),
            chart="from instructor import Mode",
            group="import",
        ),
        Metric(
            "sdk_import_openai_ms",
            "import openai (the SDK's own cost)",
            "ms",
            "session",
            _field("sdk_import_s", ms),
            floor=True,
            group="first use",
        ),
        Metric(
            "first_use_openai_ms",
            "from_openai(OpenAI()) on top of the SDK",
            "ms",
            "session",
            _field("first_use_s", ms),
            chart="from_openai, on top of SDK",
            target=Target("<= 10 ms", limit=10.0),
            group="first use",
        ),
        Metric(
            "first_use_openai_modules",
            "modules executed by that first use",
            "",
            "session",
            _count_modules,
            group="first use",
        ),
    ]
    for name in providers:
        rows.append(
            Metric(
                f"sdk_import_{name}_ms",
                f"import {name} SDK (its own cost)",
                "ms",
                f"first_use:{name}",
                _field("sdk_import_s", ms),
                floor=True,
                group="first use",
            )
        )
        rows.append(
            Metric(
                f"first_use_{name}_ms",
                f"from_{name}(client) on top of the SDK",
                "ms",
                f"first_use:{name}",
                _field("first_use_s", ms),
                chart=f"from_{name}, on top of SDK",
                group="first use",
            )
        )
    for name in from_provider:
        rows.append(
            Metric(
                f"from_provider_{name}_ms",
                f'from_provider("{name}/...") on top of the SDK import',
                "ms",
                f"from_provider:{name}",
                _field("from_provider_s", ms),
                group="first use",
            )
        )
    rows += [
        Metric(
            "first_call_ms",
            "first create(): extra over a raw SDK call",
            "ms",
            "session",
            _field("first_call_overhead_s", ms),
            chart="first create(), extra",
            group="calls",
        ),
        Metric(
            "call_overhead_us",
            "per-call overhead over the raw SDK call",
            "us",
            "session",
            _field("call_overhead_s", us),
            chart="per-call overhead",
            target=Target("<= 100 us", limit=100.0),
            group="calls",
        ),
        Metric(
            "raw_call_us",
            "raw SDK call, mocked transport (reference)",
            "us",
            "session",
            _field("raw_call_s", us),
            floor=True,
            group="calls",
        ),
    ]
    return rows


def compute(metrics: list[Metric], runs: list[dict], variant_keys: list[str]) -> list[dict]:
    """Per metric and variant: summary statistics of the samples, and targets."""
    out = []
    for m in metrics:
        values = {}
        for v in variant_keys:
            if v == "bare" and not m.floor:
                continue
            recs = [r for r in runs if r["variant"] == v and r["job"] == m.job and "error" not in r]
            stats = summarize([m.extract(r) for r in recs])
            if stats is None:
                continue
            if m.total is not None:
                totals = [m.total(r) for r in recs if m.total(r) is not None]
                stats["of"] = max(totals) if totals else None
            values[v] = stats
        row = {
            "key": m.key,
            "label": m.label,
            "unit": m.unit,
            "group": m.group,
            "job": m.job,
            "chart": m.chart,
            "values": values,
        }
        if m.target is not None:
            threshold, text = m.target.threshold(m.key, values.get("against"))
            after = values.get("lazy")
            row["target"] = {
                "text": text,
                "threshold": threshold,
                "pass": None if after is None else m.target.met(after["median"], threshold),
                "measured_upstream": m.target.fraction_of_against is None or "against" in values,
            }
        out.append(row)
    return out
