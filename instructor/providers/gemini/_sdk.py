"""``google.generativeai``, imported without the warnings its import gives.

The package warns (FutureWarning) that its support has ended, and
google-api-core that the Python version will lose support; a user who
chose this SDK has heard both. Only those two are silenced, only here.
"""

from __future__ import annotations

import warnings

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", r"(?s).*google\.generativeai", FutureWarning)
    warnings.filterwarnings("ignore", r"You are using a Python version", FutureWarning)
    import google.generativeai as genai

__all__ = ["genai"]
