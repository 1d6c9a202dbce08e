"""llm_validator and openai_moderation against the fake OpenAI server."""

from __future__ import annotations

from typing import Annotated

import pytest
from pydantic import AfterValidator, BaseModel, ValidationError

import instructor
from fakes.openai_server import chat_completion, moderation


def test_llm_validator_rejects_with_the_models_reason(fake_openai):
    client = instructor.from_openai(fake_openai.client())

    class Answer(BaseModel):
        text: Annotated[str, AfterValidator(
            instructor.llm_validator("don't say objectionable things", client))]

    fake_openai.script(chat_completion(tool_calls=[(
        "Validator", {"is_valid": False, "reason": "it is rude", "fixed_value": None})]))
    with pytest.raises(ValidationError, match="it is rude"):
        Answer(text="rude words")
    sent = fake_openai.last_request.json
    assert sent["tool_choice"]["function"]["name"] == "Validator"
    assert "rude words" in str(sent["messages"])
    assert "objectionable" in str(sent["messages"])


def test_llm_validator_override_returns_fixed_value(fake_openai):
    client = instructor.from_openai(fake_openai.client())
    check = instructor.llm_validator("be polite", client, allow_override=True)
    fake_openai.script(chat_completion(tool_calls=[(
        "Validator", {"is_valid": False, "reason": "rude", "fixed_value": "hello"})]))
    assert check("oi") == "hello"
    fake_openai.script(chat_completion(tool_calls=[(
        "Validator", {"is_valid": True, "reason": None, "fixed_value": None})]))
    assert check("hi") == "hi"


def test_openai_moderation(fake_openai):
    sdk = fake_openai.client()
    check = instructor.openai_moderation(sdk)
    fake_openai.script(moderation(categories=["harassment"]), moderation(flagged=False))
    with pytest.raises(ValueError, match="harassment"):
        check("something nasty")
    assert check("a nice day") == "a nice day"
    assert fake_openai.requests[0].path.endswith("/moderations")
