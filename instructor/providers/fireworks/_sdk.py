"""The parts of ``fireworks.client`` this provider uses, imported once.

fireworks-ai 0.19 declares pydantic v1-style validators, so importing it
warns ``PydanticDeprecatedSince20`` from the SDK's own modules; the warning
is about the SDK, not about the caller's code, and under ``-W error`` it
would make the SDK unusable, so its import runs with deprecation warnings
ignored.
"""

from __future__ import annotations

import warnings

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    from fireworks.client import AsyncFireworks, Fireworks
    from fireworks.client.api import ChatCompletionResponse

__all__ = ["AsyncFireworks", "ChatCompletionResponse", "Fireworks"]
