"""Fail when a view or API module touches models directly instead of queries and actions.

Views and API endpoints must read tenant data through ``queries.py`` (which scopes it to the
partnership) and change it through ``actions.py`` (which checks roles and audits). This check
looks at their syntax trees for ``<Model>.objects`` and for ``.save()``, ``.create()``,
``.delete()`` and friends.
"""

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "placematters"
WRITE_METHODS = {
    "save", "create", "delete", "bulk_create", "bulk_update", "get_or_create",
    "update_or_create",
}  # fmt: skip


def view_modules() -> list[Path]:
    modules = [*PACKAGE.rglob("views.py"), *PACKAGE.rglob("views/*.py")]
    modules += list(PACKAGE.rglob("api/*.py"))
    return sorted(set(modules))


def problems_in(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            found.append(f"{path}:{node.lineno}: uses a model manager (.objects); use queries.py")
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITE_METHODS
        ):
            found.append(
                f"{path}:{node.lineno}: calls .{node.func.attr}(); change data through actions.py"
            )
    return found


def main() -> int:
    problems = [problem for path in view_modules() for problem in problems_in(path)]
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} convention problem(s) in views and API modules")
        return 1
    print(f"Conventions hold in {len(view_modules())} view and API modules")
    return 0


if __name__ == "__main__":
    sys.exit(main())
