"""Production settings pass Django's deployment checks; the ASGI app refuses foreign origins."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from channels.testing import WebsocketCommunicator

from django.conf import settings

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "consortium.settings.production",
    "SECRET_KEY": "x9!" * 20 + "production-grade-secret-from-the-environment",
    "ALLOWED_HOSTS": "consortium.example.jp",
    "DATABASE_URL": "sqlite:////tmp/consortium-deploy-check.sqlite3",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.jp:587",
}


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env={**clean, **env},
        capture_output=True,
        text=True,
    )


def test_check_deploy_reports_nothing_with_production_values() -> None:
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_manage("check", **env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_redis_url_switches_channel_layer_and_cache() -> None:
    code = (
        "from django.conf import settings as s;"
        "print(s.CHANNEL_LAYERS['default']['BACKEND']);print(s.CACHES['default']['BACKEND']);"
        "print(s.DATABASES['default']['ENGINE'], s.DATABASES['default']['CONN_MAX_AGE'])"
    )
    result = run_manage(
        "shell",
        "-v0",
        "-c",
        code,
        **{**PRODUCTION_ENV, "DATABASE_URL": "postgres://u:p@db.example.jp:5432/consortium"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:3] == [
        "channels_redis.core.RedisChannelLayer",
        "consortium.redis_cache.RedisCache",
        "django.db.backends.postgresql 0",
    ]


POOL = (
    "import json; from django.conf import settings as s; "
    "print(json.dumps(s.DATABASES['default'], default=str))"
)


@pytest.mark.parametrize(
    ("extra", "pool"),
    [
        ({}, {"min_size": 1, "max_size": 10, "timeout": 10.0}),
        (
            {"DATABASE_POOL_MAX_SIZE": "4", "DATABASE_POOL_MIN_SIZE": "9"},
            {"min_size": 4, "max_size": 4, "timeout": 10.0},
        ),
        ({"DATABASE_POOL_MAX_SIZE": "0"}, None),
    ],
)
def test_postgresql_connections_come_from_a_pool_unless_turned_off(extra, pool) -> None:
    env = {**PRODUCTION_ENV, "DATABASE_URL": "postgres://u:p@db.example.jp:5432/c", **extra}
    result = run_manage("shell", "-v0", "-c", POOL, **env)
    assert result.returncode == 0, result.stderr
    database = json.loads(result.stdout)
    assert database["CONN_MAX_AGE"] == 0  # Django refuses a pool with persistent connections
    assert database.get("OPTIONS", {}).get("pool") == pool


def test_sqlite_has_no_pool() -> None:
    env = {"DJANGO_SETTINGS_MODULE": "consortium.settings.dev"}
    result = run_manage("shell", "-v0", "-c", POOL, **env)
    assert result.returncode == 0, result.stderr
    assert "pool" not in json.loads(result.stdout).get("OPTIONS", {})


def test_defaults_need_no_external_service() -> None:
    env = {"DJANGO_SETTINGS_MODULE": "consortium.settings.dev"}
    code = (
        "from django.conf import settings as s;"
        "print(s.CHANNEL_LAYERS['default']['BACKEND']);print(s.DATABASES['default']['ENGINE']);"
        "print(s.EMAIL_BACKEND)"
    )
    result = run_manage("shell", "-v0", "-c", code, **env)
    assert result.stdout.split("\n")[:3] == [
        "channels.layers.InMemoryChannelLayer",
        "consortium.sqlite",
        "django.core.mail.backends.console.EmailBackend",
    ]


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(
    ("origin", "accepted"),
    [(b"http://127.0.0.1", True), (b"http://evil.example", False), (None, False)],
)
async def test_websocket_origin_is_checked(origin: bytes | None, accepted: bool) -> None:
    from consortium.asgi import application

    headers = [(b"origin", origin)] if origin else []
    communicator = WebsocketCommunicator(application, "/ws/rooms/open-forum/", headers=headers)
    connected, _code = await communicator.connect()
    assert connected is accepted
    await communicator.disconnect()


def test_admin_sends_anonymous_people_through_allauth(client, db) -> None:
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.headers["Location"]
    assert client.get("/django-admin/").status_code == 302
