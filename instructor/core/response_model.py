"""What a ``response_model`` asks of the LLM, worked out once per model.

`response_spec` turns whatever the caller passed (a pydantic model, a simple
type such as ``int`` or ``list[str]``, ``Iterable[X]``, ``Partial[X]``,
``Iterable[A | B]`` for parallel tools) into a cached `ResponseSpec`: the
model the LLM fills in, its tool schema, and how to unwrap the result.
Handlers read specs; nothing here knows a provider.
"""

from __future__ import annotations

import sys
import typing
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from ..dsl.iterable import IterableModel, is_iterable, iterable_element
from ..dsl.simple_type import check_response_model, is_simple_type, simple_model
from ..function_calls import generate_openai_schema

__all__ = ["ResponseSpec", "response_spec"]

MODEL, SIMPLE, ITERABLE, PARTIAL, PARALLEL = "model", "simple", "iterable", "partial", "parallel"


class ResponseSpec:
    """A response model, digested: what to request and how to read it back.

    ``model`` is the pydantic class the LLM fills in (a wrapper for simple
    types and iterables); ``element`` is the item model of an iterable, the
    base model of a partial, or the tuple of models of a parallel call.
    """

    __slots__ = ("target", "kind", "model", "element", "schema", "name")

    def __init__(self, target: Any, kind: str, model: type[BaseModel] | None,
                 element: Any = None, schema_model: type[BaseModel] | None = None) -> None:
        self.target = target
        self.kind = kind
        self.model = model
        self.element = element
        schema_model = schema_model or model
        self.schema = generate_openai_schema(schema_model) if schema_model else None
        self.name = self.schema["name"] if self.schema else None

    @property
    def streams(self) -> bool:
        """Whether results can be yielded while the response streams in."""
        return self.kind in (ITERABLE, PARTIAL)

    def tool_schemas(self) -> list[dict[str, Any]]:
        """One function schema per model the LLM may call."""
        if self.kind == PARALLEL:
            return [generate_openai_schema(m) for m in self.element]
        return [self.schema]

    def model_for_tool(self, name: str) -> type[BaseModel]:
        """The model behind the tool called ``name`` (parallel calls)."""
        if self.kind == PARALLEL:
            for m in self.element:
                if generate_openai_schema(m)["name"] == name:
                    return m
            raise KeyError(name)
        return self.model

    def validate_json(self, text: str, context: Any = None, strict: bool | None = None):
        return self.model.model_validate_json(text, context=context, strict=strict)

    def validate_python(self, obj: Any, context: Any = None, strict: bool | None = None):
        return self.model.model_validate(obj, context=context, strict=strict)

    def unwrap(self, obj: Any) -> Any:
        """The value the caller gets back for a validated ``obj``."""
        if self.kind == SIMPLE:
            return obj.content
        if self.kind == ITERABLE:
            return list(obj.tasks)
        return obj

    def __repr__(self) -> str:
        return f"ResponseSpec({self.kind}, {self.name})"


@lru_cache(maxsize=1024)
def response_spec(response_model: Any) -> ResponseSpec:
    """The cached `ResponseSpec` of ``response_model``; TypeError if unusable.

        >>> from pydantic import BaseModel
        >>> class User(BaseModel):
        ...     name: str
        >>> response_spec(User).name
        'User'
    """
    # A Partial class can only exist once its module is loaded; not importing
    # it here keeps the partial machinery off the path of plain models.
    partial = sys.modules.get("instructor.dsl.partial")
    if partial is not None and partial.is_partial(response_model):
        # The LLM is shown the full model; partial answers validate leniently.
        base = partial.partial_base(response_model)
        return ResponseSpec(response_model, PARTIAL, response_model, base, base)
    if is_iterable(response_model):
        element = iterable_element(response_model)
        members = _union_members(element)
        if members is not None:
            return ResponseSpec(response_model, PARALLEL, None, members)
        return ResponseSpec(response_model, ITERABLE, IterableModel(element), element)
    if isinstance(response_model, type) and issubclass(response_model, BaseModel):
        return ResponseSpec(response_model, MODEL, response_model)
    check_response_model(response_model)
    if is_simple_type(response_model):
        return ResponseSpec(response_model, SIMPLE, simple_model(response_model))
    raise TypeError(
        f"response_model must be a pydantic model, a simple type, "
        f"Iterable[...] or Partial[...], got {response_model!r}"
    )


def _union_members(tp: Any) -> tuple[type[BaseModel], ...] | None:
    origin = typing.get_origin(tp)
    if origin is typing.Union or type(tp).__name__ == "UnionType":
        members = typing.get_args(tp)
        if all(isinstance(m, type) and issubclass(m, BaseModel) for m in members):
            return members
    return None
