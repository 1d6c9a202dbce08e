"""A loopback fake of Amazon Bedrock's Converse API, for driving the real ``boto3`` SDK.

``POST /model/{modelId}/converse`` answers scripted `converse` bodies;
``POST /model/{modelId}/converse-stream`` answers `converse_stream`
streams, sent in the AWS binary event-stream encoding (written here, so
that botocore's own decoder is what reads it). `Error` replies come in
Bedrock's error shape (an ``__type`` naming the exception), `Fault` as for
every fake; a garbled stream event is a frame whose checksum is wrong. An
unscripted request gets HTTP 400 (a ``ValidationException``), which boto3
does not retry. The fake ignores the SigV4 signature; the clients it builds
carry dummy credentials.

Example::

    with FakeBedrock() as fake:
        fake.script(converse(tool_uses=[tool_use("User", {"name": "Ada"})]))
        reply = fake.client().converse(modelId="m", messages=[])
        assert reply["output"]["message"]["content"][0]["toolUse"]["input"] == {"name": "Ada"}
"""

from __future__ import annotations

import itertools
import json
import struct
import zlib
from collections.abc import Iterator, Sequence
from typing import Any
from urllib.parse import unquote

from ._scripted import Error, Fault, Reply, ScriptedFake, Stream
from ._server import Request

__all__ = ["DEFAULT_MODEL", "Error", "FakeBedrock", "Fault", "Reply", "Stream", "converse",
           "converse_stream", "frame", "model_id", "tool_use"]

DEFAULT_MODEL = "anthropic.claude-3-haiku-20240307-v1:0"
KEY_ID, SECRET_KEY = "AKIDFAKEBEDROCK", "fake-secret-key"
_ids = itertools.count(1)

_EXCEPTIONS = {400: "ValidationException", 403: "AccessDeniedException",
               404: "ResourceNotFoundException", 408: "ModelTimeoutException",
               424: "ModelErrorException", 429: "ThrottlingException",
               500: "InternalServerException", 503: "ServiceUnavailableException"}


def _usage(usage: tuple[int, int]) -> dict[str, int]:
    return {"inputTokens": usage[0], "outputTokens": usage[1], "totalTokens": sum(usage)}


def tool_use(name: str, input: Any = None, id: str | None = None) -> dict[str, Any]:  # noqa: A002
    """A ``toolUse`` content block (``input`` may be a dict or a JSON string)."""
    if isinstance(input, str):
        input = json.loads(input)
    return {"toolUse": {"toolUseId": id or f"tooluse_{next(_ids):020d}", "name": name,
                        "input": input if input is not None else {}}}


def converse(text: str | None = None, *, tool_uses: Sequence[dict[str, Any]] = (),
             stop_reason: str | None = None, usage: tuple[int, int] = (10, 5)) -> dict[str, Any]:
    """A Converse response: an optional text block, then toolUse blocks."""
    content: list[dict[str, Any]] = [] if text is None else [{"text": text}]
    content.extend(tool_uses)
    return {"output": {"message": {"role": "assistant", "content": content}},
            "stopReason": stop_reason or ("tool_use" if tool_uses else "end_turn"),
            "usage": _usage(usage), "metrics": {"latencyMs": 12}}


def converse_stream(text: str | None = None, *, tool_use: dict[str, Any] | None = None,
                    chunk_size: int = 5, stop_reason: str | None = None,
                    usage: tuple[int, int] = (10, 5)) -> Stream:
    """The ConverseStream events of one message: a text block or a toolUse block, in deltas.

    Each chunk is ``{event type: payload}``, as boto3 yields it; a
    ``(exception type, payload)`` pair is sent as an exception event.
    """
    events: list[Any] = [{"messageStart": {"role": "assistant"}}]
    if tool_use is not None:
        use = tool_use["toolUse"]
        events.append({"contentBlockStart": {"contentBlockIndex": 0, "start": {"toolUse": {
            "toolUseId": use["toolUseId"], "name": use["name"]}}}})
        payload, key = json.dumps(use["input"]), "toolUse"
    else:
        payload, key = text or "", "text"
    for i in range(0, len(payload), chunk_size):
        piece = payload[i:i + chunk_size]
        delta = {"toolUse": {"input": piece}} if key == "toolUse" else {"text": piece}
        events.append({"contentBlockDelta": {"contentBlockIndex": 0, "delta": delta}})
    events.append({"contentBlockStop": {"contentBlockIndex": 0}})
    events.append({"messageStop": {
        "stopReason": stop_reason or ("tool_use" if tool_use else "end_turn")}})
    events.append({"metadata": {"usage": _usage(usage), "metrics": {"latencyMs": 12}}})
    return Stream(events)


