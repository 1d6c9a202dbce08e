"""What using Anthropic loads, checked in fresh interpreters; threads first-touching
providers at once."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor

import pytest

from fakes.sdk import require_sdk
from instructor.providers import BUILTIN_PROVIDERS

require_sdk("anthropic")

LAZY = {"INSTRUCTOR_EAGER": "0"}


def test_using_anthropic_never_imports_openai(python):
    out = python("""
        import asyncio, sys
        import instructor
        from pydantic import BaseModel
        from fakes.anthropic_server import FakeAnthropic, message, message_stream, tool_use

        class User(BaseModel):
            name: str

        with FakeAnthropic() as fake:
            fake.script(message(tool_uses=[tool_use("User", {"name": "A"})]),
                        message('{"name": "B"}'),
                        message_stream(tool_use=tool_use("User", {"name": "C"})),
                        message(tool_uses=[tool_use("User", {"name": "D"})]),
                        message(tool_uses=[tool_use("User", {"name": "E"})]))
            tools = instructor.from_anthropic(fake.client(), max_tokens=9)
            json_mode = instructor.from_anthropic(fake.client(), mode=instructor.Mode.JSON,
                                                  max_tokens=9)
            names = [tools.create(model="m", response_model=User, messages=[]).name,
                     json_mode.create(model="m", response_model=User, messages=[]).name,
                     list(tools.create_partial(model="m", response_model=User,
                                               messages=[]))[-1].name]
            via = instructor.from_provider("anthropic/m", base_url=fake.url, api_key="k")
            names.append(via.create(response_model=User, messages=[]).name)
            aclient = instructor.from_anthropic(fake.async_client(), max_tokens=9)
            async def go():
                try:
                    return (await aclient.create(model="m", response_model=User,
                                                 messages=[])).name
                finally:
                    await aclient.client.close()
            names.append(asyncio.run(go()))
        print(names, "openai" in sys.modules,
              sorted({m.split(".")[2] for m in sys.modules
                      if m.startswith("instructor.providers.")}))
    """, env=LAZY)
    assert out.stdout.split("] ", 1) == ["['A', 'B', 'C', 'D', 'E'",
                                        "False ['anthropic']\n"]


LEVEL_5 = """
import instructor
from instructor.core.provider_registry import provider_registry
from instructor.core.mode_registry import mode_registry

print(provider_registry.stats(), mode_registry.stats())
import anthropic
client = instructor.from_anthropic(anthropic.Anthropic(api_key="test"),
                                   mode=instructor.Mode.ANTHROPIC_TOOLS)
print(provider_registry.stats(), mode_registry.stats())
print(sorted(provider_registry.loaded_handlers()))
"""


def test_the_phase_plan_level_5_script(python):
    lines = python("import warnings; warnings.simplefilter('ignore')\n" + LEVEL_5,
                   env=LAZY).stdout.splitlines()
    before, after, handlers = lines
    n = len(BUILTIN_PROVIDERS)
    assert before.startswith(f"{{'total': {n}, 'lazy': {n}, 'loaded': 0}} {{'total': ")
    assert before.endswith(", 'loaded': 0}")
    assert after.startswith(f"{{'total': {n}, 'lazy': {n - 1}, 'loaded': 1}}")
    # Mode.TOOLS and Mode.ANTHROPIC_TOOLS are both served by the one handler loaded
    assert after.endswith(", 'loaded': 2}")
    assert handlers == "[('anthropic', 'tool_call')]"


def test_eager_loads_both_providers_and_all_their_handlers(python):
    pytest.importorskip("openai")
    out = python("""
        import json
        import instructor
        from instructor.core.provider_registry import provider_registry as p
        modes = {n: len(p.get(n).modes) for n in ("openai", "anthropic")}
        loaded = {n: sum(1 for (q, _) in p.loaded_handlers() if q == n) for n in modes}
        print(json.dumps([modes, loaded]))
    """, env={"INSTRUCTOR_EAGER": "1"})
    # (every installed provider's counts: test_import_state)
    counts, loaded = json.loads(out.stdout)
    assert loaded == counts and all(counts.values())


THREADS = """
import json, sys, threading, warnings
warnings.simplefilter("ignore")
import anthropic, openai
import instructor
from instructor import Mode
from instructor.core.mode_registry import mode_registry
from instructor.core.provider_registry import provider_registry

oa, an = openai.OpenAI(api_key="k"), anthropic.Anthropic(api_key="k")
tasks = [
    lambda: instructor.from_openai(oa).handler,
    lambda: instructor.from_openai(oa, mode=Mode.JSON).handler,
    lambda: instructor.from_openai(oa, mode=Mode.MD_JSON).handler,
    lambda: instructor.from_anthropic(an).handler,
    lambda: instructor.from_anthropic(an, mode=Mode.JSON).handler,
    lambda: instructor.from_anthropic(an, mode=Mode.ANTHROPIC_PARALLEL_TOOLS).handler,
    lambda: mode_registry.get_handler(Mode.ANTHROPIC_TOOLS),
    lambda: mode_registry.get_handler(Mode.TOOLS, "openai"),
    lambda: provider_registry.get_factory("anthropic"),
    lambda: provider_registry.get_factory("openai"),
    lambda: instructor.from_provider("anthropic/m", api_key="k").handler,
    lambda: instructor.from_provider("openai/m", api_key="k").handler,
]
barrier = threading.Barrier(16)
results, errors = [None] * 16, []

def run(i):
    barrier.wait()
    try:
        results[i] = tasks[i % len(tasks)]()
    except BaseException as exc:
        errors.append(repr(exc))

threads = [threading.Thread(target=run, args=(i,)) for i in range(16)]
for t in threads: t.start()
for t in threads: t.join()
same = all(results[i] is results[i + len(tasks)] for i in range(16 - len(tasks)))
import importhooks
runs = {name: s["attempts"] for name, s in importhooks.stats()["modules"].items()
        if name.startswith("instructor.providers.") and s["state"] == "loaded"}
print(json.dumps([errors, same, max(runs.values()), len(runs)]))
"""


@pytest.mark.slow
def test_sixteen_threads_first_touching_providers_in_twenty_interpreters(python):
    def one(_):
        return json.loads(python(THREADS, env=LAZY, timeout=120).stdout)

    with ThreadPoolExecutor(4) as pool:
        outcomes = list(pool.map(one, range(20)))
    for errors, same, attempts, modules in outcomes:
        assert errors == []
        assert same  # one handler object per (provider, mode), whoever came first
        assert attempts == 1  # every module body ran once
        assert modules >= 8
