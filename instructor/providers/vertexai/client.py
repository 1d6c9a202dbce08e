"""`from_vertexai` and the `from_provider("vertexai/...")` builder.

Why not the legacy SDK (``google-cloud-aiplatform``'s
``vertexai.generative_models.GenerativeModel``, which 1.x wraps): Google
deprecated that module in favour of google-genai and removes it in 2026;
its async calls only go over TLS gRPC, and its current dependencies need
protobuf 6, which google-generativeai (the gemini provider) cannot load.
google-genai's Vertex AI client speaks the same API over HTTP, sync and
async, so the 1.x modes are served through it.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

from ...core.client import AsyncInstructor, Instructor
from ...exceptions import ClientError, ConfigurationError
from ...mode import Mode
from ..genai.client import check_client, sdk_client

__all__ = ["build", "from_vertexai"]


def from_vertexai(client: Any, mode: Mode = Mode.TOOLS, use_async: bool = False,
                  **kwargs: Any) -> Instructor | AsyncInstructor:
    """Wrap a google-genai Vertex AI client so ``create`` returns validated models.

        from google import genai
        import instructor
        client = instructor.from_vertexai(
            genai.Client(vertexai=True, project="my-project", location="us-central1"),
            model="gemini-2.0-flash")
        user = client.create(response_model=User,
                             messages=[{"role": "user", "content": "Jason is 25"}])

    Modes: TOOLS, PARALLEL_TOOLS and MD_JSON. ``use_async=True`` (or
    passing ``client.aio``) gives an async client; ``kwargs`` become
    defaults of every ``create``.
    """
    if type(client).__module__.startswith("vertexai."):
        raise ClientError(
            "from_vertexai takes google-genai's Vertex AI client, not the legacy "
            f"{type(client).__qualname__} (deprecated by Google): use "
            "google.genai.Client(vertexai=True, project=..., location=...) and pass "
            "model= to from_vertexai or create")
    check_client(client, "from_vertexai")
    api = getattr(client, "_api_client", None)
    if not getattr(api, "vertexai", False):
        raise ClientError("from_vertexai needs a Vertex AI client: "
                          "google.genai.Client(vertexai=True, project=..., location=...); "
                          "for the Gemini API use from_genai")
    from ..genai.client import AsyncClient

    cls = AsyncInstructor if use_async or isinstance(client, AsyncClient) else Instructor
    return cls(client, mode=mode, provider="vertexai", **kwargs)


def build(model: str, *, async_client: bool = False, mode: Mode | None = None,
          **kwargs: Any) -> Instructor | AsyncInstructor:
    """``from_provider("vertexai/<model>")`` (deprecated in 1.x for "google/" with
    ``vertexai=True``): a Vertex AI client for ``project`` (or
    ``GOOGLE_CLOUD_PROJECT``, required) in ``location`` (or
    ``GOOGLE_CLOUD_LOCATION``, default us-central1)."""
    warnings.warn("from_provider('vertexai/...') is deprecated; use 'google/...' with "
                  "vertexai=True", DeprecationWarning, stacklevel=3)
    if not (kwargs.get("project") or os.environ.get("GOOGLE_CLOUD_PROJECT")):
        raise ConfigurationError(
            "from_provider('vertexai/...') needs a Google Cloud project: pass project= "
            "or set GOOGLE_CLOUD_PROJECT")
    if not (kwargs.get("location") or os.environ.get("GOOGLE_CLOUD_LOCATION")):
        kwargs["location"] = "us-central1"
    kwargs.pop("vertexai", None)
    client = sdk_client(kwargs, vertexai=True)
    return from_vertexai(client, mode=mode or Mode.TOOLS, use_async=async_client,
                         model=model, **kwargs)
