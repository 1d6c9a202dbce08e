"""The documentation: relative links lead somewhere, generated text is current.

Every Markdown file of the repository is checked: a relative link (or image)
must name a file or folder inside the repository, and a ``#fragment`` a
heading of its target. docs/benchmarks.md and the README's benchmark table
are generated from a committed baseline (``python -m perf --docs``); they
must read exactly what the generator gives for it.
"""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Not part of the repository's documents: tools' folders and untracked output.
SKIP_DIRS = {".git", ".tox", "node_modules", "build", "dist", ".hypothesis", ".pytest_cache"}
SKIP_PATHS = {ROOT / "perf" / "results"}

FENCE = re.compile(r"^\s*(```|~~~)")
INLINE_CODE = re.compile(r"(`+).*?\1")
# [text](target "title") and ![alt](target); the target may sit in <...>.
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)")
HTML_LINK = re.compile(r"<(?:a|img)\s[^>]*?(?:href|src)=\"([^\"]*)\"", re.IGNORECASE)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


def markdown_files(root: Path) -> list[Path]:
    found = []
    for path in sorted(root.rglob("*.md")):
        parts = path.relative_to(root).parts
        if any(p in SKIP_DIRS or p.startswith(".venv") or p.endswith(".egg-info") for p in parts):
            continue
        if any(skip in path.parents for skip in SKIP_PATHS):
            continue
        found.append(path)
    return found


def _prose_lines(text: str):
    """(line number, line) outside fenced code, with inline code blanked."""
    fenced = False
    for number, line in enumerate(text.splitlines(), 1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, INLINE_CODE.sub("", line)


def links(text: str) -> list[tuple[int, str]]:
    out = []
    for number, line in _prose_lines(text):
        for pattern in (INLINE_LINK, REFERENCE, HTML_LINK):
            out += [(number, m.group(1)) for m in pattern.finditer(line)]
    return out


def anchors(text: str) -> set[str]:
    """GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens."""
    seen: dict[str, int] = {}
    out = set()
    for _, line in _prose_lines(text):
        heading = re.match(r"^\s{0,3}#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not heading:
            continue
        slug = re.sub(r"[^\w\- ]", "", heading.group(1).lower()).replace(" ", "-")
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def broken_links(path: Path, root: Path) -> list[str]:
    """Each relative link of ``path`` that leads nowhere, with the reason."""
    text = path.read_text(encoding="utf-8")
    problems = []
    for number, target in links(text):
        if not target or SCHEME.match(target) or target.startswith("//"):
            continue  # an absolute URL: not this check's business
        where = f"{path.relative_to(root)}:{number}: {target}"
        file_part, _, fragment = target.partition("#")
        resolved = (path.parent / file_part).resolve() if file_part else path
        if file_part.startswith("/") or not resolved.is_relative_to(root.resolve()):
            problems.append(f"{where}: leads out of the repository")
            continue
        if not resolved.exists():
            problems.append(f"{where}: no such file")
            continue
        if fragment and resolved.suffix == ".md" and fragment not in anchors(
            resolved.read_text(encoding="utf-8")
        ):
            problems.append(f"{where}: no heading #{fragment} there")
    return problems


def test_every_relative_link_in_the_docs_leads_somewhere():
    files = markdown_files(ROOT)
    assert ROOT / "README.md" in files and ROOT / "docs" / "benchmarks.md" in files
    problems = [p for path in files for p in broken_links(path, ROOT)]
    assert problems == [], "\n".join(problems)


def test_the_link_check_catches_what_it_should(tmp_path):
    """The checker itself: it must fail on each kind of dead link."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "img.png").write_bytes(b"")
    (tmp_path / "other.md").write_text("# A Heading: here\n")
    page = tmp_path / "docs" / "page.md"
    page.write_text(
        "[ok](../other.md#a-heading-here) ![ok](../img.png) [web](https://example.com)\n"
        "[gone](missing.md) ![gone](img.png) [frag](../other.md#nowhere)\n"
        "[out](../../outside.md) [self](#top)\n"
        "`[code](not-checked.md)`\n"
        "```\n[fenced](not-checked.md)\n```\n"
        '[ref]: ../nope.txt\n<img src="../nothing.png">\n'
    )
    found = broken_links(page, tmp_path)
    assert [p.split(": ", 1)[1] for p in found] == [
        "missing.md: no such file",
        "img.png: no such file",
        "../other.md#nowhere: no heading #nowhere there",
        "../../outside.md: leads out of the repository",
        "#top: no heading #top there",
        "../nope.txt: no such file",
        "../nothing.png: no such file",
    ]


def test_generated_benchmark_docs_match_their_baseline():
    """docs/benchmarks.md and the README's table are what their baseline gives.

    On failure: ``python -m perf --docs`` regenerates them (or, after a new
    run, ``python -m perf --publish``); never edit them by hand.
    """
    from perf import _docs

    for path, text in _docs.expected_texts(ROOT).items():
        assert (ROOT / path).read_text(encoding="utf-8") == text, (
            f"{path} is not what its baseline generates; run `python -m perf --docs`"
        )
