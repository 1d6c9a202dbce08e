"""`from_gemini` and the `from_provider("gemini/...")` builder."""

from __future__ import annotations

from typing import Any

from ...core.client import AsyncInstructor, Instructor
from ...exceptions import ClientError
from ...mode import Mode
from ._sdk import genai

__all__ = ["build", "from_gemini"]

# Keyword arguments of from_provider that configure the SDK (genai.configure).
CONFIGURE_ARGS = ("api_key", "credentials", "transport", "client_options", "client_info",
                  "default_metadata")


def from_gemini(client: Any, mode: Mode = Mode.MD_JSON, use_async: bool = False,
                **kwargs: Any) -> Instructor | AsyncInstructor:
    """Wrap a google-generativeai ``GenerativeModel`` so ``create`` returns models.

        import google.generativeai as genai
        import instructor
        client = instructor.from_gemini(genai.GenerativeModel("gemini-1.5-flash"))
        user = client.create(response_model=User,
                             messages=[{"role": "user", "content": "Jason is 25"}])

    The SDK is deprecated by Google (use `from_genai` with google-genai for
    new code). Modes: MD_JSON (the default) and TOOLS. The model is the
    GenerativeModel's, so ``create`` takes no ``model=``. ``use_async=True``
    calls ``generate_content_async``, which this SDK only serves over gRPC.
    """
    if not isinstance(client, genai.GenerativeModel):
        raise ClientError(
            "from_gemini needs a google.generativeai.GenerativeModel, got "
            f"{type(client).__module__}.{type(client).__qualname__}")
    cls = AsyncInstructor if use_async else Instructor
    return cls(client, mode=mode, provider="gemini", **kwargs)


def build(model: str, *, async_client: bool = False, mode: Mode | None = None,
          **kwargs: Any) -> Instructor | AsyncInstructor:
    """``from_provider("gemini/<model>")``: ``GenerativeModel(<model>)``.

    ``api_key`` (the SDK reads ``GOOGLE_API_KEY`` itself), ``transport``,
    ``client_options`` (``{"api_endpoint": ...}``) and the other settings of
    ``genai.configure`` are applied together when any is given: configure
    resets what an earlier call set.
    """
    settings = {k: kwargs.pop(k) for k in CONFIGURE_ARGS if k in kwargs}
    if settings:
        genai.configure(**settings)
    return from_gemini(genai.GenerativeModel(model), mode=mode or Mode.MD_JSON,
                       use_async=async_client, **kwargs)
