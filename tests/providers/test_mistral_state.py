"""What using Mistral loads, checked in a fresh interpreter."""

from __future__ import annotations

from fakes.sdk import require_sdk

require_sdk("mistralai")


def test_using_mistral_imports_neither_openai_nor_anthropic(python):
    out = python("""
        import asyncio, sys
        import instructor
        from pydantic import BaseModel
        from fakes.mistral_server import FakeMistral, chat_completion, chat_stream, tool_call

        class User(BaseModel):
            name: str

        with FakeMistral() as fake:
            fake.script(chat_completion(tool_calls=[tool_call("User", {"name": "A"})]),
                        chat_completion('{"name": "B"}'),
                        chat_stream(tool_call=tool_call("User", {"name": "C"}), chunk_size=3),
                        chat_completion(tool_calls=[tool_call("User", {"name": "D"})]),
                        chat_completion(tool_calls=[tool_call("User", {"name": "E"})]))
            sdk = fake.client()
            tools = instructor.from_mistral(sdk, model="m")
            schema = instructor.from_mistral(sdk, mode=instructor.Mode.JSON_SCHEMA, model="m")
            names = [tools.create(response_model=User, messages=[]).name,
                     schema.create(response_model=User, messages=[]).name,
                     list(tools.create_partial(response_model=User, messages=[]))[-1].name]
            via = instructor.from_provider("mistral/m", base_url=fake.url, api_key="k")
            names.append(via.create(response_model=User, messages=[]).name)
            aclient = instructor.from_mistral(sdk, use_async=True, model="m")
            names.append(asyncio.run(aclient.create(response_model=User, messages=[])).name)
        ours = sorted(m for m in sys.modules if m.startswith("instructor.providers."))
        print(names, "openai" in sys.modules, "anthropic" in sys.modules)
        print(ours)
    """, env={"INSTRUCTOR_EAGER": "0"})
    first, modules = out.stdout.splitlines()
    assert first == "['A', 'B', 'C', 'D', 'E'] False False"
    # Mistral reuses the SDK-free OpenAI-format helpers, never the openai provider's client
    assert modules == str([
        "instructor.providers.mistral", "instructor.providers.mistral._common",
        "instructor.providers.mistral.adapter", "instructor.providers.mistral.client",
        "instructor.providers.mistral.json_modes", "instructor.providers.mistral.media",
        "instructor.providers.mistral.tools", "instructor.providers.openai",
        "instructor.providers.openai._common", "instructor.providers.openai.json_modes"])
