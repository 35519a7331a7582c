from __future__ import annotations

from datetime import date
from importlib.metadata import entry_points

import pytest
from pixorga_strict_matching import plugin

from pixorga_core import create_plugin_manager
from pixorga_core.domain.matching import DeclaredIdentity, MatchOutcome


def test_conforms_to_the_hook_specs():
    # Registers the plugin on a fresh manager and runs check_pending(): a misspelt hook or an
    # argument the spec does not have raises PluginError naming the plugin.
    pm = create_plugin_manager(load_entrypoints=False, plugins=[plugin])
    assert pm.is_registered(plugin)


def test_entry_point_is_declared():
    # Passes once the distribution is installed (pip install -e .).
    found = {ep.name: ep.value for ep in entry_points(group="pixorga")}
    assert found.get("strict_matching") == "pixorga_strict_matching.plugin"


@pytest.fixture
def strict_pm(pm):
    pm.register(plugin, name="strict_matching")
    return pm


def test_exact_names_match(strict_pm, hooks, factories):
    organization = factories.organization()
    lea = factories.learner(organization, first_name="Léa", last_name="Moreau")
    declared = DeclaredIdentity(first_name="lea", last_name="MOREAU", birthdate=date(2011, 3, 14))

    result = hooks.match_learner(declared, [lea])

    assert result.outcome is MatchOutcome.MATCHED
    assert result.learner == lea


def test_a_typo_is_not_forgiven(strict_pm, hooks, factories):
    organization = factories.organization()
    lea = factories.learner(organization, first_name="Léa", last_name="Moreau")
    declared = DeclaredIdentity(first_name="Léa", last_name="Moreaux", birthdate=date(2011, 3, 14))

    # pixorga's default would accept "Moreaux" (one edit in seven letters); the plugin answers
    # first, and its answer stops the call.
    assert hooks.match_learner(declared, [lea]).outcome is MatchOutcome.NOT_FOUND


def test_no_candidate_defers_to_the_default(strict_pm, hooks):
    declared = DeclaredIdentity(first_name="Léa", last_name="Moreau", birthdate=date(2011, 3, 14))

    result = hooks.match_learner(declared, [])

    assert result.outcome is MatchOutcome.NOT_FOUND
    assert result.reason == "aucun élève de l'établissement n'a cette date de naissance"
