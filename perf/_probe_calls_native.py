"""Call rows for the SDKs with their own chat APIs: cohere, mistral, genai.

Run by the probe by path, like ``_probe_providers.py``, so it imports nothing
at module level. Each SDK takes an httpx client of the caller's (cohere's
``httpx_client``, mistral's ``client``, google-genai's
``http_options.httpx_client``), which answers through httpx's mock transport
in the provider's own wire format; the raw call sends the tool request
instructor's tool_call mode sends for that provider.
"""

# Given by bind(): this file is run by path and cannot import its sibling.
MESSAGES = USER_TOOL = USER_DESCRIPTION = USER_SCHEMA = mock_http_client = None


def bind(table):
    """Take the shared request parts and helpers from ``_probe_providers.py``."""
    names = ("MESSAGES", "USER_TOOL", "USER_DESCRIPTION", "USER_SCHEMA", "mock_http_client")
    globals().update({name: table[name] for name in names})


def _extract(patched, User, **request):
    create = patched.create

    def extract():
        return create(response_model=User, messages=MESSAGES, max_retries=0, **request)

    return extract


# ------------------------------------------------------------------ cohere

COHERE_MODEL = "command-r-plus"
# A v2 chat reply whose one tool call fills the User model.
COHERE_CHAT = (
    b'{"id":"perf","finish_reason":"TOOL_CALL","message":{"role":"assistant",'
    b'"tool_calls":[{"id":"call_perf","type":"function","function":{"name":"User",'
    b'"arguments":"{\\"name\\": \\"Jason\\", \\"age\\": 25}"}}]},'
    b'"usage":{"billed_units":{"input_tokens":57,"output_tokens":9},'
    b'"tokens":{"input_tokens":57,"output_tokens":9}}}'
)


def mock_cohere_client(cohere):
    import httpx  # cohere's HTTP library, already imported with its client

    http = mock_http_client(cohere, "/v2/chat", COHERE_CHAT, httpx=httpx)
    return cohere.ClientV2(api_key="x", base_url="http://perf.invalid", httpx_client=http)


def cohere_raw(client):
    chat = client.chat

    def raw():
        reply = chat(
            model=COHERE_MODEL, messages=MESSAGES, tools=[USER_TOOL], tool_choice="REQUIRED"
        )
        return reply.message.tool_calls[0].function.arguments

    return raw


def cohere_create(patched, User):
    return _extract(patched, User, model=COHERE_MODEL)


# ----------------------------------------------------------------- mistral

MISTRAL_MODEL = "mistral-small-latest"
MISTRAL_COMPLETION = (
    b'{"id":"perf","object":"chat.completion","model":"mistral-small-latest",'
    b'"created":1700000000,"usage":{"prompt_tokens":57,"completion_tokens":9,'
    b'"total_tokens":66},"choices":[{"index":0,"finish_reason":"tool_calls",'
    b'"message":{"role":"assistant","content":"","tool_calls":[{"id":"call_perf",'
    b'"type":"function","function":{"name":"User",'
    b'"arguments":"{\\"name\\": \\"Jason\\", \\"age\\": 25}"}}]}}]}'
)


def mock_mistral_client(sdk):
    import httpx  # mistralai's HTTP library, already imported with its client

    http = mock_http_client(sdk, "/v1/chat/completions", MISTRAL_COMPLETION, httpx=httpx)
    return sdk.Mistral(api_key="x", server_url="http://perf.invalid", client=http)


def mistral_raw(client):
    complete = client.chat.complete

    def raw():
        reply = complete(
            model=MISTRAL_MODEL, messages=MESSAGES, tools=[USER_TOOL], tool_choice="any"
        )
        return reply.choices[0].message.tool_calls[0].function.arguments

    return raw


def mistral_create(patched, User):
    return _extract(patched, User, model=MISTRAL_MODEL)


# ------------------------------------------------------------------- genai

GENAI_MODEL = "gemini-2.0-flash"
GENAI_RESPONSE = (
    b'{"candidates":[{"content":{"role":"model","parts":[{"functionCall":'
    b'{"name":"User","args":{"name":"Jason","age":25}}}]},"finishReason":"STOP",'
    b'"index":0}],"usageMetadata":{"promptTokenCount":57,"candidatesTokenCount":9,'
    b'"totalTokenCount":66},"modelVersion":"gemini-2.0-flash"}'
)


def mock_genai_client(genai):
    import sys

    # google-genai runs on httpx or httpx2; the mock uses the one it
    # defaults to, so the row measures the stack a user gets.
    api = sys.modules["google.genai._api_client"]
    name = getattr(api, "_DEFAULT_HTTP_CLIENT_BACKEND", "httpx")
    httpx = getattr(api, name, None) or getattr(api, "httpx", None)
    path = f"/v1beta/models/{GENAI_MODEL}:generateContent"
    http = mock_http_client(genai, path, GENAI_RESPONSE, httpx=httpx)
    # The API version pinned so that the mock's one path is the one called.
    options = {"base_url": "http://perf.invalid", "api_version": "v1beta", "httpx_client": http}
    return genai.Client(api_key="x", http_options=options)


def genai_raw(client):
    generate = client.models.generate_content
    contents = [{"role": m["role"], "parts": [{"text": m["content"]}]} for m in MESSAGES]
    declaration = {"name": "User", "description": USER_DESCRIPTION, "parameters": USER_SCHEMA}
    config = {
        "tools": [{"function_declarations": [declaration]}],
        "tool_config": {
            "function_calling_config": {"mode": "ANY", "allowed_function_names": ["User"]}
        },
    }

    def raw():
        reply = generate(model=GENAI_MODEL, contents=contents, config=config)
        return reply.candidates[0].content.parts[0].function_call.args

    return raw


def genai_create(patched, User):
    return _extract(patched, User, model=GENAI_MODEL)


CALLS = {
    "cohere": {"client": mock_cohere_client, "raw": cohere_raw, "create": cohere_create},
    "mistral": {"client": mock_mistral_client, "raw": mistral_raw, "create": mistral_create},
    "genai": {"client": mock_genai_client, "raw": genai_raw, "create": genai_create},
}
