"""`from_genai` and the `from_provider("google/...")` builders."""

from __future__ import annotations

import os
import warnings
from typing import Any

from google import genai
from google.genai.client import AsyncClient

from ...core.client import AsyncInstructor, Instructor
from ...exceptions import ClientError
from ...mode import Mode

__all__ = ["build", "build_generative_ai", "from_genai", "sdk_client"]

# Keyword arguments of from_provider that configure genai.Client, not create().
CLIENT_ARGS = ("api_key", "vertexai", "project", "location", "credentials",
               "http_options", "debug_config")


def from_genai(client: genai.Client | AsyncClient, mode: Mode = Mode.TOOLS, *,
               use_async: bool = False, model: str | None = None,
               **kwargs: Any) -> Instructor | AsyncInstructor:
    """Wrap a google-genai client so ``create`` returns validated response models.

        from google import genai
        import instructor
        client = instructor.from_genai(genai.Client(), model="gemini-2.0-flash")
        user = client.create(response_model=User,
                             messages=[{"role": "user", "content": "Jason is 25"}])

    ``use_async=True`` (or passing ``client.aio``) gives an async client.
    Modes: TOOLS (a forced function call) and JSON (``application/json``
    with a response schema). Works with Gemini API and Vertex AI clients
    (``genai.Client(vertexai=True, ...)``). ``kwargs`` (for example
    ``model=``, ``max_tokens=``) become defaults of every ``create``.
    """
    check_client(client, "from_genai")
    cls = AsyncInstructor if use_async or isinstance(client, AsyncClient) else Instructor
    if model is not None:
        kwargs["model"] = model
    return cls(client, mode=mode, provider="genai", **kwargs)


def check_client(client: Any, factory: str) -> None:
    if not isinstance(client, (genai.Client, AsyncClient)):
        raise ClientError(
            f"{factory} needs a google-genai client (google.genai.Client, or its .aio), "
            f"got {type(client).__module__}.{type(client).__qualname__}")


def sdk_client(kwargs: dict[str, Any], *, vertexai: bool) -> genai.Client:
    """A ``genai.Client`` from the client settings among ``kwargs`` (removed from it).

    ``base_url`` is a shortcut for ``http_options={"base_url": ...}``. A
    Gemini API client takes ``api_key`` or ``GOOGLE_API_KEY`` (the SDK also
    reads ``GEMINI_API_KEY``); a Vertex AI one ``project`` / ``location`` or
    ``GOOGLE_CLOUD_PROJECT`` / ``GOOGLE_CLOUD_LOCATION``.
    """
    args = {k: kwargs.pop(k) for k in CLIENT_ARGS if k in kwargs}
    args["vertexai"] = bool(args.get("vertexai", vertexai))
    base_url = kwargs.pop("base_url", None)
    if base_url is not None:
        http = args.get("http_options") or {}
        if not isinstance(http, dict):
            http = http.model_dump(exclude_none=True)
        args["http_options"] = {**http, "base_url": base_url}
    if args["vertexai"]:
        # Read here: the SDK ignores them when a base_url is given.
        for key, env in (("project", "GOOGLE_CLOUD_PROJECT"), ("location", "GOOGLE_CLOUD_LOCATION")):
            if args.get(key) is None and os.environ.get(env):
                args[key] = os.environ[env]
    elif args.get("api_key") is None and os.environ.get("GOOGLE_API_KEY"):
        args["api_key"] = os.environ["GOOGLE_API_KEY"]
    return genai.Client(**args)


def build(model: str, *, async_client: bool = False, mode: Mode | None = None,
          **kwargs: Any) -> Instructor | AsyncInstructor:
    """Make a client for ``from_provider("google/<model>", ...)``.

    ``vertexai=True`` (with ``project`` / ``location``) talks to Vertex AI;
    the other client settings are those of `sdk_client`; every other
    keyword becomes a default of ``create``.
    """
    client = sdk_client(kwargs, vertexai=False)
    return from_genai(client, mode=mode or Mode.TOOLS, use_async=async_client, model=model,
                      **kwargs)


def build_generative_ai(model: str, **kwargs: Any) -> Instructor | AsyncInstructor:
    """``from_provider("generative-ai/<model>")``: the old name of "google/" (deprecated)."""
    warnings.warn("from_provider('generative-ai/...') is deprecated; use 'google/...'",
                  DeprecationWarning, stacklevel=3)
    kwargs["vertexai"] = False
    return build(model, **kwargs)
