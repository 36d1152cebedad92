"""Where the shared reference material (../shared beside the clone) lives, for tests."""

import os
from pathlib import Path

import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("PLACEMATTERS_SHARED", REPOSITORY.parent / "shared"))
ORACLE = SHARED / "oracle"
DATA = SHARED / "data"


def shared_data(*parts: str) -> Path:
    """Path to a file under ../shared/data, skipping the test with a clear reason when absent."""
    path = DATA.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"needs the shared open data at {path} (set PLACEMATTERS_SHARED to its folder)")
    return path
