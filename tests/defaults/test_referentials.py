from __future__ import annotations

from pathlib import Path

import pytest

from pixorga_core.defaults import referentials as default_referentials
from pixorga_core.errors import ConfigurationError, ReferentialError

REFERENTIALS = Path(__file__).resolve().parent.parent / "referentials"


def test_registers_the_referential_shipped_as_package_data(monkeypatch, hooks):
    monkeypatch.setattr(default_referentials, "demo_directory", lambda: REFERENTIALS / "mini")
    assert [r.id for r in hooks.referentials()] == ["mini"]


def test_a_broken_shipped_referential_fails_loudly(monkeypatch, hooks):
    broken = REFERENTIALS / "broken" / "cycle"
    monkeypatch.setattr(default_referentials, "demo_directory", lambda: broken)
    with pytest.raises(ReferentialError, match="cycle: a -> b -> c -> a"):
        hooks.referentials()


def test_an_installation_without_the_demo_files_fails_loudly(monkeypatch, hooks, tmp_path):
    monkeypatch.setattr(default_referentials, "demo_directory", lambda: tmp_path / "demo")
    with pytest.raises(ConfigurationError, match="the demo referential is missing"):
        hooks.referentials()


def test_the_demo_lives_in_the_package():
    directory = default_referentials.demo_directory()
    assert str(directory).replace("\\", "/").endswith("pixorga_core/referentials/demo")
