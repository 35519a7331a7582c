from __future__ import annotations

from pathlib import Path

import pytest

from pixorga_core.referentials import load_referential

MINI = Path(__file__).resolve().parent.parent / "referentials" / "mini"


@pytest.fixture(scope="session")
def mini():
    return load_referential(MINI)
