"""Services reached through the openai SDK: Together, Anyscale, Databricks,
DeepSeek, OpenRouter, Perplexity, Ollama and Azure OpenAI.

Each is its own provider (its own registration, ``client.provider``, modes
and aliases), but the code is one thing: an ``openai.OpenAI`` client with
another base URL and key, and the OpenAI chat handlers. So they share this
folder: `client` (a table of the services: base URL, key variables,
defaults; their ``from_<name>`` factories and from_provider builders),
`azure` (AzureOpenAI clients) and `perplexity` (its MD_JSON, which sends
a JSON schema instead of a prompt).
"""
