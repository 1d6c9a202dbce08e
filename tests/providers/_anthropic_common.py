"""What the Anthropic test modules share: the messages, the ``User`` answer, a
tool_use reply with it, and reading the API key a request carried."""

from __future__ import annotations

from pydantic import BaseModel

from fakes.anthropic_server import message, tool_use


class User(BaseModel):
    """A person named in the text."""

    name: str
    age: int


MESSAGES = [{"role": "user", "content": "Jason is 25"}]
GOOD = {"name": "Jason", "age": 25}


def sent_key(request):
    """The API key a request carried (SDK versions use x-api-key or a bearer token)."""
    return request.headers.get("x-api-key") or request.headers["authorization"].removeprefix(
        "Bearer ")


def user_reply(args=GOOD, **kw):
    return message(tool_uses=[tool_use("User", args)], **kw)
