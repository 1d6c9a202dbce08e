"""Render Jinja templates in message contents with the call's ``context``.

Only when a ``context`` is given: without it, braces in messages are text.
The caller's messages are never changed; rendered ones are new dicts.
"""

from __future__ import annotations

from typing import Any

from ..exceptions import ConfigurationError

_env = None


def _environment():
    global _env
    if _env is None:
        try:
            from jinja2.sandbox import SandboxedEnvironment
        except ModuleNotFoundError as exc:
            raise ConfigurationError(
                "context= renders Jinja templates in messages and needs jinja2, a "
                "dependency of instructor that is missing here: pip install jinja2"
            ) from exc
        # Sandboxed: message templates may come from users of the app.
        _env = SandboxedEnvironment(keep_trailing_newline=True)
    return _env


def _render_text(text: str, context: dict[str, Any]) -> str:
    if "{{" not in text and "{%" not in text and "{#" not in text:
        return text
    return _environment().from_string(text).render(**context)


def _render_content(content: Any, context: dict[str, Any]) -> Any:
    if isinstance(content, str):
        return _render_text(content, context)
    if isinstance(content, list):
        out = []
        for part in content:
            if isinstance(part, str):
                part = _render_text(part, context)
            elif isinstance(part, dict) and isinstance(part.get("text"), str):
                part = {**part, "text": _render_text(part["text"], context)}
            out.append(part)
        return out
    return content


def render_messages(messages: list[Any], context: dict[str, Any] | None) -> list[Any]:
    """Messages with their templates rendered; the same list if nothing to do."""
    if not context or not messages:
        return messages
    rendered = []
    for message in messages:
        if isinstance(message, dict) and "content" in message:
            message = {**message, "content": _render_content(message["content"], context)}
        rendered.append(message)
    return rendered
