"""Load everything now: load_all() runs every deferred body, verify() also imports what patterns match."""

import sys

from ._attach import attachments
from ._control import DEFERRED, FAILED, controls, namespace
from ._finder import installed


def load_all() -> "list[tuple[str, Exception]]":
    """Run the body of every deferred (or failed) module now; return [(name, exception)].

    Names attached with attach() are resolved too.  Repeats until no
    deferred module is left, since bodies may import (and defer) further
    modules.  Exception subclasses are collected; KeyboardInterrupt and
    SystemExit propagate.

    >>> import importhooks
    >>> importhooks.load_all()
    []
    """
    failures = []
    done = set()
    while True:
        attached = _unresolved(done)
        for attachment, name in attached:
            done.add((attachment, name))
            try:
                attachment.resolve(name)
            except Exception as exc:  # noqa: BLE001 - collecting every failure is the point
                failures.append((f"{attachment.package}.{name}", exc))
        batch = []
        for control in controls():
            if control in done or control.state not in (DEFERRED, FAILED):
                continue
            module = control.ref()
            if module is None:
                continue
            current = sys.modules.get(control.name)
            if current is not None and current is not module:
                continue  # superseded by a newer import of the same name
            batch.append((control, module))
        if not batch and not attached:
            return failures
        for control, module in batch:
            done.add(control)
            try:
                control.load(module, "load_all", None)
            except Exception as exc:  # noqa: BLE001 - collecting every failure is the point
                failures.append((control.name, exc))


def _unresolved(done):
    """(attachment, name) for every attached name its package does not hold yet."""
    found = []
    for attachment in attachments():
        package = sys.modules.get(attachment.package)
        if package is None:
            continue
        ns = namespace(package)
        for name in attachment.names():
            if name not in ns and (attachment, name) not in done:
                found.append((attachment, name))
    return found


def verify(*, walk: bool = True) -> "list[tuple[str, Exception]]":
    """Import every module the installed finders match, then load them all; return failures.

    With *walk*, each pattern's package (``"pkg.*"`` -> ``pkg``) is
    imported and its directory tree listed, so modules nobody imported yet
    are checked too; nested packages are found from their specs, without
    running bodies early.  Returns ``[(module name, exception), ...]``.

    >>> import importhooks
    >>> importhooks.verify()
    []
    """
    failures = []
    if walk:
        for finder in installed():
            failures.extend(_import_matching(finder))
    failures.extend(load_all())
    return failures


def _import_matching(finder):
    import importlib
    import os
    import pkgutil

    failures = []
    seen = set()

    def visit(name):
        if name in seen:
            return
        seen.add(name)
        try:
            importlib.import_module(name)
        except Exception as exc:  # noqa: BLE001 - reported to the caller
            failures.append((name, exc))

    def walk(package, locations):
        for info in pkgutil.iter_modules(locations, package + "."):
            name = info.name
            if finder.exclude.match(name):
                continue
            if finder.patterns.match(name):
                visit(name)
            if info.ispkg:
                spec = info.module_finder.find_spec(name)  # type: ignore[call-arg]
                if spec is not None and spec.submodule_search_locations:
                    walk(name, list(spec.submodule_search_locations))
        # pkgutil skips namespace packages (directories without __init__.py):
        # descend into them too, importing only the modules found inside.
        for location in locations:
            try:
                entries = sorted(os.scandir(location), key=lambda entry: entry.name)
            except OSError:
                continue
            for entry in entries:
                name = f"{package}.{entry.name}"
                if (
                    entry.name.isidentifier()
                    and entry.name != "__pycache__"
                    and entry.is_dir()
                    and not os.path.exists(os.path.join(entry.path, "__init__.py"))
                    and not finder.exclude.match(name)
                ):
                    walk(name, [entry.path])

    for pattern in finder.patterns.patterns:
        if "*" not in pattern:
            if not finder.exclude.match(pattern):
                visit(pattern)
            continue
        head = pattern.split("*", 1)[0]
        root = head[:-1] if head.endswith(".") else head.rpartition(".")[0]
        if not root:
            continue  # "*" or "x*": walking every top-level module is not a check
        try:
            package = importlib.import_module(root)
        except Exception as exc:  # noqa: BLE001 - reported to the caller
            failures.append((root, exc))
            continue
        locations = (
            package.__spec__.submodule_search_locations if package.__spec__ else None
        )
        if locations:
            walk(root, list(locations))
    return failures
