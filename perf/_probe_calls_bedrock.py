"""Call rows for Amazon Bedrock (boto3's Converse API), answered inside botocore.

Run by the probe by path, like ``_probe_providers.py``, so it imports nothing
at module level. botocore has no mock transport; its ``before-send`` event
is the documented point where a handler may answer a request instead of the
network: the request is still built, serialized and signed, and the answer
still goes through botocore's parser, as a real reply would.

Also the check that instructor's first use costs boto3 no second load of its
service model (``count_model_loads``): the probe counts the model files
botocore reads from disk while the client is built and while instructor
wraps it and makes its first call.
"""

MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0"
# A Converse reply whose one toolUse block fills the User model.
CONVERSE = (
    b'{"output":{"message":{"role":"assistant","content":[{"toolUse":'
    b'{"toolUseId":"tooluse_perf","name":"User","input":{"name":"Jason","age":25}}}]}},'
    b'"stopReason":"tool_use","usage":{"inputTokens":57,"outputTokens":9,'
    b'"totalTokens":66},"metrics":{"latencyMs":12}}'
)

# Given by bind(): this file is run by path and cannot import its sibling.
MESSAGES = USER_DESCRIPTION = USER_SCHEMA = None


def bind(table):
    """Take the shared request parts from ``_probe_providers.py``'s namespace."""
    names = ("MESSAGES", "USER_DESCRIPTION", "USER_SCHEMA")
    globals().update({name: table[name] for name in names})


def _converse_messages():
    return [{"role": m["role"], "content": [{"text": m["content"]}]} for m in MESSAGES]


def mock_bedrock_client(boto3):
    """A ``bedrock-runtime`` client whose Converse calls botocore answers itself."""
    from botocore.awsrequest import AWSResponse

    client = boto3.client(
        "bedrock-runtime",
        region_name="us-east-1",
        aws_access_key_id="x",
        aws_secret_access_key="x",
    )

    class Body:
        # What AWSResponse reads its content from (urllib3's response does it
        # for a real reply).
        def stream(self, **_):
            yield CONVERSE

    def answer(request, **_):
        if request.method != "POST" or not request.url.endswith("/converse"):
            return AWSResponse(request.url, 404, {}, Body())
        headers = {"content-type": "application/json", "x-amzn-requestid": "perf"}
        return AWSResponse(request.url, 200, headers, Body())

    client.meta.events.register("before-send.bedrock-runtime.Converse", answer)
    return client


def count_model_loads(boto3):
    """A function giving how many service-model files botocore has read so far.

    Installed after the SDK import and before the client is built, so the
    client's own load is counted too (the count is known to work when it is
    not zero). Cached answers are not reads: botocore's loader caches per
    session, so only a read from disk is the cost in question.
    """
    from botocore import loaders

    reads = []
    load_file = loaders.JSONFileLoader.load_file

    def counting(self, file_path):
        data = load_file(self, file_path)
        if data is not None and file_path.rsplit("/", 1)[-1] == "service-2":
            reads.append(file_path)
        return data

    loaders.JSONFileLoader.load_file = counting
    return lambda: len(reads)


def bedrock_raw(client):
    converse = client.converse
    tool = {
        "toolSpec": {
            "name": "User",
            "description": USER_DESCRIPTION,
            "inputSchema": {"json": USER_SCHEMA},
        }
    }
    tool_config = {"tools": [tool], "toolChoice": {"tool": {"name": "User"}}}
    messages = _converse_messages()

    def raw():
        reply = converse(modelId=MODEL_ID, messages=messages, toolConfig=tool_config)
        return reply["output"]["message"]["content"][0]["toolUse"]["input"]

    return raw


def bedrock_create(patched, User):
    create = patched.create

    def extract():
        return create(modelId=MODEL_ID, response_model=User, messages=MESSAGES, max_retries=0)

    return extract


CALLS = {
    "bedrock": {
        "client": mock_bedrock_client,
        "raw": bedrock_raw,
        "create": bedrock_create,
        "count_model_loads": count_model_loads,
    },
}
