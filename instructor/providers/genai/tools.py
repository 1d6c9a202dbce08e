"""Gemini modes that call a function: TOOLS and PARALLEL_TOOLS.

TOOLS declares one function (the response model, in the schema form
Gemini takes) and forces it with ``function_calling_config`` mode ANY;
PARALLEL_TOOLS declares one per model of ``Iterable[A | B]``. The handlers
read responses through `_answer` and import no SDK, so the other Google
providers subclass them; a subclass says where settings go (`configured`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

from ...core._copy import fresh
from ...core.handler import ModeHandler
from ...exceptions import IncompleteOutputException, ResponseParsingError
from ...function_calls import gemini_schema
from ._answer import answer_parts, calls, content_of, cut_off, plain, reask_text

__all__ = ["PARALLEL_TOOLS", "TOOLS", "ParallelToolsHandler", "ToolsHandler", "declaration"]


def declaration(spec: Any) -> dict[str, Any]:
    """The function declaration of ``spec``'s model (a new dict)."""
    return fresh(_declaration(spec))


@lru_cache(maxsize=512)
def _declaration(spec: Any) -> dict[str, Any]:
    return _declare(spec.tool())


def _declare(tool: dict[str, Any]) -> dict[str, Any]:
    return {"name": tool["name"], "description": tool["description"],
            "parameters": gemini_schema(tool["parameters"])}


class GeminiHandler(ModeHandler):
    """What the Google modes share: settings go in google-genai's ``config``."""

    __slots__ = ()

    def configured(self, request: dict[str, Any], settings: dict[str, Any]) -> dict[str, Any]:
        """``request`` with generation ``settings`` added (a new dict)."""
        return {**request, "config": {**(request.get("config") or {}), **settings}}

    def arguments(self, call: Any) -> Any:
        """A function call's arguments as plain JSON values."""
        return plain(getattr(call, "args", None) or {})

    def model_turn(self, content: Any) -> Any:
        """The model's content as a turn of the next request (kept as the SDK gave it,
        thought signatures included)."""
        return content

    def reask_turns(self, request: dict[str, Any], turns: list[Any]) -> dict[str, Any]:
        return {**request, "contents": [*request.get("contents", ()), *turns]}


class ToolsHandler(GeminiHandler):
    """TOOLS: one forced function whose arguments are the response model."""

    __slots__ = ()

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        if (request.get("config") or {}).get("cached_content"):
            return request  # the cached content holds the tools; the API refuses new ones
        return self.configured(request, {
            "tools": [{"function_declarations": [declaration(spec)]}],
            "tool_config": {"function_calling_config": {
                "mode": "ANY", "allowed_function_names": [spec.name]}}})

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        for call in calls(answer_parts(completion)):
            if call.name == spec.name:
                # Through JSON, so that strict mode judges values as JSON (a
                # date string is a date), as for the providers that send text.
                return spec.validate_json(json.dumps(self.arguments(call)), context, strict)
        raise ResponseParsingError(f"the model did not call the function {spec.name!r}",
                                   raw_response=completion)

    def reask(self, request: dict[str, Any], completion: Any, exc: BaseException) -> dict[str, Any]:
        content = content_of(completion)
        parts = list(getattr(content, "parts", None) or ())
        if not parts:  # nothing to show: ask again
            return request
        found = calls(parts)
        if found:
            reply = [{"function_response": {"name": call.name,
                                            "response": {"error": reask_text(exc)}}}
                     for call in found]
        else:
            reply = [{"text": "Validation Error due to no function call: call the "
                              f"function you were given.\n{reask_text(exc)}"}]
        return self.reask_turns(request, [self.model_turn(content),
                                          {"role": "user", "parts": reply}])

    def stream_text(self, chunk: Any) -> str:
        if cut_off(chunk):
            raise IncompleteOutputException(last_completion=chunk)
        parts = getattr(content_of(chunk), "parts", None) or ()
        # Gemini sends a call's arguments whole, in one chunk.
        return "".join(json.dumps(self.arguments(c)) for c in calls(list(parts)))


class ParallelToolsHandler(ToolsHandler):
    """PARALLEL_TOOLS: one function per model of ``Iterable[A | B]``; every call is returned."""

    __slots__ = ()
    streams = False
    parallel = True

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        return self.configured(request, {
            "tools": [{"function_declarations": [_declare(t) for t in spec.member_tools()]}],
            "tool_config": {"function_calling_config": {"mode": "ANY"}}})

    def parse(self, spec: Any, completion: Any, *, context: Any, strict: Any) -> Any:
        items = []
        for call in calls(answer_parts(completion)):
            try:
                model = spec.member_for_tool(call.name)
            except KeyError:
                raise ResponseParsingError(f"the model called an unknown function {call.name!r}",
                                           raw_response=completion) from None
            items.append(model.model_validate_json(json.dumps(self.arguments(call)),
                                                   context=context, strict=strict))
        if not items:
            raise ResponseParsingError("the model called no function", raw_response=completion)
        return spec.from_items(items)


TOOLS = ToolsHandler()
PARALLEL_TOOLS = ParallelToolsHandler()
