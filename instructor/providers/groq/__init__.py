"""The Groq provider: `from_groq` on the ``groq`` SDK.

Groq speaks the OpenAI chat format, so its modes are the OpenAI chat
handlers (`instructor.providers.openai.tools` / `json_modes`); what is
Groq's own is here: `client` (from_groq and the from_provider builder,
the only module that imports ``groq``) and `adapter` (text and image parts).
"""
