"""Azure OpenAI: ``AzureOpenAI`` clients and ``from_provider("azure_openai/<deployment>")``."""

from __future__ import annotations

import os
from typing import Any

import openai

from ...core.client import AsyncInstructor, Instructor
from ...exceptions import ConfigurationError
from ...mode import Mode
from .._wrap import instructor_for, pop_client_args

__all__ = ["build", "from_azure_openai"]

# Keyword arguments of from_provider that configure the SDK client, not create().
CLIENT_ARGS = ("api_key", "azure_endpoint", "base_url", "api_version", "azure_deployment",
               "azure_ad_token", "azure_ad_token_provider", "organization", "project",
               "timeout", "max_retries", "default_headers", "default_query", "http_client")
DEFAULT_API_VERSION = "2024-02-01"  # what 1.x sends when none is given


def from_azure_openai(client: openai.AzureOpenAI | openai.AsyncAzureOpenAI,
                      mode: Mode = Mode.TOOLS, **kwargs: Any) -> Instructor | AsyncInstructor:
    """Wrap an Azure OpenAI client; ``model=`` names the deployment.

        client = instructor.from_provider("azure_openai/my-gpt-4o-deployment")

    (``instructor.from_openai`` takes Azure clients too, as the OpenAI provider.)
    """
    return instructor_for(client, "azure_openai", mode, kwargs, sync=(openai.AzureOpenAI,),
                          async_=(openai.AsyncAzureOpenAI,),
                          accepted="an openai.AzureOpenAI or AsyncAzureOpenAI")


def build(model: str, *, async_client: bool = False, mode: Mode | None = None,
          **kwargs: Any) -> Instructor | AsyncInstructor:
    """Make an Azure OpenAI client for ``from_provider("azure_openai/<deployment>")``.

    The key is ``api_key=`` or ``AZURE_OPENAI_API_KEY`` (or an
    ``azure_ad_token`` / ``azure_ad_token_provider``); the endpoint
    ``azure_endpoint=`` or ``AZURE_OPENAI_ENDPOINT``; the API version
    ``api_version=``, ``AZURE_OPENAI_API_VERSION``, ``OPENAI_API_VERSION`` or
    2024-02-01. The deployment is sent as ``model`` and in the URL.
    """
    args = pop_client_args(kwargs, CLIENT_ARGS)
    args["api_key"] = args.get("api_key") or os.environ.get("AZURE_OPENAI_API_KEY")
    if not (args["api_key"] or args.get("azure_ad_token") or args.get("azure_ad_token_provider")):
        raise ConfigurationError(
            "azure_openai needs a key: pass api_key=... (or azure_ad_token=...) or set "
            "AZURE_OPENAI_API_KEY")
    if not args.get("base_url"):
        args.pop("base_url", None)
        args["azure_endpoint"] = args.get("azure_endpoint") or os.environ.get(
            "AZURE_OPENAI_ENDPOINT")
        if not args["azure_endpoint"]:
            raise ConfigurationError(
                "azure_openai needs the resource endpoint: pass azure_endpoint=... or set "
                "AZURE_OPENAI_ENDPOINT (https://<resource>.openai.azure.com)")
    args["api_version"] = (args.get("api_version") or os.environ.get("AZURE_OPENAI_API_VERSION")
                           or os.environ.get("OPENAI_API_VERSION") or DEFAULT_API_VERSION)
    sdk = openai.AsyncAzureOpenAI if async_client else openai.AzureOpenAI
    return from_azure_openai(sdk(**args), mode=mode, model=model, **kwargs)
