"""The hook specs document themselves, and ``docs/hooks.rst`` documents every hook.

The hook reference is generated from the spec docstrings (``automodule``/``autofunction`` on
:mod:`pixorga_core.hooks`), so these tests hold the docstrings to the template of the style guide
(§3, point 2) and check that the page has an entry for every hook, as datasette's
``tests/test_docs.py`` does for its plugin hooks. The checkers are themselves tested on
deliberately broken specs, so that a check cannot silently stop checking.
"""

from __future__ import annotations

import importlib.util
import inspect
import re
from pathlib import Path
from typing import Any

import attrs
import pluggy
import pytest

from pixorga_core import create_plugin_manager
from pixorga_core import hooks as hooks_module
from pixorga_core.hooks import PROJECT_NAME

HOOK_PREFIX = "pixorga_"
FIRSTRESULT_SENTENCE = "Stops at first non-None result"
DOCS = Path(__file__).resolve().parent.parent / "docs"
DOCS_HOOKS = DOCS / "hooks.rst"
#: Plugin modules that docs/writing-plugins.rst, docs/testing-plugins.rst and docs/algorithms.rst
#: include.
DOCS_EXAMPLE_PLUGINS = (
    "examples/pixorga-strict-matching/src/pixorga_strict_matching/plugin.py",
    "examples/registrations/names_csv.py",
    "examples/registrations/random_walk.py",
    "examples/pixorga-max-info/src/pixorga_max_info/plugin.py",
    "examples/channels/ent_messaging.py",
)

_PARAM = re.compile(r"^:param (\w+):", re.MULTILINE)
_DEFAULT_LINE = re.compile(r"^Default implementation:\s*\S", re.MULTILINE)
_AUTOFUNCTION = re.compile(r"^\.\. autofunction:: pixorga_core\.hooks\.(\w+)\s*$", re.MULTILINE)


@attrs.frozen
class SpecInfo:
    """What the checks need to know about one hook spec, as the plugin manager sees it."""

    name: str
    doc: str | None
    argnames: tuple[str, ...]
    firstresult: bool


def fresh_plugin_manager() -> pluggy.PluginManager:
    return create_plugin_manager(load_entrypoints=False, disabled=())


def spec_infos(pm: pluggy.PluginManager) -> dict[str, SpecInfo]:
    """Every hook that has a spec on ``pm``, by name."""
    infos = {}
    for name, caller in vars(pm.hook).items():
        spec: Any = getattr(caller, "spec", None)
        if spec is None:
            continue
        infos[name] = SpecInfo(
            name=name,
            doc=spec.function.__doc__,
            argnames=tuple(spec.argnames),
            firstresult=bool(spec.opts.get("firstresult", False)),
        )
    return infos


def spec_problems(spec: SpecInfo) -> list[str]:
    """Every way ``spec`` departs from the docstring template; empty when it follows it."""
    problems = []
    if not spec.name.startswith(HOOK_PREFIX):
        problems.append(f"{spec.name}: the name does not start with {HOOK_PREFIX!r}")
    text = inspect.cleandoc(spec.doc or "")
    if not text:
        problems.append(f"{spec.name}: no docstring")
        return problems
    lines = "\n".join(line.strip() for line in text.splitlines())
    documented = _PARAM.findall(lines)
    problems.extend(
        f"{spec.name}: no ':param {arg}:'" for arg in spec.argnames if arg not in documented
    )
    problems.extend(
        f"{spec.name}: ':param {arg}:' documents an argument the spec does not have"
        for arg in documented
        if arg not in spec.argnames
    )
    flat = " ".join(text.split())  # the sentence may be wrapped over two lines
    if spec.firstresult and FIRSTRESULT_SENTENCE not in flat:
        problems.append(f"{spec.name}: firstresult, but no {FIRSTRESULT_SENTENCE!r}")
    if not spec.firstresult and FIRSTRESULT_SENTENCE in flat:
        problems.append(f"{spec.name}: says {FIRSTRESULT_SENTENCE!r} but is not firstresult")
    if not _DEFAULT_LINE.search(lines):
        problems.append(f"{spec.name}: no 'Default implementation: ...' line")
    return problems


def reference_entries(rst: str) -> list[str]:
    """The hook names given to ``.. autofunction:: pixorga_core.hooks.<name>`` in ``rst``."""
    return _AUTOFUNCTION.findall(rst)


HOOK_NAMES = sorted(spec_infos(fresh_plugin_manager()))


# -- the real specs --------------------------------------------------------------------------------


def test_hooks_are_found():
    assert len(HOOK_NAMES) >= 12
    assert "pixorga_match_learner" in HOOK_NAMES


def test_every_spec_comes_from_the_hooks_module():
    pm = fresh_plugin_manager()
    in_module = {
        name
        for name, _ in inspect.getmembers(hooks_module, inspect.isfunction)
        if pm.parse_hookspec_opts(hooks_module, name) is not None
    }
    assert set(HOOK_NAMES) == in_module


