"""Builders for OpenAI wire payloads, and the reply types a fake server sends.

Every builder returns exactly what OpenAI puts on the wire (ids, ``created``,
``object``, ``model``, usage with token details), so the real ``openai`` SDK
parses it into its typed objects. Streams split text and JSON arguments into
deltas the way OpenAI does.

Example::

    from fakes.openai_server import chat_completion, tool_call

    body = chat_completion(tool_calls=[tool_call("User", {"name": "Ada"})])
    assert body["choices"][0]["message"]["tool_calls"][0]["function"]["name"] == "User"

The builders live in private modules by concept, re-exported here:
`fakes._openai_wire` (shared: ``DEFAULT_MODEL``, ``Error``, ids, deltas),
`fakes._openai_chat` (chat completions), `fakes._openai_responses` (the
Responses API) and `fakes._openai_moderation_embedding`.
"""

from __future__ import annotations

from ._openai_chat import chat_completion, chat_stream, tool_call
from ._openai_moderation_embedding import embedding, moderation
from ._openai_responses import response, response_stream
from ._openai_wire import DEFAULT_MODEL, Error
from ._scripted import Stream

__all__ = [
    "DEFAULT_MODEL",
    "Error",
    "Stream",
    "chat_completion",
    "chat_stream",
    "embedding",
    "moderation",
    "response",
    "response_stream",
    "tool_call",
]
