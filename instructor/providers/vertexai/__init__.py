"""The vertexai provider: `from_vertexai`, Gemini on Vertex AI.

Served through google-genai's Vertex AI client
(``genai.Client(vertexai=True, ...)``), with the genai provider's adapter
and handlers: TOOLS, PARALLEL_TOOLS and MD_JSON (which, as in 1.x, asks for
``application/json`` with a response schema). Module: `client`
(from_vertexai and the from_provider builder). The legacy
``vertexai.generative_models`` SDK is not driven; `client` says why.
"""
