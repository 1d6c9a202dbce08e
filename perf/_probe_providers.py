"""The providers the benchmark knows: one table entry each.

Read by the probe (``perf/_probe.py``, which runs this file in fresh
interpreters of any installation, before anything is measured) and imported
by the harness (rows, targets, the upstream venv's pins) and the
microbenchmarks. So this file imports nothing at module level: every
import sits inside a function that runs only when a scenario calls it.

Two tables:

- ``PROVIDERS``: every provider with a first-use row (import the SDK, build
  a client, then ``import instructor`` and ``from_<name>(client)``).
- ``CALLS``: providers that also have call rows. An entry builds an SDK
  client whose HTTP client answers in-process through the HTTP library's
  own mock transport (no socket), a raw SDK call sending the same request
  instructor sends, and the instructor call. Adding a provider is adding an
  entry (and its SDK to the ``perf`` extra).
"""

# Provider -> what its first use needs. ``client`` is the source of an
# expression building a client, evaluated with the SDK module as ``sdk``; no
# key is real and no request is sent. ``model`` (if any) gets a
# from_provider("<name>/<model>") row. ``dist`` is the distribution to pin
# in the upstream venv. ``note`` (if any) is added to the SDK import row's
# label, ``client_label`` (if any) replaces the client row's. ``brings``
# names SDKs that this SDK's own import imports (the report says so and
# checks it): their cost is the SDK's, not instructor's.
PROVIDERS = {
    "openai": {
        "sdk": "openai",
        "dist": "openai",
        "client": "sdk.OpenAI(api_key='x')",
        "factory": "from_openai",
        "model": "gpt-4o-mini",
    },
    "anthropic": {
        "sdk": "anthropic",
        "dist": "anthropic",
        "client": "sdk.Anthropic(api_key='x')",
        "factory": "from_anthropic",
        "model": "claude-3-5-haiku-latest",
    },
    "groq": {"sdk": "groq", "dist": "groq", "client": "sdk.Groq(api_key='x')"},
    # mistralai 2 moved the client to mistralai.client (mistralai itself is
    # an empty namespace package).
    "mistral": {
        "sdk": "mistralai.client",
        "dist": "mistralai",
        "client": "sdk.Mistral(api_key='x')",
    },
    # cohere's top level imports lazily: most of its import cost is paid by
    # the first attribute access, so it shows in the client row.
    "cohere": {
        "sdk": "cohere",
        "dist": "cohere",
        "client": "sdk.ClientV2(api_key='x')",
        "note": "lazy: the client row pays for the rest",
    },
    # warm_tcp_connection (on by default) sends a request while the client is
    # built: the benchmark sends none.
    "cerebras": {
        "sdk": "cerebras.cloud.sdk",
        "dist": "cerebras-cloud-sdk",
        "client": "sdk.Cerebras(api_key='x', warm_tcp_connection=False)",
    },
    "fireworks": {
        "sdk": "fireworks.client",
        "dist": "fireworks-ai",
        "client": "sdk.Fireworks(api_key='x')",
    },
    "genai": {"sdk": "google.genai", "dist": "google-genai", "client": "sdk.Client(api_key='x')"},
    # Vertex AI's express mode (an API key) builds the Vertex client without
    # looking for Google Cloud credentials, which could reach for a metadata
    # server.
    "vertexai": {
        "sdk": "google.genai",
        "dist": "google-genai",
        "client": "sdk.Client(vertexai=True, api_key='x')",
    },
    "gemini": {
        "sdk": "google.generativeai",
        "dist": "google-generativeai",
        "client": "sdk.GenerativeModel('gemini-1.5-flash')",
    },
    "writer": {"sdk": "writerai", "dist": "writer-sdk", "client": "sdk.Writer(api_key='x')"},
    "xai": {"sdk": "xai_sdk", "dist": "xai-sdk", "client": "sdk.Client(api_key='x')"},
    "bedrock": {
        "sdk": "boto3",
        "dist": "boto3",
        "client": (
            "sdk.client('bedrock-runtime', region_name='us-east-1',"
            " aws_access_key_id='x', aws_secret_access_key='x')"
        ),
        "client_label": "boto3.client('bedrock-runtime'): loads its service model",
    },
    # from_litellm wraps the completion function itself, not a client object.
    "litellm": {
        "sdk": "litellm",
        "dist": "litellm",
        "client": "sdk.completion",
        "brings": ("openai",),
    },
}
for _name, _entry in PROVIDERS.items():
    _entry.setdefault("factory", "from_" + _name)
    _entry.setdefault("model", None)
    _entry.setdefault("note", None)
    _entry.setdefault("client_label", None)
    _entry.setdefault("brings", ())

