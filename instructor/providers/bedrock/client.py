"""`from_bedrock` and the `from_provider("bedrock/...")` builder."""

from __future__ import annotations

import os
from typing import Any

import boto3  # already loaded by whoever made the client; named first if it is missing
from botocore.client import BaseClient

from ...core.client import AsyncInstructor, Instructor
from ...exceptions import ClientError, ConfigurationError
from ...mode import Mode

__all__ = ["build", "from_bedrock"]

SERVICE = "bedrock-runtime"
# Keyword arguments of from_provider that configure the boto3 client, not create().
CLIENT_ARGS = ("endpoint_url", "config", "verify", "use_ssl", "api_version",
               "aws_access_key_id", "aws_secret_access_key", "aws_session_token",
               "aws_account_id")
_ENV = {"aws_access_key_id": "AWS_ACCESS_KEY_ID",
        "aws_secret_access_key": "AWS_SECRET_ACCESS_KEY",
        "aws_session_token": "AWS_SESSION_TOKEN"}


def from_bedrock(client: BaseClient, mode: Mode = Mode.TOOLS, async_client: bool = False,
                 model: str | None = None, **kwargs: Any) -> Instructor | AsyncInstructor:
    """Wrap a boto3 ``bedrock-runtime`` client so ``create`` returns validated models.

        import boto3, instructor
        client = instructor.from_bedrock(boto3.client("bedrock-runtime"))
        user = client.create(
            modelId="anthropic.claude-3-haiku-20240307-v1:0", response_model=User,
            messages=[{"role": "user", "content": "Jason is 25"}])

    Calls go through the Converse API (``converse``, and ``converse_stream``
    for ``create_partial`` / ``create_iterable``). OpenAI-style arguments
    (``model``, ``max_tokens``, ``temperature``, system messages, `Image`
    parts) are put in the Converse shape. ``async_client=True`` gives an
    `AsyncInstructor` whose calls run the client in worker threads. ``model``
    and ``kwargs`` become defaults of every ``create``.
    """
    if not isinstance(client, BaseClient):
        raise ClientError(
            f"from_bedrock needs a boto3 {SERVICE!r} client (boto3.client({SERVICE!r})), "
            f"got {type(client).__module__}.{type(client).__qualname__}")
    service = client.meta.service_model.service_name
    if service != SERVICE:
        raise ClientError(
            f"from_bedrock needs a boto3 {SERVICE!r} client (boto3.client({SERVICE!r})), "
            f"got a {service!r} client")
    if model is not None:
        kwargs.setdefault("model", model)
    cls: type[Instructor] | type[AsyncInstructor] = AsyncInstructor if async_client else Instructor
    return cls(client, mode=mode, provider="bedrock", **kwargs)


def build(model: str, *, async_client: bool = False, mode: Mode | None = None,
          **kwargs: Any) -> Instructor | AsyncInstructor:
    """Make a boto3 client for ``from_provider("bedrock/<model>", ...)``.

    The region is ``region=`` (or ``region_name=``), else
    ``AWS_DEFAULT_REGION``, else us-east-1; credentials are the ``aws_*``
    keyword arguments, else ``AWS_ACCESS_KEY_ID`` / ``AWS_SECRET_ACCESS_KEY``
    / ``AWS_SESSION_TOKEN``, else whatever boto3 finds (profiles, roles).
    ``endpoint_url`` (or ``AWS_ENDPOINT_URL_BEDROCK_RUNTIME``, read by
    boto3) points the client elsewhere. The mode, unless given, is TOOLS for
    Anthropic (Claude) models and MD_JSON for the others. An ``api_key`` is
    refused with the ways Bedrock does take credentials.
    """
    if kwargs.pop("api_key", None):
        raise ConfigurationError(
            "Bedrock takes no api_key=: pass aws_access_key_id= and aws_secret_access_key= "
            "(and aws_session_token=), set the AWS_* environment variables, or put a "
            "Bedrock API key in AWS_BEARER_TOKEN_BEDROCK, which boto3 reads itself")
    client_args = {k: kwargs.pop(k) for k in CLIENT_ARGS if k in kwargs}
    for name, env in _ENV.items():
        if client_args.get(name) is None and os.environ.get(env):
            client_args[name] = os.environ[env]
    given = kwargs.pop("region", None), kwargs.pop("region_name", None)
    region = given[0] or given[1] or os.environ.get("AWS_DEFAULT_REGION") or "us-east-1"
    if mode is None:
        lowered = model.lower()
        mode = Mode.TOOLS if "anthropic" in lowered or "claude" in lowered else Mode.MD_JSON
    # The default session: a client it made before shares its loaded service model.
    client = boto3.client(SERVICE, region_name=region, **client_args)
    return from_bedrock(client, mode=mode, async_client=async_client, model=model, **kwargs)
