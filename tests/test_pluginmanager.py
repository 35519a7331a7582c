from __future__ import annotations

import importlib.metadata
import inspect
import logging
import sys
import types
from datetime import UTC, date, datetime

import pytest

from pixorga_core import hooks as hookspecs
from pixorga_core import pluginmanager
from pixorga_core.domain.learners import OrganizationLearner
from pixorga_core.domain.matching import DeclaredIdentity, MatchOutcome, MatchResult
from pixorga_core.errors import PluginError
from pixorga_core.facade import Hooks
from pixorga_core.hooks import hookimpl
from pixorga_core.pluginmanager import create_plugin_manager, plugin_distributions

DEFAULT_NAMES = {name for name, _ in pluginmanager.DEFAULT_PLUGINS}
SPEC_NAMES = {
    name
    for name, obj in inspect.getmembers(hookspecs, inspect.isfunction)
    if name.startswith("pixorga_")
}
NOW = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
BIRTHDATE = date(2011, 3, 14)


def lea() -> OrganizationLearner:
    return OrganizationLearner(
        id=1,
        organization_id=1,
        national_student_id="123456789AA",
        first_name="Léa",
        last_name="Moreau",
        birthdate=BIRTHDATE,
        created_at=NOW,
        updated_at=NOW,
    )


DECLARED = DeclaredIdentity(first_name="Léa", last_name="Moreau", birthdate=BIRTHDATE)


class OverridingMatcher:
    def __init__(self, answer: MatchResult | None) -> None:
        self.answer = answer
        self.calls = 0

    @hookimpl
    def pixorga_match_learner(self, declared, candidates):
        self.calls += 1
        return self.answer


class UnknownHookPlugin:
    @hookimpl
    def pixorga_nonexistent(self):
        return None


class WrongArgumentPlugin:
    @hookimpl
    def pixorga_account_created(self, user, learner, shoe_size):
        return None


class FakeEntryPoint:
    def __init__(self, name: str, error: Exception, dist: object | None = None) -> None:
        self.name = name
        self.error = error
        self.dist = dist
        self.group = "pixorga"

    def load(self):
        raise self.error


# -- a fresh manager -------------------------------------------------------------------------------


def test_spec_names_are_found():
    # Guard against an empty SPEC_NAMES making the next test vacuous.
    assert {"pixorga_match_learner", "pixorga_account_created", "pixorga_register_commands"} <= (
        SPEC_NAMES
    )


def test_fresh_manager_has_every_spec_and_the_defaults():
    pm = create_plugin_manager(load_entrypoints=False, environ={})
    for name in SPEC_NAMES:
        caller = getattr(pm.hook, name)
        assert caller.spec is not None, name
    registered = {name for name, _ in pm.list_name_plugin()}
    assert registered == DEFAULT_NAMES
    assert pm.get_plugin("pixorga.matching") is sys.modules["pixorga_core.defaults.matching"]


def test_pm_fixture_matches_a_fresh_manager(pm):
    assert {name for name, _ in pm.list_name_plugin()} == DEFAULT_NAMES


def test_each_manager_is_independent():
    first = create_plugin_manager(load_entrypoints=False, environ={})
    second = create_plugin_manager(load_entrypoints=False, environ={})
    first.register(OverridingMatcher(None), name="extra")
    assert first.has_plugin("extra")
    assert not second.has_plugin("extra")


def test_default_matching_is_trylast():
    pm = create_plugin_manager(load_entrypoints=False, environ={})
    impls = pm.hook.pixorga_match_learner.get_hookimpls()
    default = [i for i in impls if i.plugin_name == "pixorga.matching"]
    assert len(default) == 1
    assert default[0].trylast


# -- disabling -------------------------------------------------------------------------------------


def test_disabled_plugins_environment_blocks_a_default():
    pm = create_plugin_manager(
        load_entrypoints=False,
        environ={"PIXORGA_DISABLED_PLUGINS": " pixorga.matching , some-other-plugin ,"},
    )
    assert pm.is_blocked("pixorga.matching")
    assert pm.is_blocked("some-other-plugin")
    assert pm.get_plugin("pixorga.matching") is None
    assert pm.has_plugin("pixorga.commands.db")
    assert pm.hook.pixorga_match_learner.get_hookimpls() == []


def test_explicit_disabled_wins_over_environment():
    pm = create_plugin_manager(
        load_entrypoints=False,
        disabled=(),
        environ={"PIXORGA_DISABLED_PLUGINS": "pixorga.matching"},
    )
    assert pm.has_plugin("pixorga.matching")


