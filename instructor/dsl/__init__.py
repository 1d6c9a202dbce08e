"""The DSL: helpers that shape what the LLM is asked for and how it is read.

    >>> from pydantic import BaseModel
    >>> from instructor.dsl import Partial, IterableModel, Maybe
    >>> class User(BaseModel):
    ...     name: str
    >>> Partial[User]().name is None, IterableModel(User).__name__, Maybe(User).__name__
    (True, 'IterableUser', 'MaybeUser')
"""

# Each name loads its own module on first access: the core needs only the
# partial, iterable and simple-type helpers, not citations or validators.
_LAZY = {
    "CitationMixin": "citation",
    "IterableAccumulator": "iterable",
    "IterableModel": "iterable",
    "Maybe": "maybe",
    "Partial": "partial",
    "PartialAccumulator": "partial",
    "PartialBase": "partial",
    "PartialLiteralMixin": "partial",
    "Validator": "validators",
    "check_response_model": "simple_type",
    "find_json_start": "_partial_json",
    "is_iterable": "iterable",
    "is_iterable_model": "iterable",
    "is_partial": "partial",
    "is_simple_type": "simple_type",
    "is_valid_response_model": "simple_type",
    "iterable_element": "iterable",
    "llm_validator": "validators",
    "openai_moderation": "validators",
    "parse_partial_json": "_partial_json",
    "partial_base": "partial",
    "simple_model": "simple_type",
}


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'instructor.dsl' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


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


TYPE_CHECKING = False
if TYPE_CHECKING:
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
