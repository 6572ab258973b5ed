"""The room protocol's JSON Schema (docs/dialogue-protocol.schema.json), for tests.

Every test that receives frames from a room socket passes them through `server_frame`:
the Channels communicator of tests/dialogue/conftest.py and the websockets clients of
tests/integration/. A frame of a type the schema does not know, or with a field it does not
name, fails the test that received it.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "docs" / "dialogue-protocol.schema.json"
DOC_PATH = ROOT / "docs" / "dialogue-protocol.md"


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _types(side: str) -> frozenset[str]:
    return frozenset(k for k in schema()["$defs"][side] if k != "description")


def server_types() -> frozenset[str]:
    return _types("server")


def client_types() -> frozenset[str]:
    return _types("client")


@cache
def validator(side: str, kind: str) -> Draft202012Validator:
    root = {"$ref": f"#/$defs/{side}/{kind}", "$defs": schema()["$defs"]}
    return Draft202012Validator(root, format_checker=FormatChecker())


def problems(frame: Any, side: str = "server") -> list[str]:
    """What is wrong with a frame by the schema; empty when it conforms."""
    if not isinstance(frame, dict):
        return [f"a frame is a JSON object, not {type(frame).__name__}"]
    kind = frame.get("type")
    if kind not in _types(side):
        return [f"frame type {kind!r} is not in docs/dialogue-protocol.schema.json ({side})"]
    return [
        f"{'/'.join(map(str, error.absolute_path)) or '(frame)'}: {error.message}"
        for error in validator(side, kind).iter_errors(frame)
    ]


def server_frame(received: str | bytes | dict) -> dict:
    """A frame the server sent, decoded and checked against the schema."""
    frame = json.loads(received) if isinstance(received, str | bytes) else received
    found = problems(frame, "server")
    assert not found, f"frame outside the protocol: {found}\n{frame}"
    return frame
