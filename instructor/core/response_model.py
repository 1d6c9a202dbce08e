"""What a ``response_model`` asks of the LLM, worked out once per model.

`response_spec` turns whatever the caller passed (a pydantic model, a simple
type such as ``int``, ``Iterable[X]`` / ``list[Model]`` / an `IterableModel`
class, ``Partial[X]``) into a cached `ResponseSpec`: the model the LLM fills
in, its name, description and JSON schema, and how to unwrap the result.
The schema is provider-neutral (plain JSON Schema); each provider shapes its
own tool or response format from it. Nothing here knows a provider.
"""

from __future__ import annotations

import typing
from functools import lru_cache
from typing import Any

from pydantic import BaseModel

from ..dsl.iterable import IterableModel, is_iterable, is_iterable_model, iterable_element
from ..dsl.simple_type import check_response_model, is_simple_type, simple_model
from ..function_calls import model_schema
from ._copy import fresh
from ._resolve import loaded

__all__ = ["ResponseSpec", "closed_schema", "response_spec"]

MODEL, SIMPLE, ITERABLE, PARTIAL = "model", "simple", "iterable", "partial"


class ResponseSpec:
    """A response model, digested: what to request and how to read it back.

    ``model`` is the pydantic class the LLM fills in (a wrapper for simple
    types and iterables); ``element`` is the item type of an iterable or the
    base model of a partial; ``members`` are the models an iterable's items
    may be (one tool each in parallel-tool modes), else ``()``.

    Methods that return schema parts return new objects each call: a request
    may be changed by hooks or SDKs without changing the next one.
    """

    __slots__ = ("target", "kind", "model", "element", "members", "name",
                 "description", "_schema")

    def __init__(self, target: Any, kind: str, model: type[BaseModel],
                 element: Any = None, schema_model: type[BaseModel] | None = None,
                 members: tuple[type[BaseModel], ...] = ()) -> None:
        self.target = target
        self.kind = kind
        self.model = model
        self.element = element
        self.members = members
        self._schema = model_schema(schema_model or model)
        self.name: str = self._schema["name"]
        self.description: str = self._schema["description"]

    @property
    def streams(self) -> bool:
        """Whether results can be yielded while the response streams in."""
        return self.kind in (ITERABLE, PARTIAL)

    def parameters(self) -> dict[str, Any]:
        """The JSON schema of the model to fill in (a new dict each call)."""
        return fresh(self._schema["parameters"])

    def tool(self) -> dict[str, Any]:
        """``{"name", "description", "parameters"}`` of the model (a new dict)."""
        return fresh(self._schema)

    def member_tools(self) -> list[dict[str, Any]]:
        """One `tool` per member model, for modes that offer several tools."""
        return [fresh(model_schema(m)) for m in self.members]

    def member_for_tool(self, name: str) -> type[BaseModel]:
        """The member model whose tool is called ``name`` (KeyError if none)."""
        for member in self.members:
            if model_schema(member)["name"] == name:
                return member
        raise KeyError(name)

    def validate_json(self, text: str, context: Any = None, strict: bool | None = None):
        return self.model.model_validate_json(text, context=context, strict=strict)

    def validate_python(self, obj: Any, context: Any = None, strict: bool | None = None):
        return self.model.model_validate(obj, context=context, strict=strict)

    def from_items(self, items: list[Any]) -> Any:
        """The filled-in model of an iterable made of already validated items."""
        return self.model.model_construct(tasks=items)

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
        >>> response_spec(User).name, response_spec(list[User]).name
        ('User', 'IterableUser')
    """
    # A Partial class can only exist once its module is loaded; not importing
    # it here keeps the partial machinery off the path of plain models.
    partial = loaded("instructor.dsl.partial")
    if partial is not None and partial.is_partial(response_model):
        # The LLM is shown the full model; partial answers validate leniently.
        base = partial.partial_base(response_model)
        return ResponseSpec(response_model, PARTIAL, response_model, base, base)
    element = _iterable_of_models(response_model)
    if element is not None:
        wrapper = response_model if is_iterable_model(response_model) else IterableModel(element)
        return ResponseSpec(response_model, ITERABLE, wrapper, element,
                            members=_union_members(element))
    if isinstance(response_model, type) and issubclass(response_model, BaseModel):
        return ResponseSpec(response_model, MODEL, response_model)
    check_response_model(response_model)
    if is_iterable(response_model):  # Iterable[int] and friends: items of a simple type
        element = iterable_element(response_model)
        return ResponseSpec(response_model, ITERABLE, IterableModel(element), element)
    if is_simple_type(response_model):
        return ResponseSpec(response_model, SIMPLE, simple_model(response_model))
    raise TypeError(
        f"response_model must be a pydantic model, a simple type, "
        f"Iterable[...] or Partial[...], got {response_model!r}"
    )


def _iterable_of_models(tp: Any) -> Any:
    """The element of ``Iterable[M]``, ``list[M]`` or ``IterableModel(M)`` when M is
    a model or a union of models; else None."""
    if is_iterable_model(tp):
        return iterable_element(tp)
    if is_iterable(tp) or typing.get_origin(tp) is list:
        args = typing.get_args(tp)
        if len(args) == 1 and _union_members(args[0]):
            return args[0]
    return None


def _union_members(tp: Any) -> tuple[type[BaseModel], ...]:
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return (tp,)
    origin = typing.get_origin(tp)
    if origin is typing.Union or type(tp).__name__ == "UnionType":
        members = typing.get_args(tp)
        if all(isinstance(m, type) and issubclass(m, BaseModel) for m in members):
            return members
    return ()


def closed_schema(node: Any) -> Any:
    """A copy of JSON schema ``node`` with every object closed (``additionalProperties: false``).

    Structured-output APIs that enforce a schema (Anthropic's, Mistral's) want
    closed objects; the model's own schema leaves them open.

        >>> closed_schema({"type": "object", "properties": {"a": {"type": "object"}}})
        {'type': 'object', 'properties': {'a': {'type': 'object', 'additionalProperties': False}}, 'additionalProperties': False}
    """
    if isinstance(node, dict):
        node = {k: closed_schema(v) for k, v in node.items()}
        if node.get("type") == "object":
            node["additionalProperties"] = False
        return node
    if isinstance(node, list):
        return [closed_schema(v) for v in node]
    return node
