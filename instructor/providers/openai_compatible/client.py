"""The OpenAI-compatible services: their factories and `from_provider` builders.

`SERVICES` says, per service, what ``from_provider("<service>/<model>")``
builds: the base URL (a default, or environment variables), where the API
key comes from, and what is added to the URL. Everything else is the
openai SDK and the OpenAI chat handlers.

    client = instructor.from_provider("together/meta-llama/Llama-3-8b-chat-hf")
    client = instructor.from_together(openai.OpenAI(base_url=..., api_key=...))
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import openai

from ...core.client import AsyncInstructor, Instructor
from ...exceptions import ConfigurationError
from ...mode import Mode
from .._wrap import pop_client_args
from ..openai.client import CLIENT_ARGS, wrap

__all__ = ["SERVICES", "Service", "from_anyscale", "from_databricks", "from_deepseek",
           "from_ollama", "from_openrouter", "from_perplexity", "from_together"]


@dataclass(frozen=True)
class Service:
    """How one OpenAI-compatible API is reached with the openai SDK."""

    name: str
    base_url: str | None  # None: one of url_env must give it
    key_env: tuple[str, ...]  # read in order when no api_key= is given
    url_env: tuple[str, ...] = ()  # read in order when no base_url= is given
    default_key: str | None = None  # a key the API ignores; None: a key is required
    path: str = ""  # what the base URL must end with

    def client(self, async_client: bool, args: dict[str, Any]) -> openai.OpenAI | openai.AsyncOpenAI:
        """The SDK client for ``args`` (the client keyword arguments of from_provider)."""
        args = dict(args)
        args["api_key"] = args.get("api_key") or _env(self.key_env) or self.default_key
        if not args["api_key"]:
            raise ConfigurationError(
                f"{self.name} needs an API key: pass api_key=... or set "
                f"{' or '.join(self.key_env)}")
        base_url = str(args.get("base_url") or self._url_from_env() or self.base_url or "")
        if not base_url:
            raise ConfigurationError(
                f"{self.name} needs the URL of its server: pass base_url=... or set "
                f"{' or '.join(self.url_env)}")
        if self.path and not base_url.rstrip("/").endswith(self.path):
            base_url = base_url.rstrip("/") + self.path
        args["base_url"] = base_url
        return (openai.AsyncOpenAI if async_client else openai.OpenAI)(**args)

    def _url_from_env(self) -> str | None:
        url = _env(self.url_env)
        if url and "://" not in url:  # a host name, as DATABRICKS_HOST may give it
            url = f"https://{url}"
        return url

    def build(self, model: str, *, async_client: bool = False, mode: Any = None,
              **kwargs: Any) -> Instructor | AsyncInstructor:
        """``from_provider("<name>/<model>", ...)``: client keywords to the client, the
        rest (and ``model``) to every ``create``."""
        client = self.client(async_client, pop_client_args(kwargs, CLIENT_ARGS))
        return wrap(client, self.name, mode, {"model": model, **kwargs})


def _env(names: tuple[str, ...]) -> str | None:
    for name in names:
        value = os.environ.get(name)
        if value:
            return value
    return None


SERVICES = {service.name: service for service in (
    Service("anyscale", "https://api.endpoints.anyscale.com/v1", ("ANYSCALE_API_KEY",)),
    Service("together", "https://api.together.xyz/v1", ("TOGETHER_API_KEY",)),
    Service("deepseek", "https://api.deepseek.com", ("DEEPSEEK_API_KEY",)),
    Service("openrouter", "https://openrouter.ai/api/v1", ("OPENROUTER_API_KEY",)),
    Service("perplexity", "https://api.perplexity.ai", ("PERPLEXITY_API_KEY",)),
    Service("databricks", None, ("DATABRICKS_TOKEN", "DATABRICKS_API_KEY"),
            url_env=("DATABRICKS_BASE_URL", "DATABRICKS_HOST", "DATABRICKS_WORKSPACE_URL"),
            path="/serving-endpoints"),
    # Ollama needs no key, but the SDK wants one.
    Service("ollama", "http://localhost:11434/v1", (), default_key="ollama"),
)}

# Ollama model families that call tools; from_provider uses JSON for the others.
OLLAMA_TOOL_MODELS = ("llama3.1", "llama3.2", "llama4", "mistral-nemo", "firefunction-v2",
                      "command-a", "command-r", "qwen2.5", "qwen3", "devstral")


# -- factories ------------------------------------------------------------------------


def _client_or_model(name: str, model_or_client: Any, mode: Any, model: str | None,
                     async_client: bool, kwargs: dict[str, Any]) -> Instructor | AsyncInstructor:
    if isinstance(model_or_client, str):  # a model name: the 1.x shortcut to from_provider
        return SERVICES[name].build(model_or_client, async_client=async_client, mode=mode,
                                    **kwargs)
    if model is not None:
        kwargs["model"] = model
    return wrap(model_or_client, name, mode, kwargs)


def from_anyscale(model_or_client: Any, mode: Mode | None = None, model: str | None = None,
                  async_client: bool = False, **kwargs: Any) -> Instructor | AsyncInstructor:
    """Anyscale Endpoints: an ``openai.OpenAI`` client, or a model name.

        client = instructor.from_anyscale("mistralai/Mixtral-8x7B-Instruct-v0.1")
    """
    return _client_or_model("anyscale", model_or_client, mode, model, async_client, kwargs)


def from_together(model_or_client: Any, mode: Mode | None = None, model: str | None = None,
                  async_client: bool = False, **kwargs: Any) -> Instructor | AsyncInstructor:
    """Together AI: an ``openai.OpenAI`` client, or a model name (``TOGETHER_API_KEY``).

        client = instructor.from_together("meta-llama/Llama-3-8b-chat-hf")
    """
    return _client_or_model("together", model_or_client, mode, model, async_client, kwargs)


def from_databricks(model_or_client: Any, mode: Mode | None = None, model: str | None = None,
                    async_client: bool = False, **kwargs: Any) -> Instructor | AsyncInstructor:
    """Databricks model serving: an ``openai.OpenAI`` client, or an endpoint name
    (``DATABRICKS_TOKEN`` and ``DATABRICKS_HOST``).

        client = instructor.from_databricks("databricks-meta-llama-3-1-70b-instruct")
    """
    return _client_or_model("databricks", model_or_client, mode, model, async_client, kwargs)


def from_deepseek(model_or_client: Any, mode: Mode | None = None, model: str | None = None,
                  async_client: bool = False, **kwargs: Any) -> Instructor | AsyncInstructor:
    """DeepSeek: an ``openai.OpenAI`` client, or a model name (``DEEPSEEK_API_KEY``).

        client = instructor.from_deepseek("deepseek-chat")
    """
    return _client_or_model("deepseek", model_or_client, mode, model, async_client, kwargs)


def from_openrouter(client: openai.OpenAI | openai.AsyncOpenAI, mode: Mode = Mode.TOOLS,
                    **kwargs: Any) -> Instructor | AsyncInstructor:
    """OpenRouter through an ``openai.OpenAI`` client.

        client = instructor.from_openrouter(openai.OpenAI(
            base_url="https://openrouter.ai/api/v1", api_key=...))

    ``Mode.OPENROUTER_STRUCTURED_OUTPUTS`` is a deprecated alias of JSON_SCHEMA.
    """
    return wrap(client, "openrouter", mode, kwargs)


def from_perplexity(client: openai.OpenAI | openai.AsyncOpenAI, mode: Mode = Mode.MD_JSON,
                    **kwargs: Any) -> Instructor | AsyncInstructor:
    """Perplexity through an ``openai.OpenAI`` client; its one mode is MD_JSON.

        client = instructor.from_perplexity(openai.OpenAI(
            base_url="https://api.perplexity.ai", api_key=...))

    ``Mode.PERPLEXITY_JSON`` is a deprecated alias of MD_JSON.
    """
    return wrap(client, "perplexity", mode, kwargs)


def from_ollama(client: openai.OpenAI | openai.AsyncOpenAI, mode: Mode = Mode.TOOLS,
                **kwargs: Any) -> Instructor | AsyncInstructor:
    """A local Ollama server through an ``openai.OpenAI`` client.

        client = instructor.from_provider("ollama/llama3.2")   # no key needed
    """
    return wrap(client, "ollama", mode, kwargs)


# -- from_provider builders -------------------------------------------------------------

build_anyscale = SERVICES["anyscale"].build
build_together = SERVICES["together"].build
build_deepseek = SERVICES["deepseek"].build
build_openrouter = SERVICES["openrouter"].build
build_databricks = SERVICES["databricks"].build
build_perplexity = SERVICES["perplexity"].build  # base_url= is honoured, as is mode=


def build_ollama(model: str, *, async_client: bool = False, mode: Any = None,
                 **kwargs: Any) -> Instructor | AsyncInstructor:
    """``from_provider("ollama/<model>")``: TOOLS for the model families that call
    tools, JSON for the others, unless ``mode=`` says otherwise; ``api_key=`` is sent
    when given (a proxy in front of Ollama may want one)."""
    if mode is None:
        tools = any(family in model.lower() for family in OLLAMA_TOOL_MODELS)
        mode = Mode.TOOLS if tools else Mode.JSON
    return SERVICES["ollama"].build(model, async_client=async_client, mode=mode, **kwargs)