# Top-level names whose presence in sys.modules means a provider SDK was
# imported (the SDKs of google.genai and google.generativeai share "google").
SDK_MODULES = (
    "openai",
    "anthropic",
    "google.genai",
    "google.generativeai",
    "vertexai",
    "boto3",
    "cohere",
    "mistralai",
    "groq",
    "fireworks",
    "cerebras",
    "writerai",
    "xai_sdk",
    "litellm",
)

# The extraction every call row makes, in each provider's wire format.
MESSAGES = [{"role": "user", "content": "Extract: Jason is 25 years old."}]
USER_DESCRIPTION = "A person mentioned in the text."
USER_SCHEMA = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "age": {"type": "integer"}},
    "required": ["name", "age"],
}


def user_model():
    """The response model of every benchmarked call (user code, not timed)."""
    from pydantic import BaseModel

    class User(BaseModel):
        """A person mentioned in the text."""

        name: str
        age: int

    return User


def mock_http_client(sdk, path, reply, httpx=None):
    """The HTTP client the SDK expects, answering ``reply`` to POST ``path``.

    The SDK still builds, sends (to a transport) and parses a real HTTP
    exchange; only the network is replaced. The HTTP library is ``httpx``
    if given (an SDK without a generated ``_base_client`` names its own),
    else the one the SDK's base client imported (openai and anthropic >= 2
    ship on httpx2, older releases on httpx). Any other request is answered
    404, so a request to the wrong endpoint fails instead of being timed.
    """
    import sys

    if httpx is None:
        base = sys.modules.get(sdk.__name__ + "._base_client")
        httpx = getattr(base, "httpx2", None) or getattr(base, "httpx", None)
    if httpx is None:
        try:
            import httpx2 as httpx
        except ImportError:
            import httpx
    headers = {"content-type": "application/json"}

    def answer(request):
        if request.method != "POST" or request.url.path != path:
            return httpx.Response(404, content=b'{"error": "unexpected request"}', headers=headers)
        return httpx.Response(200, content=reply, headers=headers)

    return httpx.Client(transport=httpx.MockTransport(answer))


# ------------------------------------------------------------------ openai

MODEL = "gpt-4o-mini"
# A chat completion whose one tool call fills the benchmark's User model.
COMPLETION = (
    b'{"id":"chatcmpl-perf","object":"chat.completion","created":1700000000,'
    b'"model":"gpt-4o-mini","choices":[{"index":0,"finish_reason":"tool_calls",'
    b'"logprobs":null,"message":{"role":"assistant","content":null,'
    b'"refusal":null,"tool_calls":[{"id":"call_perf","type":"function",'
    b'"function":{"name":"User","arguments":"{\\"name\\": \\"Jason\\", '
    b'\\"age\\": 25}"}}]}}],"usage":{"prompt_tokens":57,"completion_tokens":9,'
    b'"total_tokens":66}}'
)
# What a raw SDK user would send for the same extraction: the same tool the
# instructor call sends, written out once.
USER_TOOL = {
    "type": "function",
    "function": {"name": "User", "description": USER_DESCRIPTION, "parameters": USER_SCHEMA},
}
USER_TOOL_CHOICE = {"type": "function", "function": {"name": "User"}}


def mock_openai_client(openai):
    """An ``openai.OpenAI`` answering every chat completion with COMPLETION."""
    return openai.OpenAI(
        api_key="x",
        base_url="http://perf.invalid/v1",
        http_client=mock_http_client(openai, "/v1/chat/completions", COMPLETION),
        max_retries=0,
    )


def openai_raw(client):
    create = client.chat.completions.create

    def raw():
        completion = create(
            model=MODEL, messages=MESSAGES, tools=[USER_TOOL], tool_choice=USER_TOOL_CHOICE
        )
        return completion.choices[0].message.tool_calls[0].function.arguments

    return raw


