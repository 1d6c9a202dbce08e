"""The schedule: which probe runs, in which order, how many times.

Every (variant, job) pair runs once to warm caches (bytecode, the OS page
cache) and to learn its cost; then each round runs every job for every
variant, variants interleaved and their order rotated from round to round,
so slow drift of the machine lands on all variants alike.
"""

from __future__ import annotations

from ._probe_providers import CALLS, PROVIDERS
from ._variants import Variant, run_probe, run_process

__all__ = ["FROM_PROVIDER", "plan_jobs", "run_rounds"]

# Jobs whose numbers do not vary between interpreters need fewer of them:
# tracemalloc's count of an import is exact (its spread has always been
# 0.0), and tracing the eager import of every provider takes seconds.
ROUNDS_AT_MOST = {"memory": 5}

# Providers with a from_provider("<name>/<model>") row.
FROM_PROVIDER = tuple(name for name, entry in PROVIDERS.items() if entry["model"])


def plan_jobs(variant: Variant) -> list[str]:
    """The jobs worth running for ``variant`` (its installed SDKs decide).

    A provider of the CALLS table gets one ``calls`` job (first use, first
    call, steady calls); any other installed provider a ``first_use`` job.
    """
    installed = variant.info.get("installed_providers", {})
    chosen = variant.info.get("selected_providers")  # --providers, if given
    jobs = ["process", "import"]
    if variant.instructor:
        jobs += ["memory", "mode"]
    ordered = [p for p in PROVIDERS if p in installed and (chosen is None or p in chosen)]
    jobs += [f"calls:{p}" if p in CALLS else f"first_use:{p}" for p in ordered]
    if variant.instructor:
        jobs += [f"from_provider:{p}" for p in FROM_PROVIDER if p in ordered]
    return jobs


def _args(job: str, calls: int) -> list[str]:
    scenario, _, provider = job.partition(":")
    args = [f"scenario={scenario}"]
    if provider:
        args.append(f"provider={provider}")
    if scenario == "calls":
        args.append(f"calls={calls}")
    return args


def _run(variant: Variant, job: str, calls: int) -> dict:
    if job == "process":
        return run_process(variant)
    return run_probe(variant, _args(job, calls))


def _keep(record: dict, variant: Variant, job: str, round_no: int, examples: dict) -> dict:
    """Tag a record; keep long module lists once per (variant, job)."""
    record.update(variant=variant.key, job=job, round=round_no)
    new = record.pop("new_modules", None)
    deferred = set(record.pop("deferred_modules", None) or ())
    if new is not None:
        record["n_new_modules"] = len(new)
        record["n_new_deferred"] = len(deferred.intersection(new))
        examples.setdefault(
            f"{variant.key}:{job}",
            {
                "executed": sorted(set(new) - deferred),
                "deferred": sorted(deferred.intersection(new)),
            },
        )
    record.pop("traceback", None)
    return record


def run_rounds(variants: list[Variant], rounds: int, calls: int, progress) -> dict:
    """Warm up, then ``rounds`` interleaved rounds; returns runs and errors.

    A job the warm-up finds unavailable for a variant (a provider that
    installation does not offer) is not run again and is reported apart
    from errors.
    """
    order: list[str] = []
    plans = {v.key: plan_jobs(v) for v in variants}
    for v in variants:
        order += [j for j in plans[v.key] if j not in order]
    # Scenario order inside a round: cheap ones first so problems show early.
    cost: dict[tuple[str, str], float] = {}
    errors: list[str] = []
    unavailable: list[dict] = []
    examples: dict = {}
    progress.note("warm-up: every variant and scenario once (not counted)")
    for job in order:
        for v in variants:
            if job not in plans[v.key]:
                continue
            progress.update("warm-up", f"{v.label}: {job}")
            rec = _run(v, job, calls)
            if "unavailable" in rec:
                unavailable.append({"variant": v.key, "job": job, "reason": rec["unavailable"]})
                progress.note(f"  {v.label}, {job}: not available ({rec['unavailable']})")
                continue
            if "error" in rec:
                errors.append(f"{v.label}, {job}: {rec['error']} (left out)")
                progress.note(f"  {v.label}, {job} failed, left out: {rec['error']}")
                continue
            cost[(v.key, job)] = rec["wall_s"]

    def rounds_of(job: str) -> int:
        return min(rounds, ROUNDS_AT_MOST.get(job, rounds))

    progress.begin(sum(c * rounds_of(job) for (_, job), c in cost.items()))
    runs: list[dict] = []
    failures: dict[tuple[str, str], int] = {}
    for r in range(rounds):
        for job in order:
            todo = [v for v in variants if (v.key, job) in cost and r < rounds_of(job)]
            if not todo:
                continue
            shift = r % len(todo)
            for v in todo[shift:] + todo[:shift]:
                progress.update(f"round {r + 1}/{rounds}", f"{v.label}: {job}", 0.0)
                rec = _run(v, job, calls)
                if "unavailable" in rec:  # it was there in the warm-up
                    rec["error"] = "became unavailable: " + rec.pop("unavailable")
                runs.append(_keep(rec, v, job, r, examples))
                if "error" in rec:
                    failures[(v.label, job)] = failures.get((v.label, job), 0) + 1
                    last_error = rec["error"]
                    progress.note(f"  {v.label}, {job} failed: {last_error}")
                progress.update(f"round {r + 1}/{rounds}", f"{v.label}: {job}", cost[(v.key, job)])
    errors += [
        f"{label}, {job}: failed in {n} of {rounds_of(job)} rounds"
        for (label, job), n in failures.items()
    ]
    return {
        "runs": runs,
        "errors": errors,
        "unavailable": unavailable,
        "examples": examples,
        "jobs": order,
    }
