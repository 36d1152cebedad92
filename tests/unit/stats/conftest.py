"""Report how many oracle cases ran; fail a run that selected oracle tests but read no file."""

import pytest

from tests.unit.stats import oracle


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    total = sum(oracle.cases_run.values())
    terminalreporter.write_sep(
        "-", f"oracle cases run: {total} (from {len(oracle.files_read)} oracle files)"
    )
    for name, count in sorted(oracle.cases_run.items()):
        terminalreporter.write_line(f"  {name}: {count}")


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    oracle_tests = [item for item in session.items if "oracle" in item.keywords]
    if oracle_tests and not oracle.files_read and session.testsfailed == 0:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
