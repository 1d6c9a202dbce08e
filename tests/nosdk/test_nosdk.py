"""Without provider SDKs: import works, first use names the pip extra."""

from __future__ import annotations

import json


def test_import_and_core_names_work(python_nosdk):
    out = python_nosdk("""
        import instructor
        from pydantic import BaseModel
        print(instructor.Mode.TOOLS.value, instructor.Partial.__name__,
              instructor.from_openai.__name__)
    """)
    assert out.stdout.split() == ["tool_call", "Partial", "from_openai"]


def test_from_openai_names_the_extra_every_time(python_nosdk):
    out = python_nosdk("""
        import json
        import instructor
        from instructor.exceptions import ConfigurationError
        seen = []
        for _ in range(2):
            try:
                instructor.from_openai(object())
            except ConfigurationError as exc:
                seen.append([type(exc).__name__, str(exc), isinstance(exc, ImportError)])
        print(json.dumps(seen))
    """)
    seen = json.loads(out.stdout)
    assert len(seen) == 2
    for name, message, is_import_error in seen:
        assert name == "MissingSDKError" and is_import_error
        assert "pip install 'instructor[openai]'" in message


def test_from_provider_names_the_extra(python_nosdk):
    out = python_nosdk("""
        import instructor
        for _ in range(2):
            try:
                instructor.from_provider("openai/gpt-4o-mini", api_key="k")
            except ImportError as exc:
                print(str(exc))
    """)
    lines = out.stdout.strip().splitlines()
    assert len(lines) == 2
    assert all("pip install 'instructor[openai]'" in line for line in lines)


def test_eager_import_skips_missing_sdks(python_nosdk):
    out = python_nosdk("""
        import sys
        import instructor
        from instructor.core.provider_registry import provider_registry
        print(provider_registry.stats()["loaded"], "pydantic" in sys.modules)
    """, env={"INSTRUCTOR_EAGER": "1"})
    assert out.stdout.split() == ["0", "True"]


def test_google_providers_name_their_extras(python_nosdk):
    out = python_nosdk("""
        import json
        import instructor
        seen = []
        for call in (lambda: instructor.from_genai(object()),
                     lambda: instructor.from_vertexai(object()),
                     lambda: instructor.from_gemini(object()),
                     lambda: instructor.from_provider("google/gemini-x", api_key="k")):
            try:
                call()
            except ImportError as exc:
                seen.append(str(exc))
        print(json.dumps(seen))
    """)
    genai, vertexai, gemini, google = json.loads(out.stdout)
    assert "needs the 'google.genai' package" in genai
    assert "pip install 'instructor[google-genai]'" in genai
    assert "pip install 'instructor[vertexai]'" in vertexai
    assert "'google.generativeai'" in gemini and "instructor[gemini]" in gemini
    assert "pip install 'instructor[google-genai]'" in google


def test_every_way_to_a_missing_provider_gives_one_message(python_nosdk):
    out = python_nosdk("""
        import json
        import instructor
        from instructor.providers import BUILTIN_PROVIDERS

        def message(call):
            try:
                call()
            except ImportError as exc:
                return str(exc)
            return None

        seen = {}
        for config in BUILTIN_PROVIDERS:
            factory = config.factory.rsplit(":", 1)[1]
            # a public from_<name> (the openai-SDK services have none in 1.x)
            ways = ([message(lambda: getattr(instructor, factory)(object()))]
                    if hasattr(instructor, factory) else [])
            for prefix in config.prefixes:
                ways.append(message(lambda: instructor.from_provider(f"{prefix}/m", api_key="k")))
            seen[config.name] = [ways, config.extra]
        print(json.dumps(seen))
    """)
    seen = json.loads(out.stdout)
    assert len(seen) >= 19
    for name, (ways, extra) in seen.items():
        assert None not in ways, name
        assert len(set(ways)) == 1, (name, ways)  # from_<name> and every prefix alike
        assert f"pip install 'instructor[{extra}]'" in ways[0], name
