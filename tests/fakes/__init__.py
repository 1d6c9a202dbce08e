"""Loopback fake provider servers for tests: real SDKs, real HTTP, no network.

``_server.LoopbackServer`` is the provider-agnostic HTTP base;
``openai_server.FakeOpenAI`` speaks OpenAI's wire format; ``fixtures`` is the
pytest plugin providing the ``fake_openai`` fixture.
"""
