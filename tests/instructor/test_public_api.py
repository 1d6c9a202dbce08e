"""The public surface matches instructor 1.x and stays honest."""

from __future__ import annotations

import ast
import json
import os

import instructor
from instructor import Mode

NAMES_1X = {
    "Instructor", "AsyncInstructor", "Mode", "Provider", "patch", "apatch",
    "from_provider", "from_openai", "from_anthropic", "from_anyscale", "from_databricks",
    "from_deepseek", "from_litellm", "from_openrouter", "from_perplexity", "from_together",
    "from_vertexai", "from_gemini", "from_genai", "from_bedrock", "from_cohere",
    "from_mistral", "from_groq", "from_fireworks", "from_cerebras", "from_writer",
    "from_xai", "Partial", "IterableModel", "Maybe", "CitationMixin", "OpenAISchema",
    "openai_schema", "ResponseSchema", "response_schema", "generate_openai_schema",
    "generate_anthropic_schema", "generate_gemini_schema", "Image", "Audio",
    "llm_validator", "openai_moderation", "hooks",
}

MODES_1X = dict(
    FUNCTIONS="function_call", PARALLEL_TOOLS="parallel_tool_call", TOOLS="tool_call",
    TOOLS_STRICT="tools_strict", JSON="json_mode", JSON_O1="json_o1",
    MD_JSON="markdown_json_mode", JSON_SCHEMA="json_schema_mode",
    RESPONSES_TOOLS="responses_tools",
    RESPONSES_TOOLS_WITH_INBUILT_TOOLS="responses_tools_with_inbuilt_tools",
    XAI_JSON="xai_json", XAI_TOOLS="xai_tools", ANTHROPIC_TOOLS="anthropic_tools",
    ANTHROPIC_REASONING_TOOLS="anthropic_reasoning_tools", ANTHROPIC_JSON="anthropic_json",
    ANTHROPIC_PARALLEL_TOOLS="anthropic_parallel_tools", MISTRAL_TOOLS="mistral_tools",
    MISTRAL_STRUCTURED_OUTPUTS="mistral_structured_outputs", VERTEXAI_TOOLS="vertexai_tools",
    VERTEXAI_JSON="vertexai_json", VERTEXAI_PARALLEL_TOOLS="vertexai_parallel_tools",
    GEMINI_JSON="gemini_json", GEMINI_TOOLS="gemini_tools", GENAI_TOOLS="genai_tools",
    GENAI_JSON="genai_json", GENAI_STRUCTURED_OUTPUTS="genai_structured_outputs",
    COHERE_TOOLS="cohere_tools", COHERE_JSON_SCHEMA="json_object",
    CEREBRAS_TOOLS="cerebras_tools", CEREBRAS_JSON="cerebras_json",
    FIREWORKS_TOOLS="fireworks_tools", FIREWORKS_JSON="fireworks_json",
    WRITER_TOOLS="writer_tools", WRITER_JSON="writer_json", BEDROCK_TOOLS="bedrock_tools",
    BEDROCK_JSON="bedrock_json", PERPLEXITY_JSON="perplexity_json",
    OPENROUTER_STRUCTURED_OUTPUTS="openrouter_structured_outputs",
)


def test_every_1x_name_is_public_and_resolves():
    assert NAMES_1X <= set(instructor.__all__)
    assert NAMES_1X <= set(dir(instructor))
    for name in instructor.__all__:
        assert getattr(instructor, name) is not None, name


def test_mode_has_every_1x_member_and_value():
    assert {m.name: m.value for m in Mode} == MODES_1X
    assert len(Mode) == 38
    assert Mode.TOOLS.value == "tool_call"
    assert Mode("tool_call") is Mode.TOOLS


def test_star_import(python):
    out = python("""
        import json
        ns = {}
        exec("from instructor import *", ns)
        print(json.dumps(sorted(k for k in ns if not k.startswith("__"))))
    """)
    assert set(json.loads(out.stdout)) == set(instructor.__all__)


def test_unknown_attribute_is_an_attribute_error():
    try:
        instructor.does_not_exist  # noqa: B018
    except AttributeError as exc:
        assert "does_not_exist" in str(exc)
    else:
        raise AssertionError("expected AttributeError")


def test_type_checking_block_matches_the_runtime_table():
    """The TYPE_CHECKING imports and _EXPORTS name the same objects."""
    path = os.path.join(os.path.dirname(instructor.__file__), "__init__.py")
    with open(path) as f:
        tree = ast.parse(f.read())
    block = next(node for node in tree.body if isinstance(node, ast.If)
                 and getattr(node.test, "id", None) == "TYPE_CHECKING")
    static = {}
    for node in block.body:
        assert isinstance(node, ast.ImportFrom)
        for alias in node.names:
            static[alias.asname or alias.name] = "instructor" + (
                "." + node.module if node.module else "")
    assert set(static) == set(instructor.__all__)
    for name, module in static.items():
        if name in ("hooks", "exceptions"):
            continue
        import importlib

        assert getattr(importlib.import_module(module), name) is not None
        runtime = getattr(instructor, name)
        assert callable(runtime) or isinstance(runtime, type), name


def test_exceptions_module_contract():
    from instructor import exceptions as e

    assert issubclass(e.ResponseParsingError, ValueError)
    assert issubclass(e.ResponseParsingError, e.InstructorError)
    for name in ("InstructorRetryException", "IncompleteOutputException", "ModeError",
                 "ClientError", "ConfigurationError", "ProviderError", "ValidationError",
                 "MultimodalError", "AsyncValidationError", "TokenBudgetExceeded"):
        assert issubclass(getattr(e, name), e.InstructorError)
    exc = e.ModeError("json_mode", "acme", ["tool_call"])
    assert (exc.mode, exc.provider, exc.valid_modes) == ("json_mode", "acme", ["tool_call"])


def test_openai_schema_helpers():
    from pydantic import BaseModel

    class User(BaseModel):
        """A user."""

        name: str
        age: int = 0

    schema = instructor.generate_openai_schema(User)
    assert schema["name"] == "User"
    assert schema["description"] == "A user."
    assert schema["parameters"]["required"] == ["name"]
    Wrapped = instructor.openai_schema(User)
    assert Wrapped.openai_schema == schema
    assert issubclass(Wrapped, instructor.OpenAISchema) and issubclass(Wrapped, User)
    assert instructor.openai_schema(User) is Wrapped
    assert instructor.generate_anthropic_schema(User)["input_schema"]["properties"]
    assert "$defs" not in json.dumps(instructor.generate_gemini_schema(User))


def test_openai_schema_from_response(fake_openai):
    from fakes.openai_server import chat_completion

    class User(instructor.OpenAISchema):
        name: str

    fake_openai.script(chat_completion(tool_calls=[("User", {"name": "Ada"})]))
    completion = fake_openai.client().chat.completions.create(model="m", messages=[])
    assert User.from_response(completion, mode=Mode.TOOLS).name == "Ada"


def test_all_is_exactly_the_export_table():
    assert sorted(instructor.__all__) == instructor.__all__
    assert set(instructor.__all__) == {*instructor._EXPORTS, "hooks", "exceptions"}
