"""How core calls LiteLLM: the completion function the client was made with."""

from __future__ import annotations

from typing import Any

from ...exceptions import ConfigurationError
from ..openai.adapter import ChatAdapter

__all__ = ["LiteLLMAdapter"]


class LiteLLMAdapter(ChatAdapter):
    """``completion(**request)``: OpenAI content parts, which LiteLLM translates."""

    __slots__ = ()

    def sdk_create(self) -> Any:
        raise ConfigurationError(
            "a LiteLLM client calls a function: use instructor.from_litellm(litellm.completion)"
            " or from_litellm(litellm.acompletion)")
