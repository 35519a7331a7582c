"""The SIECLE file generators are test material: the plugin never imports them at run time."""

from __future__ import annotations

import subprocess
import sys
import textwrap


def test_the_plugin_at_work_does_not_import_its_test_material():
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import pixorga_siecle_import
        for info in pkgutil.iter_modules(pixorga_siecle_import.__path__, "pixorga_siecle_import."):
            if info.name != "pixorga_siecle_import.testing":
                importlib.import_module(info.name)
        from pixorga_core import Settings, create_plugin_manager
        from pixorga_core.facade import Hooks
        pm = create_plugin_manager(environ={})
        assert pm.get_plugin("siecle_import") is not None
        settings = Settings(database_url="sqlite://", secret_key="k" * 32)
        sources = Hooks(pm, settings).student_sources()
        assert "siecle-xml" in sources.names(), sources.names()
        loaded = [m for m in sys.modules if m.startswith("pixorga_siecle_import.testing")]
        assert loaded == [], loaded
        print("ok")
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
