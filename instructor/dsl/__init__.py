"""The DSL: helpers that shape what the LLM is asked for and how it is read.

    >>> from pydantic import BaseModel
    >>> from instructor.dsl import Partial, IterableModel, Maybe
    >>> class User(BaseModel):
    ...     name: str
    >>> Partial[User]().name is None, IterableModel(User).__name__, Maybe(User).__name__
    (True, 'IterableUser', 'MaybeUser')
"""

from ._partial_json import find_json_start, parse_partial_json
from .citation import CitationMixin
from .iterable import (
    IterableAccumulator,
    IterableModel,
    is_iterable,
    is_iterable_model,
    iterable_element,
)
from .maybe import Maybe
from .partial import (
    Partial,
    PartialAccumulator,
    PartialBase,
    PartialLiteralMixin,
    is_partial,
    partial_base,
)
from .simple_type import (
    check_response_model,
    is_simple_type,
    is_valid_response_model,
    simple_model,
)
from .validators import Validator, llm_validator, openai_moderation

__all__ = [
    "CitationMixin",
    "IterableAccumulator",
    "IterableModel",
    "Maybe",
    "Partial",
    "PartialAccumulator",
    "PartialBase",
    "PartialLiteralMixin",
    "Validator",
    "check_response_model",
    "find_json_start",
    "is_iterable",
    "is_iterable_model",
    "is_partial",
    "is_simple_type",
    "is_valid_response_model",
    "iterable_element",
    "llm_validator",
    "openai_moderation",
    "parse_partial_json",
    "partial_base",
    "simple_model",
]
