"""A loopback fake of xAI's gRPC chat service, for driving the real ``xai_sdk``.

The SDK speaks gRPC, not HTTP, so this fake is a ``grpc.server`` on
127.0.0.1 serving the SDK's own generated ``Chat`` service (imported from
``xai_sdk.proto``, which picks the protobuf-5 or -6 code the way the SDK
does): unary ``GetCompletion`` and server-streaming ``GetCompletionChunk``.
It follows the scripting API of the HTTP fakes (`fakes._scripted`):
``script()`` queues replies, ``always()`` answers when the queue is empty,
``requests`` records each request as a dict (protobuf's ``MessageToDict``,
so camelCase field names and enum names), ``problems`` collects what the
test should fail on. A reply is:

- a dict: a ``GetChatCompletionResponse`` in proto-JSON form (`response`);
- a `Stream` of ``GetChatCompletionChunk`` dicts (`response_stream`);
- an `Error`: the call ends with that gRPC status;
- a callable ``Request -> reply``;
- a `Fault` (the same objects as the HTTP fakes'), as gRPC can have them:

  ==================  ==================================================
  ``empty()``         a valid response with nothing in it (no outputs)
  ``not_an_object()`` one output that is no assistant message
  ``garbled()``       bytes that do not parse as the response message
  ``slow(s, reply)``  the reply after ``s`` seconds (or when the client
                      gives up: its deadline)
  ``garbled_event``   the stream with unparseable bytes in the middle
  ``truncated``       the stream without its second half, ending cleanly
  ``dropped``         the stream's first half, then status UNAVAILABLE
                      (what a client sees when the connection goes);
                      ``Fault("dropped")`` for a unary call
  ==================  ==================================================

An unscripted request is answered with INVALID_ARGUMENT (which the SDK
never retries) and noted in ``problems``.

Example::

    with FakeXAI() as fake:
        fake.script(response(tool_calls=[tool_call("User", {"name": "Ada"})]))
        chat = fake.client().chat.create(model="grok-3", messages=[user("hi")])
        assert chat.sample().tool_calls[0].function.name == "User"
"""

from __future__ import annotations

import collections
import threading
import time
import traceback
from concurrent import futures
from dataclasses import dataclass
from typing import Any

from .sdk import require_sdk

# The fake serves the SDK's own protos over the SDK's grpcio: importing it
# where xai-sdk is absent skips the importing test module (or fails it, where
# every SDK is required), as require_sdk does for the tests of other providers.
require_sdk("xai_sdk")

import grpc  # noqa: E402
from google.protobuf.json_format import MessageToDict, ParseDict  # noqa: E402
from xai_sdk.proto import chat_pb2, chat_pb2_grpc  # noqa: E402

from ._scripted import Fault, Stream  # noqa: E402
from ._xai_payloads import (  # noqa: E402
    DEFAULT_MODEL,
    new_id,
    response,
    response_stream,
    tool_call,
)

__all__ = ["DEFAULT_MODEL", "Error", "Fault", "FakeXAI", "Request", "Stream", "response",
           "response_stream", "tool_call"]

# Unparseable as any chat message: field 1 (a string) holding invalid UTF-8.
_GARBAGE = b"\x0a\x02\xff\xfe"


@dataclass
class Error:
    """A reply that ends the call with gRPC status ``code`` (a name or a StatusCode)."""

    code: Any
    message: str = "error"


@dataclass(frozen=True)
class Request:
    """One call as the fake received it: ``json`` is the request as a dict."""

    index: int
    method: str  # "GetCompletion" or "GetCompletionChunk"
    headers: dict[str, str]  # the call's metadata (authorization, xai-sdk-version...)
    json: dict[str, Any]

    @property
    def path(self) -> str:
        return f"/xai_api.Chat/{self.method}"


class _Raw(bytes):
    """Bytes the server sends as they are, in place of a serialized message."""


