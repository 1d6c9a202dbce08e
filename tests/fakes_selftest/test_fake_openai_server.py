"""Scripting, errors, recording and the other endpoints of the fake OpenAI server."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import openai
import pytest

from fakes.openai_server import (
    Error,
    FakeOpenAI,
    Response,
    Stream,
    chat_completion,
    chat_stream,
    embedding,
    moderation,
    response,
)

MESSAGES = [{"role": "user", "content": "Who?"}]
TESTS_DIR = Path(__file__).resolve().parents[1]


def _chat(client: openai.OpenAI, **options):
    return client.chat.completions.create(model="m", messages=MESSAGES, **options)


@pytest.mark.parametrize(
    ("status", "exception", "error_type"),
    [
        (400, openai.BadRequestError, "invalid_request_error"),
        (401, openai.AuthenticationError, "invalid_request_error"),
        (403, openai.PermissionDeniedError, "invalid_request_error"),
        (404, openai.NotFoundError, "invalid_request_error"),
        (422, openai.UnprocessableEntityError, "invalid_request_error"),
        (429, openai.RateLimitError, "requests"),
        (500, openai.InternalServerError, "server_error"),
        (503, openai.InternalServerError, "server_error"),
    ],
)
def test_errors_raise_the_sdk_exception(fake_openai, status, exception, error_type):
    fake_openai.script(Error(status, "went wrong", code="some_code", param="messages"))

    with pytest.raises(exception) as caught:
        _chat(fake_openai.client())

    error = caught.value
    assert error.status_code == status
    assert error.body == {
        "message": "went wrong",
        "type": error_type,
        "param": "messages",
        "code": "some_code",
    }
    assert error.request_id.startswith("req_")
    assert len(fake_openai.requests) == 1  # max_retries=0: no retry


def test_error_type_and_headers_can_be_set(fake_openai):
    fake_openai.script(
        Error(429, "quota", type="insufficient_quota", headers={"retry-after": "7"})
    )
    with pytest.raises(openai.RateLimitError) as caught:
        _chat(fake_openai.client())
    assert caught.value.type == "insufficient_quota"
    assert caught.value.response.headers["retry-after"] == "7"


def test_unscripted_request_fails_loudly():
    with FakeOpenAI() as fake:
        fake.script(chat_completion("only one"))
        client = fake.client()
        _chat(client)
        with pytest.raises(openai.BadRequestError) as caught:
            _chat(client)
    message = (
        "fake OpenAI: no scripted reply for POST /v1/chat/completions (request #2)"
    )
    assert message in str(caught.value)
    assert caught.value.body["message"] == message
    assert fake.problems == [message]


def test_replies_are_consumed_in_order_across_endpoints(fake_openai):
    fake_openai.script(
        response("first"), chat_completion("second"), moderation(), embedding()
    )
    client = fake_openai.client()
    assert fake_openai.pending == 4

    assert client.responses.create(model="m", input="x").output_text == "first"
    assert _chat(client).choices[0].message.content == "second"
    assert client.moderations.create(input="x").results[0].flagged is False
    assert client.embeddings.create(model="e", input="x").data[0].index == 0

    assert fake_openai.pending == 0
    assert [r.path for r in fake_openai.requests] == [
        "/v1/responses",
        "/v1/chat/completions",
        "/v1/moderations",
        "/v1/embeddings",
    ]


def test_callable_reply_sees_the_request(fake_openai):
    def echo_model(request):
        if request.json.get("stream"):
            return chat_stream(request.json["model"])
        return chat_completion(request.json["model"], model=request.json["model"])

    fake_openai.script(echo_model, echo_model)
    client = fake_openai.client()

    assert _chat(client).choices[0].message.content == "m"
    stream = client.chat.completions.create(
        model="gpt-x", messages=MESSAGES, stream=True
    )
    assert "".join(c.choices[0].delta.content or "" for c in stream) == "gpt-x"


def test_always_answers_when_the_queue_is_empty(fake_openai):
    fake_openai.script(chat_completion("scripted")).always(chat_completion("default"))
    client = fake_openai.client()
    contents = [_chat(client).choices[0].message.content for _ in range(3)]
    assert contents == ["scripted", "default", "default"]

    fake_openai.always(None)
    with pytest.raises(openai.BadRequestError):
        _chat(client)
    fake_openai.problems.clear()  # provoked on purpose


def test_requests_are_recorded(fake_openai):
    fake_openai.script(chat_completion("ok"))
    client = fake_openai.client(default_headers={"x-trace": "t1"})
    _chat(client, temperature=0.5, extra_query={"flag": "on"})

    request = fake_openai.last_request
    assert request is fake_openai.requests[-1]
    assert (request.method, request.path, request.index) == (
        "POST",
        "/v1/chat/completions",
        1,
    )
    assert request.query == {"flag": "on"}
    assert request.headers["authorization"] == "Bearer test-key"
    assert request.headers["x-trace"] == "t1"
    assert request.json == {"messages": MESSAGES, "model": "m", "temperature": 0.5}
    assert b'"temperature"' in request.body


def test_last_request_without_any_request(fake_openai):
    with pytest.raises(LookupError, match="no request"):
        _ = fake_openai.last_request


def test_unknown_path_is_a_404_and_consumes_nothing(fake_openai):
    fake_openai.script(chat_completion("kept"))
    with pytest.raises(openai.NotFoundError) as caught:
        fake_openai.client().models.list()
    assert caught.value.body["message"] == "Invalid URL (GET /v1/models)"
    assert fake_openai.pending == 1
    assert fake_openai.last_request.path == "/v1/models"
    fake_openai.script()  # nothing else queued
    assert _chat(fake_openai.client()).choices[0].message.content == "kept"


def test_stream_and_json_mismatch_is_a_problem(fake_openai):
    fake_openai.script(chat_stream("x"), chat_completion("y"))
    client = fake_openai.client()
    with pytest.raises(openai.BadRequestError, match="did not ask for a stream"):
        _chat(client)
    with pytest.raises(openai.BadRequestError, match="script a Stream"):
        list(_chat(client, stream=True))
    assert len(fake_openai.problems) == 2
    fake_openai.problems.clear()  # provoked on purpose


def test_raw_response_and_custom_stream_chunks(fake_openai):
    fake_openai.script(
        Response(status=200, body=b"{}", headers={"content-type": "application/json"}),
        Stream(
            [{"error": {"message": "overloaded mid-stream", "type": "server_error"}}]
        ),
    )
    client = fake_openai.client()
    raw = client.chat.completions.with_raw_response.create(model="m", messages=MESSAGES)
    assert raw.http_response.content == b"{}"
    with pytest.raises(openai.APIError, match="overloaded mid-stream"):
        list(_chat(client, stream=True))


def test_embeddings_in_float_and_default_base64(fake_openai):
    fake_openai.script(embedding([0.5, -0.25], [1.0, 2.0]), embedding([0.5, 0.125]))
    client = fake_openai.client()

    default = client.embeddings.create(model="e", input=["a", "b"])
    assert fake_openai.last_request.json["encoding_format"] == "base64"
    assert [d.embedding for d in default.data] == [[0.5, -0.25], [1.0, 2.0]]

    floats = client.embeddings.create(model="e", input="a", encoding_format="float")
    assert floats.data[0].embedding == [0.5, 0.125]
    assert floats.usage.total_tokens == 8


def test_moderation_categories(fake_openai):
    fake_openai.script(moderation(categories=["violence", "self-harm/intent"]))
    [result] = fake_openai.client().moderations.create(input="x").results
    assert result.flagged is True
    assert result.categories.violence is True
    assert result.categories.self_harm_intent is True
    assert result.categories.hate is False
    assert result.category_scores.violence > 0.5
    with pytest.raises(ValueError, match="unknown moderation categories"):
        moderation(categories=["violent"])


def test_azure_client_uses_deployment_paths(fake_openai):
    fake_openai.script(chat_completion("from azure"))
    client = fake_openai.azure_client()
    reply = client.chat.completions.create(model="my-deployment", messages=MESSAGES)
    assert reply.choices[0].message.content == "from azure"
    request = fake_openai.last_request
    assert request.path == "/openai/deployments/my-deployment/chat/completions"
    assert request.query == {"api-version": "2024-10-21"}
    assert request.headers["api-key"] == "test-key"


def test_custom_prefix_for_openai_compatible_sdks():
    with FakeOpenAI(prefix="/openai/v1") as fake:
        assert fake.base_url == fake.url + "/openai/v1"
        fake.script(chat_completion("ok"))
        assert _chat(fake.client()).choices[0].message.content == "ok"
        assert fake.last_request.path == "/openai/v1/chat/completions"


def test_stop_closes_the_clients_it_made():
    with FakeOpenAI() as fake:
        sync_client, async_client = fake.client(), fake.async_client()
        assert fake.base_url.endswith("/v1")
    assert sync_client.is_closed() and async_client.is_closed()


def test_fixture_fails_a_passing_test_that_left_problems(tmp_path):
    (tmp_path / "test_probe.py").write_text(
        textwrap.dedent(
            """
            import openai, pytest

            def test_swallows_the_400(fake_openai):
                with pytest.raises(openai.BadRequestError):
                    fake_openai.client().chat.completions.create(model="m", messages=[])

            def test_clean(fake_openai):
                pass

            def test_fails_anyway(fake_openai):  # reported once, not twice
                fake_openai.client().chat.completions.create(model="m", messages=[])
            """
        )
    )
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "fakes.fixtures", str(tmp_path)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(TESTS_DIR)},
        cwd=tmp_path,
        timeout=120,
    )
    # The call phase of the swallowing test passes; its teardown errors.
    assert "1 failed, 2 passed, 1 error" in result.stdout, result.stdout + result.stderr
    assert "ERROR at teardown of test_swallows_the_400" in result.stdout
    assert "fake OpenAI saw problems" in result.stdout
    assert (
        "no scripted reply for POST /v1/chat/completions (request #1)" in result.stdout
    )
