"""A loopback fake of Mistral's chat completions API, for driving the real ``mistralai`` SDK.

``POST /v1/chat/completions`` answers `chat_completion` bodies and
`chat_stream` streams (data-only server-sent events of
``chat.completion.chunk`` objects, then ``data: [DONE]``), `Error` in
Mistral's shape (``{"object": "error", "message", "type", ...}``), `Fault`.
An unscripted request gets HTTP 400; the SDK retries nothing by default.

Mistral differs from OpenAI in small ways the builders keep: tool calls
carry an ``index``, their ``arguments`` may be a JSON object instead of a
string, the message has ``prefix``, and a stream's last chunk carries the
usage.

Example::

    with FakeMistral() as fake:
        fake.script(chat_completion(tool_calls=[tool_call("User", {"name": "Ada"})]))
        reply = fake.client().chat.complete(model="m", messages=[])
        assert reply.choices[0].message.tool_calls[0].function.name == "User"
"""

from __future__ import annotations

import itertools
import json
import string
import time
from collections.abc import Sequence
from typing import Any

from ._scripted import Error, Fault, Reply, ScriptedFake, Stream

__all__ = ["DEFAULT_MODEL", "Error", "FakeMistral", "Fault", "Reply", "Stream",
           "chat_completion", "chat_stream", "sdk_class", "tool_call"]

DEFAULT_MODEL = "mistral-small-latest"
_ids = itertools.count(1)


def _id() -> str:
    return f"{next(_ids):032x}"


def _call_id(n: int) -> str:
    # Mistral's tool call ids are nine letters and digits.
    alphabet = string.ascii_letters + string.digits
    return "".join(alphabet[(n * 7 + i * 13) % len(alphabet)] for i in range(9))


def tool_call(name: str, arguments: Any = None, *, as_object: bool = False,
              id: str | None = None) -> dict[str, Any]:  # noqa: A002
    """A ``tool_calls`` entry; ``as_object`` sends the arguments as a JSON object."""
    arguments = {} if arguments is None else arguments
    if as_object:
        arguments = json.loads(arguments) if isinstance(arguments, str) else arguments
    elif not isinstance(arguments, str):
        arguments = json.dumps(arguments)
    return {"id": id or _call_id(next(_ids)), "type": "function",
            "function": {"name": name, "arguments": arguments}, "index": 0}


def _usage(usage: tuple[int, int]) -> dict[str, int]:
    return {"prompt_tokens": usage[0], "completion_tokens": usage[1],
            "total_tokens": usage[0] + usage[1]}


def chat_completion(content: Any = None, *, tool_calls: Sequence[dict[str, Any]] = (),
                    finish_reason: str | None = None, usage: tuple[int, int] = (10, 5),
                    model: str = DEFAULT_MODEL) -> dict[str, Any]:
    """A chat completion: ``content`` (a string or a list of chunks) or tool calls."""
    calls = [{**call, "index": i} for i, call in enumerate(tool_calls)]
    message: dict[str, Any] = {"role": "assistant", "content": content or "",
                               "tool_calls": calls or None, "prefix": False}
    return {"id": _id(), "object": "chat.completion", "model": model,
            "created": int(time.time()), "usage": _usage(usage),
            "choices": [{"index": 0, "message": message,
                         "finish_reason": finish_reason or ("tool_calls" if calls
                                                            else "stop")}]}


def chat_stream(content: str | None = None, *, tool_call: dict[str, Any] | None = None,
                chunk_size: int | None = None, finish_reason: str | None = None,
                usage: tuple[int, int] = (10, 5), model: str = DEFAULT_MODEL) -> Stream:
    """The chunks of one answer: ``content`` in pieces, or one tool call.

    Mistral usually sends a tool call whole in one chunk; with ``chunk_size``
    its arguments come in pieces (the first chunk names the call).
    """
    completion_id, created = _id(), int(time.time())

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> dict[str, Any]:
        return {"id": completion_id, "object": "chat.completion.chunk", "created": created,
                "model": model, **extra,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    chunks = [chunk({"role": "assistant", "content": ""})]
    if tool_call is not None:
        arguments = tool_call["function"]["arguments"]
        if chunk_size is None or not isinstance(arguments, str):
            chunks.append(chunk({"tool_calls": [tool_call]}))
        else:
            pieces = [arguments[i:i + chunk_size] for i in range(0, len(arguments), chunk_size)]
            first = {**tool_call, "function": {"name": tool_call["function"]["name"],
                                               "arguments": pieces[0]}}
            chunks.append(chunk({"tool_calls": [first]}))
            chunks += [chunk({"tool_calls": [{"id": "null", "index": 0, "function": {
                "name": "", "arguments": piece}}]}) for piece in pieces[1:]]
    else:
        text = content or ""
        size = chunk_size or 5
        chunks += [chunk({"content": text[i:i + size]}) for i in range(0, len(text), size)]
    chunks.append(chunk({"content": ""}, finish_reason or ("tool_calls" if tool_call else "stop"),
                        usage=_usage(usage)))
    return Stream(chunks, done=True)


class FakeMistral(ScriptedFake):
    """A fake Mistral chat completions API on 127.0.0.1 with scripted replies.

    ``client()`` builds one ``mistralai`` ``Mistral`` client (it serves sync
    and async calls) pointed at the fake through ``server_url``, with its
    own httpx clients (no keep-alive for async), which ``stop()`` closes.
    """

    name = "fake Mistral"

    def __init__(self) -> None:
        super().__init__({"POST /v1/chat/completions": "chat"})
        self._http: list[Any] = []

    def error_body(self, error: Error) -> dict[str, Any]:
        return {"object": "error", "message": error.message,
                "type": error.type or "invalid_request_error", "param": error.param,
                "code": error.code}

    def events(self, stream: Stream, endpoint: str):
        for chunk in stream.chunks:
            yield self.event(chunk)
        if stream.done is not False:
            yield b"data: [DONE]\n\n"

    def response_headers(self) -> dict[str, str]:
        return {"x-kong-request-id": _id()}

    def stop(self) -> None:
        http, self._http = self._http, []
        for client in http:
            _close(client)
        super().stop()

    def client(self, *, timeout: float = 30.0, **options: Any):
        """``Mistral`` pointed at the fake; ``options`` override the defaults."""
        import httpx

        Mistral = sdk_class("Mistral")

        sync = httpx.Client(timeout=timeout, follow_redirects=True)
        aio = httpx.AsyncClient(timeout=timeout, follow_redirects=True,
                                limits=httpx.Limits(max_keepalive_connections=0))
        self._http += [sync, aio]
        defaults = {"api_key": "test-key", "server_url": self.url, "client": sync,
                    "async_client": aio, "timeout_ms": int(timeout * 1000)}
        return Mistral(**{**defaults, **options})


def sdk_class(name: str) -> Any:
    """A class of the mistralai SDK by name, in 2.x (``mistralai.client``) or 1.x.

    ``Mistral`` and the errors (``SDKError``...) are looked up where each
    major version keeps them, response types in its models.
    """
    import importlib

    for module in ("mistralai.client", "mistralai.client.errors", "mistralai.client.models",
                   "mistralai", "mistralai.models"):
        try:
            found = getattr(importlib.import_module(module), name, None)
        except ImportError:
            continue
        if found is not None:
            return found
    raise LookupError(f"mistralai has no {name}")


def _close(http: Any) -> None:
    import asyncio

    if http.is_closed:
        return
    if not hasattr(http, "aclose"):
        http.close()
        return
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        asyncio.run(http.aclose())
