"""instructor 1.x user code, unchanged, against the real openai SDK and a loopback fake.

Each test is a behaviour 1.x documents (retrying, hooks, iterable, usage,
templating, patching, ...) written the way its users write it.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterable
from enum import Enum
from typing import Union

import pytest
from pydantic import BaseModel, ValidationInfo, field_validator

import instructor
from fakes.openai_server import chat_completion, chat_stream, tool_call
from instructor import Mode
from instructor.exceptions import (
    InstructorError,
    InstructorRetryException,
    TokenBudgetExceeded,
)


class User(BaseModel):
    name: str
    age: int


class Pet(BaseModel):
    species: str


MESSAGES = [{"role": "user", "content": "Jason is 25"}]
JASON = {"name": "Jason", "age": 25}


@pytest.fixture
def client(fake_openai):
    return instructor.from_openai(fake_openai.client())


def calls(name, args, **kw):
    return chat_completion(tool_calls=[(name, args)], **kw)


# -- 1. templates need nothing installed by hand -------------------------------------


def test_jinja2_comes_with_the_package_and_loads_only_to_render(python):
    from importlib.metadata import requires

    assert any(r.split(";")[0].strip().startswith("jinja2") for r in requires("instructor"))
    out = python("""
        import sys, instructor, openai
        from pydantic import BaseModel
        class U(BaseModel):
            name: str
        instructor.from_openai(openai.OpenAI(api_key="k"))
        from instructor.core.templating import render_messages
        before = "jinja2" in sys.modules
        render_messages([{"role": "user", "content": "plain"}], {"a": 1})
        middle = "jinja2" in sys.modules
        out = render_messages([{"role": "user", "content": "hi {{ a }}"}], {"a": 1})
        print(before, middle, "jinja2" in sys.modules, out[0]["content"])
    """, env={"INSTRUCTOR_EAGER": "0"})
    assert out.stdout.split() == ["False", "False", "True", "hi", "1"]


# -- 2. list[Model] and IterableModel(Model) give a list ------------------------------


@pytest.mark.parametrize("response_model", [list[User], instructor.IterableModel(User)],
                         ids=["list", "IterableModel"])
def test_list_and_iterable_model_return_a_plain_list(client, fake_openai, response_model):
    fake_openai.script(calls("IterableUser", {"tasks": [JASON, {"name": "Ada", "age": 36}]}))
    users = client.create(model="m", response_model=response_model, messages=MESSAGES)
    assert users == [User(**JASON), User(name="Ada", age=36)]
    sent = fake_openai.last_request.json
    assert sent["tools"][0]["function"]["name"] == "IterableUser"
    assert list(sent["tools"][0]["function"]["parameters"]["properties"]) == ["tasks"]


# -- 3. create_iterable over a union -----------------------------------------------------


def test_create_iterable_of_a_union_streams_both_types_in_order(client, fake_openai):
    args = {"tasks": [JASON, {"species": "cat"}, {"name": "Ada", "age": 36}]}
    fake_openai.script(chat_stream(tool_calls=[("IterableUserOrPet", args)], chunk_size=5))
    items = list(client.create_iterable(model="m", response_model=Union[User, Pet],  # noqa: UP007 - 1.x spelling
                                        messages=MESSAGES))
    assert items == [User(**JASON), Pet(species="cat"), User(name="Ada", age=36)]
    function = fake_openai.last_request.json["tools"][0]["function"]
    assert function["name"] == "IterableUserOrPet"
    assert function["parameters"]["properties"]["tasks"]["type"] == "array"


# -- 4. token_budget -----------------------------------------------------------------


def test_token_budget_stops_retries(client, fake_openai):
    bad = calls("User", {"name": "J", "age": "x"}, usage=(40, 20))
    fake_openai.always(bad)
    with pytest.raises(TokenBudgetExceeded) as info:
        client.create(model="m", response_model=User, messages=MESSAGES, max_retries=5,
                      token_budget=100)
    error = info.value
    assert isinstance(error, InstructorRetryException)
    assert error.n_attempts == 2 and len(fake_openai.requests) == 2  # 60 then 120 tokens
    assert error.total_usage.total_tokens == 120
    assert [a.attempt_number for a in error.failed_attempts] == [1, 2]
    assert "token_budget" not in fake_openai.last_request.json


def test_token_budget_leaves_a_good_answer_alone(client, fake_openai):
    fake_openai.script(calls("User", JASON, usage=(400, 200)))
    assert client.create(model="m", response_model=User, messages=MESSAGES,
                         token_budget=10) == User(**JASON)


# -- 5. hooks' metadata ---------------------------------------------------------------------


def test_last_attempt_and_usage_hooks_get_1x_metadata(client, fake_openai):
    fake_openai.always(calls("User", {"name": "J"}, usage=(10, 5)))
    seen = []
    client.on("completion:last_attempt", lambda exc, **meta: seen.append(("last", meta)))
    client.on("completion:usage", lambda usage, **meta: seen.append(
        ("usage", usage.total_tokens, meta)))
    with pytest.raises(InstructorRetryException):
        client.create(model="m", response_model=User, messages=MESSAGES, max_retries=2)
    assert seen == [
        ("usage", 15, {"attempt_number": 1}),
        ("usage", 30, {"attempt_number": 2}),
        ("usage", 45, {"attempt_number": 3}),
        ("last", {"is_last_attempt": True, "attempt_number": 3, "max_attempts": 3}),
    ]


# -- 6. PARALLEL_TOOLS does not stream ------------------------------------------------------


def test_parallel_tools_with_stream_raises_before_sending(fake_openai):
    client = instructor.from_openai(fake_openai.client(), mode=Mode.PARALLEL_TOOLS)
    with pytest.raises(InstructorError, match="does not stream"):
        client.create(model="m", response_model=Iterable[User], messages=MESSAGES, stream=True)
    assert fake_openai.requests == []


# -- 7. ModeError ----------------------------------------------------------------------------


def test_mode_error_names_the_mode_by_value(fake_openai):
    with pytest.raises(instructor.exceptions.ModeError) as info:
        instructor.from_openai(fake_openai.client(), mode=Mode.ANTHROPIC_TOOLS)
    assert "ANTHROPIC_TOOLS ('anthropic_tools')" in str(info.value)
    assert "valid modes: TOOLS, TOOLS_STRICT" in str(info.value)


# -- the rest of the documented contract ---------------------------------------------------


def test_max_retries_zero_means_one_attempt(client, fake_openai):
    fake_openai.always(calls("User", {"name": "J"}))
    with pytest.raises(InstructorRetryException) as info:
        client.create(model="m", response_model=User, messages=MESSAGES, max_retries=0)
    assert info.value.n_attempts == 1 and len(fake_openai.requests) == 1


def test_validation_context_is_the_deprecated_name_of_context(client, fake_openai):
    class Quoted(BaseModel):
        quote: str

        @field_validator("quote")
        @classmethod
        def in_source(cls, value: str, info: ValidationInfo) -> str:
            if value not in info.context["source"]:
                raise ValueError("not in the source")
            return value

    fake_openai.script(calls("Quoted", {"quote": "is 25"}))
    with pytest.warns(DeprecationWarning, match="validation_context is deprecated"):
        out = client.create(model="m", response_model=Quoted, messages=MESSAGES,
                            validation_context={"source": "Jason is 25"})
    assert out.quote == "is 25"


def test_enum_and_union_simple_types(client, fake_openai):
    class Color(Enum):
        RED = "red"
        BLUE = "blue"

    fake_openai.script(calls("Response", {"content": "blue"}),
                       calls("Response", {"content": 3}))
    assert client.create(model="m", response_model=Color, messages=MESSAGES) is Color.BLUE
    assert client.create(model="m", response_model=Union[int, str],  # noqa: UP007
                         messages=MESSAGES) == 3


def test_hook_names_as_the_enum_and_hooks_objects_per_call(client, fake_openai):
    from instructor.hooks import HookName, Hooks

    fake_openai.script(calls("User", JASON))
    seen = []
    per_call = Hooks()
    per_call.on(HookName.COMPLETION_RESPONSE, lambda response: seen.append("response"))
    client.on(HookName.COMPLETION_KWARGS, lambda *a, **kw: seen.append("kwargs"))
    client.create(model="m", response_model=User, messages=MESSAGES, hooks=per_call)
    assert seen == ["kwargs", "response"]


def test_response_model_none_with_stream_returns_the_sdks_stream(client, fake_openai):
    fake_openai.script(chat_stream("hello there"))
    stream = client.create(model="m", response_model=None, messages=MESSAGES, stream=True)
    text = "".join(c.choices[0].delta.content or "" for c in stream if c.choices)
    assert text == "hello there"
    assert type(stream).__name__ == "Stream"


def test_retry_exception_carries_what_1x_code_reads(client, fake_openai):
    fake_openai.always(calls("User", {"name": "J"}, usage=(3, 2)))
    with pytest.raises(InstructorRetryException) as info:
        client.create(model="m", response_model=User, messages=MESSAGES, max_retries=1)
    error = info.value
    assert error.n_attempts == 2 and len(error.failed_attempts) == 2
    assert error.total_usage.total_tokens == 10
    assert error.last_completion.choices[0].message.tool_calls[0].function.name == "User"
    assert error.messages[0] == MESSAGES[0]
    assert error.create_kwargs["model"] == "m" and "tools" in error.create_kwargs
    attempt = error.failed_attempts[0]
    assert attempt.attempt_number == 1 and "age" in str(attempt.exception)


def test_client_create_partial_through_chat_completions(client, fake_openai):
    fake_openai.script(chat_stream(tool_calls=[tool_call("User", json.dumps(JASON))]))
    partials = list(client.chat.completions.create_partial(
        model="m", response_model=User, messages=MESSAGES))
    assert partials[-1] == User(**JASON)


def test_no_deprecation_warning_for_generic_modes(fake_openai):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for mode in (Mode.TOOLS, Mode.JSON, Mode.MD_JSON, Mode.JSON_SCHEMA):
            instructor.from_openai(fake_openai.client(), mode=mode)


def test_hooks_given_at_construction(fake_openai):
    from instructor.hooks import Hooks

    hooks = Hooks()
    seen = []
    hooks.on("completion:response", lambda response: seen.append(response.id))
    client = instructor.from_openai(fake_openai.client(), hooks=hooks)
    fake_openai.script(calls("User", JASON))
    client.create(model="m", response_model=User, messages=MESSAGES)
    assert len(seen) == 1 and "hooks" not in fake_openai.last_request.json
