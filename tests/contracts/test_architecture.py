"""The package's shape: layers that import only downward, no import cycles, every module documented and declared.

A newcomer reads the flow from the tree (core -> inputs -> analysis -> sections -> publish -> cli); these
tests keep the tree honest as the package grows.
"""

from __future__ import annotations

import ast
import json
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "benchmark"
#: Layers from the bottom up; a module may import from its own layer and the layers below it.
LAYERS = ["core", "inputs", "analysis", "sections", "publish", "cli"]


def modules() -> dict[str, Path]:
    """Every module of the package by dotted name (``benchmark.inputs.load``)."""
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = list(rel.parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def layer_of(module: str) -> int | None:
    """Index of a module's layer; None for the package root (``benchmark``, ``benchmark.__main__``)."""
    parts = module.split(".")
    if len(parts) < 2 or parts[1] in ("__main__",):
        return None
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else None


def imports_of(module: str, path: Path) -> set[str]:
    """Package modules imported by ``module`` anywhere in it (module level or inside functions)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_pkg = path.name == "__init__.py"
    base = module.split(".") if is_pkg else module.split(".")[:-1]
    known = modules()
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                target = base[: len(base) - (node.level - 1)]
                mod = ".".join(target + ([node.module] if node.module else []))
            else:
                mod = node.module or ""
            if not mod.startswith("benchmark"):
                continue
            for alias in node.names:
                sub = f"{mod}.{alias.name}"
                out.add(sub if sub in known else mod)
        elif isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.startswith("benchmark"))
    out.discard(module)
    return {m for m in out if m in known}


def test_layers_import_only_downward():
    """A data-layer module that imports a section (or a section that imports publishing) breaks the flow."""
    upward = []
    for mod, path in modules().items():
        mine = layer_of(mod)
        if mine is None:
            continue
        for imp in imports_of(mod, path):
            theirs = layer_of(imp)
            if theirs is not None and theirs > mine:
                upward.append(f"{mod} ({LAYERS[mine]}) imports {imp} ({LAYERS[theirs]})")
    assert upward == []


def test_no_import_cycles():
    """Two modules that import each other (directly or round a loop) cannot be understood one at a time."""
    graph = {mod: imports_of(mod, path) for mod, path in modules().items()}
    # the package root and sub-package __init__ files re-export; only real modules count
    graph = {
        m: {i for i in deps if not modules()[i].name == "__init__.py"}
        for m, deps in graph.items()
        if modules()[m].name != "__init__.py"
    }
    cycles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in graph.get(node, ()):
            if state.get(nxt) == 1:
                cycles.append(" -> ".join(stack[stack.index(nxt) :] + [nxt]))
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for node in graph:
        if node not in state:
            visit(node, [node])
    assert cycles == []


def test_every_module_has_a_docstring_and_is_named_in_the_readme():
    """The README's architecture section names every module with its job, so the tree can be read from it."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    arch = readme[readme.index("## Architecture") :]
    arch = arch[: arch.find("\n## ", 5)] if "\n## " in arch[5:] else arch
    missing_doc, missing_readme = [], []
    for mod, path in modules().items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if not ast.get_docstring(tree) and path.stat().st_size:
            missing_doc.append(mod)
        if path.name == "__init__.py" or path.name == "__main__.py":
            continue
        rel = path.relative_to(PACKAGE).as_posix()
        if f"`{rel}`" not in arch:
            missing_readme.append(rel)
    assert missing_doc == []
    assert missing_readme == [], "add these to the README's architecture table"


def _declared_distributions() -> set[str]:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    reqs = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        reqs += extra
    return {re.split(r"[<>=!~\[; ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in reqs}


def test_every_imported_library_is_a_declared_dependency():
    """A library the code imports but pyproject.toml does not declare would break a fresh install one day."""
    dists = metadata.packages_distributions()
    declared = _declared_distributions()
    stdlib = set(sys.stdlib_module_names)
    missing = set()
    for path in [*PACKAGE.rglob("*.py"), *(ROOT / "scripts").glob("*.py"), *(ROOT / "tests").rglob("*.py")]:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if not top or top in stdlib or top == "benchmark" or any((ROOT / "tests").rglob(f"{top}.py")):
                    continue  # the standard library, the package, or a helper module of the tests
                owners = {d.lower().replace("_", "-") for d in dists.get(top, [])}
                if not owners & declared:
                    missing.add(f"{top} ({path.relative_to(ROOT)})")
    assert sorted(missing) == []


#: Libraries a brief's kernel must not import: each costs a fifth to a third of a second of every kernel's start,
#: and the briefs do without them (charts are plain matplotlib Figures, maps are drawn from shapely's shapes).
HEAVY_FOR_A_KERNEL = ("matplotlib.pyplot", "geopandas", "pyproj", "seaborn")


def test_the_package_never_imports_pyplot_geopandas_or_seaborn():
    """No module of the package imports a library a brief does without; the data scripts and tests still may."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""] + [f"{node.module}.{a.name}" for a in node.names]
            heavy = [n for n in names if n in HEAVY_FOR_A_KERNEL or n.split(".")[0] in HEAVY_FOR_A_KERNEL]
            found += [f"{path.relative_to(ROOT)}:{node.lineno}: {n}" for n in heavy]
    assert found == []


@pytest.mark.parametrize(
    "pattern, what",
    [
        (r"\bissue\s+#?\d+", "a tracker note ('issue 3'): say what the code does, not which ticket asked"),
        (r"/work/|/home/\w+|/root/|/tmp/pytest", "a machine path"),
    ],
)
def test_no_tracker_notes_or_machine_paths_in_code(pattern, what):
    """Comments and strings speak to the next reader of the code, not to a tracker or one machine."""
    found = []
    for path in [
        *PACKAGE.rglob("*.py"),
        *PACKAGE.rglob("*.yaml"),
        *PACKAGE.rglob("*.j2"),
        *PACKAGE.rglob("*.css"),
        *(ROOT / "scripts").glob("*"),
        *(ROOT / "notebooks").rglob("*.ipynb"),
    ]:
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":  # the cells as written; stored outputs quote the data ("Issue No. 2")
            cells = json.loads(text)["cells"]
            text = "\n".join("".join(c["source"]) for c in cells)
        for n, line in enumerate(text.splitlines(), 1):
            if re.search(pattern, line, re.I):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()[:100]}")
    assert found == [], what
