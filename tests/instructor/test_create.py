"""`create` and friends in TOOLS mode, driven through the real openai SDK."""

from __future__ import annotations

import copy
import enum
from collections.abc import Iterable
from typing import Literal, Optional, Union

import pytest
from pydantic import BaseModel, ValidationInfo, field_validator

import instructor
from fakes.openai_server import Error, chat_completion, chat_stream, tool_call
from instructor.exceptions import (
    IncompleteOutputException,
    InstructorRetryException,
)


class User(BaseModel):
    name: str
    age: int


def user_call(args, **kw):
    return chat_completion(tool_calls=[("User", args)], **kw)


@pytest.fixture
def client(fake_openai):
    return instructor.from_openai(fake_openai.client())


MESSAGES = [{"role": "user", "content": "Jason is 25"}]


def test_returns_validated_model_and_sends_forced_tool(client, fake_openai):
    fake_openai.script(user_call({"name": "Jason", "age": 25}))
    user = client.chat.completions.create(
        model="gpt-4o-mini", response_model=User, messages=MESSAGES)
    assert user == User(name="Jason", age=25)
    sent = fake_openai.last_request.json
    assert sent["model"] == "gpt-4o-mini"
    assert sent["messages"] == MESSAGES
    assert sent["tool_choice"] == {"type": "function", "function": {"name": "User"}}
    (tool,) = sent["tools"]
    assert tool["type"] == "function"
    assert tool["function"]["name"] == "User"
    assert tool["function"]["parameters"]["required"] == ["age", "name"]
    assert set(tool["function"]["parameters"]["properties"]) == {"name", "age"}


def test_create_and_messages_create_are_the_same_entry(client, fake_openai):
    fake_openai.script(user_call({"name": "A", "age": 1}), user_call({"name": "B", "age": 2}))
    assert client.create(model="m", response_model=User, messages=MESSAGES).name == "A"
    assert client.messages.create(model="m", response_model=User, messages=MESSAGES).name == "B"


def test_result_carries_no_private_attributes(client, fake_openai):
    fake_openai.script(user_call({"name": "Jason", "age": 25}))
    user = client.create(model="m", response_model=User, messages=MESSAGES)
    assert user.__pydantic_private__ in (None, {})
    assert User.model_fields.keys() == {"name", "age"}
    assert not [a for a in vars(User) if "raw" in a.lower()]


def test_reask_sends_error_back_without_touching_callers_messages(client, fake_openai):
    fake_openai.script(user_call({"name": "Jason", "age": "twenty"}),
                       user_call({"name": "Jason", "age": 25}))
    messages = [{"role": "user", "content": "Jason is 25"}]
    before = copy.deepcopy(messages)
    user = client.create(model="m", response_model=User, messages=messages, max_retries=1)
    assert user.age == 25
    assert messages == before
    first, second = (r.json for r in fake_openai.requests)
    assert first["messages"] == before
    assistant, tool = second["messages"][1:]
    assert assistant["role"] == "assistant"
    assert assistant["tool_calls"][0]["function"]["name"] == "User"
    assert tool["role"] == "tool"
    assert tool["tool_call_id"] == assistant["tool_calls"][0]["id"]
    assert "age" in tool["content"] and "Validation Error" in tool["content"]


@pytest.mark.parametrize("max_retries, attempts", [(0, 1), (1, 2), (3, 4)])
def test_max_retries_counts_retries_not_attempts(client, fake_openai, max_retries, attempts):
    fake_openai.always(user_call({"name": "Jason", "age": "x"}))
    with pytest.raises(InstructorRetryException) as info:
        client.create(model="m", response_model=User, messages=MESSAGES,
                      max_retries=max_retries)
    assert len(fake_openai.requests) == attempts
    exc = info.value
    assert exc.n_attempts == attempts
    assert [f.attempt_number for f in exc.failed_attempts] == list(range(1, attempts + 1))
    assert exc.total_usage.total_tokens == 15 * attempts
    assert exc.last_completion.choices[0].message.tool_calls[0].function.name == "User"
    assert exc.messages[0] == MESSAGES[0]
    assert exc.create_kwargs["model"] == "m"
    assert "age" in str(exc)


def test_default_max_retries_is_three(client, fake_openai):
    fake_openai.always(user_call({"name": "Jason", "age": "x"}))
    with pytest.raises(InstructorRetryException):
        client.create(model="m", response_model=User, messages=MESSAGES)
    assert len(fake_openai.requests) == 4


def test_strict_by_default_and_coercion_when_not(client, fake_openai):
    fake_openai.script(user_call({"name": "J", "age": "25"}))
    with pytest.raises(InstructorRetryException):
        client.create(model="m", response_model=User, messages=MESSAGES, max_retries=0)
    fake_openai.script(user_call({"name": "J", "age": "25"}))
    user = client.create(model="m", response_model=User, messages=MESSAGES,
                         max_retries=0, strict=False)
    assert user.age == 25


