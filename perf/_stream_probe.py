"""One streaming measurement in a fresh interpreter; prints one JSON line.

Run by `perf.bench_streaming` as ``<python> _stream_probe.py SCENARIO
SIZE_BYTES ROUNDS SECONDS`` under the interpreter of a variant (ours,
upstream): at least ROUNDS rounds, more while they take under SECONDS. It
imports only the standard library, pydantic, the openai SDK and the
instructor under test, so it runs against any instructor 1.x installation.

The SDK streams a canned answer through its own HTTP client with the HTTP
library's in-process mock transport: a `Doc` whose `items` list fills about
SIZE_BYTES of JSON, sent as 40-byte argument (or content) deltas, the way
OpenAI streams a tool call. Each round times, alternately, the raw SDK
stream iterated to its end and the same stream through instructor, in CPU
time of this thread (other processes on the machine do not count); the
result holds every round's times and the chunk count.

Scenarios: ``partial-tools``, ``partial-json``, ``iterable-tools`` and
``partial-tools-async``.
"""

import sys
import time

CHUNK = 40  # characters of JSON per streamed delta
BODY = (
    "Streaming lets a reader see the answer as it is written; a long one "
    "arrives in hundreds of pieces. Caf\u00e9 cr\u00e8me, na\u00efve r\u00e9sum\u00e9. "
) * 3


def document(size):
    """The answer: a title and as many items as fill ``size`` bytes of JSON."""
    import json

    items, total = [], 40
    while total < size:
        item = {
            "id": len(items),
            "heading": f"Section {len(items)}",
            "body": BODY[: 200 + len(items) % 100],
            "tags": ["streaming", f"part-{len(items) % 7}"],
        }
        items.append(item)
        total += len(json.dumps(item)) + 2
    return {"title": "A long structured answer", "items": items}


def sse_body(arguments, tool, json_mode):
    """The server-sent events of a streamed chat completion."""
    import json

    head = {"id": "chatcmpl-perf", "object": "chat.completion.chunk",
            "created": 1700000000, "model": "gpt-4o-mini"}
    events = []

    def send(delta, finish=None):
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish}
        events.append("data: " + json.dumps({**head, "choices": [choice]}) + "\n\n")

    pieces = [arguments[i:i + CHUNK] for i in range(0, len(arguments), CHUNK)]
    if json_mode:
        send({"role": "assistant", "content": ""})
        for piece in pieces:
            send({"content": piece})
        send({}, "stop")
    else:
        call = {"index": 0, "id": "call_perf", "type": "function",
                "function": {"name": tool, "arguments": ""}}
        send({"role": "assistant", "content": None, "tool_calls": [call]})
        for piece in pieces:
            send({"tool_calls": [{"index": 0, "function": {"arguments": piece}}]})
        send({}, "tool_calls")
    events.append("data: [DONE]\n\n")
    return "".join(events).encode(), len(pieces)


def models():
    from pydantic import BaseModel

    class Item(BaseModel):
        id: int
        heading: str
        body: str
        tags: list[str]

    class Doc(BaseModel):
        title: str
        items: list[Item]

    return Doc, Item


def main(scenario, size, rounds, budget=0.0):
    import asyncio
    import json

    import openai

    try:
        import httpx2 as httpx
    except ImportError:  # an openai release built on httpx
        import httpx
    import instructor

    Doc, Item = models()
    doc = document(size)
    iterable = scenario.startswith("iterable")
    json_mode = scenario == "partial-json"
    payload = {"tasks": doc["items"]} if iterable else doc
    arguments = json.dumps(payload)
    tool = "IterableItem" if iterable else "Doc"
    body, chunks = sse_body(arguments, tool, json_mode)
    headers = {"content-type": "text/event-stream"}

    def answer(request):
        return httpx.Response(200, content=body, headers=headers)

    is_async = scenario.endswith("-async")
    options = {"api_key": "x", "base_url": "http://perf.invalid/v1", "max_retries": 0}
    if is_async:
        http = httpx.AsyncClient(transport=httpx.MockTransport(answer))
        client = openai.AsyncOpenAI(http_client=http, **options)
    else:
        client = openai.OpenAI(http_client=httpx.Client(transport=httpx.MockTransport(answer)),
                               **options)
    mode = instructor.Mode.JSON if json_mode else instructor.Mode.TOOLS
    patched = instructor.from_openai(client, mode=mode)
    messages = [{"role": "user", "content": "Write the document."}]
    schema = {"type": "function", "function": {"name": tool, "parameters": {"type": "object"}}}
    raw_kwargs = {"model": "gpt-4o-mini", "messages": messages, "stream": True}
    if not json_mode:
        raw_kwargs["tools"] = [schema]

    def check(result):
        expected = [Item(**i) for i in doc["items"]] if iterable else Doc(**doc)
        if result != expected:
            raise AssertionError(f"instructor streamed {str(result)[:200]}")

    if is_async:
        async def raw_async():
            seen = 0
            async for chunk in await client.chat.completions.create(**raw_kwargs):
                seen += len(_text(chunk, json_mode))
            return seen

        async def ours_async():
            last = None
            async for snapshot in patched.chat.completions.create_partial(
                model="gpt-4o-mini", messages=messages, response_model=Doc, max_retries=0
            ):
                last = snapshot
            return last

        loop = asyncio.new_event_loop()

        def raw():
            return loop.run_until_complete(raw_async())

        def ours():
            return loop.run_until_complete(ours_async())
    else:
        def raw():
            return sum(len(_text(c, json_mode))
                       for c in client.chat.completions.create(**raw_kwargs))

        def ours():
            if iterable:
                return list(patched.chat.completions.create_iterable(
                    model="gpt-4o-mini", messages=messages, response_model=Item, max_retries=0
                ))
            last = None
            for snapshot in patched.chat.completions.create_partial(
                model="gpt-4o-mini", messages=messages, response_model=Doc, max_retries=0
            ):
                last = snapshot
            return last

    if raw() != len(arguments):
        raise AssertionError("the raw stream lost text")
    check(ours())  # also the warm-up: classes, schemas, first-call paths
    if is_async:
        # Let the SDK's streams finish closing before anything is timed.
        loop.run_until_complete(loop.shutdown_asyncgens())
    clock = time.thread_time
    out = {"scenario": scenario, "bytes": len(arguments), "chunks": chunks,
           "raw_s": [], "ours_s": []}
    spent, i = 0.0, 0
    while i < rounds or spent < budget and i < 50:
        # Alternate the order so neither side always runs on a warmer cache.
        for name, fn in ((("raw_s", raw), ("ours_s", ours)) if i % 2 else
                         (("ours_s", ours), ("raw_s", raw))):
            t0 = clock()
            fn()
            out[name].append(clock() - t0)
            spent += out[name][-1]
        i += 1
    out["instructor_version"] = getattr(instructor, "__version__", None)
    if is_async:
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
    return out


def _text(chunk, json_mode):
    if not chunk.choices:
        return ""
    delta = chunk.choices[0].delta
    if json_mode:
        return delta.content or ""
    calls = delta.tool_calls
    return (calls[0].function.arguments or "") if calls else ""


if __name__ == "__main__":
    # The script's folder is sys.path[0]: nothing there may shadow the
    # packages of the interpreter under test.
    del sys.path[0]
    import json as _json

    try:
        result = main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
    except BaseException as exc:  # noqa: BLE001 - the parent reports it
        import traceback

        result = {"error": f"{type(exc).__name__}: {exc}", "traceback": traceback.format_exc()}
    sys.stdout.write("\n" + _json.dumps(result) + "\n")
