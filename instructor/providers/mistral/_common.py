"""Reading Mistral chat completions: the choice, its text, tool-call arguments.

Mistral's SDK leaves absent fields as an ``Unset`` object (falsy, not None),
a message's content may be a string or a list of chunks (text, and thinking
for reasoning models), and tool-call arguments may be a JSON string or an
already decoded object; these helpers read all of them.

    >>> arguments_json({"name": "Ada"}), arguments_json('{"a": 1}'), arguments_json(None)
    ('{"name": "Ada"}', '{"a": 1}', '')
"""

from __future__ import annotations

import json
from typing import Any

from ...exceptions import IncompleteOutputException, ResponseParsingError

__all__ = ["CUT_OFF", "arguments_json", "calls_of", "choice_of", "text_of"]

# Finish reasons that mean the answer was cut off: the output limit, or the
# model's context length.
CUT_OFF = frozenset({"length", "model_length"})


def choice_of(completion: Any) -> Any:
    """The first choice; typed errors for a response without one or a cut-off one."""
    choices = getattr(completion, "choices", None)
    if not isinstance(choices, list) or not choices:
        raise ResponseParsingError("the response is not a Mistral chat completion with a choice",
                                   raw_response=completion)
    choice = choices[0]
    if getattr(choice, "finish_reason", None) in CUT_OFF:
        raise IncompleteOutputException(last_completion=completion)
    return choice


def text_of(content: Any) -> str:
    """The text of a message content: a string, or the text chunks of a list."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(chunk.text for chunk in content
                       if getattr(chunk, "type", None) == "text"
                       and isinstance(getattr(chunk, "text", None), str))
    return ""


def calls_of(message: Any) -> list[Any]:
    """The tool calls of a message or delta ([] when it has none)."""
    calls = getattr(message, "tool_calls", None)
    return calls if isinstance(calls, list) else []


def arguments_json(arguments: Any) -> str:
    """Tool-call arguments as JSON text, whether sent as a string or an object."""
    if isinstance(arguments, str):
        return arguments
    if isinstance(arguments, (dict, list)):
        return json.dumps(arguments)
    return ""