def test_disabled_default_leaves_the_decision_unanswered(settings):
    pm = create_plugin_manager(load_entrypoints=False, disabled=["pixorga.matching"])
    with pytest.raises(PluginError) as info:
        Hooks(pm, settings).match_learner(DECLARED, [lea()])
    assert "pixorga_match_learner" in info.value.message


# -- validation ------------------------------------------------------------------------------------


def test_unknown_hook_is_refused_naming_the_plugin():
    with pytest.raises(PluginError) as info:
        create_plugin_manager(load_entrypoints=False, plugins=[UnknownHookPlugin()], environ={})
    assert "UnknownHookPlugin" in info.value.message
    assert "pixorga_nonexistent" in info.value.message
    assert info.value.plugin is not None


def test_unknown_hook_in_a_module_plugin_names_the_module():
    module = types.ModuleType("pixorga_test_bad_module")
    module.pixorga_nonexistent = hookimpl(lambda: None)  # type: ignore[attr-defined]
    with pytest.raises(PluginError) as info:
        create_plugin_manager(load_entrypoints=False, plugins=[module], environ={})
    assert info.value.plugin == "pixorga_test_bad_module"
    assert "pixorga_test_bad_module" in info.value.message


def test_argument_missing_from_the_spec_is_refused():
    with pytest.raises(PluginError) as info:
        create_plugin_manager(load_entrypoints=False, plugins=[WrongArgumentPlugin()], environ={})
    assert "shoe_size" in info.value.message
    assert "WrongArgumentPlugin" in info.value.message


def test_plain_plugin_without_hooks_is_accepted():
    class Nothing:
        pass

    pm = create_plugin_manager(load_entrypoints=False, plugins=[Nothing()], environ={})
    assert len(pm.list_name_plugin()) == len(DEFAULT_NAMES) + 1


# -- precedence ------------------------------------------------------------------------------------


def test_registered_plugin_overrides_the_default_matching(settings):
    answer = MatchResult.not_found("décidé par le plugin")
    plugin = OverridingMatcher(answer)
    pm = create_plugin_manager(load_entrypoints=False, plugins=[plugin], environ={})
    result = Hooks(pm, settings).match_learner(DECLARED, [lea()])
    # The default would have matched Léa; the plugin's answer wins.
    assert result is answer
    assert plugin.calls == 1


def test_plugin_returning_none_lets_the_default_decide(settings):
    plugin = OverridingMatcher(None)
    pm = create_plugin_manager(load_entrypoints=False, plugins=[plugin], environ={})
    result = Hooks(pm, settings).match_learner(DECLARED, [lea()])
    assert plugin.calls == 1
    assert result.outcome is MatchOutcome.MATCHED
    assert result.learner == lea()


def test_module_plugin_is_registered_under_its_module_name():
    module = types.ModuleType("pixorga_test_module_plugin")
    pm = create_plugin_manager(load_entrypoints=False, plugins=[module], environ={})
    assert pm.get_plugin("pixorga_test_module_plugin") is module


# -- entry points ----------------------------------------------------------------------------------


def test_entry_point_failing_to_import_is_named(monkeypatch):
    broken = importlib.metadata.EntryPoint(
        name="broken_plugin", value="pixorga_test_no_such_module:plugin", group="pixorga"
    )
    monkeypatch.setattr(
        pluginmanager, "entry_points", lambda group: [broken] if group == "pixorga" else []
    )
    with pytest.raises(PluginError) as info:
        create_plugin_manager(environ={})
    assert info.value.plugin == "broken_plugin"
    assert "'broken_plugin'" in info.value.message
    assert "ModuleNotFoundError" in info.value.message


def test_entry_point_failure_names_its_distribution(monkeypatch):
    dist = types.SimpleNamespace(name="pixorga-broken", version="1.2.3")
    fake = FakeEntryPoint("broken", ImportError("no module named lxml"), dist)
    monkeypatch.setattr(pluginmanager, "entry_points", lambda group: [fake])
    with pytest.raises(PluginError) as info:
        create_plugin_manager(environ={})
    assert "pixorga-broken 1.2.3" in info.value.message
    assert "no module named lxml" in info.value.message


def test_blocked_entry_point_is_not_imported(monkeypatch):
    fake = FakeEntryPoint("broken", RuntimeError("must not be loaded"))
    monkeypatch.setattr(pluginmanager, "entry_points", lambda group: [fake])
    monkeypatch.setattr(importlib.metadata, "distributions", lambda: [])
    pm = create_plugin_manager(environ={"PIXORGA_DISABLED_PLUGINS": "broken"})
    assert pm.get_plugin("broken") is None


