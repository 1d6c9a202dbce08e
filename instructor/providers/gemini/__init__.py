"""The gemini provider: `from_gemini` for the deprecated google-generativeai SDK.

Modules: `_sdk` (imports ``google.generativeai``, silencing exactly the
FutureWarnings its import gives), `client` (from_gemini and the
from_provider builder), `adapter` (``GenerativeModel.generate_content``:
contents, generation_config, usage), `handlers` (MD_JSON and TOOLS, on the
genai provider's SDK-free handlers). The SDK is frozen upstream; its REST
transport reaches a custom endpoint, its async calls need gRPC.
"""
