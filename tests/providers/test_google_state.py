"""What using each Google provider loads, in fresh interpreters, and its 1.x aliases.

The vertexai and gemini providers load modules of instructor.providers.genai
(the SDK-free contents, answer-reading and handler code they share); the
gemini provider never imports google-genai, and no Google provider imports
openai or anthropic.
"""

from __future__ import annotations

import json

from fakes.sdk import require_sdk

require_sdk("google.genai")

LAZY = {"INSTRUCTOR_EAGER": "0"}

REPORT = """
import json, sys
other = [m for m in ("openai", "anthropic", "google.genai", "google.generativeai")
         if m in sys.modules]
providers = sorted({m.split(".")[2] for m in sys.modules
                    if m.startswith("instructor.providers.") and m.count(".") >= 2})
# the SDKs' own warnings (aiohttp's, where an installed SDK brings it) are not ours
ours = [w for w in seen if "site-packages" not in w.filename]
print(json.dumps([names, other, providers, [(w.category.__name__, str(w.message)[:28])
                                            for w in ours]]))
"""


def run(python, body: str) -> list:
    return json.loads(python(body + REPORT, env=LAZY).stdout)


def test_using_genai_imports_no_other_sdk(python):
    names, other, providers, warned = run(python, """
import asyncio, warnings
import instructor
from pydantic import BaseModel
from fakes.genai_server import FakeGenAI, response, response_stream

MSG = [{'role': 'user', 'content': 'hi'}]

class User(BaseModel):
    name: str

with warnings.catch_warnings(record=True) as seen, FakeGenAI() as fake:
    warnings.simplefilter("always")
    fake.script(response(function_calls=[("User", {"name": "A"})]),
                response('{"name": "B"}'),
                response_stream('{"name": "C"}'),
                response(function_calls=[("User", {"name": "D"})]),
                response(function_calls=[("User", {"name": "E"})]))
    M = instructor.Mode
    tools = instructor.from_genai(fake.client(), mode=M.GENAI_TOOLS, model="m")
    instructor.from_genai(fake.client(), mode=M.GENAI_TOOLS)  # warned once only
    json_mode = instructor.from_genai(fake.client(), mode=M.GENAI_JSON, model="m")
    instructor.from_genai(fake.client(), mode=M.GENAI_STRUCTURED_OUTPUTS)
    names = [tools.create(response_model=User, messages=MSG).name,
             json_mode.create(response_model=User, messages=MSG).name,
             list(json_mode.create_partial(response_model=User, messages=MSG))[-1].name]
    via = instructor.from_provider("google/m", api_key="k", base_url=fake.url)
    names.append(via.create(response_model=User, messages=MSG).name)
    sdk = fake.client()
    aclient = instructor.from_genai(sdk, use_async=True, model="m")
    async def go():
        try:
            return (await aclient.create(response_model=User, messages=MSG)).name
        finally:
            await sdk.aio.aclose()
    names.append(asyncio.run(go()))
""")
    assert names == ["A", "B", "C", "D", "E"]
    assert other == ["google.genai"]
    assert providers == ["genai"]
    assert warned == [["DeprecationWarning", "Mode.GENAI_TOOLS ('genai_too"],
                      ["DeprecationWarning", "Mode.GENAI_JSON ('genai_json"],
                      ["DeprecationWarning", "Mode.GENAI_STRUCTURED_OUTPUT"]]


def test_using_vertexai_imports_no_other_sdk(python):
    names, other, providers, warned = run(python, """
import warnings
import instructor
from pydantic import BaseModel
from fakes.genai_server import FakeGenAI, response

MSG = [{'role': 'user', 'content': 'hi'}]

class User(BaseModel):
    name: str

with warnings.catch_warnings(record=True) as seen, FakeGenAI() as fake:
    warnings.simplefilter("always")
    fake.script(response(function_calls=[("User", {"name": "A"})]), response('{"name": "B"}'))
    M = instructor.Mode
    tools = instructor.from_vertexai(fake.vertex_client(), mode=M.VERTEXAI_TOOLS, model="m")
    md = instructor.from_vertexai(fake.vertex_client(), mode=M.VERTEXAI_JSON, model="m")
    instructor.from_vertexai(fake.vertex_client(), mode=M.VERTEXAI_PARALLEL_TOOLS)
    names = [tools.create(response_model=User, messages=MSG).name,
             md.create(response_model=User, messages=MSG).name]
""")
    assert names == ["A", "B"] and other == ["google.genai"]
    assert providers == ["genai", "vertexai"]  # its handlers are the genai provider's
    assert [w[1][:16] for w in warned] == ["Mode.VERTEXAI_TO", "Mode.VERTEXAI_JS",
                                           "Mode.VERTEXAI_PA"]


def test_using_gemini_imports_no_other_sdk(python):
    require_sdk("fakes.gemini_sdk")
    names, other, providers, warned = run(python, """
import warnings
warnings.simplefilter("error")  # the SDK's import warnings are silenced, nothing else
import instructor
from pydantic import BaseModel
from fakes.gemini_server import FakeGemini, response

MSG = [{'role': 'user', 'content': 'hi'}]

class User(BaseModel):
    name: str
    age: int

with warnings.catch_warnings(record=True) as seen, FakeGemini() as fake:
    warnings.simplefilter("always")
    fake.script(response(function_calls=[("User", {"name": "A", "age": 1})]),
                response('{"name": "B", "age": 2}'))
    M = instructor.Mode
    tools = instructor.from_gemini(fake.model(), mode=M.GEMINI_TOOLS)
    md = instructor.from_gemini(fake.model(), mode=M.GEMINI_JSON)
    names = [tools.create(response_model=User, messages=MSG).name,
             md.create(response_model=User, messages=MSG).name]
""")
    assert names == ["A", "B"] and other == ["google.generativeai"]
    assert providers == ["gemini", "genai"]  # the shared, SDK-free genai modules
    assert [w[1][:14] for w in warned] == ["Mode.GEMINI_TO", "Mode.GEMINI_JS"]
