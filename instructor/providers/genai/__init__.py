"""The google-genai provider: `from_genai` and the Gemini modes.

Modules: `client` (from_genai and the from_provider builders for "google/"
and "generative-ai/"), `adapter` (how a request reaches
``models.generate_content``: contents, config, streams, usage), `tools`
(TOOLS, PARALLEL_TOOLS), `json_modes` (JSON), `media` (inline data and
file URIs). `_contents` (messages to Gemini contents) and `_answer`
(reading a response) import no SDK and serve the vertexai and gemini
providers too. Only `client` and `adapter` import ``google.genai``.
"""
