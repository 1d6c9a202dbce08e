"""The Cohere provider: `from_cohere` over the ``cohere`` SDK's Chat API, v2 and v1.

Which API a client speaks follows its class: ``ClientV2`` /
``AsyncClientV2`` the v2 Chat API (OpenAI-like ``messages``), ``Client`` /
``AsyncClient`` the v1 one (``message``, ``chat_history``, ``preamble``).

Modules: `client` (from_cohere and the from_provider builder), `adapter`
(calls, streams, usage), `messages` (OpenAI-style messages to the v2 or v1
request), `_common` (reading v2 and v1 responses and stream events),
`tools` (TOOLS: real tool calls), `json_modes` (JSON_SCHEMA, MD_JSON),
`media` (image parts). Each loads on first use; only `client` and
`adapter` import ``cohere``.
"""
