"""Validators that ask a model: `llm_validator` and `openai_moderation`.

Both return plain functions for pydantic's ``AfterValidator`` /
``BeforeValidator`` (or ``field_validator``); they call the client given,
any instructor-patched client (``llm_validator``) or OpenAI client
(``openai_moderation``), each time a value is validated.

    from typing import Annotated
    from pydantic import AfterValidator, BaseModel

    class Reply(BaseModel):
        text: Annotated[str, AfterValidator(llm_validator("is polite", client))]
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, Field

__all__ = ["Validator", "llm_validator", "openai_moderation"]


class Validator(BaseModel):
    """The verdict of the LLM on one value."""

    is_valid: bool = Field(
        default=True, description="Whether the value satisfies the rules"
    )
    reason: str | None = Field(
        default=None,
        description="When the value is not valid, what is wrong with it",
    )
    fixed_value: str | None = Field(
        default=None,
        description="When the value is not valid, a corrected value that "
        "satisfies the rules, if one can be given",
    )


_SYSTEM = (
    "You check values against rules. Decide whether the value satisfies "
    "every rule. If it does not, say briefly why, and give a corrected "
    "value when you can."
)


def llm_validator(
    statement: str,
    client: Any,
    allow_override: bool = False,
    model: str = "gpt-4o-mini",
    temperature: float = 0,
) -> Callable[[Any], Any]:
    """A validator that asks ``client`` whether a value satisfies ``statement``.

    The returned function sends one request per value, through
    ``client.chat.completions.create(response_model=Validator, ...)``. It
    returns the value when the LLM judges it valid; otherwise it returns the
    LLM's ``fixed_value`` if ``allow_override`` is set and one was given,
    and raises ``ValueError(reason)`` if not (pydantic reports it as a
    validation error, which instructor's retries send back to the LLM).

        from typing import Annotated
        from pydantic import BaseModel, BeforeValidator

        class Answer(BaseModel):
            text: Annotated[str, BeforeValidator(
                llm_validator("do not say objectionable things", client))]
    """

    def validate(value: Any) -> Any:
        verdict = client.chat.completions.create(
            response_model=Validator,
            messages=[
                {"role": "system", "content": _SYSTEM},
                {
                    "role": "user",
                    "content": f"Rules: {statement}\n\nValue: `{value}`",
                },
            ],
            model=model,
            temperature=temperature,
        )
        if verdict.is_valid:
            return value
        if allow_override and verdict.fixed_value is not None:
            return verdict.fixed_value
        raise ValueError(verdict.reason or f"`{value}` does not satisfy: {statement}")

    return validate


def openai_moderation(client: Any) -> Callable[[str], str]:
    """A validator that sends a value to OpenAI's moderation endpoint.

    It raises ``ValueError`` naming the categories when the value is
    flagged, and returns the value otherwise.

        from typing import Annotated
        from pydantic import AfterValidator, BaseModel

        class Comment(BaseModel):
            text: Annotated[str, AfterValidator(openai_moderation(client))]
    """

    def validate(value: str) -> str:
        response = client.moderations.create(input=value)
        result = response.results[0]
        if not result.flagged:
            return value
        flagged = [name for name, hit in _as_dict(result.categories).items() if hit]
        shown = ", ".join(flagged) if flagged else "unspecified categories"
        raise ValueError(f"`{value}` was flagged for {shown}")

    return validate


def _as_dict(categories: Any) -> dict[str, Any]:
    if isinstance(categories, dict):
        return categories
    dump = getattr(categories, "model_dump", None)
    if dump is not None:
        return dump()
    return dict(vars(categories))
