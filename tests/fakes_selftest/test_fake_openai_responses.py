"""The Responses API through the real openai SDK: JSON and event streams."""

from __future__ import annotations

import asyncio
import json

from openai.types.responses import Response, ResponseFunctionToolCall

from fakes.openai_server import response, response_stream


def test_text_reply_parses_into_typed_response(fake_openai):
    fake_openai.script(response('{"name": "Ada"}', usage=(20, 4)))

    reply = fake_openai.client().responses.create(model="gpt-4o-mini", input="Who?")

    assert isinstance(reply, Response)
    assert reply.id.startswith("resp_") and reply.object == "response"
    assert reply.status == "completed"
    assert reply.output_text == '{"name": "Ada"}'
    assert reply.output[0].type == "message" and reply.output[0].role == "assistant"
    usage = reply.usage
    assert (usage.input_tokens, usage.output_tokens, usage.total_tokens) == (20, 4, 24)
    assert usage.output_tokens_details.reasoning_tokens == 0
    assert fake_openai.last_request.path == "/v1/responses"


def test_function_calls_are_output_items(fake_openai):
    fake_openai.script(
        response(function_calls=[("User", {"name": "Ada"}), ("Pet", '{"k": 1}')])
    )
    reply = fake_openai.client().responses.create(model="m", input="Who?")
    first, second = reply.output
    assert isinstance(first, ResponseFunctionToolCall)
    assert (first.type, first.name, json.loads(first.arguments)) == (
        "function_call",
        "User",
        {"name": "Ada"},
    )
    assert first.call_id.startswith("call_") and first.call_id != second.call_id
    assert second.arguments == '{"k": 1}'
    assert reply.output_text == ""


def test_incomplete_and_refusal(fake_openai):
    fake_openai.script(
        response('{"na', status="incomplete"),
        response(refusal="No.", incomplete_reason=None),
    )
    client = fake_openai.client()
    cut = client.responses.create(model="m", input="x")
    assert cut.status == "incomplete"
    assert cut.incomplete_details.reason == "max_output_tokens"
    refused = client.responses.create(model="m", input="x")
    assert refused.output[0].content[0].type == "refusal"
    assert refused.output[0].content[0].refusal == "No."


def test_stream_event_sequence(fake_openai):
    fake_openai.script(
        response_stream("Hi Ada", function_calls=[("User", {"n": 1})], chunk_size=4)
    )

    events = list(
        fake_openai.client().responses.create(model="m", input="x", stream=True)
    )

    assert [event.type for event in events] == [
        "response.created",
        "response.in_progress",
        "response.output_item.added",
        "response.content_part.added",
        "response.output_text.delta",
        "response.output_text.delta",
        "response.output_text.done",
        "response.content_part.done",
        "response.output_item.done",
        "response.output_item.added",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.delta",
        "response.function_call_arguments.done",
        "response.output_item.done",
        "response.completed",
    ]
    assert [event.sequence_number for event in events] == list(range(len(events)))
    deltas = [e.delta for e in events if e.type.endswith(".delta")]
    assert deltas == ["Hi A", "da", '{"n"', ": 1}"]
    assert events[0].response.status == "in_progress"
    assert events[0].response.output == []
    done = events[-1].response
    assert done.status == "completed" and done.output_text == "Hi Ada"
    assert events[12].arguments == '{"n": 1}'
    assert events[9].item.arguments == ""


def test_stream_has_event_lines_and_no_done_sentinel(fake_openai):
    fake_openai.script(response_stream("ok"))
    client = fake_openai.client()
    with client.responses.with_streaming_response.create(
        model="m", input="x", stream=True
    ) as raw:
        text = raw.read().decode()
    blocks = [block for block in text.split("\n\n") if block]
    for block in blocks:
        event_line, data_line = block.split("\n")
        name = event_line.removeprefix("event: ")
        assert json.loads(data_line.removeprefix("data: "))["type"] == name
    assert "[DONE]" not in text


def test_sdk_stream_helper_accepts_the_sequence(fake_openai):
    # The SDK's accumulator raises on inconsistent item ids or ordering.
    fake_openai.script(
        response_stream('{"a": 1}', function_calls=[("User", {"n": 1})], chunk_size=2)
    )
    client = fake_openai.client()
    with client.responses.stream(model="m", input="x") as stream:
        final = stream.get_final_response()
    assert final.output_text == '{"a": 1}'
    assert final.output[1].name == "User"


def test_incomplete_stream_ends_with_response_incomplete(fake_openai):
    fake_openai.script(response_stream('{"a', status="incomplete"))
    stream = fake_openai.client().responses.create(model="m", input="x", stream=True)
    last = list(stream)[-1]
    assert last.type == "response.incomplete"
    assert last.response.incomplete_details.reason == "max_output_tokens"


def test_async_stream(fake_openai):
    fake_openai.script(response_stream("async text", chunk_size=4))

    async def run():
        async with fake_openai.async_client() as client:
            stream = await client.responses.create(model="m", input="x", stream=True)
            return [e.delta async for e in stream if e.type.endswith("text.delta")]

    assert asyncio.run(run()) == ["asyn", "c te", "xt"]


def test_stream_accepts_ready_made_text_pieces(fake_openai):
    fake_openai.script(response_stream(['{"na', 'me": "Ada"}']))
    events = list(
        fake_openai.client().responses.create(model="m", input="x", stream=True)
    )
    deltas = [e.delta for e in events if e.type == "response.output_text.delta"]
    assert deltas == ['{"na', 'me": "Ada"}']
    assert events[-1].response.output_text == '{"name": "Ada"}'
