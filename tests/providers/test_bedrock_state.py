"""What using Bedrock loads, checked in fresh interpreters."""

from __future__ import annotations

import json

from fakes.sdk import require_sdk

require_sdk("boto3")

LAZY = {"INSTRUCTOR_EAGER": "0"}


def test_using_bedrock_loads_no_other_sdk_and_no_second_service_model(python):
    # boto3 imports neither openai nor anthropic, so none of them may show up.
    out = python("""
        import asyncio, json, sys
        import botocore.loaders

        reads = []
        load_file = botocore.loaders.JSONFileLoader.load_file

        def counting(self, file_path, *args, **kwargs):
            if "bedrock-runtime" in str(file_path):
                reads.append(str(file_path).rsplit("/", 1)[-1])
            return load_file(self, file_path, *args, **kwargs)

        botocore.loaders.JSONFileLoader.load_file = counting

        import instructor
        from pydantic import BaseModel
        from fakes.bedrock_server import (FakeBedrock, converse, converse_stream,
                                          tool_use)

        class User(BaseModel):
            name: str

        with FakeBedrock() as fake:
            fake.script(converse(tool_uses=[tool_use("User", {"name": "A"})]),
                        converse('{"name": "B"}'),
                        converse_stream(tool_use=tool_use("User", {"name": "C"})),
                        converse(tool_uses=[tool_use("User", {"name": "D"})]),
                        converse_stream('{"name": "E"}'),
                        converse(tool_uses=[tool_use("User", {"name": "F"})]))
            raw = fake.client()
            after_client = len(reads)
            tools = instructor.from_bedrock(raw, model="m")
            md = instructor.from_bedrock(raw, mode=instructor.Mode.MD_JSON, model="m")
            names = [tools.create(response_model=User, messages=[]).name,
                     md.create(response_model=User, messages=[]).name,
                     list(tools.create_partial(response_model=User, messages=[]))[-1].name]
            aclient = instructor.from_bedrock(raw, async_client=True, model="m")

            async def go():
                one = await aclient.create(response_model=User, messages=[])
                parts = [p async for p in instructor.from_bedrock(
                    raw, async_client=True, mode=instructor.Mode.JSON_SCHEMA, model="m"
                ).create_partial(response_model=User, messages=[])]
                return [one.name, parts[-1].name]

            names += asyncio.run(go())
            via = instructor.from_provider("bedrock/anthropic.claude-x", endpoint_url=fake.url,
                                           aws_access_key_id="a", aws_secret_access_key="b")
            names.append(via.create(response_model=User, messages=[]).name)
        print(json.dumps([names, after_client, reads, "openai" in sys.modules,
                          "anthropic" in sys.modules,
                          sorted({m.split(".")[2] for m in sys.modules
                                  if m.startswith("instructor.providers.")})]))
    """, env=LAZY)
    names, after_client, reads, openai, anthropic, providers = json.loads(out.stdout)
    assert names == ["A", "B", "C", "D", "E", "F"]
    # the service model was read once, by the caller's client; nothing read after it
    # (from_provider's client comes from boto3's default session, whose loader has it)
    assert reads.count("service-2") == 1 and len(reads) == after_client
    assert (openai, anthropic) == (False, False)
    assert providers == ["bedrock"]


def test_1x_modes_are_deprecated_aliases(python):
    out = python("""
        import warnings, boto3, instructor
        from instructor import Mode
        client = boto3.client("bedrock-runtime", region_name="us-east-1",
                              aws_access_key_id="a", aws_secret_access_key="b")
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            modes = [instructor.from_bedrock(client, mode=m).mode.name for m in (
                Mode.BEDROCK_TOOLS, Mode.BEDROCK_TOOLS, Mode.BEDROCK_JSON, Mode.TOOLS)]
            bare = instructor.Instructor(client, mode=Mode.BEDROCK_JSON)
        print(modes, bare.provider.value, bare.mode.name)
        print([(w.category.__name__, w.filename.endswith("<string>")) for w in seen])
        print(str(seen[0].message))
    """, env=LAZY)
    modes, warned, text = out.stdout.splitlines()
    assert modes == "['TOOLS', 'TOOLS', 'MD_JSON', 'TOOLS'] bedrock MD_JSON"
    assert warned == str([("DeprecationWarning", True)] * 2)  # once per alias
    assert text.startswith("Mode.BEDROCK_TOOLS ('bedrock_tools') is deprecated")
