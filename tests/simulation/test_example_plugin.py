"""The algorithm plugin of docs/algorithms.rst: registered, conformant and simulated.

The example is a distribution of its own (docs/examples/pixorga-max-info, with its own tests);
here its plugin module is loaded from the file, registered on a fresh manager like an installed
plugin, checked with the conformance kit and run through ``pixorga simulate``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pixorga_core.cli import build_cli
from pixorga_core.config import Settings
from pixorga_core.facade import Hooks
from pixorga_core.testing import AlgorithmConformance

EXAMPLE = (
    Path(__file__).resolve().parent.parent.parent
    / "docs/examples/pixorga-max-info/src/pixorga_max_info/plugin.py"
)


def load_example():
    name = "docs_example_pixorga_max_info_plugin"
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, EXAMPLE)
        assert spec is not None
        assert spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


class TestExampleConformance(AlgorithmConformance):
    def make_algorithm(self):
        return load_example().MaxInfo(length=10)


@pytest.fixture
def registered(pm, with_mini):
    pm.register(load_example(), name="max_info")


def test_the_settings_set_its_length(registered, pm):
    settings = Settings(plugins={"max_info": {"length": 6}})
    assert Hooks(pm, settings).assessment_algorithms().get("max-info").length == 6


def test_simulated_side_by_side_with_the_core_algorithms(registered, settings, hooks, tmp_path):
    result = CliRunner().invoke(
        build_cli(settings, hooks),
        [
            "simulate",
            "--algorithm", "max-info",
            "--algorithm", "smart-random",
            "--algorithm", "flash",
            "--target-profile", "tout",
            "--pupils", "15",
            "--plot", str(tmp_path / "plot.png"),
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    rows = {line.split()[0]: line.split() for line in result.output.splitlines()[3:6]}
    assert list(rows) == ["max-info", "smart-random", "flash"]
    assert rows["max-info"][1:3] == ["15.0", "15.0"]  # fixed length: mean and p90
    assert (tmp_path / "plot.png").exists()
