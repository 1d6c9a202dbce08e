"""Registries: metadata-only registration, precise errors, entry points."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from instructor.core._provider_config import ProviderConfig
from instructor.core.mode_registry import ModeRegistry
from instructor.exceptions import ConfigurationError, ModeError


def test_duplicate_handler_registration_names_both():
    registry = ModeRegistry()
    registry._providers_ready = True  # a bare registry, no built-ins
    registry.register("acme", "tool_call", "acme.handlers:TOOLS")
    with pytest.raises(ConfigurationError) as info:
        registry.register("acme", "tool_call", "other.handlers:TOOLS")
    assert "acme.handlers:TOOLS" in str(info.value)
    assert "other.handlers:TOOLS" in str(info.value)


def test_registration_is_metadata_and_lookup_loads(tmp_path, python):
    (tmp_path / "acme_handlers.py").write_text(textwrap.dedent("""
        LOADED = True
        class Tools:
            pass
    """))
    out = python(f"""
        import sys
        sys.path.insert(0, {str(tmp_path)!r})
        from instructor.core.mode_registry import mode_registry, register_mode_handler
        register_mode_handler("acme", "tool_call", "acme_handlers:Tools")
        assert "acme_handlers" not in sys.modules
        before = mode_registry.stats()
        handler = mode_registry.get_handler("tool_call", "acme")
        after = mode_registry.stats()
        assert type(handler).__name__ == "Tools"
        assert mode_registry.get_handler("tool_call", "acme") is handler
        print(after["loaded"] - before["loaded"], after["total"] - before["total"])
    """)
    assert out.stdout.split() == ["1", "0"]


def test_unknown_mode_error_lists_available():
    registry = ModeRegistry()
    registry._providers_ready = True
    registry.register("acme", "tool_call", "x:y")
    registry.register("acme", "json_mode", "x:z")
    with pytest.raises(ModeError, match="acme has no MD_JSON handler; available: TOOLS, JSON$"):
        registry.get_handler("markdown_json_mode", "acme")


def test_unknown_provider_lists_known_ones():
    from instructor.core.provider_registry import provider_registry

    with pytest.raises(ConfigurationError, match="unknown provider 'nope'.*openai"):
        provider_registry.get("nope")


def test_provider_config_rejects_bad_paths():
    with pytest.raises(ValueError, match="package.module:attribute"):
        ProviderConfig("x", factory="no_colon_here")


PLUGIN_SETUP = '''
from setuptools import setup
setup(
    name="acme-instructor-plugin",
    version="0.1",
    py_modules=["acme_instructor"],
    entry_points={"instructor.providers": ["acme = acme_instructor:CONFIG"]},
)
'''

PLUGIN = '''
from instructor.core.provider_registry import ProviderConfig

CONFIG = ProviderConfig(
    "acme",
    factory="acme_instructor:from_acme",
    modes={"tool_call": "acme_instructor:EchoHandler", "json_mode": "acme_instructor:EchoHandler"},
)


class EchoHandler:
    """Answers with the last user message as JSON: enough to run the flow."""

    def prepare(self, spec, kwargs, *, stream):
        return kwargs

    def parse(self, spec, completion, *, context, strict):
        return spec.validate_json(completion, context, strict)

    def reask(self, kwargs, completion, exc):
        return kwargs

    def usage(self, completion):
        return None

    def add_usage(self, total, usage):
        return total

    def set_usage(self, completion, total):
        pass

    def stream_text(self, chunk):
        return chunk


def from_acme(client, mode="tool_call", **kwargs):
    from instructor import Instructor
    return Instructor(client, create=lambda messages, **kw: messages[-1]["content"],
                      mode=mode, provider="acme", **kwargs)
'''


@pytest.mark.slow
def test_third_party_provider_from_installed_distribution(tmp_path):
    """A distribution declaring an `instructor.providers` entry point just works."""
    src = tmp_path / "plugin"
    src.mkdir()
    (src / "setup.py").write_text(PLUGIN_SETUP)
    (src / "acme_instructor.py").write_text(PLUGIN)
    target = tmp_path / "site"
    built = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                            "--target", str(target), str(src)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    code = textwrap.dedent("""
        import sys
        import instructor
        from pydantic import BaseModel
        from instructor.core.provider_registry import provider_registry

        class User(BaseModel):
            name: str

        import os
        eager = os.environ.get("INSTRUCTOR_EAGER") == "1"
        # lazily, import scans nothing; eagerly, every provider is loaded
        assert ("acme_instructor" in sys.modules) == eager
        assert "acme" in provider_registry.names()        # scanning on demand
        acme = provider_registry.get_factory("acme")(object())
        user = acme.create(response_model=User,
                           messages=[{"role": "user", "content": '{"name": "Ada"}'}])
        print(user.name, provider_registry.get("acme").origin)
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, str(target)])}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["Ada", "distribution", "acme-instructor-plugin"]
