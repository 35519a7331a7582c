from __future__ import annotations

from pathlib import Path

import pytest

from pixorga_core.hooks import hookimpl
from pixorga_core.referentials import load_referential

REFERENTIALS = Path(__file__).resolve().parent.parent / "referentials"
MINI = REFERENTIALS / "mini"


@pytest.fixture(scope="session")
def mini():
    return load_referential(MINI)


class MiniReferentialPlugin:
    """Registers the mini test referential, as an academy's plugin would register its own."""

    def __init__(self, referential):
        self.referential = referential

    @hookimpl
    def pixorga_register_referentials(self, registry):
        registry.add(self.referential)


@pytest.fixture
def with_mini(pm, mini):
    pm.register(MiniReferentialPlugin(mini))
    return mini
