"""The Mistral provider: `from_mistral` over the ``mistralai`` SDK's chat API.

Modules: `client` (from_mistral and the from_provider builder), `adapter`
(``chat.complete`` / ``chat.stream`` and their ``*_async`` twins, stream
events unwrapped to their chunks), `_common` (reading choices, text and
tool-call arguments, which Mistral may send as a JSON object), `tools`
(TOOLS), `json_modes` (JSON_SCHEMA, MD_JSON), `media` (image, audio and
document chunks). Mistral speaks the OpenAI chat wire format, so the
SDK-free helpers of `instructor.providers.openai` are reused; the
``openai`` SDK is never imported. Each module loads on first use; only
`client` and `adapter` import ``mistralai``.
"""
