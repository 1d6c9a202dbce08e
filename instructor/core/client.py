"""`Instructor` and `AsyncInstructor`: an SDK client that returns models.

Both share `_ClientBase`, which holds every I/O-free step (merging defaults,
rendering templates, digesting the response model, asking the mode handler
to shape the request); the two subclasses only drive the SDK call, one
blocking and one awaiting, through the same retry flow.

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

from ..exceptions import InstructorRetryException
from ..hooks import HookName, Hooks
from ..mode import Mode
from ..provider import Provider
from .mode_registry import mode_registry
from .response_model import response_spec
from .retry import attempt_flow, give_up, retry_policy, run_async, run_sync
from .streaming import StreamReader
from .templating import render_messages

__all__ = ["AsyncInstructor", "Instructor"]

_warned_modes: set[str] = set()


def _provider_name(provider: Any) -> str:
    return getattr(provider, "value", provider) or "openai"


class _Plan:
    """Everything one ``create`` call needs, prepared before any I/O."""

    __slots__ = ("spec", "kwargs", "hooks", "context", "strict", "policy")

    def __init__(self, spec, kwargs, hooks, context, strict, policy) -> None:
        self.spec = spec
        self.kwargs = kwargs
        self.hooks = hooks
        self.context = context
        self.strict = strict
        self.policy = policy


class _ClientBase:
    """What sync and async clients share; no I/O happens here."""

    default_max_retries = 3

    def __init__(self, client: Any, create: Any = None, mode: Any = Mode.TOOLS,
                 provider: Any = Provider.OPENAI, hooks: Hooks | None = None,
                 **kwargs: Any) -> None:
        provider_name = _provider_name(provider)
        given = getattr(mode, "value", mode)
        provider_name, generic = mode_registry.normalize(given, provider_name)
        self.handler = mode_registry.get_handler(generic, provider_name)
        if generic != given and given not in _warned_modes:
            _warned_modes.add(given)
            warnings.warn(
                f"Mode.{Mode(given).name} is deprecated: the client already says "
                f"which provider it is; use Mode.{Mode(generic).name}",
                DeprecationWarning, stacklevel=3,
            )
        self.client = client
        self.create_fn = create
        self.mode = Mode(generic)
        try:
            self.provider = Provider(provider_name)
        except ValueError:  # a third-party provider: keep its own name
            self.provider = provider_name
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
        if messages is not None:
            kwargs["messages"] = render_messages(messages, context)
        if stream:
            kwargs["stream"] = True
        if hooks:
            hooks = self.hooks + hooks
        else:
            hooks = self.hooks
        spec = None if response_model is None else response_spec(response_model)
        return _Plan(
            spec,
            self.handler.prepare(spec, kwargs, stream=stream),
            hooks,
            context,
            strict,
            retry_policy(self.default_max_retries if max_retries is None else max_retries),
        )

    def _flow(self, plan: _Plan):
        return attempt_flow(self.handler, plan.spec, plan.kwargs, policy=plan.policy,
                            hooks=plan.hooks, context=plan.context, strict=plan.strict)

    def _reader(self, plan: _Plan) -> StreamReader:
        return StreamReader(self.handler, plan.spec, context=plan.context, strict=plan.strict)

    def _stream_failed(self, plan: _Plan, exc: Exception) -> InstructorRetryException:
        if plan.hooks:
            plan.hooks.emit(HookName.COMPLETION_ERROR, exc)
        return give_up(exc, plan.kwargs, 1)

    def __getattr__(self, name: str) -> Any:
        # Anything instructor does not wrap (embeddings, files, ...) is the SDK's.
        if name.startswith("__") or name in ("client", "kwargs", "hooks", "handler"):
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
            return self._passthrough(plan)
        if stream:
            return self._stream(plan)
        return run_sync(self._flow(plan), self.create_fn)[0]

    def create_with_completion(self, messages: Any = None, response_model: Any = None,
                               max_retries: Any = None, validation_context: Any = None,
                               context: Any = None, strict: bool = True,
                               hooks: Hooks | None = None, **kwargs: Any) -> tuple[Any, Any]:
        """Like `create`, and also return the raw completion (usage summed over attempts)."""
        plan = self._plan(response_model, messages, max_retries, validation_context,
                          context, strict, hooks, kwargs, False)
        if plan.spec is None:
            completion = self._passthrough(plan)
            return completion, completion
        return run_sync(self._flow(plan), self.create_fn)

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

    def _passthrough(self, plan: _Plan) -> Any:
        if plan.hooks:
            plan.hooks.emit(HookName.COMPLETION_KWARGS, **plan.kwargs)
        completion = self.create_fn(**plan.kwargs)
        if plan.hooks:
            plan.hooks.emit(HookName.COMPLETION_RESPONSE, completion)
        return completion

    def _stream(self, plan: _Plan) -> Generator[Any, None, None]:
        reader = self._reader(plan)
        if plan.hooks:
            plan.hooks.emit(HookName.COMPLETION_KWARGS, **plan.kwargs)
        try:
            stream = self.create_fn(**plan.kwargs)
        except Exception as exc:
            raise self._stream_failed(plan, exc) from exc
        for chunk in stream:
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
            return await self._passthrough(plan)
        if stream:
            return self._stream(plan)
        return (await run_async(self._flow(plan), self.create_fn))[0]

    async def create_with_completion(self, messages: Any = None, response_model: Any = None,
                                     max_retries: Any = None, validation_context: Any = None,
                                     context: Any = None, strict: bool = True,
                                     hooks: Hooks | None = None,
                                     **kwargs: Any) -> tuple[Any, Any]:
        """Like `create`, and also return the raw completion (usage summed over attempts)."""
        plan = self._plan(response_model, messages, max_retries, validation_context,
                          context, strict, hooks, kwargs, False)
        if plan.spec is None:
            completion = await self._passthrough(plan)
            return completion, completion
        return await run_async(self._flow(plan), self.create_fn)

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

    async def _passthrough(self, plan: _Plan) -> Any:
        if plan.hooks:
            plan.hooks.emit(HookName.COMPLETION_KWARGS, **plan.kwargs)
        completion = await self.create_fn(**plan.kwargs)
        if plan.hooks:
            plan.hooks.emit(HookName.COMPLETION_RESPONSE, completion)
        return completion

    async def _stream(self, plan: _Plan) -> AsyncGenerator[Any, None]:
        reader = self._reader(plan)
        if plan.hooks:
            plan.hooks.emit(HookName.COMPLETION_KWARGS, **plan.kwargs)
        try:
            stream = await self.create_fn(**plan.kwargs)
        except Exception as exc:
            raise self._stream_failed(plan, exc) from exc
        async for chunk in stream:
            for item in reader.feed(chunk):
                yield item
        for item in reader.finish():
            yield item
