"""genai: media parts, from_provider("google/..."), generate_gemini_schema."""

from __future__ import annotations

import asyncio
import enum
import json
from typing import Literal

import pytest
from pydantic import BaseModel, Field

import instructor
from fakes.genai_server import response
from fakes.sdk import require_sdk
from instructor.exceptions import ConfigurationError, MultimodalError

require_sdk("google.genai")


class User(BaseModel):
    name: str
    age: int


MESSAGES = [{"role": "user", "content": "Jason is 25"}]
GOOD = {"name": "Jason", "age": 25}


def user_reply():
    return response(function_calls=[("User", GOOD)])


# -- media ---------------------------------------------------------------------------


def test_media_become_inline_data_and_file_uris(fake_genai):
    from instructor.multimodal import PDF, Audio, Image

    client = instructor.from_genai(fake_genai.client(), model="m")
    fake_genai.script(user_reply())
    messages = [{"role": "user", "content": [
        "Who is this?",
        Image.from_base64("data:image/png;base64,iVBORw0KGgo="),
        Image.from_url("gs://bucket/a.jpg"),
        Audio.from_base64("data:audio/wav;base64,UklGRiQAAABXQVZF"),
        PDF.from_url("https://x.test/cv.pdf")]}]
    client.create(response_model=User, messages=messages)
    (content,) = fake_genai.last_request.json["contents"]
    assert content["parts"] == [
        {"text": "Who is this?"},
        # (the SDK writes the fields inside a part in snake case; the API takes both)
        {"inlineData": {"mime_type": "image/png", "data": "iVBORw0KGgo="}},
        {"fileData": {"file_uri": "gs://bucket/a.jpg", "mime_type": "image/jpeg"}},
        {"inlineData": {"mime_type": "audio/wav", "data": "UklGRiQAAABXQVZF"}},
        {"fileData": {"file_uri": "https://x.test/cv.pdf", "mime_type": "application/pdf"}},
    ]


def test_media_without_data_or_url_is_refused_before_sending(fake_genai):
    from instructor.multimodal import Image

    client = instructor.from_genai(fake_genai.client(), model="m")
    local = Image(source="cat.png", media_type="image/png")
    with pytest.raises(MultimodalError, match="load it with Image.from_path"):
        client.create(response_model=User, messages=[{"role": "user", "content": [local]}])
    assert fake_genai.requests == []


# -- from_provider -------------------------------------------------------------------


def test_from_provider_google(fake_genai):
    client = instructor.from_provider(
        "google/gemini-x", api_key="k-google",
        http_options={"base_url": fake_genai.url, "api_version": "v1beta"}, max_tokens=50)
    assert isinstance(client, instructor.Instructor) and client.provider == "genai"
    fake_genai.script(user_reply())
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    request = fake_genai.last_request
    assert request.path == "/v1beta/models/gemini-x:generateContent"
    assert request.headers["x-goog-api-key"] == "k-google"
    assert request.json["generationConfig"] == {"maxOutputTokens": 50}


def test_from_provider_google_async_with_the_environment(fake_genai, monkeypatch):
    monkeypatch.setenv("GOOGLE_API_KEY", "k-from-env")
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    monkeypatch.setenv("GOOGLE_GEMINI_BASE_URL", fake_genai.url)
    client = instructor.from_provider("google/gemini-x", async_client=True,
                                      mode=instructor.Mode.JSON)
    assert isinstance(client, instructor.AsyncInstructor) and client.mode == instructor.Mode.JSON
    fake_genai.script(response(json.dumps(GOOD)))

    async def run():
        try:
            return await client.create(response_model=User, messages=MESSAGES)
        finally:
            await client.client.aio.aclose()

    assert asyncio.run(run()) == User(**GOOD)
    assert fake_genai.last_request.headers["x-goog-api-key"] == "k-from-env"


def test_from_provider_google_vertexai(fake_genai, monkeypatch):
    from google.oauth2.credentials import Credentials

    monkeypatch.setenv("GOOGLE_CLOUD_PROJECT", "env-proj")
    client = instructor.from_provider("google/gemini-x", vertexai=True, location="europe-west4",
                                      credentials=Credentials(token="tok"),
                                      base_url=fake_genai.url)
    fake_genai.script(user_reply())
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    request = fake_genai.last_request
    assert request.path.startswith("/v1beta1/projects/env-proj/locations/europe-west4/")
    assert request.headers["authorization"] == "Bearer tok"


