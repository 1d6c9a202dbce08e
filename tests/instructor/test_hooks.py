"""Hooks fire with 1.x's names and payloads, per client and per call."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

import instructor
from fakes.openai_server import Error, chat_completion
from instructor.exceptions import InstructorRetryException
from instructor.hooks import HookName, Hooks


class User(BaseModel):
    name: str
    age: int


BAD = chat_completion(tool_calls=[("User", {"name": "J", "age": "x"})])
GOOD = chat_completion(tool_calls=[("User", {"name": "J", "age": 1})])
MESSAGES = [{"role": "user", "content": "x"}]


def recorder(events, name):
    return lambda *args, **kwargs: events.append((name, args, kwargs))


def test_events_in_order_with_payloads(fake_openai):
    fake_openai.script(BAD, GOOD)
    client = instructor.from_openai(fake_openai.client())
    events = []
    for name in HookName:
        client.on(name.value, recorder(events, name.value))
    client.create(model="m", response_model=User, messages=MESSAGES, max_retries=1)
    names = [e[0] for e in events]
    assert names == ["completion:kwargs", "completion:response", "completion:usage",
                     "parse:error", "completion:kwargs", "completion:response",
                     "completion:usage"]
    assert events[0][2]["model"] == "m" and "tools" in events[0][2]
    assert events[1][1][0].choices[0].message.tool_calls
    assert events[2][1][0].total_tokens == 15
    assert "age" in str(events[3][1][0])


def test_last_attempt_and_error(fake_openai):
    fake_openai.script(BAD, Error(500, "boom"))
    client = instructor.from_openai(fake_openai.client())
    events = []
    client.on(HookName.COMPLETION_LAST_ATTEMPT, recorder(events, "last"))
    client.on("completion:error", recorder(events, "error"))
    with pytest.raises(InstructorRetryException):
        client.create(model="m", response_model=User, messages=MESSAGES, max_retries=0)
    with pytest.raises(InstructorRetryException):
        client.create(model="m", response_model=User, messages=MESSAGES, max_retries=0)
    assert [e[0] for e in events] == ["last", "error"]


def test_off_clear_and_unknown_name(fake_openai):
    client = instructor.from_openai(fake_openai.client())
    events = []
    handler = recorder(events, "k")
    client.on("completion:kwargs", handler)
    client.off("completion:kwargs", handler)
    client.on("parse:error", handler)
    client.clear()
    fake_openai.script(GOOD)
    client.create(model="m", response_model=User, messages=MESSAGES)
    assert events == []
    with pytest.raises(ValueError, match="completion:kwargs"):
        client.on("completion:bogus", handler)


def test_per_call_hooks_and_addition(fake_openai):
    fake_openai.script(GOOD, GOOD)
    events = []
    a, b = Hooks(), Hooks()
    a.on("completion:kwargs", recorder(events, "a"))
    b.on("completion:response", recorder(events, "b"))
    client = instructor.from_openai(fake_openai.client(), hooks=a)
    client.create(model="m", response_model=User, messages=MESSAGES, hooks=b)
    assert [e[0] for e in events] == ["a", "b"]
    client.create(model="m", response_model=User, messages=MESSAGES)
    assert [e[0] for e in events] == ["a", "b", "a"]
    assert len(a + b) == 2


def test_failing_hook_warns_and_call_goes_on(fake_openai):
    fake_openai.script(GOOD)
    client = instructor.from_openai(fake_openai.client())

    def broken(*args, **kwargs):
        raise RuntimeError("hook bug")

    client.on("completion:response", broken)
    with pytest.warns(UserWarning, match="hook bug"):
        assert client.create(model="m", response_model=User, messages=MESSAGES).age == 1
