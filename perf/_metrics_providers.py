"""The rows of one provider's block: its SDK's own costs, then instructor's on top."""

from __future__ import annotations

from ._metrics import Metric, Target, _count_modules, _field
from ._probe_providers import CALLS, PROVIDERS

__all__ = ["provider_rows"]


def provider_rows(name: str, from_provider: bool) -> list[Metric]:
    """One provider's block: first use, memory, from_provider, calls.

    The targets are the same for every provider: first use at most 10 ms
    over the SDK import, at most 100 µs per call over the raw SDK call, and
    the memory bound its CALLS entry sets.
    """
    ms, us, mb = 1e3, 1e6, 1e-6
    entry = PROVIDERS[name]
    calls = CALLS.get(name)
    job = f"calls:{name}" if calls else f"first_use:{name}"
    factory = entry["factory"]
    rows = [
        Metric(
            f"sdk_import_{name}_ms",
            f"import {entry['sdk']} (the SDK's own cost{_import_note(entry)})",
            "ms",
            job,
            _field("sdk_import_s", ms),
            floor=True,
            group=name,
        ),
        Metric(
            f"sdk_client_{name}_ms",
            _client_label(entry, calls),
            "ms",
            job,
            _field("sdk_client_s", ms),
            floor=True,
            group=name,
        ),
        Metric(
            f"first_use_{name}_ms",
            f"{factory}(client) on top of the SDK",
            "ms",
            job,
            _field("first_use_s", ms),
            chart=f"{factory}, on top of SDK",
            target=Target("<= 10 ms", limit=10.0),
            group=name,
        ),
        Metric(
            f"first_use_{name}_modules",
            "modules executed by that first use",
            "",
            job,
            _count_modules,
            group=name,
        ),
    ]
    if calls and calls.get("counts_model_loads"):
        rows += [
            Metric(
                f"sdk_client_model_loads_{name}",
                "service-model files the SDK client read",
                "",
                job,
                _field("sdk_client_model_loads"),
                floor=True,
                group=name,
            ),
            Metric(
                f"first_use_model_loads_{name}",
                "service-model files read by first use and first create()",
                "",
                job,
                _field("first_use_model_loads"),
                target=Target("none (the client's model is reused)", limit=0),
                group=name,
            ),
        ]
    if calls:
        rss_target = calls.get("rss_target_mb")
        rows.append(
            Metric(
                f"rss_first_use_{name}_mb",
                "RSS after first use over the raw SDK",
                "MB",
                job,
                _field("rss_first_use_kb", 1024 * mb),
                chart=f"RSS added by first use ({name})",
                target=(Target(f"<= {rss_target:g} MB", limit=rss_target) if rss_target else None),
                group=name,
            )
        )
    if from_provider:
        rows.append(
            Metric(
                f"from_provider_{name}_ms",
                f'from_provider("{name}/...") on top of the SDK import',
                "ms",
                f"from_provider:{name}",
                _field("from_provider_s", ms),
                group=name,
            )
        )
    if calls:
        rows += [
            Metric(
                f"first_call_{name}_ms",
                "first create(): extra over a raw SDK call",
                "ms",
                job,
                _field("first_call_overhead_s", ms),
                chart=f"first create(), extra ({name})",
                group=name,
            ),
            Metric(
                f"call_overhead_{name}_us",
                "per-call overhead over the raw SDK call",
                "us",
                job,
                _field("call_overhead_s", us),
                chart=f"per-call overhead ({name})",
                target=Target("<= 100 us", limit=100.0),
                group=name,
            ),
            Metric(
                f"raw_call_{name}_us",
                "raw SDK call, mocked transport (reference)",
                "us",
                job,
                _field("raw_call_s", us),
                floor=True,
                group=name,
            ),
        ]
    return rows


def _import_note(entry: dict) -> str:
    notes = [entry["note"]] if entry["note"] else []
    if entry["brings"]:
        notes.append(f"it imports {', '.join(entry['brings'])} itself")
    return "".join("; " + note for note in notes)


def _client_label(entry: dict, calls: dict | None) -> str:
    if entry["client_label"]:
        return f"{entry['client_label']} (the SDK's own cost)"
    # A call row's client runs on a mock HTTP client, which skips what a
    # real one sets up (TLS context, connection pool): it is cheaper.
    where = " on the mock transport" if calls else ""
    return f"build the SDK client{where} (the SDK's own cost)"
