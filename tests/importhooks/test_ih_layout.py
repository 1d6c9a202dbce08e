"""The package's shape: no file over 400 lines, and an import graph without cycles."""

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "importhooks"
MAX_LINES = 400


def _internal_imports(path):
    """The package modules that *path* imports anywhere, function-local imports included."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level == 1:
                found.update([node.module] if node.module else [a.name for a in node.names])
            elif node.level == 0 and (node.module or "").startswith("importhooks"):
                found.add(node.module.partition(".")[2] or "__init__")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                head, _, rest = alias.name.partition(".")
                if head == "importhooks":
                    found.add(rest.partition(".")[0] or "__init__")
    found.discard(path.stem)
    return {name for name in found if (path.parent / f"{name}.py").exists()}


def _graph(package):
    return {path.stem: _internal_imports(path) for path in package.glob("*.py")}


def _cycle(graph):
    """One import cycle as a list of names, or None."""
    visiting, done = [], set()

    def visit(name):
        if name in visiting:
            return [*visiting[visiting.index(name) :], name]
        if name in done:
            return None
        visiting.append(name)
        for dependency in sorted(graph.get(name, ())):
            found = visit(dependency)
            if found:
                return found
        visiting.pop()
        done.add(name)
        return None

    for name in sorted(graph):
        found = visit(name)
        if found:
            return found
    return None


def test_no_module_passes_the_line_budget():
    sizes = {p.name: len(p.read_text(encoding="utf-8").splitlines()) for p in PACKAGE.glob("*.py")}
    assert len(sizes) > 5 and max(sizes.values()) <= MAX_LINES, sizes


def test_import_graph_has_no_cycle():
    graph = _graph(PACKAGE)
    assert {"_control", "_module"} <= graph["_loader"], graph  # the parser sees real edges
    assert _cycle(graph) is None, " -> ".join(_cycle(graph))


def test_the_cycle_check_notices_a_function_local_import(tmp_path):
    (tmp_path / "_a.py").write_text("from ._b import x\n")
    (tmp_path / "_b.py").write_text("def f():\n    from . import _a\n")
    assert _cycle(_graph(tmp_path)) == ["_a", "_b", "_a"]


def test_lazy_exports_and_what_type_checkers_read_agree():
    """__init__ serves _LAZY at run time and imports the same names for checkers."""
    import importhooks

    tree = ast.parse((PACKAGE / "__init__.py").read_text(encoding="utf-8"))
    checked = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for child in node.body:
                if isinstance(child, ast.ImportFrom) and child.level == 1:
                    for alias in child.names:
                        checked[alias.asname or alias.name] = child.module or alias.name
    lazy = dict(importhooks._LAZY, testing="testing")
    assert checked == lazy
    public = set(importhooks.__all__)
    eager = {name for name in public if name in vars(importhooks) and name not in lazy}
    assert public == eager | (set(lazy) - {"testing"}), public ^ (eager | set(lazy))
