"""Show what the harness's Daphne processes logged while a test failed.

Registered by tests/conftest.py. Before each test it notes how long every server's log
is; when the test (or its setup) fails it adds what each log gained meanwhile to the
report, so a 500 or a traceback in the server stands next to the assertion.
"""

from __future__ import annotations

import pytest

from .servers import started_servers

_OFFSETS = pytest.StashKey[dict]()
SHOWN = 6000  # characters of each log at most


def _sizes() -> dict:
    sizes = {}
    for server in started_servers():
        try:
            sizes[server.log] = server.log.stat().st_size
        except FileNotFoundError:
            sizes[server.log] = 0
    return sizes


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    item.stash[_OFFSETS] = _sizes()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call):
    report = yield
    if report.failed:
        offsets = item.stash.get(_OFFSETS, {})
        for server in started_servers():
            if not server.log.exists():
                continue
            with server.log.open("rb") as log:
                log.seek(offsets.get(server.log, 0))
                text = log.read().decode(errors="replace")
            if text.strip():
                report.sections.append((f"Daphne log {server.log}", text[-SHOWN:]))
    return report
