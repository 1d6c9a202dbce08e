"""The Anthropic provider: `from_anthropic` and the Messages API modes.

Modules: `client` (from_anthropic and the from_provider builder),
`adapter` (how a request reaches ``messages.create``: system prompts,
content blocks, streams), `tools` (TOOLS, PARALLEL_TOOLS,
ANTHROPIC_REASONING_TOOLS), `json_modes` (JSON, JSON_SCHEMA), `media`
(Image and PDF blocks). Each loads on first use; only `client` (and
JSON_SCHEMA's schema helper) import the ``anthropic`` SDK.
"""
