from __future__ import annotations

import logging
from pathlib import Path

import pytest

from pixorga_core.defaults import referentials as default_referentials
from pixorga_core.errors import ReferentialError

REFERENTIALS = Path(__file__).resolve().parent.parent / "referentials"


def test_registers_the_referential_shipped_as_package_data(monkeypatch, hooks):
    monkeypatch.setattr(default_referentials, "demo_directory", lambda: REFERENTIALS / "mini")
    assert [r.id for r in hooks.referentials()] == ["mini"]


def test_a_broken_shipped_referential_fails_loudly(monkeypatch, hooks):
    broken = REFERENTIALS / "broken" / "cycle"
    monkeypatch.setattr(default_referentials, "demo_directory", lambda: broken)
    with pytest.raises(ReferentialError, match="cycle: a -> b -> c -> a"):
        hooks.referentials()


def test_a_checkout_without_the_demo_files_registers_nothing(monkeypatch, hooks, tmp_path, caplog):
    monkeypatch.setattr(default_referentials, "demo_directory", lambda: tmp_path / "demo")
    with caplog.at_level(logging.WARNING, logger="pixorga_core.defaults.referentials"):
        assert len(hooks.referentials()) == 0
    assert "the demo referential is missing" in caplog.text


def test_the_demo_lives_in_the_package():
    directory = default_referentials.demo_directory()
    assert str(directory).replace("\\", "/").endswith("pixorga_core/referentials/demo")
