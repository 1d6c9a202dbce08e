"""Bedrock modes that call a tool: TOOLS and TOOLS_STRICT (the schema enforced).

Both send a ``toolConfig`` with one tool whose input is the response model
and a ``toolChoice`` that forces it; the answer is the ``toolUse`` block's
``input``. A failed answer goes back as the assistant turn plus a
``toolResult`` with ``status: error`` per tool call.
"""

from __future__ import annotations

from typing import Any

from pydantic_core import to_json

from ...core._copy import fresh
from ...core.handler import ModeHandler
from ...exceptions import ResponseParsingError
from . import reply
from .schema import strict_schema

__all__ = ["TOOLS", "TOOLS_STRICT", "reask_turns"]


def reask_text(exc: BaseException) -> str:
    return (f"The tool call did not validate:\n{exc}\n"
            "Call the tool again with arguments that fix these errors.")


def reask_turns(request: dict[str, Any], completion: Any, answer: list[Any]) -> dict[str, Any]:
    """``request`` with the assistant's turn and a user turn of ``answer`` blocks appended."""
    turn = reply.turn(completion)
    turns: list[dict[str, Any]] = []
    if turn is not None and turn["content"]:  # Converse refuses an empty turn
        # a copy: the next request may be changed (by hooks) without changing the completion
        turns.append({"role": "assistant", "content": fresh(turn["content"])})
    turns.append({"role": "user", "content": answer})
    return {**request, "messages": [*request.get("messages", ()), *turns]}


class ToolsHandler(ModeHandler):
    """Force one tool whose input is the response model."""

    __slots__ = ()
    strict = False

    def check(self, spec: Any, *, stream: bool) -> None:
        super().check(spec, stream=stream)
        if self.strict:
            strict_schema(spec)  # refuses what Bedrock cannot enforce, before sending

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        tool: dict[str, Any] = {"name": spec.name, "description": spec.description,
                                "inputSchema": {"json": self.schema(spec)}}
        if self.strict:
            tool["strict"] = True
        config = {"tools": [{"toolSpec": tool}], "toolChoice": {"tool": {"name": spec.name}}}
        return {**request, "toolConfig": config}

    def schema(self, spec: Any) -> dict[str, Any]:
        return strict_schema(spec) if self.strict else spec.parameters()

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        for block in reply.message(completion)["content"]:
            use = block.get("toolUse") if isinstance(block, dict) else None
            if isinstance(use, dict) and use.get("name") == spec.name:
                # Through JSON, so that strict validation judges values as JSON
                # (a date string is a date), as in the modes that answer in text.
                return spec.validate_json(to_json(use.get("input")), context, strict)
        raise ResponseParsingError(f"the model did not call the tool {spec.name!r}",
                                   raw_response=completion)

    def reask(self, request: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        turn = reply.turn(completion)
        if turn is None:  # a malformed response: nothing to show, ask again
            return request
        uses = [block["toolUse"] for block in turn["content"]
                if isinstance(block, dict) and isinstance(block.get("toolUse"), dict)]
        if uses:
            answer: list[Any] = [{"toolResult": {
                "toolUseId": use.get("toolUseId"), "content": [{"text": reask_text(exc)}],
                "status": "error"}} for use in uses]
        else:
            answer = [{"text": f"You did not call the tool.\n{reask_text(exc)}"}]
        return reask_turns(request, completion, answer)

    def stream_text(self, event: Any) -> str:
        return reply.stream_piece(event, "toolUse")


class ToolsStrictHandler(ToolsHandler):
    """TOOLS_STRICT: the tool's schema is closed and marked ``strict`` for Bedrock to enforce."""

    __slots__ = ()
    strict = True


TOOLS = ToolsHandler()
TOOLS_STRICT = ToolsStrictHandler()
