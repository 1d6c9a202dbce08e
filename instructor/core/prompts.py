"""Provider-neutral text for modes that ask for JSON in the prompt.

`json_instructions` is the prompt that shows the schema; `strip_fences`
reads JSON back out of a reply that wraps it in prose or a ``` fence.

    >>> strip_fences('Here you go:\\n```json\\n{"a": 1}\\n```')
    '{"a": 1}\\n'
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

__all__ = ["json_instructions", "strip_fences"]


@lru_cache(maxsize=512)
def json_instructions(spec: Any, markdown: bool = False) -> str:
    """The prompt asking for an instance of ``spec``'s schema as JSON text."""
    schema = json.dumps(spec.parameters(), indent=2, ensure_ascii=False)
    where = ("inside a single ```json code block" if markdown
             else "as a single JSON object and nothing else")
    return (
        "Read the conversation and answer with data that fits this JSON schema:\n\n"
        f"{schema}\n\n"
        f"Reply with an instance of the schema (not the schema itself), {where}."
    )


def strip_fences(text: str) -> str:
    """The JSON inside a ```json fence, or the text from its first brace."""
    match = _FENCE.search(text)
    if match:
        return match.group(1)
    starts = [i for i in (text.find("{"), text.find("[")) if i >= 0]
    if not starts:
        return text
    start = min(starts)
    end = max(text.rfind("}"), text.rfind("]"))
    return text[start:end + 1] if end > start else text[start:]


_FENCE = re.compile(r"```(?:json)?\s*\n?(.*?)```", re.DOTALL)
