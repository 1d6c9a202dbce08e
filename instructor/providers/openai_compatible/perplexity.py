"""Perplexity's MD_JSON: the schema as ``response_format``, no prompt.

Perplexity's chat API takes ``response_format={"type": "json_schema",
"json_schema": {"schema": ...}}``; the reply is read as in MD_JSON (a
```json fence, if any, is stripped) and re-asked as in the OpenAI JSON modes.
"""

from __future__ import annotations

from typing import Any

from ..openai.json_modes import JSONHandler


class PerplexityJSONHandler(JSONHandler):
    """The response model's JSON schema as Perplexity's ``response_format``."""

    __slots__ = ()

    def prepare(self, spec: Any, request: dict[str, Any], *, stream: bool) -> dict[str, Any]:
        return {**request, "response_format": {"type": "json_schema",
                                               "json_schema": {"schema": spec.parameters()}}}


MD_JSON = PerplexityJSONHandler()
