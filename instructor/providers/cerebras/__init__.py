"""The Cerebras provider: `from_cerebras` on the ``cerebras-cloud-sdk``.

Cerebras speaks the OpenAI chat format, so its modes are the OpenAI chat
handlers (PARALLEL_TOOLS included); `client` (from_cerebras and the
from_provider builder, the only module that imports ``cerebras.cloud.sdk``)
and `adapter` (text and image parts) are its own.
"""
