"""Module-name patterns: exact names and ``*`` globs, matched without ``re``."""


class PatternSet:
    """A compiled set of module-name patterns.

    A pattern is either an exact dotted name (``"pkg.mod"``) or contains
    ``*``, which matches any run of characters, dots included:
    ``"pkg.*"`` is every module strictly below ``pkg`` (not ``pkg``
    itself), ``"pkg._*"`` every module below ``pkg`` whose name there starts
    with an underscore.  ``prefixes`` is the tuple of literal heads, used by
    the finder for its one-call ``str.startswith`` fast path.

    >>> PatternSet(["a.b.*"]).match("a.b.c.d"), PatternSet(["a.b.*"]).match("a.b")
    (True, False)
    """

    __slots__ = ("_exact", "_globs", "_heads", "patterns", "prefixes")

    def __init__(self, patterns):
        if isinstance(patterns, str):
            patterns = (patterns,)
        exact = set()
        globs = []
        heads = []  # "pkg.*": a plain prefix test, the common case
        prefixes = []
        for pattern in patterns:
            if not isinstance(pattern, str) or not pattern:
                raise ValueError(
                    f"a module pattern must be a non-empty str: {pattern!r}"
                )
            if any(c in pattern for c in "?[]") or pattern.strip() != pattern:
                raise ValueError(
                    f"unsupported module pattern {pattern!r}: use exact names or '*' globs"
                )
            if "*" in pattern:
                parts = tuple(pattern.split("*"))
                if len(parts) == 2 and not parts[1]:
                    heads.append(parts[0])
                else:
                    globs.append(parts)
                prefixes.append(parts[0])
            else:
                exact.add(pattern)
                prefixes.append(pattern)
        self.patterns = tuple(patterns)
        self.prefixes = tuple(dict.fromkeys(prefixes))
        self._exact = frozenset(exact)
        self._heads = tuple(heads)
        self._globs = tuple(globs)

    def match(self, name):
        """Return True if *name* matches one of the patterns."""
        if name in self._exact:
            return True
        if self._heads and name.startswith(self._heads):
            return True
        for parts in self._globs:
            if _glob(name, parts):
                return True
        return False

    def __bool__(self):
        return bool(self.patterns)

    def __repr__(self):
        return f"PatternSet({list(self.patterns)!r})"


def _glob(name, parts):
    head, tail = parts[0], parts[-1]
    start = len(head)
    end = len(name) - len(tail)
    if end < start or not name.startswith(head) or not name.endswith(tail):
        return False
    for middle in parts[1:-1]:
        found = name.find(middle, start, end)
        if found < 0:
            return False
        start = found + len(middle)
    return True
