"""`Instructor` and `AsyncInstructor`: an SDK client that returns models.

Both share `_ClientBase`, which holds every I/O-free step (merging defaults,
rendering templates, digesting the response model, having the provider's
adapter put the request in its wire format and the mode handler add what
the mode needs); the two subclasses only drive the SDK, one blocking and
one awaiting, through the same retry flow (`instructor.core.retry`).

    import instructor, openai
    client = instructor.from_openai(openai.OpenAI())
    user = client.chat.completions.create(
        model="gpt-4o-mini", response_model=User,
        messages=[{"role": "user", "content": "Jason is 25"}])
"""

from __future__ import annotations

import warnings
from collections.abc import AsyncGenerator, Generator, Iterable
from typing import Any

from ..hooks import HookName, Hooks
from ..mode import Mode
from ..provider import Provider
from .mode_registry import mode_registry
from .provider_registry import provider_registry
from .response_model import response_spec
from .retry import attempt_flow, retry_policy, run_async, run_sync
from .streaming import StreamReader, async_chunks, chunks

__all__ = ["AsyncInstructor", "Instructor"]


class _Plan:
    """Everything one ``create`` call needs, prepared before any I/O."""

    __slots__ = ("spec", "request", "hooks", "context", "strict", "policy", "budget")

    def __init__(self, spec, request, hooks, context, strict, policy, budget) -> None:
        self.spec = spec
        self.request = request
        self.hooks = hooks
        self.context = context
        self.strict = strict
        self.policy = policy
        self.budget = budget


class _ClientBase:
    """What sync and async clients share; no I/O happens here.

    ``provider`` None means the provider a provider-specific ``mode`` names
    (``Mode.ANTHROPIC_TOOLS``), else the default one (OpenAI, as in 1.x).
    """

    default_max_retries = 3

    def __init__(self, client: Any, create: Any = None, mode: Any = Mode.TOOLS,
                 provider: Any = None, hooks: Hooks | None = None,
                 **kwargs: Any) -> None:
        name = mode_registry.provider_for(mode, provider)
        if mode is None:
            mode = provider_registry.get(name).default_mode
        generic = provider_registry.normalize(name, mode)
        provider_registry.warn_alias(name, mode)
        self.handler = provider_registry.get_handler(name, generic)
        self.adapter = provider_registry.get_adapter(name, generic)(client, create)
        self.client = client
        self.create_fn = create
        self.mode = Mode(generic)
        try:
            self.provider: Any = Provider(name)
        except ValueError:  # a third-party provider: keep its own name
            self.provider = name
        self.kwargs = kwargs
        self.hooks = hooks if hooks is not None else Hooks()

    # 1.x spellings: client.chat.completions.create and client.messages.create
    @property
    def chat(self):
        return self

    @property
    def completions(self):
        return self

    @property
    def messages(self):
        return self

    def on(self, hook_name: HookName | str, handler: Any) -> None:
        """Run ``handler`` at ``hook_name`` on every call of this client."""
        self.hooks.on(hook_name, handler)

    def off(self, hook_name: HookName | str, handler: Any) -> None:
        self.hooks.off(hook_name, handler)

    def clear(self, hook_name: HookName | str | None = None) -> None:
        self.hooks.clear(hook_name)

    def _plan(self, response_model: Any, messages: Any, max_retries: Any,
              validation_context: Any, context: Any, strict: Any,
              hooks: Hooks | None, kwargs: dict[str, Any], stream: bool) -> _Plan:
        if validation_context is not None:
            warnings.warn("validation_context is deprecated; use context",
                          DeprecationWarning, stacklevel=4)
            context = {**validation_context, **(context or {})}
        if self.kwargs:
            kwargs = {**self.kwargs, **kwargs}
            # Factory defaults may include instructor's own per-call options.
            default_retries = kwargs.pop("max_retries", None)
            if max_retries is None:
                max_retries = default_retries
        budget = kwargs.pop("token_budget", None)
        if messages is not None:
            from .templating import render_messages

            kwargs["messages"] = render_messages(messages, context)
        request = self.adapter.convert(kwargs)
        spec = None
        if response_model is not None:
            spec = response_spec(response_model)
            self.handler.check(spec, stream=stream)
            request = self.handler.prepare(spec, request, stream=stream)
        return _Plan(
            spec,
            request,
            self.hooks + hooks if hooks else self.hooks,
            context,
            strict,
            retry_policy(self.default_max_retries if max_retries is None else max_retries),
            budget,
        )

    def _flow(self, plan: _Plan):
        return attempt_flow(self.handler, self.adapter, plan.spec, plan.request,
                            policy=plan.policy, hooks=plan.hooks, context=plan.context,
                            strict=plan.strict, budget=plan.budget)

    def _reader(self, plan: _Plan) -> StreamReader:
        return StreamReader(self.handler, plan.spec, context=plan.context, strict=plan.strict)

    def __repr__(self) -> str:
        # The SDK client is named, never shown: its repr may carry the API key.
        return (f"{type(self).__name__}(provider={str(self.provider)!r}, "
                f"mode=Mode.{self.mode.name}, client={type(self.client).__name__})")

    def __getattr__(self, name: str) -> Any:
        # Anything instructor does not wrap (embeddings, files, ...) is the SDK's.
        if name.startswith("__") or name in ("client", "kwargs", "hooks", "handler", "adapter"):
            raise AttributeError(name)
        return getattr(self.client, name)


