"""Chat completions through the real openai SDK: JSON, streams, sync and async."""

from __future__ import annotations

import asyncio
import json
import threading

import pytest
from openai.types.chat import ChatCompletion, ChatCompletionChunk

from fakes.openai_server import Stream, chat_completion, chat_stream, tool_call

MESSAGES = [{"role": "user", "content": "Who?"}]


def test_text_reply_parses_into_typed_completion(fake_openai):
    fake_openai.script(chat_completion("Ada", usage=(12, 3), model="gpt-4o"))

    reply = fake_openai.client().chat.completions.create(
        model="gpt-4o", messages=MESSAGES
    )

    assert isinstance(reply, ChatCompletion)
    assert reply.id.startswith("chatcmpl-")
    assert (reply.object, reply.model) == ("chat.completion", "gpt-4o")
    [choice] = reply.choices
    assert (choice.message.role, choice.message.content) == ("assistant", "Ada")
    assert choice.finish_reason == "stop"
    usage = reply.usage
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (
        12,
        3,
        15,
    )
    assert usage.completion_tokens_details.reasoning_tokens == 0
    assert usage.prompt_tokens_details.cached_tokens == 0


def test_tool_calls_and_legacy_function_call(fake_openai):
    fake_openai.script(
        chat_completion(
            tool_calls=[
                tool_call("User", {"name": "Ada"}, id="call_1"),
                ("Pet", '{"kind": "cat"}'),
            ],
            finish_reason="tool_calls",
        ),
        chat_completion(function_call=("User", {"name": "Bob"})),
    )
    client = fake_openai.client()

    message = client.chat.completions.create(model="m", messages=MESSAGES)
    first, second = message.choices[0].message.tool_calls
    assert (first.id, first.type, first.function.name) == ("call_1", "function", "User")
    assert json.loads(first.function.arguments) == {"name": "Ada"}
    assert second.id.startswith("call_") and second.function.name == "Pet"
    assert second.function.arguments == '{"kind": "cat"}'
    assert message.choices[0].finish_reason == "tool_calls"
    assert message.choices[0].message.content is None

    legacy = client.chat.completions.create(model="m", messages=MESSAGES)
    call = legacy.choices[0].message.function_call
    assert (call.name, json.loads(call.arguments)) == ("User", {"name": "Bob"})


def test_refusal(fake_openai):
    fake_openai.script(chat_completion(refusal="I can't help with that."))
    reply = fake_openai.client().chat.completions.create(model="m", messages=MESSAGES)
    assert reply.choices[0].message.refusal == "I can't help with that."


def test_text_stream_is_split_into_deltas(fake_openai):
    fake_openai.script(chat_stream("Hello world", chunk_size=5))

    chunks = list(
        fake_openai.client().chat.completions.create(
            model="m", messages=MESSAGES, stream=True
        )
    )

    assert all(isinstance(chunk, ChatCompletionChunk) for chunk in chunks)
    assert len({chunk.id for chunk in chunks}) == 1
    deltas = [chunk.choices[0].delta for chunk in chunks]
    assert (deltas[0].role, deltas[0].content) == ("assistant", "")
    assert [delta.content for delta in deltas[1:-1]] == ["Hello", " worl", "d"]
    assert [chunk.choices[0].finish_reason for chunk in chunks] == [None] * 4 + ["stop"]
    assert all(chunk.usage is None for chunk in chunks)


def test_stream_accepts_ready_made_content_pieces(fake_openai):
    fake_openai.script(chat_stream(['{"na', 'me": "Ada"}']))
    stream = fake_openai.client().chat.completions.create(
        model="m", messages=MESSAGES, stream=True
    )
    pieces = [chunk.choices[0].delta.content for chunk in stream]
    assert pieces == ["", '{"na', 'me": "Ada"}', None]


def test_tool_call_stream_follows_openai_delta_layout(fake_openai):
    fake_openai.script(
        chat_stream(
            tool_calls=[("User", {"name": "Ada"}), ("Pet", {"kind": "cat"})],
            chunk_size=6,
            finish_reason="tool_calls",
        )
    )

    chunks = list(
        fake_openai.client().chat.completions.create(
            model="m", messages=MESSAGES, stream=True
        )
    )

    calls = [
        call for chunk in chunks for call in chunk.choices[0].delta.tool_calls or ()
    ]
    openings = [call for call in calls if call.id is not None]
    assert [(c.index, c.type, c.function.name) for c in openings] == [
        (0, "function", "User"),
        (1, "function", "Pet"),
    ]
    assert chunks[0].choices[0].delta.role == "assistant"
    pieces = [call for call in calls if call.id is None]
    assert all(p.type is None and p.function.name is None for p in pieces)
    assert all(len(p.function.arguments) <= 6 for p in pieces)
    arguments = {0: "", 1: ""}
    for call in calls:
        arguments[call.index] += call.function.arguments
    assert json.loads(arguments[0]) == {"name": "Ada"}
    assert json.loads(arguments[1]) == {"kind": "cat"}
    assert chunks[-1].choices[0].finish_reason == "tool_calls"