class _Servicer(chat_pb2_grpc.ChatServicer):
    def __init__(self, fake: FakeXAI) -> None:
        self.fake = fake

    def GetCompletion(self, request, context):  # noqa: N802 - the service's names
        outcome = self.fake._serve(request, context, stream=False)
        if isinstance(outcome, Error):
            context.abort(_code(outcome), outcome.message)
        return outcome

    def GetCompletionChunk(self, request, context):  # noqa: N802
        outcome = self.fake._serve(request, context, stream=True)
        for item in self.fake._chunks(outcome):
            if isinstance(item, Error):
                context.abort(_code(item), item.message)
            yield item


def _code(error: Error) -> grpc.StatusCode:
    return error.code if isinstance(error.code, grpc.StatusCode) else grpc.StatusCode[error.code]


class _Registrar:
    """The server as the SDK's ``add_ChatServicer_to_server`` sees it.

    Registers the generated handlers with one change: a `_Raw` reply is sent
    as its bytes, so that a garbled message can reach the client.
    """

    def __init__(self, server: grpc.Server) -> None:
        self.server = server

    def add_generic_rpc_handlers(self, handlers: Any) -> None:
        pass  # the same methods arrive through add_registered_method_handlers

    def add_registered_method_handlers(self, service: str, handlers: dict[str, Any]) -> None:
        handlers = {name: h._replace(response_serializer=_tolerant(h.response_serializer))
                    for name, h in handlers.items()}
        self.server.add_generic_rpc_handlers(
            (grpc.method_handlers_generic_handler(service, handlers),))
        self.server.add_registered_method_handlers(service, handlers)


def _tolerant(serialize: Any) -> Any:
    return lambda message: bytes(message) if isinstance(message, _Raw) else serialize(message)


