from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import pixorga_core
from pixorga_core import errors

#: Top-level modules the core must never import: the web stack and the plugins that build on it.
FORBIDDEN = frozenset(
    {
        "bottle",
        "waitress",
        "pixorga_siecle_import",
        "pixorga_gar_sso",
        "pixorga_login_generator",
        "pixorga_email_invite",
        "pixorga_reference_app",
    }
)
CORE_DIR = Path(pixorga_core.__file__).parent


def core_modules() -> list[str]:
    """Every importable module of the core, except the Alembic scripts (they run on import)."""
    names = ["pixorga_core"]
    for info in pkgutil.walk_packages([str(CORE_DIR)], prefix="pixorga_core."):
        if ".storage.migrations" in info.name:
            continue
        names.append(info.name)
    return names


def imported_roots(source: str) -> set[str]:
    roots: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute | ast.Name)
            and getattr(node.func, "attr", getattr(node.func, "id", None))
            in {"import_module", "__import__"}
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            roots.add(node.args[0].value.split(".")[0])
    return roots


def test_core_modules_are_found():
    modules = core_modules()
    for expected in (
        "pixorga_core.cli",
        "pixorga_core.commands.db",
        "pixorga_core.testing",
        "pixorga_core.defaults.matching",
    ):
        assert expected in modules
    assert not any("migrations" in m for m in modules)


def test_importing_the_whole_core_loads_no_web_stack_nor_plugin():
    code = textwrap.dedent(
        f"""
        import importlib, sys
        for name in {core_modules()!r}:
            importlib.import_module(name)
        from pixorga_core.pluginmanager import create_plugin_manager
        create_plugin_manager(load_entrypoints=False, environ={{}})
        loaded = sorted(n for n in {sorted(FORBIDDEN)!r} if n in sys.modules)
        assert not loaded, loaded
        assert 'bottle' not in sys.modules
        print("ok", len(sys.modules))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok ")


def test_the_subprocess_check_can_fail():
    code = "import bottle, sys; assert 'bottle' not in sys.modules"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode != 0


@pytest.mark.parametrize(
    ("source", "found"),
    [
        ("import bottle", "bottle"),
        ("import waitress.server as w", "waitress"),
        ("from pixorga_gar_sso.saml import x", "pixorga_gar_sso"),
        ("def f():\n    import pixorga_email_invite", "pixorga_email_invite"),
        (
            "import importlib\nimportlib.import_module('pixorga_reference_app.app')",
            "pixorga_reference_app",
        ),
        ("from . import bottle", None),
    ],
)
def test_import_walker(source, found):
    roots = imported_roots(source)
    if found is None:
        assert not roots & FORBIDDEN
    else:
        assert found in roots


def test_no_source_file_imports_the_web_stack_or_a_plugin():
    files = sorted(CORE_DIR.rglob("*.py"))
    assert len(files) > 20
    offenders = {
        str(path.relative_to(CORE_DIR)): sorted(imported_roots(path.read_text("utf-8")) & FORBIDDEN)
        for path in files
    }
    assert {path: roots for path, roots in offenders.items() if roots} == {}


def test_public_api():
    for name in pixorga_core.__all__:
        assert getattr(pixorga_core, name) is not None, name
    for name in errors.__all__:
        assert issubclass(getattr(errors, name), errors.PixorgaError), name


def test_every_error_has_a_code_and_a_french_message():
    classes = [getattr(errors, name) for name in errors.__all__]
    codes = {cls.code for cls in classes}
    assert len(codes) == len(classes)
    for cls in classes:
        error = cls("message") if cls is errors.PluginError else cls()
        assert error.message
        assert repr(error).startswith(cls.__name__)
