"""The fake Bedrock's event-stream encoder, read back by botocore's own decoder."""

from __future__ import annotations

import json

import pytest

from fakes.bedrock_server import FakeBedrock, Stream, converse_stream, event_frame, frame, tool_use
from fakes.sdk import require_sdk

require_sdk("boto3")


def test_frames_decode_with_botocore():
    from botocore.eventstream import EventStreamBuffer

    buffer = EventStreamBuffer()
    stream = converse_stream(tool_use=tool_use("User", {"name": "Ada"}), chunk_size=4)
    for chunk in stream.chunks:
        buffer.add_data(event_frame(chunk))
    messages = list(buffer)
    assert [m.headers[":event-type"] for m in messages] == [
        "messageStart", "contentBlockStart", *["contentBlockDelta"] * 4, "contentBlockStop",
        "messageStop", "metadata"]
    assert all(m.headers[":message-type"] == "event" for m in messages)
    deltas = [json.loads(m.payload)["delta"]["toolUse"]["input"] for m in messages[2:6]]
    assert "".join(deltas) == '{"name": "Ada"}'


def test_a_corrupt_frame_fails_its_checksum():
    from botocore.eventstream import ChecksumMismatch, EventStreamBuffer

    buffer = EventStreamBuffer()
    buffer.add_data(frame({":message-type": "event"}, b"{}", corrupt=True))
    with pytest.raises(ChecksumMismatch):
        list(buffer)


def test_exception_events_and_unscripted_requests_reach_boto3_as_errors():
    from botocore.exceptions import ClientError, EventStreamError

    with FakeBedrock() as fake:
        fake.script(Stream([("throttlingException", {"message": "later"})]))
        client = fake.client()
        events = client.converse_stream(modelId="m", messages=[])["stream"]
        with pytest.raises(EventStreamError, match="later"):
            list(events)
        events.close()
        with pytest.raises(ClientError, match="ValidationException"):
            client.converse(modelId="m", messages=[])
        assert len(fake.requests) == 2 and "no scripted reply" in fake.problems[0]