def test_from_provider_generative_ai_is_deprecated(fake_genai):
    with pytest.warns(DeprecationWarning, match="use 'google/...'"):
        client = instructor.from_provider("generative-ai/gemini-x", api_key="k",
                                          base_url=fake_genai.url)
    fake_genai.script(user_reply())
    assert client.create(response_model=User, messages=MESSAGES) == User(**GOOD)
    assert fake_genai.last_request.path.endswith("/models/gemini-x:generateContent")


def test_there_is_no_genai_prefix():
    with pytest.raises(ConfigurationError, match="'genai' cannot be used with from_provider"
                                                 r"\(\); use 'google' or 'generative-ai'"):
        instructor.from_provider("genai/gemini-x")


# -- generate_gemini_schema ------------------------------------------------------------


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


class Level(enum.IntEnum):
    LOW = 1
    HIGH = 2


class Address(BaseModel):
    """Where someone lives."""

    city: str
    zip_code: str | None = None


class Person(BaseModel):
    """A person."""

    name: str = Field(description="the full name")
    home: Address
    past: list[Address] = []
    favourite: Color
    level: Level = Level.LOW
    mood: Literal["happy", "sad"]
    nick: str | None = None
    tags: list[str]
    scores: dict[str, int] = {}
    either: int | str


ALLOWED = {"type", "format", "description", "nullable", "enum", "items", "properties",
           "required", "anyOf", "propertyOrdering", "minItems", "maxItems", "minimum",
           "maximum", "minLength", "maxLength", "pattern"}


def keys(node):
    if isinstance(node, dict):
        found = set(node)
        for key, value in node.items():
            if key == "properties":
                for child in value.values():
                    found |= keys(child)
            else:
                found |= keys(value)
        return found
    if isinstance(node, list):
        return set().union(*map(keys, node)) if node else set()
    return set()


def test_generate_gemini_schema_nested_enums_optionals_lists():
    from google.genai import types

    declaration = instructor.generate_gemini_schema(Person)
    assert declaration["name"] == "Person" and declaration["description"] == "A person."
    schema = declaration["parameters"]
    assert keys(schema) <= ALLOWED
    props = schema["properties"]
    assert props["name"] == {"type": "STRING", "description": "the full name"}
    assert props["home"]["description"] == "Where someone lives."
    assert props["home"]["properties"]["zip_code"] == {"type": "STRING", "nullable": True}
    assert props["home"]["required"] == ["city"]
    assert props["past"]["type"] == "ARRAY" and props["past"]["items"]["type"] == "OBJECT"
    assert props["favourite"] == {"type": "STRING", "enum": ["red", "blue"]}
    assert props["level"]["type"] == "INTEGER" and "One of: 1, 2." in props["level"]["description"]
    assert props["mood"] == {"type": "STRING", "enum": ["happy", "sad"]}
    assert props["nick"] == {"type": "STRING", "nullable": True}
    assert props["tags"] == {"type": "ARRAY", "items": {"type": "STRING"}}
    assert props["scores"] == {"type": "OBJECT"}
    assert props["either"] == {"anyOf": [{"type": "INTEGER"}, {"type": "STRING"}]}
    assert schema["propertyOrdering"] == list(Person.model_fields)
    assert sorted(schema["required"]) == ["either", "favourite", "home", "mood", "name", "tags"]
    # the SDK's own typed declaration takes it (it forbids unknown keys)
    types.FunctionDeclaration.model_validate(declaration)
    declaration["parameters"]["required"].append("x")  # a copy: changes nothing
    assert "x" not in instructor.generate_gemini_schema(Person)["parameters"]["required"]


class Node(BaseModel):
    value: int
    children: list[Node] = []


def test_a_recursive_model_is_refused_with_a_clear_error():
    with pytest.raises(ConfigurationError, match="recursive model 'Node'"):
        instructor.generate_gemini_schema(Node)


def test_gemini_schema_on_openai_schema_classes():
    class Pet(instructor.OpenAISchema):
        kind: Color

    assert Pet.gemini_schema["parameters"]["properties"]["kind"]["enum"] == ["red", "blue"]
