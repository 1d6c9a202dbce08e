"""Anthropic modes that call a tool: TOOLS, PARALLEL_TOOLS and
ANTHROPIC_REASONING_TOOLS (extended thinking, which forbids a forced tool)."""

from __future__ import annotations

import json
from typing import Any

from ...core.handler import ModeHandler
from ...exceptions import IncompleteOutputException, ResponseParsingError
from .adapter import system_blocks

# With thinking on, the tool cannot be forced; this keeps the model to it.
_ONLY_THE_TOOL = "Return only the tool call and no additional text."


def reask_text(exc: BaseException) -> str:
    return f"Validation Error found:\n{exc}\nRecall the function correctly, fix the errors"


def content(completion: Any) -> list[Any]:
    """The content blocks of a Message; typed errors for a cut-off or odd one."""
    if getattr(completion, "stop_reason", None) == "max_tokens":
        raise IncompleteOutputException(last_completion=completion)
    blocks = getattr(completion, "content", None)
    if not isinstance(blocks, list):
        raise ResponseParsingError("the response is not an Anthropic message",
                                   raw_response=completion)
    return blocks


def tool(schema: dict[str, Any]) -> dict[str, Any]:
    """An Anthropic tool for a neutral ``{name, description, parameters}``."""
    return {"name": schema["name"], "description": schema["description"],
            "input_schema": schema["parameters"]}


def thinking_on(request: dict[str, Any]) -> bool:
    thinking = request.get("thinking")
    return isinstance(thinking, dict) and thinking.get("type") in ("enabled", "adaptive")


def stream_delta(event: Any, kind: str) -> str:
    """The text a ``content_block_delta`` event of delta type ``kind`` carries.

    A ``message_delta`` that ends the message at the token limit raises
    IncompleteOutputException, as a complete response would.
    """
    event_type = getattr(event, "type", None)
    if event_type == "content_block_delta":
        delta = event.delta
        if getattr(delta, "type", None) == kind:
            return getattr(delta, "partial_json" if kind == "input_json_delta" else "text") or ""
    elif event_type == "message_delta" and getattr(event.delta, "stop_reason", None) == "max_tokens":
        raise IncompleteOutputException(last_completion=event)
    return ""


def dump(block: Any) -> Any:
    return block.model_dump(exclude_none=True) if hasattr(block, "model_dump") else block


class ToolsHandler(ModeHandler):
    """Force one tool whose input is the response model (auto when thinking)."""

    __slots__ = ()
    reasoning = False

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        out = {**request, "tools": [tool(spec.tool())]}
        if self.reasoning or thinking_on(request):
            out["tool_choice"] = {"type": "auto"}
            out["system"] = [*system_blocks(request.get("system")),
                             {"type": "text", "text": _ONLY_THE_TOOL}]
        else:
            out["tool_choice"] = {"type": "tool", "name": spec.name,
                                  "disable_parallel_tool_use": True}
        return out

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        for block in content(completion):
            if getattr(block, "type", None) == "tool_use" and block.name == spec.name:
                # Through JSON, so that strict mode judges values as JSON (a
                # date string is a date), as for the providers that send text.
                return spec.validate_json(json.dumps(block.input), context, strict)
        raise ResponseParsingError(
            f"the model did not call the tool {spec.name!r}", raw_response=completion)

    def reask(self, request: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        blocks = getattr(completion, "content", None)
        if not isinstance(blocks, list):  # a malformed response: nothing to show, ask again
            return request
        calls = [b for b in blocks if getattr(b, "type", None) == "tool_use"]
        if calls:
            reply: list[Any] = [{"type": "tool_result", "tool_use_id": call.id,
                                 "content": reask_text(exc), "is_error": True}
                                for call in calls]
        else:
            reply = [{"type": "text", "text":
                      f"Validation Error due to no tool invocation:\n{reask_text(exc)}"}]
        turns = [{"role": "user", "content": reply}]
        if blocks:
            turns.insert(0, {"role": "assistant", "content": [dump(b) for b in blocks]})
        return {**request, "messages": [*request.get("messages", ()), *turns]}

    def stream_text(self, event: Any) -> str:
        return stream_delta(event, "input_json_delta")


class ReasoningToolsHandler(ToolsHandler):
    """ANTHROPIC_REASONING_TOOLS: the tool is offered, not forced (extended thinking)."""

    __slots__ = ()
    reasoning = True


class ParallelToolsHandler(ToolsHandler):
    """One tool per model of ``Iterable[A | B]``; every call is returned."""

    __slots__ = ()
    streams = False
    parallel = True

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        return {**request, "tools": [tool(t) for t in spec.member_tools()],
                "tool_choice": {"type": "auto"}}

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        items = []
        for block in content(completion):
            if getattr(block, "type", None) != "tool_use":
                continue
            try:
                model = spec.member_for_tool(block.name)
            except KeyError:
                raise ResponseParsingError(f"the model called an unknown tool {block.name!r}",
                                           raw_response=completion) from None
            items.append(model.model_validate_json(json.dumps(block.input), context=context,
                                                   strict=strict))
        if not items:
            raise ResponseParsingError("the model called no tool", raw_response=completion)
        return spec.from_items(items)


TOOLS = ToolsHandler()
REASONING_TOOLS = ReasoningToolsHandler()
PARALLEL_TOOLS = ParallelToolsHandler()