def _partial_of(response_model: Any) -> Any:
    from ..dsl.partial import Partial, is_partial

    return response_model if is_partial(response_model) else Partial[response_model]


class Instructor(_ClientBase):
    """A synchronous client: ``create`` returns a validated response model.

        client = instructor.from_openai(openai.OpenAI())
        user = client.create(model="gpt-4o-mini", response_model=User,
                             messages=[{"role": "user", "content": "Jason is 25"}])
    """

    def create(self, response_model: Any = None, messages: Any = None,
               max_retries: Any = None, validation_context: Any = None,
               context: Any = None, strict: bool = True,
               hooks: Hooks | None = None, **kwargs: Any) -> Any:
        """Call the LLM and return ``response_model`` validated (or the raw response if None)."""
        stream = bool(kwargs.pop("stream", False))
        plan = self._plan(response_model, messages, max_retries, validation_context,
                          context, strict, hooks, kwargs, stream)
        if plan.spec is None:
            return self._passthrough(plan, stream)
        if stream:
            return self._stream(plan)
        return run_sync(self._flow(plan), self.adapter.create)[0]

    def create_with_completion(self, messages: Any = None, response_model: Any = None,
                               max_retries: Any = None, validation_context: Any = None,
                               context: Any = None, strict: bool = True,
                               hooks: Hooks | None = None, **kwargs: Any) -> tuple[Any, Any]:
        """Like `create`, and also return the raw completion (usage summed over attempts)."""
        plan = self._plan(response_model, messages, max_retries, validation_context,
                          context, strict, hooks, kwargs, False)
        if plan.spec is None:
            completion = self._passthrough(plan, False)
            return completion, completion
        return run_sync(self._flow(plan), self.adapter.create)

    def create_partial(self, response_model: Any = None, messages: Any = None,
                       max_retries: Any = None, validation_context: Any = None,
                       context: Any = None, strict: bool = True,
                       hooks: Hooks | None = None, **kwargs: Any) -> Generator[Any, None, None]:
        """Stream growing partial objects; the last one is complete and validated."""
        kwargs.pop("stream", None)
        plan = self._plan(_partial_of(response_model), messages, max_retries,
                          validation_context, context, strict, hooks, kwargs, True)
        return self._stream(plan)

    def create_iterable(self, messages: Any = None, response_model: Any = None,
                        max_retries: Any = None, validation_context: Any = None,
                        context: Any = None, strict: bool = True,
                        hooks: Hooks | None = None, **kwargs: Any) -> Generator[Any, None, None]:
        """Stream the objects of ``Iterable[response_model]`` one at a time."""
        kwargs.pop("stream", None)
        plan = self._plan(Iterable[response_model], messages, max_retries,
                          validation_context, context, strict, hooks, kwargs, True)
        return self._stream(plan)

    def _passthrough(self, plan: _Plan, stream: bool) -> Any:
        request = {**plan.request, "stream": True} if stream else plan.request
        if plan.hooks:
            plan.hooks.emit(HookName.COMPLETION_KWARGS, **request)
        completion = self.adapter.create(request)  # the SDK's own stream when asked
        if plan.hooks:
            plan.hooks.emit(HookName.COMPLETION_RESPONSE, completion)
        return completion

    def _stream(self, plan: _Plan) -> Generator[Any, None, None]:
        reader = self._reader(plan)
        if plan.hooks:
            plan.hooks.emit(HookName.COMPLETION_KWARGS, **plan.request)
        for chunk in chunks(self.adapter, plan.request, plan.hooks, reader):
            yield from reader.feed(chunk)
        yield from reader.finish()