def openai_create(patched, User):
    create = patched.chat.completions.create

    def extract():
        return create(model=MODEL, response_model=User, messages=MESSAGES, max_retries=0)

    return extract


# --------------------------------------------------------------- anthropic

ANTHROPIC_MODEL = "claude-3-5-haiku-latest"
# A message whose one tool_use block fills the User model.
ANTHROPIC_MESSAGE = (
    b'{"id":"msg_perf","type":"message","role":"assistant",'
    b'"model":"claude-3-5-haiku-latest","content":[{"type":"tool_use",'
    b'"id":"toolu_perf","name":"User","input":{"name":"Jason","age":25}}],'
    b'"stop_reason":"tool_use","stop_sequence":null,'
    b'"usage":{"input_tokens":57,"output_tokens":9}}'
)
ANTHROPIC_TOOL = {"name": "User", "description": USER_DESCRIPTION, "input_schema": USER_SCHEMA}


def mock_anthropic_client(anthropic):
    """An ``anthropic.Anthropic`` answering every message with ANTHROPIC_MESSAGE."""
    return anthropic.Anthropic(
        api_key="x",
        base_url="http://perf.invalid",
        http_client=mock_http_client(anthropic, "/v1/messages", ANTHROPIC_MESSAGE),
        max_retries=0,
    )


def anthropic_raw(client):
    create = client.messages.create

    def raw():
        message = create(
            model=ANTHROPIC_MODEL,
            max_tokens=1024,
            messages=MESSAGES,
            tools=[ANTHROPIC_TOOL],
            tool_choice={"type": "tool", "name": "User"},
        )
        return message.content[0].input

    return raw


def anthropic_create(patched, User):
    create = patched.messages.create

    def extract():
        return create(
            model=ANTHROPIC_MODEL,
            max_tokens=1024,
            response_model=User,
            messages=MESSAGES,
            max_retries=0,
        )

    return extract


# Provider -> its call rows: ``client(sdk)`` builds the mocked client,
# ``raw(client)`` and ``create(patched, User)`` return the zero-argument
# calls that are timed against each other. ``rss_target_mb`` is the most
# resident memory instructor's first use may add over the raw SDK. An entry
# with a ``file`` takes those functions from that file's CALLS, run by path
# in the probe only (``load_calls``): a file per family of SDKs keeps each
# short, and this table importable by the harness without running them.
# ``count_model_loads(sdk)`` (bedrock's file; ``counts_model_loads`` says it
# is there) returns a counter of the service-model files the SDK reads,
# which must not move across instructor's first use.
CALLS = {
    "openai": {
        "client": mock_openai_client,
        "raw": openai_raw,
        "create": openai_create,
        "rss_target_mb": None,
    },
    "anthropic": {
        "client": mock_anthropic_client,
        "raw": anthropic_raw,
        "create": anthropic_create,
        "rss_target_mb": 3.0,
    },
    "bedrock": {
        "file": "_probe_calls_bedrock.py",
        "rss_target_mb": None,
        "counts_model_loads": True,
    },
    "cohere": {"file": "_probe_calls_native.py", "rss_target_mb": None},
    "mistral": {"file": "_probe_calls_native.py", "rss_target_mb": None},
    "genai": {"file": "_probe_calls_native.py", "rss_target_mb": None},
    "groq": {"file": "_probe_calls_chat.py", "rss_target_mb": None},
    "cerebras": {"file": "_probe_calls_chat.py", "rss_target_mb": None},
    "writer": {"file": "_probe_calls_chat.py", "rss_target_mb": None},
    "litellm": {"file": "_probe_calls_chat.py", "rss_target_mb": None},
}


def load_calls(name, table, run_file):
    """CALLS[name] with its functions, loading its family file if it has one.

    ``table`` is this file's namespace (the family files take their shared
    request parts from it); ``run_file(filename)`` runs a sibling file by
    path and returns its namespace.
    """
    entry = dict(table["CALLS"][name])
    filename = entry.pop("file", None)
    if filename is not None:
        family = run_file(filename)
        family["bind"](table)
        entry.update(family["CALLS"][name])
    return entry
