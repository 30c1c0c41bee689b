"""The house plan, checked: doors between the apps open one way (see README "The house plan").

    portal (the shell)  ->  rooms (news, dossiers, stats, publications, organisation, questions)  ->  core (toolkit)

The modules of every app (tests and migrations aside) are read as source (AST), so the check needs no import and
sees imports written inside functions too. It fails on:
- any cycle between two top-level apps;
- a room or the toolkit importing the shell, the toolkit importing a room;
- a room importing another room, except news asking stats/api.py for view counts;
- a model field pointing at another room's model by name ("organisation.Unit"): a door too, though no import;
- a project import inside a function without a comment on its line (or the line above) saying why Django needs it
  there (AppConfig.ready, a migration, a cycle Django's loading order forces).
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHELL = "portal"
TOOLKIT = "core"
ROOMS = {"news", "dossiers", "stats", "publications", "organisation", "questions"}
APPS = ROOMS | {SHELL, TOOLKIT}
# The one door between rooms: (importing room, imported module).
ALLOWED_BETWEEN_ROOMS = {("news", "stats.api")}
REASON_WORDS = ("django", "appconfig.ready", "migration", "cycle")


def _modules():
    for app in sorted(APPS):
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.relative_to(ROOT).parts:
                continue
            yield app, path


def _module_name(app, path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _absolute(node, module, is_package):
    """The absolute module an import node names (relative imports resolved against `module`)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if node.level == 0:
        return [node.module]
    base = module.split(".")
    base = base[: len(base) - node.level + (1 if is_package else 0)]
    target = ".".join(base + ([node.module] if node.module else []))
    if node.module:
        return [target]
    return [f"{target}.{alias.name}" for alias in node.names]


class Import:
    def __init__(self, app, path, line, target, in_function, source_lines):
        self.app, self.path, self.line, self.target, self.in_function = app, path, line, target, in_function
        self.source_lines = source_lines

    @property
    def target_app(self):
        return self.target.split(".")[0]

    @property
    def where(self):
        return f"{self.path.relative_to(ROOT)}:{self.line}"

    def explained(self):
        text = " ".join(self.source_lines[max(0, self.line - 2): self.line]).lower()
        if "#" not in text:
            return False
        comment = text[text.index("#"):]
        return any(word in comment for word in REASON_WORDS)


def _imports():
    found = []
    for app, path in _modules():
        source = path.read_text(encoding="utf-8")
        tree = ast.parse(source, filename=str(path))
        lines = source.splitlines()
        module = _module_name(app, path)
        is_package = path.name == "__init__.py"
        inside = set()
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                inside.update(id(sub) for sub in ast.walk(node) if isinstance(sub, (ast.Import, ast.ImportFrom)))
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in _absolute(node, module, is_package):
                    if target and target.split(".")[0] in APPS:
                        found.append(Import(app, path, node.lineno, target, id(node) in inside, lines))
    return found


def _model_references():
    """("app", "other_app.Model", where) for every string model reference in a field definition."""
    references = []
    for app, path in _modules():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            first = node.args[0]
            if name in {"ForeignKey", "OneToOneField", "ManyToManyField", "ParentalKey", "ParentalManyToManyField"} \
                    and isinstance(first, ast.Constant) and isinstance(first.value, str) and "." in first.value:
                references.append((app, first.value, f"{path.relative_to(ROOT)}:{node.lineno}"))
    return references


IMPORTS = _imports()


def _graph():
    edges = {}
    for item in IMPORTS:
        if item.target_app != item.app:
            edges.setdefault(item.app, {}).setdefault(item.target_app, item.where)
    return edges


def test_the_apps_are_all_read():
    read = {item.app for item in IMPORTS}
    assert read == APPS, f"apps without a single project import read: {APPS - read}"
    assert len(IMPORTS) > 100


def test_no_cycle_between_apps():
    edges = _graph()
    cycles = []
    for start in sorted(APPS):
        stack = [(start, [start])]
        while stack:
            node, trail = stack.pop()
            for nxt in edges.get(node, {}):
                if nxt == start:
                    cycles.append(" -> ".join([*trail, nxt]) + f" (first door at {edges[node][nxt]})")
                elif nxt not in trail:
                    stack.append((nxt, [*trail, nxt]))
    assert not cycles, "import cycles between apps:\n" + "\n".join(sorted(set(cycles)))


def test_nothing_imports_the_shell():
    wrong = [f"{item.where} {item.app} imports {item.target}" for item in IMPORTS
             if item.target_app == SHELL and item.app != SHELL]
    assert not wrong, "the shell (portal) is imported by:\n" + "\n".join(wrong)


def test_the_toolkit_imports_no_room():
    wrong = [f"{item.where} imports {item.target}" for item in IMPORTS
             if item.app == TOOLKIT and item.target_app in ROOMS | {SHELL}]
    assert not wrong, "core imports rooms:\n" + "\n".join(wrong)


def test_rooms_do_not_import_each_other():
    wrong = []
    for item in IMPORTS:
        if item.app in ROOMS and item.target_app in ROOMS and item.target_app != item.app:
            allowed = any(item.app == room and (item.target == module or item.target.startswith(module + "."))
                          for room, module in ALLOWED_BETWEEN_ROOMS)
            if not allowed:
                wrong.append(f"{item.where} {item.app} imports {item.target}")
    assert not wrong, "rooms importing other rooms:\n" + "\n".join(wrong)


def test_models_point_at_other_rooms_only_downwards():
    wrong = []
    for app, reference, where in _model_references():
        target = reference.split(".")[0].lower()
        if app in ROOMS and target in ROOMS and target != app:
            wrong.append(f"{where} {app} -> {reference}")
        if app in ROOMS | {TOOLKIT} and target == SHELL:
            wrong.append(f"{where} {app} -> {reference}")
        if app == TOOLKIT and target in ROOMS:
            wrong.append(f"{where} {app} -> {reference}")
    assert not wrong, "model fields pointing through a wall:\n" + "\n".join(wrong)


def test_imports_inside_functions_say_why():
    unexplained = [f"{item.where} {item.source_lines[item.line - 1].strip()}"
                   for item in IMPORTS if item.in_function and not item.explained()]
    assert not unexplained, (
        "project imports inside functions, without a comment saying why Django needs them there:\n"
        + "\n".join(unexplained)
    )


@pytest.mark.parametrize("source, expected", [
    ("from . import signals", ["news.signals"]),
    ("from .models import Comment", ["news.models"]),
    ("from ..models import Comment", ["news.models"]),
])
def test_relative_imports_are_resolved(source, expected):
    node = ast.parse(source).body[0]
    module = "news.templatetags.feedback_tags" if source.startswith("from ..") else "news.apps"
    assert _absolute(node, module, is_package=False) == expected