def test_sdk_stream_helper_rebuilds_the_completion(fake_openai):
    # The SDK's own accumulator checks the delta sequence is consistent.
    fake_openai.script(
        chat_stream("Hi ", tool_calls=[("User", {"name": "Ada"})], chunk_size=2)
    )
    client = fake_openai.client()
    with client.chat.completions.stream(model="m", messages=MESSAGES) as stream:
        final = stream.get_final_completion()
    message = final.choices[0].message
    assert message.content == "Hi "
    assert message.tool_calls[0].function.name == "User"
    assert json.loads(message.tool_calls[0].function.arguments) == {"name": "Ada"}


def test_legacy_function_call_stream(fake_openai):
    fake_openai.script(chat_stream(function_call=("User", '{"a": 1}'), chunk_size=3))
    stream = fake_openai.client().chat.completions.create(
        model="m", messages=MESSAGES, stream=True
    )
    calls = [
        chunk.choices[0].delta.function_call
        for chunk in stream
        if chunk.choices[0].delta.function_call
    ]
    assert calls[0].name == "User"
    assert "".join(call.arguments for call in calls) == '{"a": 1}'


def test_usage_chunk_when_usage_is_included(fake_openai):
    fake_openai.script(chat_stream("ok", include_usage=True, usage=(7, 2)))
    chunks = list(
        fake_openai.client().chat.completions.create(
            model="m",
            messages=MESSAGES,
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    *body, last = chunks
    assert all(chunk.usage is None and chunk.choices for chunk in body)
    assert last.choices == []
    assert (last.usage.prompt_tokens, last.usage.total_tokens) == (7, 9)
    assert fake_openai.last_request.json["stream_options"] == {"include_usage": True}


def test_raw_wire_format_of_a_stream(fake_openai):
    fake_openai.script(chat_stream("ok"))
    client = fake_openai.client()
    with client.chat.completions.with_streaming_response.create(
        model="m", messages=MESSAGES, stream=True
    ) as raw:
        assert raw.headers["content-type"].startswith("text/event-stream")
        text = raw.read().decode()
    events = text.split("\n\n")
    assert events[-2:] == ["data: [DONE]", ""]
    assert all(event.startswith("data: {") for event in events[:-2])


def test_async_client_json_and_stream(fake_openai):
    fake_openai.script(chat_completion("one"), chat_stream("two words", chunk_size=3))

    async def run():
        async with fake_openai.async_client() as client:
            reply = await client.chat.completions.create(model="m", messages=MESSAGES)
            stream = await client.chat.completions.create(
                model="m", messages=MESSAGES, stream=True
            )
            text = "".join([c.choices[0].delta.content or "" async for c in stream])
            return reply.choices[0].message.content, text

    assert asyncio.run(run()) == ("one", "two words")
    assert fake_openai.last_request.headers["x-stainless-async"].startswith("async")


@pytest.mark.parametrize("chunk_size", [1, 3, 1000])
def test_any_chunk_size_reassembles(fake_openai, chunk_size):
    content = '{"name": "Ada Lovelace", "age": 36}'
    fake_openai.script(chat_stream(content, chunk_size=chunk_size))
    stream = fake_openai.client().chat.completions.create(
        model="m", messages=MESSAGES, stream=True
    )
    assert "".join(c.choices[0].delta.content or "" for c in stream) == content


def test_lazy_stream_reaches_the_client_chunk_by_chunk(fake_openai):
    # The rest of the stream is produced only once the SDK has yielded the
    # first chunk: the fake really streams, it does not send everything at once.
    first_seen = threading.Event()
    whole = chat_stream("ab", chunk_size=1).chunks

    def lazily():
        chunks = iter(whole)
        yield next(chunks)
        if not first_seen.wait(timeout=10):
            raise AssertionError("the SDK did not yield the first chunk")
        yield from chunks

    fake_openai.script(Stream(lazily()))
    stream = fake_openai.client().chat.completions.create(
        model="m", messages=MESSAGES, stream=True
    )
    assert next(stream).choices[0].delta.role == "assistant"
    first_seen.set()
    assert [c.choices[0].delta.content for c in stream] == ["a", "b", None]


def test_concurrent_async_requests_each_get_one_reply(fake_openai):
    fake_openai.script(*(chat_completion(str(n)) for n in range(8)))

    async def run():
        async with fake_openai.async_client() as client:
            replies = await asyncio.gather(
                *(
                    client.chat.completions.create(model="m", messages=MESSAGES)
                    for _ in range(8)
                )
            )
        return sorted(r.choices[0].message.content for r in replies)

    assert asyncio.run(run()) == [str(n) for n in range(8)]
    assert sorted(r.index for r in fake_openai.requests) == list(range(1, 9))