class AsyncInstructor(_ClientBase):
    """An asynchronous client: ``await create(...)`` returns a validated model.

        client = instructor.from_openai(openai.AsyncOpenAI())
        user = await client.create(model="gpt-4o-mini", response_model=User,
                                   messages=[{"role": "user", "content": "Jason is 25"}])
    """

    async def create(self, response_model: Any = None, messages: Any = None,
                     max_retries: Any = None, validation_context: Any = None,
                     context: Any = None, strict: bool = True,
                     hooks: Hooks | None = None, **kwargs: Any) -> Any:
        """Call the LLM and return ``response_model`` validated (or the raw response if None)."""
        stream = bool(kwargs.pop("stream", False))
        plan = self._plan(response_model, messages, max_retries, validation_context,
                          context, strict, hooks, kwargs, stream)
        if plan.spec is None:
            return await self._passthrough(plan, stream)
        if stream:
            return self._stream(plan)
        return (await run_async(self._flow(plan), self.adapter.acreate))[0]

    async def create_with_completion(self, messages: Any = None, response_model: Any = None,
                                     max_retries: Any = None, validation_context: Any = None,
                                     context: Any = None, strict: bool = True,
                                     hooks: Hooks | None = None,
                                     **kwargs: Any) -> tuple[Any, Any]:
        """Like `create`, and also return the raw completion (usage summed over attempts)."""
        plan = self._plan(response_model, messages, max_retries, validation_context,
                          context, strict, hooks, kwargs, False)
        if plan.spec is None:
            completion = await self._passthrough(plan, False)
            return completion, completion
        return await run_async(self._flow(plan), self.adapter.acreate)

    def create_partial(self, response_model: Any = None, messages: Any = None,
                       max_retries: Any = None, validation_context: Any = None,
                       context: Any = None, strict: bool = True,
                       hooks: Hooks | None = None,
                       **kwargs: Any) -> AsyncGenerator[Any, None]:
        """Stream growing partial objects; the last one is complete and validated."""
        kwargs.pop("stream", None)
        plan = self._plan(_partial_of(response_model), messages, max_retries,
                          validation_context, context, strict, hooks, kwargs, True)
        return self._stream(plan)

    def create_iterable(self, messages: Any = None, response_model: Any = None,
                        max_retries: Any = None, validation_context: Any = None,
                        context: Any = None, strict: bool = True,
                        hooks: Hooks | None = None,
                        **kwargs: Any) -> AsyncGenerator[Any, None]:
        """Stream the objects of ``Iterable[response_model]`` one at a time."""
        kwargs.pop("stream", None)
        plan = self._plan(Iterable[response_model], messages, max_retries,
                          validation_context, context, strict, hooks, kwargs, True)
        return self._stream(plan)

    async def _passthrough(self, plan: _Plan, stream: bool) -> Any:
        request = {**plan.request, "stream": True} if stream else plan.request
        if plan.hooks:
            plan.hooks.emit(HookName.COMPLETION_KWARGS, **request)
        completion = await self.adapter.acreate(request)  # the SDK's own stream when asked
        if plan.hooks:
            plan.hooks.emit(HookName.COMPLETION_RESPONSE, completion)
        return completion

    async def _stream(self, plan: _Plan) -> AsyncGenerator[Any, None]:
        reader = self._reader(plan)
        if plan.hooks:
            plan.hooks.emit(HookName.COMPLETION_KWARGS, **plan.request)
        async for chunk in async_chunks(self.adapter, plan.request, plan.hooks, reader):
            for item in reader.feed(chunk):
                yield item
        for item in reader.finish():
            yield item
