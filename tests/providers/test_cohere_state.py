"""What using Cohere loads, and what a missing SDK says, in fresh interpreters."""

from __future__ import annotations

import json

from fakes.sdk import require_sdk

require_sdk("cohere")


def test_using_cohere_imports_neither_openai_nor_anthropic(python):
    out = python("""
        import asyncio, sys
        import instructor
        from pydantic import BaseModel
        from fakes.cohere_server import (FakeCohere, chat_v1, chat_v2, chat_v2_stream,
                                         tool_call)

        class User(BaseModel):
            name: str

        with FakeCohere() as fake:
            fake.script(chat_v2(tool_calls=[tool_call("User", {"name": "A"})]),
                        chat_v2('{"name": "B"}'),
                        chat_v2_stream(tool_call=tool_call("User", {"name": "C"}), chunk_size=3),
                        chat_v1(tool_calls=[("User", {"name": "D"})]),
                        chat_v2(tool_calls=[tool_call("User", {"name": "E"})]),
                        chat_v2(tool_calls=[tool_call("User", {"name": "F"})]))
            tools = instructor.from_cohere(fake.client(), model="m")
            md = instructor.from_cohere(fake.client(), mode=instructor.Mode.MD_JSON, model="m")
            names = [tools.create(response_model=User, messages=[{"role": "user", "content": "x"}]).name,
                     md.create(response_model=User, messages=[]).name,
                     list(tools.create_partial(response_model=User, messages=[]))[-1].name]
            v1 = instructor.from_cohere(fake.v1_client(), model="m")
            names.append(v1.create(response_model=User, messages=[{"role": "user", "content": "x"}]).name)
            via = instructor.from_provider("cohere/m", base_url=fake.url, api_key="k")
            names.append(via.create(response_model=User, messages=[]).name)
            aclient = instructor.from_cohere(fake.async_client(), model="m")
            names.append(asyncio.run(aclient.create(response_model=User, messages=[])).name)
        ours = sorted({m.split(".")[2] for m in sys.modules if m.startswith("instructor.providers.")})
        print(names, "openai" in sys.modules, "anthropic" in sys.modules, "mistralai" in sys.modules)
        print(ours, sorted(m for m in sys.modules if m.startswith("instructor.providers.openai")))
    """, env={"INSTRUCTOR_EAGER": "0"})
    first, modules = out.stdout.splitlines()
    assert first == "['A', 'B', 'C', 'D', 'E', 'F'] False False False"
    # Cohere reuses the SDK-free OpenAI-format helpers, never the openai provider's client
    assert modules == str(["cohere", "openai"]) + " " + str([
        "instructor.providers.openai", "instructor.providers.openai._common",
        "instructor.providers.openai.json_modes"])


def test_a_missing_sdk_names_the_extra(python):
    # Cohere and Mistral share one interpreter: starting one is slow.
    out = python("""
        import json, sys
        sys.modules["cohere"] = sys.modules["mistralai"] = None  # as if not installed
        import instructor
        seen = []
        for call in (lambda: instructor.from_cohere(object()),
                     lambda: instructor.from_mistral(object()),
                     lambda: instructor.from_provider("cohere/command-a", api_key="k"),
                     lambda: instructor.from_provider("mistral/m", api_key="k")):
            try:
                call()
            except ImportError as exc:
                seen.append([type(exc).__name__, str(exc)])
        print(json.dumps(seen))
    """, env={"INSTRUCTOR_EAGER": "0"})
    seen = json.loads(out.stdout)
    assert [name for name, _ in seen] == ["MissingSDKError"] * 4
    assert "'cohere' package" in seen[0][1] and "instructor[cohere]" in seen[0][1]
    assert "'mistralai' package" in seen[1][1] and "instructor[mistral]" in seen[1][1]
    assert "instructor[cohere]" in seen[2][1] and "instructor[mistral]" in seen[3][1]