def test_sdk_error_is_wrapped_and_not_retried(client, fake_openai):
    import openai

    fake_openai.script(Error(400, "bad request"))
    with pytest.raises(InstructorRetryException) as info:
        client.create(model="m", response_model=User, messages=MESSAGES, max_retries=3)
    assert isinstance(info.value.__cause__, openai.BadRequestError)
    assert len(fake_openai.requests) == 1


def test_passthrough_returns_raw_completion_and_sdk_errors_unchanged(client, fake_openai):
    import openai

    fake_openai.script(chat_completion("hello"), Error(401, "no key"))
    raw = client.create(model="m", response_model=None, messages=MESSAGES)
    assert raw.choices[0].message.content == "hello"
    assert "tools" not in fake_openai.last_request.json
    with pytest.raises(openai.AuthenticationError):
        client.create(model="m", response_model=None, messages=MESSAGES)


def test_length_finish_raises_incomplete_without_retry(client, fake_openai):
    fake_openai.script(user_call('{"name": "Ja', finish_reason="length"))
    with pytest.raises(IncompleteOutputException) as info:
        client.create(model="m", response_model=User, messages=MESSAGES, max_retries=3)
    assert info.value.last_completion is not None
    assert len(fake_openai.requests) == 1


def test_create_with_completion_sums_usage_over_attempts(client, fake_openai):
    fake_openai.script(user_call({"name": "J", "age": "x"}, usage=(10, 5)),
                       user_call({"name": "J", "age": 3}, usage=(20, 7)))
    user, completion = client.create_with_completion(
        messages=MESSAGES, response_model=User, model="m", max_retries=1)
    assert user.age == 3
    assert completion.usage.prompt_tokens == 30
    assert completion.usage.completion_tokens == 12
    assert completion.usage.total_tokens == 42


class Ctx(BaseModel):
    answer: str

    @field_validator("answer")
    @classmethod
    def must_cite(cls, v: str, info: ValidationInfo) -> str:
        if info.context["source"] not in v:
            raise ValueError(f"answer must quote {info.context['source']!r}")
        return v


def test_context_reaches_validators_and_renders_templates(client, fake_openai):
    fake_openai.script(chat_completion(tool_calls=[("Ctx", {"answer": "it says hi"})]))
    out = client.create(
        model="m", response_model=Ctx, max_retries=0,
        messages=[{"role": "user", "content": "Quote {{ source }} from {{ doc }}"}],
        context={"source": "hi", "doc": "the memo"})
    assert out.answer == "it says hi"
    assert fake_openai.last_request.json["messages"][0]["content"] == "Quote hi from the memo"


def test_context_validator_failure_is_reasked(client, fake_openai):
    fake_openai.script(chat_completion(tool_calls=[("Ctx", {"answer": "nothing"})]),
                       chat_completion(tool_calls=[("Ctx", {"answer": "hello there"})]))
    out = client.create(model="m", response_model=Ctx, max_retries=1,
                        messages=MESSAGES, context={"source": "hello"})
    assert out.answer == "hello there"
    assert "answer must quote" in fake_openai.requests[1].json["messages"][-1]["content"]


def test_braces_left_alone_without_context(client, fake_openai):
    fake_openai.script(user_call({"name": "J", "age": 1}))
    messages = [{"role": "user", "content": "literal {{ not_a_var }} and {% raw %}"}]
    client.create(model="m", response_model=User, messages=messages)
    assert fake_openai.last_request.json["messages"] == messages


class Color(enum.Enum):
    RED = "red"
    BLUE = "blue"


@pytest.mark.parametrize("response_model, content, expected", [
    (int, 42, 42),
    (str, "hello", "hello"),
    (bool, True, True),
    (Literal["a", "b"], "b", "b"),
    (Color, "red", Color.RED),
    (list[int], [1, 2], [1, 2]),
    (Union[int, str], "x", "x"),  # noqa: UP007 - the typing spelling is under test
    (Optional[int], None, None),  # noqa: UP045
])
def test_simple_types_are_wrapped_and_unwrapped(client, fake_openai, response_model,
                                                content, expected):
    fake_openai.script(chat_completion(tool_calls=[("Response", {"content": content})]))
    assert client.create(model="m", response_model=response_model,
                         messages=MESSAGES) == expected
    params = fake_openai.last_request.json["tools"][0]["function"]["parameters"]
    assert list(params["properties"]) == ["content"]


def test_invalid_response_model_raises_type_error_before_any_request(client, fake_openai):
    with pytest.raises(TypeError):
        client.create(model="m", response_model=5, messages=MESSAGES)
    assert fake_openai.requests == []


def test_iterable_without_stream_returns_list(client, fake_openai):
    fake_openai.script(chat_completion(tool_calls=[(
        "IterableUser", {"tasks": [{"name": "A", "age": 1}, {"name": "B", "age": 2}]})]))
    users = client.create(model="m", response_model=Iterable[User], messages=MESSAGES)
    assert users == [User(name="A", age=1), User(name="B", age=2)]


