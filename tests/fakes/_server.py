"""A small loopback HTTP server for fake providers, knowing nothing about any provider.

A fake provider hands it a routing table of ``"METHOD /path/{param}"`` keys (the
method is optional) mapped to handlers ``Request -> Response``. The server listens
on 127.0.0.1 with an ephemeral port, serves each connection in its own thread
with HTTP/1.1 keep-alive, records every request, and streams iterable bodies with
chunked transfer encoding, so SDKs see real incremental responses.

Example::

    from fakes._server import LoopbackServer, Response

    def hello(request):
        return Response.json({"hello": request.path_params["name"]})

    with LoopbackServer({"GET /hello/{name}": hello}) as server:
        import urllib.request
        with urllib.request.urlopen(server.url + "/hello/ada") as reply:
            assert reply.read() == b'{"hello": "ada"}'
        assert server.requests[0].path == "/hello/ada"
"""

from __future__ import annotations

import json
import re
import selectors
import socket
import threading
import traceback
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

__all__ = ["DROP", "Handler", "LoopbackServer", "Request", "Response"]

# A streamed body that yields DROP has its connection closed right there,
# without the end of the chunked body: the client sees a connection lost
# mid-response.
DROP = object()


class _Dropped(Exception):
    """Raised inside a connection thread to close it on purpose."""


@dataclass(frozen=True)
class Request:
    """One HTTP request as the server received it.

    ``headers`` has lower-cased names; ``json`` is the parsed body, or None when
    the body is empty or not JSON; ``index`` counts requests from 1.
    """

    index: int
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: bytes
    json: Any = None
    path_params: dict[str, str] = field(default_factory=dict)


@dataclass
class Response:
    """What a handler answers: bytes are sent whole, an iterable of bytes is streamed.

    Example::

        Response.json({"ok": True}, status=201)
        Response(body=iter([b"data: 1\\n\\n", b"data: 2\\n\\n"]),
                 headers={"content-type": "text/event-stream"})
    """

    status: int = 200
    body: bytes | Iterable[bytes] = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(
        cls, obj: Any, status: int = 200, headers: Mapping[str, str] | None = None
    ) -> Response:
        """A JSON body with its content type."""
        return cls(
            status=status,
            body=json.dumps(obj).encode(),
            headers={"content-type": "application/json", **(headers or {})},
        )


Handler = Callable[[Request], Response]


def _not_found(request: Request) -> Response:
    return Response.json(
        {"error": {"message": f"no route for {request.method} {request.path}"}},
        status=404,
    )


class _Route:
    """A compiled routing key: optional method plus a path template."""

    def __init__(self, key: str, handler: Handler) -> None:
        method, _, template = key.strip().rpartition(" ")
        self.method = method.upper() or None
        # "{name}" matches one path segment; the rest of the template is literal,
        # so templates like "/models/{model}:generate" work.
        pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+?)", re.escape(template))
        self.regex = re.compile(pattern + r"\Z")
        self.handler = handler

    def match(self, method: str, path: str) -> dict[str, str] | None:
        if self.method is not None and self.method != method:
            return None
        found = self.regex.match(path)
        return None if found is None else found.groupdict()


# Errors that only mean "the client went away" (or that we closed on purpose);
# they are not test failures.
_GONE = (BrokenPipeError, ConnectionResetError, ConnectionAbortedError, TimeoutError, _Dropped)