def test_entry_point_plugin_is_registered_with_its_distribution(monkeypatch):
    module = types.ModuleType("pixorga_test_ep_plugin")
    module.pixorga_match_learner = hookimpl(  # type: ignore[attr-defined]
        lambda declared, candidates: MatchResult.not_found("from the entry point")
    )
    monkeypatch.setitem(sys.modules, "pixorga_test_ep_plugin", module)
    ep = importlib.metadata.EntryPoint(
        name="ep_plugin", value="pixorga_test_ep_plugin", group="pixorga"
    )
    dist = types.SimpleNamespace(
        entry_points=[ep], metadata={"name": "pixorga-ep-plugin"}, version="0.3.0"
    )
    monkeypatch.setattr(pluginmanager, "entry_points", lambda group: [ep])
    monkeypatch.setattr(importlib.metadata, "distributions", lambda: [dist])
    pm = create_plugin_manager(environ={})
    assert pm.get_plugin("ep_plugin") is module
    result = pm.hook.pixorga_match_learner(declared=DECLARED, candidates=[lea()])
    assert result.reason == "from the entry point"
    listed = dict(plugin_distributions(pm))
    assert listed["ep_plugin"] == "pixorga-ep-plugin 0.3.0"
    assert listed["pixorga.matching"] is None


def test_entrypoints_not_loaded_when_disabled(monkeypatch):
    def explode(group):
        raise AssertionError("entry points must not be read")

    monkeypatch.setattr(pluginmanager, "entry_points", explode)
    pm = create_plugin_manager(load_entrypoints=False, environ={})
    assert {name for name, _ in pm.list_name_plugin()} == DEFAULT_NAMES


# -- tracing ---------------------------------------------------------------------------------------


def test_tracing_logs_hook_calls(caplog):
    pm = create_plugin_manager(load_entrypoints=False, environ={"PIXORGA_TRACE_HOOKS": "1"})
    with caplog.at_level(logging.DEBUG, logger="pixorga.hooks"):
        pm.hook.pixorga_match_learner(declared=DECLARED, candidates=[lea()])
    messages = [r.getMessage() for r in caplog.records if r.name == "pixorga.hooks"]
    assert any(m.startswith("call pixorga_match_learner(") for m in messages)
    assert any(m.startswith("pixorga_match_learner -> ") for m in messages)


def test_no_tracing_by_default(caplog):
    pm = create_plugin_manager(load_entrypoints=False, environ={})
    with caplog.at_level(logging.DEBUG, logger="pixorga.hooks"):
        pm.hook.pixorga_match_learner(declared=DECLARED, candidates=[lea()])
    assert [r for r in caplog.records if r.name == "pixorga.hooks"] == []


def test_plugin_distributions_lists_built_in_plugins():
    pm = create_plugin_manager(load_entrypoints=False, environ={})
    assert plugin_distributions(pm) == [
        ("pixorga.algorithms", None),
        ("pixorga.commands.calibration", None),
        ("pixorga.commands.campaigns", None),
        ("pixorga.commands.db", None),
        ("pixorga.commands.demo", None),
        ("pixorga.commands.learners", None),
        ("pixorga.commands.organizations", None),
        ("pixorga.commands.outbox", None),
        ("pixorga.commands.plugins", None),
        ("pixorga.commands.referentials", None),
        ("pixorga.commands.simulation", None),
        ("pixorga.commands.users", None),
        ("pixorga.matching", None),
        ("pixorga.messages", None),
        ("pixorga.referentials", None),
    ]


def test_blocked_plugins_are_not_listed_as_registered():
    pm = create_plugin_manager(load_entrypoints=False, disabled=["pixorga.matching"])
    names = [name for name, _ in plugin_distributions(pm)]
    assert "pixorga.matching" not in names
    assert "pixorga.commands.db" in names


def test_tracing_never_logs_a_temporary_password(caplog):
    class Generator:
        @hookimpl
        def pixorga_generate_temporary_password(self):
            return "kqzdwe07"

    pm = create_plugin_manager(
        load_entrypoints=False, plugins=[Generator()], environ={"PIXORGA_TRACE_HOOKS": "1"}
    )
    with caplog.at_level("DEBUG", logger="pixorga.hooks"):
        assert pm.hook.pixorga_generate_temporary_password() == "kqzdwe07"
    assert "pixorga_generate_temporary_password" in caplog.text
    assert "kqzdwe07" not in caplog.text