def test_create_iterable_streams_one_object_at_a_time(client, fake_openai):
    args = '{"tasks": [{"name": "A", "age": 1}, {"name": "B", "age": 2}]}'
    fake_openai.script(chat_stream(tool_calls=[("IterableUser", args)], chunk_size=3))
    users = list(client.create_iterable(messages=MESSAGES, response_model=User, model="m"))
    assert users == [User(name="A", age=1), User(name="B", age=2)]
    assert fake_openai.last_request.json["stream"] is True


def test_iterable_stream_true_yields_as_objects_complete(client, fake_openai):
    args = '{"tasks": [{"name": "A", "age": 1}, {"name": "B", "age": 2}]}'
    seen_requests = []

    def reply(request):
        seen_requests.append(request)
        return chat_stream(tool_calls=[("IterableUser", args)], chunk_size=3)

    fake_openai.script(reply)
    stream = client.create(model="m", response_model=Iterable[User], messages=MESSAGES,
                           stream=True)
    assert seen_requests == []  # nothing is sent until the caller iterates
    assert [u.name for u in stream] == ["A", "B"]


def test_create_partial_yields_growing_objects_and_a_complete_last(client, fake_openai):
    args = '{"name": "Jason Liu", "age": 25}'
    fake_openai.script(chat_stream(tool_calls=[("User", args)], chunk_size=4))
    partials = list(client.create_partial(model="m", response_model=User, messages=MESSAGES))
    assert len(partials) > 2
    assert partials[-1] == User(name="Jason Liu", age=25)
    assert type(partials[-1]) is User
    names = [p.name for p in partials[:-1] if p.name]
    assert names == sorted(names, key=len) and names[-1] == "Jason Liu"


def test_partial_with_stream_true(client, fake_openai):
    fake_openai.script(chat_stream(tool_calls=[("User", '{"name": "Al", "age": 3}')]))
    items = list(client.create(model="m", response_model=instructor.Partial[User],
                               messages=MESSAGES, stream=True))
    assert items[-1].age == 3


def test_maybe_wraps_result_and_error(client, fake_openai):
    MaybeUser = instructor.Maybe(User)
    fake_openai.script(chat_completion(tool_calls=[(
        MaybeUser.__name__, {"result": None, "error": True, "message": "no user"})]))
    out = client.create(model="m", response_model=MaybeUser, messages=MESSAGES)
    assert out.error and out.message == "no user" and not out


def test_default_kwargs_from_the_factory(fake_openai):
    client = instructor.from_openai(fake_openai.client(), model="preset-model")
    fake_openai.script(user_call({"name": "J", "age": 1}))
    client.create(response_model=User, messages=MESSAGES)
    assert fake_openai.last_request.json["model"] == "preset-model"


def test_sdk_attributes_pass_through(client, fake_openai):
    fake_openai.script({"object": "list", "model": "m",
                        "data": [{"object": "embedding", "index": 0,
                                  "embedding": [0.5, 0.25]}],
                        "usage": {"prompt_tokens": 1, "total_tokens": 1}})
    out = client.embeddings.create(model="e", input="x", encoding_format="float")
    assert out.data[0].embedding == [0.5, 0.25]


def test_many_tool_calls_picks_the_response_model(client, fake_openai):
    fake_openai.script(chat_completion(tool_calls=[
        tool_call("Other", {"x": 1}), tool_call("User", {"name": "J", "age": 2})]))
    assert client.create(model="m", response_model=User, messages=MESSAGES).age == 2


def test_azure_client_works(fake_openai):
    client = instructor.from_openai(fake_openai.azure_client())
    fake_openai.script(user_call({"name": "Az", "age": 1}))
    assert client.create(model="deploy", response_model=User, messages=MESSAGES).name == "Az"
    assert "/openai/deployments/deploy/" in fake_openai.last_request.path


def test_concurrent_streaming_and_plain_calls_do_not_share_state(fake_openai):
    """Handlers are stateless: a stream and a plain call of one model interleave."""
    args = '{"name": "Stream", "age": 1}'
    fake_openai.script(chat_stream(tool_calls=[("User", args)], chunk_size=2),
                       user_call({"name": "Plain", "age": 2}))
    stream = client_for(fake_openai).create_partial(model="m", response_model=User,
                                                    messages=MESSAGES)
    first = next(stream)
    plain = client_for(fake_openai).create(model="m", response_model=User,
                                           messages=MESSAGES)
    rest = list(stream)
    assert plain == User(name="Plain", age=2)
    assert first is not None and rest[-1] == User(name="Stream", age=1)
    assert not [k for k in vars(User) if k.startswith("_instructor")]


def client_for(fake):
    return instructor.from_openai(fake.client())


def test_stream_cut_at_the_token_limit_raises_incomplete(client, fake_openai):
    fake_openai.script(chat_stream(tool_calls=[("User", '{"name": "Jas')],
                                   finish_reason="length"))
    with pytest.raises(IncompleteOutputException):
        list(client.create_partial(model="m", response_model=User, messages=MESSAGES))
