"""Providers from installed distributions (the ``instructor.providers`` entry points)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

SETUP = '''
from setuptools import setup
setup(
    name={dist!r},
    version="0.1",
    py_modules=[{module!r}],
    entry_points={{"instructor.providers": [{entry!r}]}},
)
'''

GOOD = '''
from instructor import Instructor
from instructor.core.adapter import ProviderAdapter
from instructor.core.handler import ModeHandler
from instructor.core.provider_registry import ProviderConfig

CONFIG = ProviderConfig(
    "acme",
    factory="acme_instructor:from_acme",
    adapter="acme_instructor:EchoAdapter",
    modes={"tool_call": "acme_instructor:EchoHandler", "json_mode": "acme_instructor:EchoHandler"},
)


class EchoAdapter(ProviderAdapter):
    """The 'SDK' answers with the last message's content."""

    def create(self, request):
        return request["messages"][-1]["content"]


class EchoHandler(ModeHandler):
    def prepare(self, spec, request, *, stream):
        return request

    def parse(self, spec, completion, *, context, strict):
        return spec.validate_json(completion, context, strict)


def from_acme(client, mode="tool_call", **kwargs):
    return Instructor(client, mode=mode, provider="acme", **kwargs)
'''

BROKEN = '''
raise ImportError("the plugin needs acme-sdk>=9")
'''


def install(tmp_path, target, dist, module, entry, source):
    src = tmp_path / dist
    src.mkdir()
    (src / "setup.py").write_text(SETUP.format(dist=dist, module=module, entry=entry))
    (src / f"{module}.py").write_text(source)
    built = subprocess.run([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                            "--target", str(target), str(src)],
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr


@pytest.mark.slow
def test_third_party_providers_load_one_by_one(tmp_path):
    """A good plugin works, a broken one is reported with its distribution's name."""
    target = tmp_path / "site"
    install(tmp_path, target, "acme-instructor-plugin", "acme_instructor",
            "acme = acme_instructor:CONFIG", GOOD)
    # Named to sort first: a broken plugin must not stop the ones after it.
    install(tmp_path, target, "aaa-broken-plugin", "aaa_broken", "aaa = aaa_broken:CONFIG",
            BROKEN)
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    code = textwrap.dedent("""
        import os, sys
        import instructor
        from pydantic import BaseModel
        from instructor.core.provider_registry import provider_registry

        class User(BaseModel):
            name: str

        eager = os.environ.get("INSTRUCTOR_EAGER") == "1"
        # lazily, import scans nothing; eagerly, every provider is loaded
        assert ("acme_instructor" in sys.modules) == eager
        assert "acme" in provider_registry.names()        # scanning on demand
        acme = provider_registry.get_factory("acme")(object())
        user = acme.create(response_model=User,
                           messages=[{"role": "user", "content": '{"name": "Ada"}'}])
        print(user.name, provider_registry.get("acme").origin)
        for _ in range(2):
            try:
                provider_registry.get("aaa")
            except Exception as exc:
                print(type(exc).__name__, "|", exc)
        try:
            instructor.from_provider("aaa/model")
        except Exception as exc:
            print(type(exc).__name__, "|", exc)
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([root, str(target)])}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    first, *broken = out.stdout.splitlines()
    assert first.split() == ["Ada", "distribution", "acme-instructor-plugin"]
    assert len(broken) == 3
    expected = ("provider 'aaa' from aaa-broken-plugin (entry point aaa = aaa_broken:CONFIG "
                "in group 'instructor.providers') failed to load: the plugin needs acme-sdk>=9")
    for line in broken:
        name, _, message = line.partition(" | ")
        assert name in ("ConfigurationError", "ProviderStringError")
        assert message == expected