class LoopbackServer:
    """Serve a routing table on 127.0.0.1 from background threads.

    ``routes`` maps ``"POST /v1/things/{id}"`` (method optional) to handlers;
    ``fallback`` answers unmatched requests (404 by default). Every request is
    appended to ``requests`` before its handler runs. A handler that raises gets
    a 500 reply, and its traceback is appended to ``problems`` so test fixtures
    can fail loudly.

    Example::

        server = LoopbackServer({"/ping": lambda request: Response(body=b"pong")})
        server.start()
        try:
            ...  # point a client at server.url
        finally:
            server.stop()
    """

    def __init__(
        self,
        routes: Mapping[str, Handler],
        *,
        fallback: Handler = _not_found,
        name: str = "fake",
    ) -> None:
        self._routes = [_Route(key, handler) for key, handler in routes.items()]
        self._fallback = fallback
        self.name = name
        self.requests: list[Request] = []
        self.problems: list[str] = []
        self._lock = threading.Lock()
        self._listener: socket.socket | None = None
        self._wake: tuple[socket.socket, socket.socket] | None = None
        self._acceptor: threading.Thread | None = None
        self._connections: dict[socket.socket, threading.Thread] = {}

    # -- lifecycle ---------------------------------------------------------

    @property
    def port(self) -> int:
        if self._listener is None:
            raise RuntimeError(f"{self.name} server is not running")
        return self._listener.getsockname()[1]

    @property
    def url(self) -> str:
        """``http://127.0.0.1:<port>``, without a trailing slash."""
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> LoopbackServer:
        if self._listener is not None:
            raise RuntimeError(f"{self.name} server is already running")
        self._listener = socket.create_server(("127.0.0.1", 0))
        # A socket pair wakes the accept loop at stop(); closing a socket that
        # another thread is blocked on does not reliably wake it.
        self._wake = socket.socketpair()
        self._acceptor = threading.Thread(
            target=self._accept_loop, name=f"{self.name}-accept", daemon=True
        )
        self._acceptor.start()
        return self

    def stop(self) -> None:
        """Stop accepting, close every open connection and join the threads."""
        if self._listener is None:
            return
        assert self._wake is not None and self._acceptor is not None
        self._wake[1].send(b"x")
        self._acceptor.join()
        self._listener.close()
        for end in self._wake:
            end.close()
        self._listener = self._wake = self._acceptor = None
        with self._lock:
            connections = list(self._connections.items())
        for conn, _ in connections:
            # Unblocks a thread waiting for the next keep-alive request.
            try:
                conn.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
        for _, thread in connections:
            thread.join(timeout=5)

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # -- serving -----------------------------------------------------------

    def _accept_loop(self) -> None:
        assert self._listener is not None and self._wake is not None
        with selectors.DefaultSelector() as selector:
            selector.register(self._listener, selectors.EVENT_READ)
            selector.register(self._wake[0], selectors.EVENT_READ)
            while True:
                for key, _ in selector.select():
                    if key.fileobj is self._wake[0]:
                        return
                    try:
                        conn, addr = self._listener.accept()
                    except OSError:
                        continue
                    # Headers and body go out in separate writes; with Nagle on,
                    # the body would wait ~40 ms for the client's delayed ACK.
                    conn.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    thread = threading.Thread(
                        target=self._serve_connection,
                        args=(conn, addr),
                        name=f"{self.name}-conn",
                        daemon=True,
                    )
                    with self._lock:
                        self._connections[conn] = thread
                    thread.start()

    def _serve_connection(self, conn: socket.socket, addr: Any) -> None:
        try:
            # The handler only needs the few attributes this class provides.
            _HTTPHandler(conn, addr, self)  # type: ignore[arg-type]
        except _GONE:
            pass
        except Exception:  # noqa: BLE001 - a server thread must never raise
            self.problems.append(traceback.format_exc())
        finally:
            with self._lock:
                self._connections.pop(conn, None)
            conn.close()

    def _dispatch(self, request: Request) -> Response:
        for route in self._routes:
            params = route.match(request.method, request.path)
            if params is not None:
                request.path_params.update(params)
                handler = route.handler
                break
        else:
            handler = self._fallback
        try:
            return handler(request)
        except Exception as exc:  # noqa: BLE001 - reported to the test, not raised here
            self.problems.append(
                f"{self.name}: handler for {request.method} {request.path} "
                f"(request #{request.index}) raised:\n{traceback.format_exc()}"
            )
            return Response.json(
                {
                    "error": {
                        "message": f"{self.name}: handler raised {exc!r}",
                        "type": "fake_server_error",
                    }
                },
                status=500,
            )

    def _record(self, **fields: Any) -> Request:
        with self._lock:
            request = Request(index=len(self.requests) + 1, **fields)
            self.requests.append(request)
        return request


class _HTTPHandler(BaseHTTPRequestHandler):
    """Parses HTTP/1.1 for one connection and writes the handler's Response."""

    protocol_version = "HTTP/1.1"
    server: LoopbackServer  # type: ignore[assignment]

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass  # keep test output clean

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("transfer-encoding", "").lower():
            parts: list[bytes] = []
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(parts)
                parts.append(self.rfile.read(size))
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("content-length") or 0))

    def _handle(self) -> None:
        body = self._read_body()
        split = urlsplit(self.path)
        try:
            parsed = json.loads(body) if body else None
        except ValueError:
            parsed = None
        request = self.server._record(
            method=self.command,
            path=split.path,
            query=dict(parse_qsl(split.query, keep_blank_values=True)),
            headers={name.lower(): value for name, value in self.headers.items()},
            body=body,
            json=parsed,
        )
        self._send(self.server._dispatch(request))

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle

    def _send(self, response: Response) -> None:
        self.send_response(response.status)
        names = {name.lower() for name in response.headers}
        for name, value in response.headers.items():
            self.send_header(name, value)
        if isinstance(response.body, (bytes, bytearray)):
            if "content-length" not in names:
                self.send_header("content-length", str(len(response.body)))
            self.end_headers()
            self.wfile.write(response.body)
            return
        self.send_header("transfer-encoding", "chunked")
        self.end_headers()
        for piece in response.body:
            if piece is DROP:
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)
                raise _Dropped
            if piece:
                self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")
