"""The `Provider` enum of instructor 1.x: which service a client talks to.

    >>> from instructor import Provider
    >>> Provider.OPENAI.value
    'openai'
"""

from __future__ import annotations

import enum

__all__ = ["Provider"]


class Provider(str, enum.Enum):
    """Names of the providers instructor 1.x knows; values are registry names."""

    OPENAI = "openai"
    AZURE_OPENAI = "azure_openai"
    VERTEXAI = "vertexai"
    ANTHROPIC = "anthropic"
    ANYSCALE = "anyscale"
    TOGETHER = "together"
    GROQ = "groq"
    MISTRAL = "mistral"
    COHERE = "cohere"
    GEMINI = "gemini"
    GENAI = "genai"
    DATABRICKS = "databricks"
    CEREBRAS = "cerebras"
    DEEPSEEK = "deepseek"
    FIREWORKS = "fireworks"
    WRITER = "writer"
    XAI = "xai"
    BEDROCK = "bedrock"
    PERPLEXITY = "perplexity"
    OPENROUTER = "openrouter"
    OLLAMA = "ollama"
    LITELLM = "litellm"
    UNKNOWN = "unknown"

    def __str__(self) -> str:
        return self.value
