"""How core calls google-genai's ``client.models.generate_content`` (`GenAIAdapter`).

A request is put in the SDK's shape here, for every mode and for
``response_model=None`` alike: OpenAI-style ``messages`` become
``contents`` (system messages go to ``config.system_instruction``),
OpenAI-style settings (``max_tokens``, ``stop``, ``n``, ``temperature``...)
and 1.x's ``generation_config=`` go into ``config``, a dict the modes add
to. Streams are ``generate_content_stream`` (``client.aio`` for async),
not ``stream=True``; usage is the response's ``usage_metadata``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from functools import cache
from typing import Any

from ...core.adapter import ProviderAdapter
from ...exceptions import ConfigurationError
from . import media
from ._contents import to_contents

__all__ = ["GenAIAdapter", "config_dict", "join_system"]

# OpenAI's names for Gemini's generation settings.
_RENAMED = {"max_tokens": "max_output_tokens", "max_completion_tokens": "max_output_tokens",
            "n": "candidate_count", "stop": "stop_sequences"}
_CALL_ARGS = ("model", "contents", "config")


class GenAIAdapter(ProviderAdapter):
    """``client.models.generate_content`` (``client.aio`` when async) with Gemini contents."""

    __slots__ = ()

    def sdk_create(self) -> Any:
        return self.client.models.generate_content

    def _aio(self) -> Any:
        # A genai.Client has .aio; an AsyncClient is its own async side.
        return getattr(self.client, "aio", self.client).models

    def create(self, request: dict[str, Any]) -> Any:
        if request.get("stream"):  # response_model=None with stream=True: the SDK's stream
            return self.stream({k: v for k, v in request.items() if k != "stream"})
        if self.create_fn is not None:
            return self.create_fn(**request)
        return self.client.models.generate_content(**request)

    async def acreate(self, request: dict[str, Any]) -> Any:
        if request.get("stream"):
            return self.astream({k: v for k, v in request.items() if k != "stream"})
        if self.create_fn is not None:
            return await self.create_fn(**request)
        return await self._aio().generate_content(**request)

    def stream(self, request: dict[str, Any]) -> Iterable[Any]:
        return self.client.models.generate_content_stream(**request)

    async def astream(self, request: dict[str, Any]) -> AsyncIterator[Any]:
        stream = await self._aio().generate_content_stream(**request)
        try:
            async for chunk in stream:
                yield chunk
        finally:
            close = getattr(stream, "aclose", None)
            if close is not None:
                await close()

    def convert(self, request: dict[str, Any]) -> dict[str, Any]:
        return convert(request, _fields())

    def messages(self, request: dict[str, Any]) -> Any:
        return request.get("contents")

    def usage(self, completion: Any) -> Any:
        return getattr(completion, "usage_metadata", None)

    def add_usage(self, total: Any, usage: Any) -> Any:
        # The first attempt's usage is the total: no copy (copying a pydantic
        # usage object field by field is most of our per-call cost).
        return usage if total is None else super().add_usage(total, usage)

    def with_usage(self, completion: Any, total: Any) -> Any:
        completion.usage_metadata = total
        return completion


@cache
def _fields() -> frozenset[str]:
    """The settings ``config`` takes (asked of the SDK once, on first use)."""
    from google.genai import types

    return frozenset(types.GenerateContentConfig.model_fields)


def convert(request: dict[str, Any], fields: frozenset[str]) -> dict[str, Any]:
    """``request`` as ``generate_content(model=, contents=, config=)`` takes it (a new dict)."""
    config = config_dict(request.get("config"))
    out: dict[str, Any] = {}
    for key, value in request.items():
        if key in _CALL_ARGS or key == "messages":
            continue
        if key == "generation_config":  # 1.x's spelling: a dict of settings
            for name, setting in config_dict(value).items():
                _setting(config, _RENAMED.get(name, name), setting)
            continue
        name = _RENAMED.get(key, key)
        if name not in fields:
            raise ConfigurationError(
                f"google-genai's generate_content takes no {key!r}; give model=, "
                "messages= (or contents=) and generation settings (temperature, "
                "max_tokens, ... or any GenerateContentConfig field)")
        _setting(config, name, value)
    contents = request.get("contents")
    if contents is not None and not isinstance(contents, list):
        contents = [{"role": "user", "parts": [{"text": contents}]}
                    if isinstance(contents, str) else contents]
    messages = request.get("messages")
    if messages is not None:
        converted, system = to_contents(messages, media.part)
        contents = [*(contents or ()), *converted]
        if system:
            config["system_instruction"] = join_system(config.get("system_instruction"),
                                                       system)
    if "model" in request:
        out["model"] = request["model"]
    if not contents:
        raise ConfigurationError(
            "Gemini needs a conversation: give messages= with a user message "
            "(system messages alone are not one) or contents=")
    out["contents"] = contents
    out["config"] = config
    return out


def _setting(config: dict[str, Any], name: str, value: Any) -> None:
    if name == "stop_sequences" and isinstance(value, str):
        value = [value]
    config[name] = value


def config_dict(config: Any) -> dict[str, Any]:
    """A config (None, a dict or an SDK config object) as a new shallow dict."""
    if config is None:
        return {}
    if isinstance(config, dict):
        return dict(config)
    fields = getattr(type(config), "model_fields", None)
    if fields is None:
        raise ConfigurationError(
            f"config must be a dict or a GenerateContentConfig, got {type(config).__name__}")
    return {k: v for k in fields if (v := getattr(config, k, None)) is not None}


def join_system(existing: Any, texts: list[str]) -> Any:
    """The system instruction: ``existing`` (text or content) followed by ``texts``."""
    if existing is None or isinstance(existing, str):
        return "\n\n".join([existing, *texts] if existing else texts)
    parts = existing.get("parts") if isinstance(existing, dict) else getattr(
        existing, "parts", None)
    return {"parts": [*(parts or ()), *({"text": t} for t in texts)]}
