"""The Fireworks provider: `from_fireworks` on the ``fireworks-ai`` 0.19 SDK.

Fireworks speaks the OpenAI chat format, so its modes are the OpenAI chat
handlers; `client` (from_fireworks and the from_provider builder) and `adapter`
(how a call, a stream and their async twins reach the SDK) are its own;
`_sdk` imports ``fireworks.client`` for both. The SDK imports ``openai``
itself.
"""
