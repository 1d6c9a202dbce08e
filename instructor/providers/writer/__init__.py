"""The Writer provider: `from_writer` on the ``writer-sdk`` (module ``writerai``).

Writer's chat API (``client.chat.chat``) is OpenAI-shaped. Modules:
`client` (from_writer and the from_provider builder, the only module that
imports ``writerai``), `adapter` (the call, text and image parts), `tools`
(TOOLS: the tool is offered with ``tool_choice="auto"``), `json_modes`
(JSON_SCHEMA, MD_JSON); both handler modules build on the OpenAI chat
handlers and differ in the request and the re-ask.
"""
