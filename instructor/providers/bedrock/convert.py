"""OpenAI-style keyword arguments as a Converse request (`to_converse`).

botocore validates a request against the service model before sending it,
so every key must be a Converse parameter. Here ``model`` becomes
``modelId``; ``max_tokens``, ``temperature``, ``top_p`` and ``stop`` go in
``inferenceConfig`` (values already there win); ``top_k`` goes in
``additionalModelRequestFields``; system messages join the ``system``
blocks (after a ``system=`` the caller gave, every block of it kept); a
message content becomes a list of content blocks. The caller's objects are
never changed.

    >>> sent = to_converse({"model": "m", "max_tokens": 9, "messages": [
    ...     {"role": "system", "content": "be brief"}, {"role": "user", "content": "hi"}]})
    >>> sent["modelId"], sent["inferenceConfig"], sent["system"]
    ('m', {'maxTokens': 9}, [{'text': 'be brief'}])
    >>> sent["messages"]
    [{'role': 'user', 'content': [{'text': 'hi'}]}]
"""

from __future__ import annotations

from typing import Any

from ...core._resolve import loaded

__all__ = ["system_blocks", "to_converse"]

# OpenAI-style (and camelCase) names of the inference settings Converse takes.
_INFERENCE = {"max_tokens": "maxTokens", "maxTokens": "maxTokens",
              "temperature": "temperature", "top_p": "topP", "topP": "topP",
              "stop": "stopSequences", "stop_sequences": "stopSequences",
              "stopSequences": "stopSequences"}
_MODEL_FIELDS = {"top_k": "top_k", "topK": "top_k"}


def to_converse(request: dict[str, Any]) -> dict[str, Any]:
    """``request`` with OpenAI-style names and messages in the Converse shape (a new dict)."""
    out: dict[str, Any] = {}
    inference: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    for key, value in request.items():
        if key in _INFERENCE:
            name = _INFERENCE[key]
            inference[name] = [value] if name == "stopSequences" and isinstance(
                value, str) else value
        elif key in _MODEL_FIELDS:
            fields[_MODEL_FIELDS[key]] = value
        elif key == "model":
            if "modelId" not in request:
                out["modelId"] = value
        elif key not in ("messages", "system"):
            out[key] = value
    if inference:
        out["inferenceConfig"] = {**inference, **(request.get("inferenceConfig") or {})}
    if fields:
        out["additionalModelRequestFields"] = {
            **fields, **(request.get("additionalModelRequestFields") or {})}
    system = system_blocks(request.get("system"))
    messages = request.get("messages")
    if isinstance(messages, list):
        turns = []
        for message in messages:
            if isinstance(message, dict) and message.get("role") == "system":
                system.extend(system_blocks(message.get("content")))
            else:
                turns.append(_message(message))
        out["messages"] = turns
    elif messages is not None:
        out["messages"] = messages
    if system:
        out["system"] = system
    return out


def system_blocks(system: Any) -> list[Any]:
    """``system`` (None, a string, or a list of strings and blocks) as a new list of blocks."""
    if not system:
        return []
    if isinstance(system, str):
        return [{"text": system}]
    if isinstance(system, list):
        return [_part(block) for block in system]
    return [system]  # not ours to judge: botocore says what is wrong with it


def _message(message: Any) -> Any:
    if not isinstance(message, dict) or "content" not in message:
        return message
    content = message["content"]
    if isinstance(content, str):
        return {**message, "content": [{"text": content}]}
    if isinstance(content, list):
        return {**message, "content": [_part(item) for item in content]}
    # An Image / Audio / PDF exists only if its module was loaded: no need to load it here.
    multimodal = loaded("instructor.multimodal")
    if multimodal is not None and multimodal.is_media(content):
        return {**message, "content": [_part(content)]}
    return message


def _part(item: Any) -> Any:
    if isinstance(item, str):
        return {"text": item}
    if isinstance(item, dict) and "type" not in item:
        return item  # already a Converse block
    from . import media  # media objects and OpenAI-style parts, loaded when first seen

    return media.part(item)
