"""The fake xAI gRPC service itself: scripting, recording, mismatches, callables."""

from __future__ import annotations

import pytest

from fakes.sdk import require_sdk

require_sdk("xai_sdk")
grpc = require_sdk("grpc")

from fakes.xai_server import FakeXAI, response, response_stream, tool_call  # noqa: E402


def _user(text="hi"):
    from xai_sdk.chat import user

    return user(text)


def test_replies_are_served_in_order_then_always():
    with FakeXAI() as fake:
        fake.script(response("one")).always(response("again"))
        client = fake.client()
        chat = client.chat.create(model="grok-3", messages=[_user()])
        assert [chat.sample().content for _ in range(3)] == ["one", "again", "again"]
        assert fake.pending == 0 and [r.index for r in fake.requests] == [1, 2, 3]
        assert fake.last_request.path == "/xai_api.Chat/GetCompletion"
        assert fake.problems == []


def test_a_stream_scripted_for_a_unary_call_is_a_problem_and_vice_versa():
    with FakeXAI() as fake:
        fake.script(response_stream("x"), response("y"))
        client = fake.client()
        with pytest.raises(grpc.RpcError) as info:
            client.chat.create(model="m", messages=[_user()]).sample()
        assert info.value.code() == grpc.StatusCode.INVALID_ARGUMENT
        with pytest.raises(grpc.RpcError):
            list(client.chat.create(model="m", messages=[_user()]).stream())
        assert len(fake.problems) == 2
        assert "needs a response dict, got Stream" in fake.problems[0]
        assert "needs a Stream, got dict" in fake.problems[1]


def test_a_reply_that_cannot_be_sent_is_a_problem_with_its_traceback():
    with FakeXAI() as fake:
        fake.script({"outputs": "not a list"})
        with pytest.raises(grpc.RpcError):
            fake.client().chat.create(model="m", messages=[_user()]).sample()
        (problem,) = fake.problems
        assert problem.startswith("fake xAI: error answering GetCompletion (request #1)")
        assert "Traceback" in problem


def test_a_callable_reply_sees_the_request():
    with FakeXAI() as fake:
        fake.script(lambda request: response(request.json["messages"][0]["content"][0]["text"]))
        reply = fake.client().chat.create(model="m", messages=[_user("echo")]).sample()
        assert reply.content == "echo"


def test_tool_calls_come_whole_and_the_stream_ends_with_usage():
    with FakeXAI() as fake:
        fake.script(response_stream(tool_call=tool_call("User", {"a": 1}, id="c1")))
        pairs = list(fake.client().chat.create(model="m", messages=[_user()]).stream())
        final, _ = pairs[-1]
        assert [c.function.arguments for _, ch in pairs for c in ch.tool_calls] == ['{"a": 1}']
        assert final.tool_calls[0].id == "c1" and final.usage.total_tokens == 15
        assert final.finish_reason == "REASON_TOOL_CALLS"
        assert fake.last_request.method == "GetCompletionChunk"
