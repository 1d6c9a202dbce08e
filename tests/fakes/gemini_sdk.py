"""``google.generativeai``, imported as instructor imports it.

Importing the SDK gives two FutureWarnings (its support has ended; the
Python version will lose google-api-core support), which the suite's
``filterwarnings=error`` would turn into failures; instructor silences
exactly those in ``instructor.providers.gemini._sdk``. Tests reach the SDK
through this module: ``require_sdk("fakes.gemini_sdk")`` skips (or fails,
where every SDK is required) when it is not installed.
"""

from __future__ import annotations

from instructor.providers.gemini._sdk import genai

__all__ = ["genai"]
