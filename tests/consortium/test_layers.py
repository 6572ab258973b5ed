"""The layer contract (pyproject.toml, checked by `lint-imports` in `make check`) covers every
package of ours: import-linter can only list a package that exists, so a new app must be added
to `root_packages` by hand, and this test says when that was forgotten."""

from __future__ import annotations

import tomllib
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)
CONFIG = tomllib.loads((BASE / "pyproject.toml").read_text())["tool"]["importlinter"]
NOT_APPS = {"tests", "bench"}


def our_packages(base: Path = BASE) -> set[str]:
    return {
        path.parent.name
        for path in base.glob("*/__init__.py")
        if not path.parent.name.startswith(".") and path.parent.name not in NOT_APPS
    }


def layer_names() -> set[str]:
    layers = next(c for c in CONFIG["contracts"] if c["type"] == "layers")["layers"]
    return {layer.strip("()") for layer in layers}


def test_every_package_of_ours_is_analysed() -> None:
    assert our_packages() == set(CONFIG["root_packages"])


def test_every_package_of_ours_has_a_layer() -> None:
    assert our_packages() <= layer_names()


def test_cycle_check_covers_every_package() -> None:
    contract = next(c for c in CONFIG["contracts"] if c["type"] == "acyclic_siblings")
    assert set(contract["ancestors"]) == set(CONFIG["root_packages"])


def test_a_new_app_is_noticed(tmp_path: Path) -> None:
    for name in [*CONFIG["root_packages"], "newapp", "tests", ".venv"]:
        (tmp_path / name).mkdir()
        (tmp_path / name / "__init__.py").touch()
    assert our_packages(tmp_path) - set(CONFIG["root_packages"]) == {"newapp"}
