"""How core calls google-generativeai's ``GenerativeModel.generate_content``.

OpenAI-style ``messages`` become ``contents`` (``assistant`` -> ``model``);
this SDK takes its system instruction only when the model is built, so
system messages are put at the start of the first user turn, as 1.x does.
OpenAI-style settings (``max_tokens``, ``stop``, ...) go into
``generation_config``. The model name is the GenerativeModel's: a
``model=`` argument is refused. Usage is the response's ``usage_metadata``
(a proto message), summed field by field.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from ...core.adapter import ProviderAdapter
from ...exceptions import ConfigurationError
from ..genai import media
from ..genai._contents import to_contents

__all__ = ["GeminiAdapter"]

_RENAMED = {"max_tokens": "max_output_tokens", "max_completion_tokens": "max_output_tokens",
            "n": "candidate_count", "stop": "stop_sequences"}
_CALL_ARGS = ("contents", "safety_settings", "tools", "tool_config", "request_options")
_GENERATION = ("candidate_count", "stop_sequences", "max_output_tokens", "temperature", "top_p",
               "top_k", "response_mime_type", "response_schema", "presence_penalty",
               "frequency_penalty", "response_logprobs", "logprobs")


class GeminiAdapter(ProviderAdapter):
    """``GenerativeModel.generate_content`` (``_async`` when async) with Gemini contents."""

    __slots__ = ()

    def sdk_create(self) -> Any:
        return self.client.generate_content

    async def acreate(self, request: dict[str, Any]) -> Any:
        try:
            return await self.client.generate_content_async(**request)
        except TypeError as exc:
            raise _no_async(exc) from exc

    async def astream(self, request: dict[str, Any]) -> AsyncIterator[Any]:
        try:
            stream = await self.client.generate_content_async(**request, stream=True)
        except TypeError as exc:
            raise _no_async(exc) from exc
        async for chunk in stream:
            yield chunk

    def convert(self, request: dict[str, Any]) -> dict[str, Any]:
        generation = _settings(request.get("generation_config"))
        out: dict[str, Any] = {}
        for key, value in request.items():
            if key in ("messages", "generation_config"):
                continue
            if key in _CALL_ARGS or key == "stream":
                out[key] = value
                continue
            if key == "model":
                raise ConfigurationError(
                    "the model of from_gemini is the GenerativeModel's "
                    f"({getattr(self.client, 'model_name', '?')}); drop model= from create, "
                    "or wrap genai.GenerativeModel(<model>) for another one")
            name = _RENAMED.get(key, key)
            if name not in _GENERATION:
                raise ConfigurationError(
                    f"google-generativeai's generate_content takes no {key!r}; give "
                    "messages= (or contents=), generation settings (temperature, max_tokens, "
                    "...), safety_settings=, request_options=")
            generation[name] = [value] if name == "stop_sequences" and isinstance(
                value, str) else value
        messages = request.get("messages")
        contents = out.get("contents")
        if contents is not None and not isinstance(contents, list):
            contents = [{"role": "user", "parts": [{"text": contents}]}
                        if isinstance(contents, str) else contents]
        if messages is not None:
            converted, system = to_contents(messages, media.part)
            contents = [*(contents or ()), *_inline_system(converted, system)]
        if not contents:
            raise ConfigurationError(
                "Gemini needs a conversation: give messages= with a user message "
                "(system messages alone are not one) or contents=")
        out["contents"] = contents
        if generation:
            out["generation_config"] = generation
        return out

    def messages(self, request: dict[str, Any]) -> Any:
        return request.get("contents")

    def usage(self, completion: Any) -> Any:
        return getattr(completion, "usage_metadata", None)

    def add_usage(self, total: Any, usage: Any) -> Any:
        if total is None:  # the first attempt's usage is the total: no copy
            return usage
        fields = getattr(getattr(type(usage), "meta", None), "fields", None)
        if usage is None or fields is None:
            return super().add_usage(total, usage)
        counts = {}
        for name in fields:
            value = getattr(usage, name, None)
            if isinstance(value, int):
                counts[name] = value + (getattr(total, name, 0) if total is not None else 0)
        return type(usage)(**counts)

    def with_usage(self, completion: Any, total: Any) -> Any:
        # The SDK's response wraps the proto it read; its usage_metadata is read-only.
        result = getattr(completion, "_result", None)
        if result is not None:
            result.usage_metadata = total
        return completion


def _no_async(exc: TypeError) -> Exception:
    """The SDK's async call over its REST transport fails with a bare TypeError."""
    if "await" not in str(exc):
        return exc
    return ConfigurationError(
        "google-generativeai makes async calls over gRPC only, and this client is "
        "configured for REST: use genai.configure(transport='grpc_asyncio') for "
        "use_async=True, or a sync client")


def _settings(config: Any) -> dict[str, Any]:
    """``generation_config`` (a dict, the SDK's dataclass or a proto) as a new dict."""
    if config is None:
        return {}
    if isinstance(config, dict):
        source = config
    elif hasattr(type(config), "to_dict") and hasattr(config, "_pb"):
        source = type(config).to_dict(config)
    elif hasattr(config, "__dataclass_fields__"):
        source = {k: getattr(config, k) for k in config.__dataclass_fields__}
    else:
        raise ConfigurationError(
            f"generation_config must be a dict or a GenerationConfig, got {type(config).__name__}")
    return {_RENAMED.get(k, k): v for k, v in source.items() if v is not None}


def _inline_system(contents: list[Any], system: list[str]) -> list[Any]:
    """``contents`` with the system texts as the first parts of the first user turn."""
    if not system:
        return contents
    parts = [{"text": text} for text in system]
    for index, content in enumerate(contents):
        if isinstance(content, dict) and content.get("role") == "user":
            first = {**content, "parts": [*parts, *content.get("parts", ())]}
            return [*contents[:index], first, *contents[index + 1:]]
    return [{"role": "user", "parts": parts}, *contents]