@pytest.mark.parametrize("name", HOOK_NAMES)
def test_spec_docstring_follows_the_template(name):
    problems = spec_problems(spec_infos(fresh_plugin_manager())[name])
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="module")
def reference_rst() -> str:
    return DOCS_HOOKS.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", HOOK_NAMES)
def test_hook_has_an_entry_in_the_reference(name, reference_rst):
    assert name in reference_entries(reference_rst), (
        f"add '.. autofunction:: pixorga_core.hooks.{name}' to docs/hooks.rst, in its family"
    )


def test_reference_has_no_stale_or_duplicate_entry(reference_rst):
    entries = reference_entries(reference_rst)
    assert sorted(set(entries) - set(HOOK_NAMES)) == []
    assert sorted(name for name in set(entries) if entries.count(name) > 1) == []


@pytest.mark.parametrize("relative_path", DOCS_EXAMPLE_PLUGINS)
def test_documented_example_plugin_conforms_to_the_specs(relative_path):
    path = DOCS / relative_path
    module_spec = importlib.util.spec_from_file_location(f"docs_example_{path.stem}", path)
    assert module_spec is not None
    assert module_spec.loader is not None
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)

    # Raises PluginError if an implementation names a missing hook or an unknown argument.
    pm = create_plugin_manager(load_entrypoints=False, disabled=(), plugins=[module])

    assert pm.is_registered(module)
    assert pm.get_hookcallers(module)


# -- the checkers, on deliberately broken specs ----------------------------------------------------

_fake_spec = pluggy.HookspecMarker(PROJECT_NAME)


class _FakeSpecs:
    @staticmethod
    @_fake_spec
    def pixorga_well_documented(registry, settings):
        """Register things.

        :param registry: Where to add them.
        :param settings: The running settings.

        Default implementation: none.
        """

    @staticmethod
    @_fake_spec(firstresult=True)
    def pixorga_decide_well(request):
        """Decide something.

        Stops at first non-None
        result (see firstresult).

        :param request: What to decide.
        :returns: The decision, or None.

        Default implementation: ``pixorga_core.defaults.fake``.
        """

    @staticmethod
    @_fake_spec
    def pixorga_without_docstring(registry):
        pass

    @staticmethod
    @_fake_spec
    def pixorga_missing_param(registry, settings):
        """Register things.

        :param registry: Where to add them.

        Default implementation: none.
        """

    @staticmethod
    @_fake_spec
    def pixorga_stale_param(registry):
        """Register things.

        :param registry: Where to add them.
        :param settings: Removed from the signature, still documented.

        Default implementation: none.
        """

    @staticmethod
    @_fake_spec(firstresult=True)
    def pixorga_decide_without_sentence(request):
        """Decide something; the first answer wins.

        :param request: What to decide.

        Default implementation: none.
        """

    @staticmethod
    @_fake_spec
    def pixorga_event_claiming_firstresult(user):
        """Called after something happened. Stops at first non-None result.

        :param user: Who.

        Default implementation: none.
        """

    @staticmethod
    @_fake_spec
    def pixorga_without_default_line(registry):
        """Register things; the core has a default (but the line is missing).

        :param registry: Where to add them.
        """

    @staticmethod
    @_fake_spec
    def match_learner_unprefixed(declared):
        """Decide.

        :param declared: What the pupil typed.

        Default implementation: none.
        """


@pytest.fixture(scope="module")
def fake_specs() -> dict[str, SpecInfo]:
    pm = fresh_plugin_manager()
    pm.add_hookspecs(_FakeSpecs)
    return spec_infos(pm)


@pytest.mark.parametrize("name", ["pixorga_well_documented", "pixorga_decide_well"])
def test_checker_accepts_a_good_spec(fake_specs, name):
    assert spec_problems(fake_specs[name]) == []


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("pixorga_without_docstring", "no docstring"),
        ("pixorga_missing_param", "no ':param settings:'"),
        ("pixorga_stale_param", "':param settings:' documents an argument"),
        ("pixorga_decide_without_sentence", f"firstresult, but no {FIRSTRESULT_SENTENCE!r}"),
        ("pixorga_event_claiming_firstresult", "but is not firstresult"),
        ("pixorga_without_default_line", "no 'Default implementation: ...' line"),
        ("match_learner_unprefixed", f"does not start with {HOOK_PREFIX!r}"),
    ],
)
def test_checker_reports_a_broken_spec(fake_specs, name, expected):
    problems = spec_problems(fake_specs[name])
    assert len(problems) == 1, problems
    assert expected in problems[0]
    assert problems[0].startswith(f"{name}: ")


def test_reference_entries_only_counts_autofunction_directives():
    rst = """
Hooks
=====

pixorga_register_commands is mentioned in prose, which is not an entry.

.. autofunction:: pixorga_core.hooks.pixorga_match_learner

.. autofunction:: pixorga_core.registries.pixorga_generate_username
"""
    assert reference_entries(rst) == ["pixorga_match_learner"]
