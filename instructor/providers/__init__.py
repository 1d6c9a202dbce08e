"""Built-in providers, declared as data; each loads on first use.

One `ProviderConfig` per provider: adding a provider means adding its folder
and its entry here. Paths are strings, so declaring them imports nothing.
"""

from __future__ import annotations

from ..core._provider_config import ProviderConfig

__all__ = ["BUILTIN_PROVIDERS"]

_OPENAI = "instructor.providers.openai"

BUILTIN_PROVIDERS = (
    ProviderConfig(
        "openai",
        factory=f"{_OPENAI}.client:from_openai",
        builder=f"{_OPENAI}.client:build",
        sdk=("openai",),
        extra="openai",
        default_mode="tool_call",
        modes={
            "tool_call": f"{_OPENAI}.tools:TOOLS",
            "tools_strict": f"{_OPENAI}.tools:TOOLS_STRICT",
            "parallel_tool_call": f"{_OPENAI}.tools:PARALLEL_TOOLS",
            "function_call": f"{_OPENAI}.tools:FUNCTIONS",
            "json_mode": f"{_OPENAI}.json_modes:JSON",
            "json_o1": f"{_OPENAI}.json_modes:JSON_O1",
            "markdown_json_mode": f"{_OPENAI}.json_modes:MD_JSON",
            "json_schema_mode": f"{_OPENAI}.json_modes:JSON_SCHEMA",
            "responses_tools": f"{_OPENAI}.responses:RESPONSES_TOOLS",
            "responses_tools_with_inbuilt_tools":
                f"{_OPENAI}.responses:RESPONSES_TOOLS_WITH_INBUILT_TOOLS",
        },
    ),
)
