"""The xAI provider: `from_xai` and Grok's chat modes over the ``xai_sdk`` (gRPC).

Modules: `client` (from_xai and the from_provider builder), `adapter`
(how a request reaches ``client.chat.create(...).sample()`` / ``.stream()``,
usage as the SDK's protobuf), `messages` (OpenAI-style messages to the
SDK's ``chat_pb2.Message``), `media` (content parts: text, `Image`, `PDF`),
`reply` (reading a ``Response`` and building re-ask turns), `tools` (TOOLS,
PARALLEL_TOOLS), `json_modes` (JSON_SCHEMA, MD_JSON). Each loads on first
use; all of them need ``xai_sdk``, which only this folder imports.
"""
