"""What using xAI loads (and the 1.x aliases' warnings), checked in a fresh interpreter.

xai_sdk brings grpcio, protobuf (``google.protobuf``), aiohttp, requests and
opentelemetry, but no other provider's SDK; nor does instructor's xAI
provider load any other provider's modules.
"""

from __future__ import annotations

from fakes.sdk import require_sdk

require_sdk("xai_sdk")

OTHER_SDKS = ("openai", "anthropic", "google.genai", "google.generativeai", "vertexai",
              "boto3", "botocore", "cohere", "mistralai", "groq", "fireworks", "cerebras",
              "writerai", "litellm")


def test_using_xai_imports_no_other_provider(python):
    out = python(f"""
        import asyncio, sys, warnings
        import instructor
        from pydantic import BaseModel
        from fakes.xai_server import FakeXAI, response, response_stream, tool_call

        class User(BaseModel):
            name: str

        with FakeXAI() as fake:
            fake.script(response(tool_calls=[tool_call("User", {{"name": "A"}})]),
                        response('```json\\n{{"name": "B"}}\\n```'),
                        response_stream('{{"name": "C"}}'),
                        response(tool_calls=[tool_call("User", {{"name": "D"}})]),
                        response(tool_calls=[tool_call("User", {{"name": "E"}})]))
            tools = instructor.from_xai(fake.client(), model="grok-3")
            md = instructor.from_xai(fake.client(), mode=instructor.Mode.MD_JSON, model="m")
            schema = instructor.from_xai(fake.client(), mode=instructor.Mode.JSON_SCHEMA,
                                         model="m")
            names = [tools.create(response_model=User, messages=[{{"role": "user",
                                                                  "content": "x"}}]).name,
                     md.create(response_model=User, messages=[{{"role": "user",
                                                               "content": "x"}}]).name,
                     list(schema.create_partial(response_model=User, messages=[
                         {{"role": "user", "content": "x"}}]))[-1].name]
            via = instructor.from_provider("xai/grok-3", base_url=fake.url, api_key="k")
            names.append(via.create(response_model=User, messages=[
                {{"role": "user", "content": "x"}}]).name)
            via.client.close()

            async def go():
                sdk = fake.async_client()
                try:
                    client = instructor.from_xai(sdk, model="grok-3")
                    return (await client.create(response_model=User, messages=[
                        {{"role": "user", "content": "x"}}])).name
                finally:
                    await sdk.close()
            names.append(asyncio.run(go()))

            # an AsyncClient made in one event loop and used in another (grpc.aio
            # leaves noise on stderr for it; only the error matters here)
            async def make():
                return fake.async_client()
            made = asyncio.run(make())
            other = instructor.from_xai(made, model="grok-3")
            try:
                asyncio.run(other.create(response_model=User, messages=[
                    {{"role": "user", "content": "x"}}]))
            except instructor.exceptions.InstructorRetryException as exc:
                names.append(type(exc.__cause__).__name__)
            with warnings.catch_warnings(record=True) as seen:
                warnings.simplefilter("always")
                modes = [instructor.from_xai(fake.client(), mode=m).mode.name for m in (
                    instructor.Mode.XAI_TOOLS, instructor.Mode.XAI_JSON,
                    instructor.Mode.XAI_TOOLS)]
        print(modes, [(w.category.__name__, w.filename.endswith("<string>"), str(w.message))
                      for w in seen])
        print(names, [m for m in {OTHER_SDKS!r} if m in sys.modules],
              sorted({{m.split(".")[2] for m in sys.modules
                      if m.startswith("instructor.providers.")}}))
    """, env={"INSTRUCTOR_EAGER": "0"})
    aliases, used = out.stdout.splitlines()
    assert used == "['A', 'B', 'C', 'D', 'E', 'ConfigurationError'] [] ['xai']"
    # the 1.x modes are deprecated aliases, warned about once each, at the caller
    modes, warned = aliases.split("] ", 1)
    assert modes == "['TOOLS', 'MD_JSON', 'TOOLS'"
    assert warned.count("DeprecationWarning', True") == 2
    assert "Mode.XAI_TOOLS ('xai_tools') is deprecated" in warned
    assert "Mode.XAI_JSON ('xai_json') is deprecated" in warned
