"""The LiteLLM provider: `from_litellm(litellm.completion)` (or ``acompletion``).

LiteLLM takes OpenAI chat requests for every backend and answers
OpenAI-shaped responses, so its modes are the OpenAI chat handlers (not the
Responses API modes). `client` (from_litellm and the from_provider builder,
the only module that imports ``litellm``) and `adapter` are its own.
LiteLLM imports ``openai`` itself.
"""