class FakeXAI:
    """A fake xAI chat service on 127.0.0.1 with scripted replies.

    ``client()`` / ``async_client()`` build SDK clients pointed at it with
    gRPC's own retries off (the SDK turns them on for UNAVAILABLE);
    ``stop()`` closes the sync ones. grpc.aio binds a channel to the event
    loop running when it is made: call ``async_client()`` inside the loop.
    """

    name = "fake xAI"

    def __init__(self) -> None:
        self._server: grpc.Server | None = None
        self.port = 0
        self._replies: collections.deque[Any] = collections.deque()
        self._always: Any = None
        self._lock = threading.Lock()
        self.requests: list[Request] = []
        self.problems: list[str] = []
        self._clients: list[Any] = []

    # -- lifecycle ------------------------------------------------------------------

    def start(self) -> FakeXAI:
        server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
        chat_pb2_grpc.add_ChatServicer_to_server(_Servicer(self), _Registrar(server))
        self.port = server.add_insecure_port("127.0.0.1:0")
        server.start()
        self._server = server
        return self

    def stop(self) -> None:
        clients, self._clients = self._clients, []
        for client in clients:
            client.close()
        if self._server is not None:
            self._server.stop(grace=None).wait(5)
            self._server = None

    def __enter__(self) -> FakeXAI:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def host(self) -> str:
        """``127.0.0.1:<port>``: the SDK's ``api_host``."""
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"http://{self.host}"

    # -- clients --------------------------------------------------------------------

    def client_options(self, **options: Any) -> dict[str, Any]:
        """Keyword arguments of an SDK client for the fake; ``options`` override them."""
        return {"api_key": "test-key", "api_host": self.host, "use_insecure_channel": True,
                "channel_options": [("grpc.enable_retries", 0)], "timeout": 30.0, **options}

    def client(self, **options: Any):
        """``xai_sdk.Client`` pointed at the fake, retries off."""
        import xai_sdk

        client = xai_sdk.Client(**self.client_options(**options))
        self._clients.append(client)
        return client

    def async_client(self, **options: Any):
        """``xai_sdk.AsyncClient`` pointed at the fake (make it inside the event loop)."""
        import xai_sdk

        return xai_sdk.AsyncClient(**self.client_options(**options))

    # -- scripting and inspection ---------------------------------------------------

    def script(self, *replies: Any) -> FakeXAI:
        """Queue replies, consumed in order by the next calls."""
        with self._lock:
            self._replies.extend(replies)
        return self

    def always(self, reply: Any) -> FakeXAI:
        """Answer with ``reply`` whenever the queue is empty (None: fail again)."""
        self._always = reply
        return self

    @property
    def pending(self) -> int:
        return len(self._replies)

    @property
    def last_request(self) -> Request:
        if not self.requests:
            raise LookupError(f"{self.name} has received no request")
        return self.requests[-1]

    # -- serving --------------------------------------------------------------------

    def _serve(self, message: Any, context: Any, *, stream: bool) -> Any:
        """What to answer: a message, an iterable of chunks, or an `Error` to end with."""
        method = "GetCompletionChunk" if stream else "GetCompletion"
        with self._lock:
            request = Request(len(self.requests) + 1, method,
                              dict(context.invocation_metadata()), MessageToDict(message))
            self.requests.append(request)
            reply = self._replies.popleft() if self._replies else self._always
        where = f"{method} (request #{request.index})"
        if reply is None:
            return self._problem(f"{self.name}: no scripted reply for {where}")
        try:
            while callable(reply):
                reply = reply(request)
            return self._render(reply, context, where, stream)
        except Exception:
            return self._problem(f"{self.name}: error answering {where}:\n"
                                 + traceback.format_exc())

    def _render(self, reply: Any, context: Any, where: str, stream: bool) -> Any:
        if isinstance(reply, Error):
            return reply
        if isinstance(reply, Fault):
            return self._fault(reply, context, where, stream)
        if isinstance(reply, Stream) != stream:
            wanted = "a Stream" if stream else "a response dict"
            return self._problem(f"{self.name}: {where} needs {wanted}, "
                                 f"got {type(reply).__name__}")
        if stream:
            return reply.chunks
        return ParseDict(reply, chat_pb2.GetChatCompletionResponse())

    def _fault(self, fault: Fault, context: Any, where: str, stream: bool) -> Any:
        kind = fault.kind
        if kind == "slow":
            deadline = time.monotonic() + fault.seconds
            while time.monotonic() < deadline and context.is_active():
                time.sleep(0.01)
            if fault.reply is None:
                return () if stream else chat_pb2.GetChatCompletionResponse()
            return self._render(fault.reply, context, where, stream)
        if fault.stream is None:
            if stream:
                return self._problem(f"{self.name}: Fault.{kind} for {where} needs a stream")
            if kind == "empty":
                return chat_pb2.GetChatCompletionResponse(id=new_id("resp_"))
            if kind == "not_an_object":
                return ParseDict({"id": new_id("resp_"), "outputs": [{"index": 0}]},
                                 chat_pb2.GetChatCompletionResponse())
            if kind == "garbled":
                return _Raw(_GARBAGE)
            if kind == "dropped":
                return Error("UNAVAILABLE", "Connection reset by peer")
            return self._problem(f"{self.name}: unknown fault {kind!r}")
        if not stream:
            return self._problem(f"{self.name}: Fault.{kind} is a stream fault, "
                                 f"but {where} is unary")
        chunks = list(fault.stream.chunks)
        half = max(1, len(chunks) // 2)
        if kind == "truncated":
            return chunks[:half]
        if kind == "dropped":
            return [*chunks[:half], Error("UNAVAILABLE", "Connection reset by peer")]
        return [*chunks[:half], _Raw(_GARBAGE), *chunks[half:]]  # garbled_event

    def _chunks(self, outcome: Any) -> Any:
        """Each chunk of ``outcome`` as a message (an `Error` ends the stream)."""
        if isinstance(outcome, Error):
            yield outcome
            return
        for item in outcome:
            if isinstance(item, (Error, _Raw)):
                yield item
                continue
            try:
                yield ParseDict(item, chat_pb2.GetChatCompletionChunk())
            except Exception:
                yield self._problem(f"{self.name}: cannot send chunk {item!r}:\n"
                                    + traceback.format_exc())
                return

    def _problem(self, message: str) -> Error:
        self.problems.append(message)
        # INVALID_ARGUMENT: a status the SDK does not retry, so the test sees it once.
        return Error("INVALID_ARGUMENT", message.splitlines()[0])
