"""Call rows for what speaks OpenAI's chat format: groq, cerebras, writer, litellm.

Run by the probe by path, like ``_probe_providers.py``, so it imports nothing
at module level. Each SDK is a generated client on httpx; its HTTP client
answers through httpx's mock transport (``mock_http_client``), with the
same chat completion the openai rows use, so the rows differ only by the
SDK and instructor's provider code. LiteLLM sends through the openai SDK,
whose client it takes as ``client=``: the openai rows' mocked client.
"""

# Given by bind(): this file is run by path and cannot import its sibling.
MESSAGES = USER_TOOL = USER_TOOL_CHOICE = COMPLETION = None
mock_http_client = mock_openai_client = None


def bind(table):
    """Take the shared request parts and helpers from ``_probe_providers.py``."""
    names = ("MESSAGES", "USER_TOOL", "USER_TOOL_CHOICE", "COMPLETION", "mock_http_client",
             "mock_openai_client")
    globals().update({name: table[name] for name in names})


def _chat_raw(model, named_choice=True, method=("completions", "create")):
    """A raw chat call sending the tool (and tool_choice) instructor sends.

    ``method`` is the path under ``client.chat`` (Writer's is ``chat.chat``).
    """

    def make(client):
        create = client.chat
        for part in method:
            create = getattr(create, part)
        choice = USER_TOOL_CHOICE if named_choice else "auto"

        def raw():
            completion = create(
                model=model, messages=MESSAGES, tools=[USER_TOOL], tool_choice=choice
            )
            return completion.choices[0].message.tool_calls[0].function.arguments

        return raw

    return make


def _chat_create(model):
    def make(patched, User):
        create = patched.chat.completions.create

        def extract():
            return create(model=model, response_model=User, messages=MESSAGES, max_retries=0)

        return extract

    return make


def mock_groq_client(groq):
    return groq.Groq(
        api_key="x",
        base_url="http://perf.invalid",
        http_client=mock_http_client(groq, "/openai/v1/chat/completions", COMPLETION),
        max_retries=0,
    )


def mock_cerebras_client(sdk):
    # warm_tcp_connection would send a request while the client is built.
    return sdk.Cerebras(
        api_key="x",
        base_url="http://perf.invalid",
        http_client=mock_http_client(sdk, "/v1/chat/completions", COMPLETION),
        max_retries=0,
        warm_tcp_connection=False,
    )


def mock_writer_client(writerai):
    return writerai.Writer(
        api_key="x",
        base_url="http://perf.invalid",
        http_client=mock_http_client(writerai, "/v1/chat", COMPLETION),
        max_retries=0,
    )


LITELLM_MODEL = "openai/gpt-4o-mini"


def mock_litellm_completion(litellm):
    """``litellm.completion`` bound to the openai rows' mocked client.

    from_litellm wraps a completion function, so the "client" both sides
    call is this one function: the raw call and instructor's send the same.
    """
    import functools
    import sys

    return functools.partial(litellm.completion, client=mock_openai_client(sys.modules["openai"]))


def litellm_raw(completion):
    def raw():
        reply = completion(
            model=LITELLM_MODEL, messages=MESSAGES, tools=[USER_TOOL], tool_choice=USER_TOOL_CHOICE
        )
        return reply.choices[0].message.tool_calls[0].function.arguments

    return raw


def litellm_create(patched, User):
    create = patched.create

    def extract():
        return create(model=LITELLM_MODEL, response_model=User, messages=MESSAGES, max_retries=0)

    return extract


# The models are names only (the reply is canned); each is one the service
# offers, so the request is one it would take. Writer's tool_call mode lets
# the model choose ("auto"): Writer takes no named tool_choice.
CALLS = {
    "groq": {
        "client": mock_groq_client,
        "raw": _chat_raw("llama-3.1-8b-instant"),
        "create": _chat_create("llama-3.1-8b-instant"),
    },
    "cerebras": {
        "client": mock_cerebras_client,
        "raw": _chat_raw("llama3.1-8b"),
        "create": _chat_create("llama3.1-8b"),
    },
    "writer": {
        "client": mock_writer_client,
        "raw": _chat_raw("palmyra-x5", named_choice=False, method=("chat",)),
        "create": _chat_create("palmyra-x5"),
    },
    "litellm": {
        "client": mock_litellm_completion,
        "raw": litellm_raw,
        "create": litellm_create,
    },
}
