"""What the Bedrock test modules share: the model, the messages and how they are
sent, the ``User`` answer and the client builder."""

from __future__ import annotations

from pydantic import BaseModel

import instructor
from fakes.bedrock_server import converse, tool_use


class User(BaseModel):
    """A person named in the text."""

    name: str
    age: int


MESSAGES = [{"role": "user", "content": "Jason is 25"}]
SENT = [{"role": "user", "content": [{"text": "Jason is 25"}]}]
GOOD = {"name": "Jason", "age": 25}
MODEL = "anthropic.claude-3-haiku-20240307-v1:0"


def user_reply(args=GOOD, **kw):
    return converse(tool_uses=[tool_use("User", args)], **kw)


def make(fake, mode, **kw):
    return instructor.from_bedrock(fake.client(), mode=mode, model=MODEL, **kw)
