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

# Upstream instructor 1.17.0 on the project machine, for a target relative
# to upstream when no --against / --upstream run measured it.
REFERENCE_UPSTREAM = {"import_ms": 7.6}


@dataclass(frozen=True)
class Target:
    """A goal for the "after" (lazy) column: ``limit`` or a fraction of upstream."""

    text: str
    limit: float | None = None
    fraction_of_against: float | None = None
    strict: bool = False  # "under" rather than "at most"

    def met(self, value: float, threshold: float) -> bool:
        return value < threshold if self.strict else value <= threshold

    def verdict(self, stats: dict, threshold: float) -> str:
        """The verdict on the spread: "pass", "fail" or "unclear".

        "pass" if the middle half of the samples meets the target, "fail" if
        none of it does, "unclear" if the target lies inside it: then the
        difference is within the run's own noise, and only more samples (or
        a quieter machine) can tell.
        """
        if self.met(stats["p75"], threshold):
            return "pass"
        if not self.met(stats["p25"], threshold):
            return "fail"
        return "unclear"

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
    """Every row: the import block, then one block per provider.

    ``providers`` are those installed in any variant; ``from_provider`` those
    that also get a from_provider row.
    """
    ms, mb = 1e3, 1e-6
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
    ]
    # Imported here: the provider rows are built from this module's Metric.
    from ._metrics_providers import provider_rows

    for name in providers:
        rows += provider_rows(name, name in from_provider)
    return rows


def compute(
    metrics: list[Metric],
    runs: list[dict],
    variant_keys: list[str],
    unavailable: list[dict] | None = None,
) -> list[dict]:
    """Per metric and variant: summary statistics of the samples, and targets.

    ``unavailable`` lists (variant, job) pairs an installation does not
    offer; their cells are recorded as such (the table prints n/a).
    """
    missing = {(u["variant"], u["job"]): u["reason"] for u in unavailable or ()}
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
        gaps = {
            v: missing[(v, m.job)]
            for v in variant_keys
            if (v, m.job) in missing and (v != "bare" or m.floor)
        }
        if gaps:
            row["unavailable"] = gaps
        if m.target is not None:
            threshold, text = m.target.threshold(m.key, values.get("against"))
            after = values.get("lazy")
            verdict = "n/a" if after is None else m.target.verdict(after, threshold)
            row["target"] = {
                "text": text,
                "threshold": threshold,
                "verdict": verdict,
                "pass": {"pass": True, "fail": False}.get(verdict),
                "measured_upstream": m.target.fraction_of_against is None or "against" in values,
            }
        out.append(row)
    return out
