"""The OpenAI provider: `from_openai` and the chat, JSON and Responses modes.

Modules: `client` (from_openai and the from_provider builder), `tools`
(TOOLS, TOOLS_STRICT, PARALLEL_TOOLS, FUNCTIONS), `json_modes` (JSON,
JSON_O1, MD_JSON, JSON_SCHEMA), `responses` (the Responses API modes). Each
loads on first use.
"""
