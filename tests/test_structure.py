"""The code's shape, checked: where a newcomer looks for a rule is the only
place it is written. These read the source; they import nothing of it."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("projects", "kling_sandbox", "avatarstudio")
# Not the product, but read and changed as often: held to the same length.
TESTS_AND_BENCHMARKS = ("tests", "bench")
MAX_LINES = 400


def _modules(package):
    for path in sorted((ROOT / package).rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        yield ".".join(parts), path, is_package


def _imports(name, path, is_package, *, top_level_only):
    """(module, names) for each import of a file, relative imports resolved."""
    tree = ast.parse(path.read_text())
    nodes = tree.body if top_level_only else list(ast.walk(tree))
    found = []
    for node in nodes:
        if isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            found.append((base, [alias.name for alias in node.names]))
    return found


def _graph():
    """Which module of the product imports which, at import time. ``from pkg
    import submodule`` depends on the submodule; the package itself is
    already being imported as its parent."""
    known = {name: (path, is_package) for name, path, is_package in _modules("projects")}
    graph = {}
    for name, (path, is_package) in known.items():
        targets = set()
        for base, names in _imports(name, path, is_package, top_level_only=True):
            submodules = {f"{base}.{n}" for n in names} & known.keys()
            targets |= submodules or ({base} & known.keys())
        graph[name] = targets - {name}
    return graph


def test_no_module_of_the_product_imports_inside_a_function():
    # An import inside a function hides a cycle or a dependency from the reader.
    hidden = []
    for name, path, _ in _modules("projects"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                hidden += [
                    f"{name}:{sub.lineno}"
                    for sub in ast.walk(node)
                    if isinstance(sub, ast.Import | ast.ImportFrom)
                ]
    assert hidden == []


def _cycles(graph):
    cycles = []
    state = {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for target in sorted(graph.get(node, ())):
            if state.get(target) == "open":
                cycles.append(stack[stack.index(target) :] + [target])
            elif target not in state:
                visit(target, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    return cycles


def test_the_product_has_no_import_cycles():
    graph = _graph()
    assert len(graph) > 50
    assert _cycles(graph) == []


def test_the_cycle_check_finds_a_cycle_through_several_modules():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c", "a"]]


def test_the_sandbox_and_the_product_never_import_each_other():
    # The sandbox is an independent implementation of Kling's contract, so
    # that our client and it cannot agree by sharing a bug.
    for package, other in (("kling_sandbox", "projects"), ("projects", "kling_sandbox")):
        for name, path, is_package in _modules(package):
            imported = _imports(name, path, is_package, top_level_only=False)
            assert not [m for m, _ in imported if m.split(".")[0] == other], name


def test_no_module_imports_another_modules_private_names():
    leaks = []
    for name, path, _ in _modules("projects"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.ImportFrom)
                and node.level == 0
                and (node.module or "").startswith("projects")
            ):
                leaks += [
                    f"{name} imports {node.module}.{alias.name}"
                    for alias in node.names
                    if alias.name.startswith("_")
                ]
    assert leaks == []


@pytest.mark.parametrize("package", PACKAGES + TESTS_AND_BENCHMARKS)
def test_every_file_fits_in_one_persons_head(package):
    modules = list(_modules(package))
    assert modules, f"no Python file found under {package}/"
    long = {
        name: lines
        for name, path, _ in modules
        if (lines := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


def test_only_the_render_lifecycle_writes_a_renders_status():
    # Status changes are guarded transitions on the model; anything else
    # writing `status` would bypass their guards.
    allowed = {"projects.models.render_lifecycle"}
    writers = []
    for name, path, _ in _modules("projects"):
        if name in allowed:
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", "") == "update"
                and any(k.arg == "status" for k in node.keywords)
            ):
                writers.append(f"{name}:{node.lineno}")
            if isinstance(node, ast.Assign):
                # `render.status = ...`; an exception's own `self.status` is not a render's.
                writers += [
                    f"{name}:{node.lineno}"
                    for target in node.targets
                    if isinstance(target, ast.Attribute)
                    and target.attr == "status"
                    and not (isinstance(target.value, ast.Name) and target.value.id == "self")
                ]
    assert writers == []