# -- the AWS event-stream encoding -------------------------------------------------


def frame(headers: dict[str, str], payload: bytes, *, corrupt: bool = False) -> bytes:
    """One event-stream message: prelude, string headers, payload, checksums.

    Layout: total length and headers length (big-endian uint32), the CRC32
    of those 8 bytes, the headers (name length, name, type 7 = string,
    value length, value), the payload, and the CRC32 of everything before
    it. ``corrupt`` spoils that last checksum.
    """
    encoded = b"".join(
        struct.pack(">B", len(name)) + name.encode() + struct.pack(">BH", 7, len(value))
        + value.encode()
        for name, value in headers.items())
    total = 12 + len(encoded) + len(payload) + 4
    prelude = struct.pack(">II", total, len(encoded))
    message = prelude + struct.pack(">I", zlib.crc32(prelude)) + encoded + payload
    crc = zlib.crc32(message) ^ (0xFF if corrupt else 0)
    return message + struct.pack(">I", crc & 0xFFFFFFFF)


def event_frame(chunk: Any, *, corrupt: bool = False) -> bytes:
    """The frame of one stream chunk: ``{event: payload}`` or ``(exception, payload)``."""
    if isinstance(chunk, tuple):
        kind, payload = chunk
        headers = {":message-type": "exception", ":exception-type": kind,
                   ":content-type": "application/json"}
    else:
        ((kind, payload),) = chunk.items()
        headers = {":message-type": "event", ":event-type": kind,
                   ":content-type": "application/json"}
    return frame(headers, json.dumps(payload).encode(), corrupt=corrupt)


def model_id(request: Request) -> str:
    """The model id a request names in its path (URL-decoded)."""
    return unquote(request.path_params["model"])


class FakeBedrock(ScriptedFake):
    """A fake Bedrock Runtime (Converse, ConverseStream) on 127.0.0.1.

    ``client()`` / ``client(timeout=...)`` build ``boto3`` clients pointed at
    it with dummy credentials and SDK retries off; ``stop()`` closes them.
    """

    name = "fake Bedrock"
    stream_type = "application/vnd.amazon.eventstream"

    def __init__(self) -> None:
        super().__init__({
            "POST /model/{model}/converse": "converse",
            "POST /model/{model}/converse-stream": "converse-stream",
        })
        self._clients: list[Any] = []

    def error_body(self, error: Error) -> dict[str, Any]:
        kind = error.type if (error.type or "").endswith("Exception") else None
        return {"__type": kind or _EXCEPTIONS.get(error.status, "InternalServerException"),
                "message": error.message}

    def events(self, stream: Stream, endpoint: str) -> Iterator[bytes]:
        for chunk in stream.chunks:
            yield event_frame(chunk)

    def garbled_event(self, endpoint: str) -> bytes:
        return event_frame({"contentBlockDelta": {"contentBlockIndex": 0,
                                                  "delta": {"text": "x"}}}, corrupt=True)

    def wants_stream(self, request: Request, endpoint: str) -> bool:
        return endpoint == "converse-stream"

    def response_headers(self) -> dict[str, str]:
        return {"x-amzn-requestid": f"req-{next(_ids):08d}"}

    def stop(self) -> None:
        clients, self._clients = self._clients, []
        for client in clients:
            client.close()
        super().stop()

    def client(self, *, timeout: float = 30.0, **options: Any):
        """A ``boto3`` bedrock-runtime client pointed at the fake; ``options`` override."""
        import boto3
        from botocore.config import Config

        defaults = {
            "region_name": "us-east-1", "endpoint_url": self.url,
            "aws_access_key_id": KEY_ID, "aws_secret_access_key": SECRET_KEY,
            "config": Config(retries={"total_max_attempts": 1}, read_timeout=timeout,
                             connect_timeout=timeout),
        }
        client = boto3.client("bedrock-runtime", **{**defaults, **options})
        self._clients.append(client)
        return client
