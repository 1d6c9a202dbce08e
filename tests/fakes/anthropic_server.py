"""A loopback fake of Anthropic's Messages API, for driving the real ``anthropic`` SDK.

``POST /v1/messages`` (``?beta=true`` too) answers scripted replies (see
`fakes._scripted`): `message` bodies, `message_stream` event streams (the
``message_start`` ... ``content_block_delta`` ... ``message_stop``
sequence, with ``event:`` names), `Error` in Anthropic's shape, `Fault`.
An unscripted request gets HTTP 400, which the SDK does not retry.

Example::

    with FakeAnthropic() as fake:
        fake.script(message(tool_uses=[tool_use("User", {"name": "Ada"})]))
        reply = fake.client().messages.create(model="m", max_tokens=10, messages=[])
        assert reply.content[0].input == {"name": "Ada"}
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from typing import Any

from ._scripted import Error, Fault, Reply, ScriptedFake, Stream, close_client

__all__ = ["DEFAULT_MODEL", "Error", "FakeAnthropic", "Fault", "Reply", "Stream", "message",
           "message_stream", "tool_use"]

DEFAULT_MODEL = "claude-3-5-haiku-latest"
_ids = itertools.count(1)

_ERROR_TYPES = {400: "invalid_request_error", 401: "authentication_error",
                403: "permission_error", 404: "not_found_error", 413: "request_too_large",
                429: "rate_limit_error", 529: "overloaded_error"}


def _id(prefix: str) -> str:
    return f"{prefix}{next(_ids):024x}"


def tool_use(name: str, input: Any = None, id: str | None = None) -> dict[str, Any]:  # noqa: A002
    """A ``tool_use`` content block (``input`` may be a dict or a JSON string)."""
    if isinstance(input, str):
        input = json.loads(input)
    return {"type": "tool_use", "id": id or _id("toolu_"), "name": name, "input": input or {}}


def _usage(usage: tuple[int, int]) -> dict[str, Any]:
    return {"input_tokens": usage[0], "output_tokens": usage[1],
            "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}


def message(text: str | None = None, *, tool_uses: Sequence[dict[str, Any]] = (),
            thinking: str | None = None, stop_reason: str | None = None,
            usage: tuple[int, int] = (10, 5), model: str = DEFAULT_MODEL) -> dict[str, Any]:
    """A Messages API response: optional thinking, text, then tool_use blocks."""
    content: list[dict[str, Any]] = []
    if thinking is not None:
        content.append({"type": "thinking", "thinking": thinking, "signature": "sig"})
    if text is not None:
        content.append({"type": "text", "text": text})
    content.extend(tool_uses)
    return {
        "id": _id("msg_"), "type": "message", "role": "assistant", "model": model,
        "content": content,
        "stop_reason": stop_reason or ("tool_use" if tool_uses else "end_turn"),
        "stop_sequence": None, "usage": _usage(usage),
    }


def message_stream(text: str | None = None, *, tool_use: dict[str, Any] | None = None,
                   chunk_size: int = 5, stop_reason: str | None = None,
                   usage: tuple[int, int] = (10, 5), model: str = DEFAULT_MODEL) -> Stream:
    """The event stream of one message: a text block or a tool_use block, in deltas."""
    start = message(model=model, usage=(usage[0], 1))
    start["content"], start["stop_reason"] = [], None
    events: list[Any] = [("message_start", {"type": "message_start", "message": start})]
    if tool_use is not None:
        block = {**tool_use, "input": {}}
        payload = json.dumps(tool_use["input"])
        kind, key = "input_json_delta", "partial_json"
    else:
        block = {"type": "text", "text": ""}
        payload = text or ""
        kind, key = "text_delta", "text"
    events.append(("content_block_start",
                   {"type": "content_block_start", "index": 0, "content_block": block}))
    events.append(("ping", {"type": "ping"}))
    for i in range(0, len(payload), chunk_size):
        events.append(("content_block_delta", {
            "type": "content_block_delta", "index": 0,
            "delta": {"type": kind, key: payload[i:i + chunk_size]}}))
    events.append(("content_block_stop", {"type": "content_block_stop", "index": 0}))
    events.append(("message_delta", {
        "type": "message_delta",
        "delta": {"stop_reason": stop_reason or ("tool_use" if tool_use else "end_turn"),
                  "stop_sequence": None},
        "usage": {"output_tokens": usage[1]}}))
    events.append(("message_stop", {"type": "message_stop"}))
    return Stream(events)


class FakeAnthropic(ScriptedFake):
    """A fake Anthropic Messages API on 127.0.0.1 with scripted replies.

    ``client()`` / ``async_client()`` build SDK clients pointed at it with
    ``max_retries=0``; ``stop()`` closes them.
    """

    name = "fake Anthropic"

    def __init__(self) -> None:
        super().__init__({
            "POST /v1/messages": "messages",
            # AnthropicVertex: the same body under Vertex AI's publisher paths
            "POST /projects/{project}/locations/{region}/publishers/anthropic/models/"
            "{model}:rawPredict": "messages",
            "POST /projects/{project}/locations/{region}/publishers/anthropic/models/"
            "{model}:streamRawPredict": "messages",
        })
        self._clients: list[Any] = []

    def error_body(self, error: Error) -> dict[str, Any]:
        kind = error.type or _ERROR_TYPES.get(error.status, "api_error")
        return {"type": "error", "error": {"type": kind, "message": error.message}}

    def garbled_event(self, endpoint: str) -> bytes:
        return b"event: content_block_delta\ndata: {this is not json\n\n"

    def response_headers(self) -> dict[str, str]:
        return {"request-id": _id("req_")}

    def stop(self) -> None:
        clients, self._clients = self._clients, []
        for client in clients:
            close_client(client)
        super().stop()

    def client(self, **options: Any):
        """``anthropic.Anthropic`` pointed at the fake; ``options`` override the defaults."""
        import anthropic

        client = anthropic.Anthropic(**{**self._client_defaults(), **options})
        self._clients.append(client)
        return client

    def async_client(self, **options: Any):
        """``anthropic.AsyncAnthropic`` pointed at the fake (no keep-alive)."""
        import anthropic
        import httpx2

        defaults = {**self._client_defaults(), "http_client": anthropic.DefaultAsyncHttpxClient(
            limits=httpx2.Limits(max_keepalive_connections=0))}
        client = anthropic.AsyncAnthropic(**{**defaults, **options})
        self._clients.append(client)
        return client

    def vertex_client(self, **options: Any):
        """``anthropic.AnthropicVertex`` pointed at the fake (a dummy access token)."""
        import anthropic

        defaults = {"base_url": self.url, "region": "us-east5", "project_id": "proj",
                    "access_token": "test-token", "max_retries": 0, "timeout": 30.0}
        client = anthropic.AnthropicVertex(**{**defaults, **options})
        self._clients.append(client)
        return client

    def _client_defaults(self) -> dict[str, Any]:
        return {"base_url": self.url, "api_key": "test-key", "max_retries": 0, "timeout": 30.0}
