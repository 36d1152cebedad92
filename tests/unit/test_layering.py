"""The import-linter contract names every part of the project except the statistics package."""

import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_stats_contract_forbids_every_other_part_of_the_project():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    contract = next(
        c
        for c in config["tool"]["importlinter"]["contracts"]
        if c["source_modules"] == ["placematters.stats"]
    )
    forbidden = set(contract["forbidden_modules"])
    assert "django" in forbidden
    package = ROOT / "placematters"
    parts = {
        f"placematters.{path.stem if path.is_file() else path.name}"
        for path in package.iterdir()
        if (path.is_dir() and (path / "__init__.py").exists())
        or (path.suffix == ".py" and path.stem != "__init__")
    }
    parts.discard("placematters.stats")
    missing = parts - forbidden
    assert not missing, f"add to the stats contract's forbidden_modules: {sorted(missing)}"
