"""Writer's TOOLS: the response model offered as a tool the model may call.

Writer takes ``tool_choice`` "auto", "none", "required" or a named
function; as in 1.x the tool is offered with "auto". A re-ask shows the
model its reply and asks, in a user turn, for the tool call again.
"""

from __future__ import annotations

from typing import Any

from ..openai._common import message_of, with_messages
from ..openai.tools import ToolsHandler


def reask_text(exc: BaseException) -> str:
    return (f"Validation Error found:\n{exc}\nCall the tool again with its exact name and "
            "arguments that fix these errors.")


class WriterToolsHandler(ToolsHandler):
    """The OpenAI TOOLS request with ``tool_choice="auto"``; a user-turn re-ask."""

    __slots__ = ()

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        return {**super().prepare(spec, request, stream=stream), "tool_choice": "auto"}

    def reask(self, request: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        message = message_of(completion)
        if message is None:  # a malformed response: nothing to show, ask again
            return request
        assistant = message.model_dump(exclude_none=True, exclude_unset=True)
        return with_messages(request, [assistant, {"role": "user", "content": reask_text(exc)}])


TOOLS = WriterToolsHandler()
