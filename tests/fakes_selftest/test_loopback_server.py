"""The provider-agnostic loopback server, driven with the stdlib HTTP client."""

from __future__ import annotations

import http.client
import json
import threading

import pytest

from fakes._server import LoopbackServer, Request, Response


def _post(server: LoopbackServer, path: str, body: bytes = b"", **headers: str):
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request("POST", path, body=body, headers=headers)
        reply = conn.getresponse()
        return reply.status, dict(reply.getheaders()), reply.read()
    finally:
        conn.close()


def test_routes_by_method_and_path_template():
    def model(request: Request) -> Response:
        return Response.json({"model": request.path_params["model"]})

    routes = {"POST /v1/models/{model}:generate": model}
    with LoopbackServer(routes) as server:
        status, _, body = _post(server, "/v1/models/gemini-pro:generate")
        assert (status, json.loads(body)) == (200, {"model": "gemini-pro"})

        status, _, body = _post(server, "/v1/models/a/b:generate")
        assert status == 404
        assert json.loads(body)["error"]["message"] == (
            "no route for POST /v1/models/a/b:generate"
        )

        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request("GET", "/v1/models/gemini-pro:generate")
        assert conn.getresponse().status == 404
        conn.close()


def test_records_every_request_before_handling():
    with LoopbackServer({"/echo": lambda r: Response(body=r.body)}) as server:
        _post(server, "/echo?api-version=1&x=", b'{"a": 1}', **{"X-Custom": "yes"})
        _post(server, "/missing", b"not json")

    first, second = server.requests
    assert (first.index, first.method, first.path) == (1, "POST", "/echo")
    assert first.query == {"api-version": "1", "x": ""}
    assert first.headers["x-custom"] == "yes"
    assert (first.body, first.json) == (b'{"a": 1}', {"a": 1})
    assert (second.index, second.path, second.json) == (2, "/missing", None)


def test_reads_a_chunked_request_body():
    with LoopbackServer({"/up": lambda r: Response(body=r.body)}) as server:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request("POST", "/up", body=iter([b"ab", b"cde"]), encode_chunked=True)
        assert conn.getresponse().read() == b"abcde"
        conn.close()


def test_iterable_body_is_streamed_piece_by_piece():
    # The second piece is produced only after the client has read the first,
    # which proves the server flushes each piece as it comes.
    first_read = threading.Event()

    def pieces():
        yield b"first;"
        if not first_read.wait(timeout=10):
            raise AssertionError("client never read the first piece")
        yield b"second"

    routes = {"/stream": lambda r: Response(body=pieces())}
    with LoopbackServer(routes) as server:
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        conn.request("POST", "/stream")
        reply = conn.getresponse()
        assert reply.getheader("transfer-encoding") == "chunked"
        assert reply.read1() == b"first;"
        first_read.set()
        assert reply.read() == b"second"
        conn.close()
    assert server.problems == []


def test_handler_error_becomes_a_500_and_a_problem():
    def broken(request: Request) -> Response:
        raise ValueError("boom")

    with LoopbackServer({"/x": broken}, name="fake Test") as server:
        status, _, body = _post(server, "/x")
    assert status == 500
    assert "boom" in json.loads(body)["error"]["message"]
    [problem] = server.problems
    assert "fake Test: handler for POST /x (request #1) raised" in problem
    assert "ValueError: boom" in problem


def test_keep_alive_connection_is_served_and_closed_on_stop():
    server = LoopbackServer({"/x": lambda r: Response(body=b"ok")}).start()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        for _ in range(2):  # two requests over one connection
            conn.request("POST", "/x")
            assert conn.getresponse().read() == b"ok"
        server.stop()  # must not wait for the client to hang up
        with pytest.raises((ConnectionError, http.client.HTTPException)):
            conn.request("POST", "/x")
            conn.getresponse()
    finally:
        conn.close()
        server.stop()


def test_lifecycle_errors():
    server = LoopbackServer({})
    with pytest.raises(RuntimeError, match="not running"):
        _ = server.url
    with server:
        with pytest.raises(RuntimeError, match="already running"):
            server.start()
        assert server.url.startswith("http://127.0.0.1:")
    server.stop()  # stopping twice is harmless
