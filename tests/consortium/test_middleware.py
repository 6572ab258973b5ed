"""The middleware stack under ASGI: few switches between async and sync, headers kept.

Every switch is a hop to Django's one sync thread with a copy of the request's context
(settings.MIDDLEWARE says why the order matters). Counted like queries: the old order, with
ServeStatic after SecurityMiddleware, took 11 for the trivial view.
"""

from __future__ import annotations

import gc

import pytest
from asgiref import sync

from django.dispatch import Signal
from django.test import AsyncClient

from consortium import collector


@pytest.fixture
def switches(monkeypatch) -> dict[str, int]:
    counted = {"to_thread": 0, "to_loop": 0}
    to_thread, to_loop = sync.SyncToAsync.__call__, sync.AsyncToSync.__call__

    async def counting_to_thread(self, *args, **kwargs):
        counted["to_thread"] += 1
        return await to_thread(self, *args, **kwargs)

    def counting_to_loop(self, *args, **kwargs):
        counted["to_loop"] += 1
        return to_loop(self, *args, **kwargs)

    monkeypatch.setattr(sync.SyncToAsync, "__call__", counting_to_thread)
    monkeypatch.setattr(sync.AsyncToSync, "__call__", counting_to_loop)
    return counted


async def test_a_request_runs_the_middleware_in_one_sync_stretch(switches) -> None:
    client = AsyncClient()
    await client.get("/livez")  # the handler's first request loads the middleware
    switches.update(to_thread=0, to_loop=0)

    response = await client.get("/livez")

    assert response.status_code == 200
    # Into the middleware, back out for the resolver, CSRF's view check and the view
    # itself, and the response's close: 6 in all.
    assert switches["to_thread"] + switches["to_loop"] <= 6, switches
    # The security headers still come from the middleware.
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'self'" in response["Content-Security-Policy"]


async def test_static_files_carry_the_security_headers() -> None:
    response = await AsyncClient().get("/static/css/site.css")

    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"


def test_the_collector_freezes_at_start_and_once_more_after_the_warm_up() -> None:
    request_finished = Signal()  # Django's own also closes database connections
    gc.unfreeze()
    try:
        collector.freeze_now_and_after_warm_up(requests=3, finished=request_finished)
        assert gc.get_freeze_count() > 0

        gc.unfreeze()
        request_finished.send(sender=None)
        request_finished.send(sender=None)
        assert gc.get_freeze_count() == 0
        request_finished.send(sender=None)
        assert gc.get_freeze_count() > 0

        gc.unfreeze()
        for _ in range(5):
            request_finished.send(sender=None)
        assert gc.get_freeze_count() == 0, "the warm-up freeze happens once, then lets go"
    finally:
        gc.unfreeze()
