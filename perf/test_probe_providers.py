"""Tests of the provider rows: each call row's mock answers, boto3's model loads.

Like ``perf/test_probe.py``, each test starts the probe in a fresh
interpreter (the state it checks is that of a user's first use, which an
interpreter that already ran instructor would not show). No timing is
asserted: the facts are states and counts.
"""

from __future__ import annotations

import importlib.util
import sys

import pytest

from perf._metrics import metrics_for
from perf._probe_providers import CALLS, PROVIDERS
from perf._report import checks
from perf._variants import Variant, run_probe


def _installed(name: str) -> bool:
    try:
        return importlib.util.find_spec(PROVIDERS[name]["sdk"]) is not None
    except (ImportError, ValueError):
        return False


def _calls(name: str, calls: int = 3) -> dict:
    if not _installed(name):
        pytest.skip(f"{PROVIDERS[name]['sdk']} is not installed")
    variant = Variant("lazy", "after (lazy)", sys.executable)
    rec = run_probe(variant, ["scenario=calls", f"provider={name}", f"calls={calls}"])
    assert "error" not in rec, rec.get("traceback", rec)
    return rec


@pytest.mark.parametrize("name", sorted(CALLS))
def test_every_call_row_gets_its_answer_through_the_mock(name):
    """Raw and instructor calls both complete on the in-process answer.

    The probe itself checks that instructor returned the User in the reply;
    a request to another endpoint would be answered 404 and fail the row.
    """
    rec = _calls(name)
    for key in ("sdk_import_s", "sdk_client_s", "first_use_s", "raw_call_s", "call_s"):
        assert rec[key] > 0, key
    assert isinstance(rec["rss_first_use_kb"], int)


def test_instructor_reads_no_second_bedrock_service_model():
    """boto3's client reads bedrock-runtime's service model; instructor reuses it.

    Counted across ``from_bedrock`` and the first ``create()``: a second
    client or session made by instructor would read the model again.
    """
    rec = _calls("bedrock", calls=1)
    assert rec["sdk_client_model_loads"] == 1
    assert rec["first_use_model_loads"] == 0


def test_litellm_brings_openai_in_its_own_import():
    """``import litellm`` imports openai before instructor is imported at all."""
    if not _installed("litellm"):
        pytest.skip("litellm is not installed")
    variant = Variant("lazy", "after (lazy)", sys.executable)
    rec = run_probe(variant, ["scenario=first_use", "provider=litellm"])
    assert "error" not in rec, rec.get("traceback", rec)
    assert "openai" in rec["sdk_brought"]


def test_provider_notes_and_checks_read_the_records():
    """The labels name what the SDK costs itself; the checks judge the counts."""
    labels = {m.key: m.label for m in metrics_for(["litellm", "bedrock", "cohere"], [])}
    assert "imports openai itself" in labels["sdk_import_litellm_ms"]
    assert "service model" in labels["sdk_client_bedrock_ms"]
    assert "first_use_model_loads_bedrock" in labels
    runs = [
        {"job": "first_use:litellm", "variant": "lazy", "sdk_brought": ["openai"]},
        {
            "job": "calls:bedrock",
            "variant": "lazy",
            "sdk_client_model_loads": 1,
            "first_use_model_loads": 1,
        },
    ]
    found = {c["text"].split()[0]: c["ok"] for c in checks({"runs": runs}, {})}
    assert found == {"`import": True, "from_bedrock": False}
