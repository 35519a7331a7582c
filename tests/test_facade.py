from __future__ import annotations

from datetime import date

import click
import pytest

from pixorga_core.config import Settings
from pixorga_core.domain.learners import LearnerRecord
from pixorga_core.domain.messages import (
    DeliveryResult,
    MessageKind,
    MessageRequest,
    OutboundMessage,
)
from pixorga_core.domain.referential import Referential
from pixorga_core.errors import PluginError
from pixorga_core.facade import Hooks
from pixorga_core.hooks import hookimpl
from pixorga_core.pluginmanager import create_plugin_manager

RECORD = LearnerRecord(
    national_student_id="123456789AA",
    first_name="Léa",
    last_name="Moreau",
    birthdate=date(2011, 3, 14),
)
REQUEST = MessageRequest(
    kind=MessageKind.ORGANIZATION_INVITATION,
    recipient="prof@ecole.test",
    context={"organization_name": "Collège"},
)
MESSAGE = OutboundMessage(
    kind=MessageKind.ORGANIZATION_INVITATION,
    recipient="prof@ecole.test",
    subject="Invitation",
    text="Bonjour",
)


class Named:
    def __init__(self, name: str) -> None:
        self.name = name
        self.label = name


class Registrations:
    """Counts how often each registration hook is called."""

    def __init__(self) -> None:
        self.calls: dict[str, int] = {}
        self.settings_seen: list[Settings] = []

    def _count(self, hook: str, settings: Settings) -> None:
        self.calls[hook] = self.calls.get(hook, 0) + 1
        self.settings_seen.append(settings)

    @hookimpl
    def pixorga_register_student_sources(self, registry, settings):
        self._count("sources", settings)
        registry.add(Named(settings.plugin_options("fake").get("source", "fake-source")))

    @hookimpl
    def pixorga_register_assessment_algorithms(self, registry, settings):
        self._count("algorithms", settings)
        registry.add(Named("fake-algorithm"))

    @hookimpl
    def pixorga_register_referentials(self, registry, settings):
        self._count("referentials", settings)
        registry.add(Referential(id="fake-referential", name="Faux"))

    @hookimpl
    def pixorga_register_identity_providers(self, registry, settings):
        self._count("providers", settings)
        registry.add(Named("fake-idp"))


class Usernames:
    def __init__(self, answer: str | None) -> None:
        self.answer = answer
        self.checked: list[bool] = []

    @hookimpl
    def pixorga_generate_username(self, learner, is_taken):
        if self.answer is not None:
            self.checked.append(is_taken(self.answer))
        return self.answer


class Messaging:
    @hookimpl
    def pixorga_render_message(self, request):
        return OutboundMessage(
            kind=request.kind, recipient=request.recipient, subject="Sujet", text="Texte"
        )

    @hookimpl
    def pixorga_deliver_message(self, message, settings):
        return DeliveryResult(channel="test", delivered=True, detail=settings.base_url)

    @hookimpl
    def pixorga_generate_temporary_password(self):
        return "abcdef12"


# -- decisions -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "hook_name"),
    [
        (lambda h: h.generate_username(RECORD, lambda name: False), "pixorga_generate_username"),
        (lambda h: h.generate_temporary_password(), "pixorga_generate_temporary_password"),
        (lambda h: h.render_message(REQUEST), "pixorga_render_message"),
        (lambda h: h.deliver_message(MESSAGE), "pixorga_deliver_message"),
    ],
)
def test_decision_without_answer_raises_plugin_error(settings, call, hook_name):
    # Without the core's default renderer, nothing answers pixorga_render_message either.
    pm = create_plugin_manager(load_entrypoints=False, disabled=["pixorga.messages"])
    with pytest.raises(PluginError) as info:
        call(Hooks(pm, settings))
    assert hook_name in info.value.message


def test_the_default_renderer_writes_french_plain_text(hooks):
    message = hooks.render_message(REQUEST)
    assert message.subject == "Invitation à rejoindre Pix Orga"
    assert "Ce lien est à usage unique." in message.text
    assert message.html is None


def test_decision_where_every_plugin_declines_raises_plugin_error(pm, hooks):
    pm.register(Usernames(None))
    with pytest.raises(PluginError):
        hooks.generate_username(RECORD, lambda name: False)


def test_generate_username_returns_a_free_name(pm, hooks):
    plugin = Usernames("lea.moreau1403")
    pm.register(plugin)
    taken = {"lea.moreau0101"}
    assert hooks.generate_username(RECORD, taken.__contains__) == "lea.moreau1403"
    assert plugin.checked == [False]


def test_generate_username_returning_a_taken_name_is_a_plugin_error(pm, hooks):
    pm.register(Usernames("lea.moreau1403"))
    with pytest.raises(PluginError) as info:
        hooks.generate_username(RECORD, {"lea.moreau1403"}.__contains__)
    assert "lea.moreau1403" in info.value.message
    assert "taken" in info.value.message


def test_message_hooks_forward_their_answers(pm, hooks):
    pm.register(Messaging())
    rendered = hooks.render_message(REQUEST)
    assert rendered.subject == "Sujet"
    assert rendered.recipient == "prof@ecole.test"
    result = hooks.deliver_message(rendered)
    assert result.delivered
    assert result.detail == hooks.settings.base_url
    assert hooks.generate_temporary_password() == "abcdef12"


# -- registrations ---------------------------------------------------------------------------------


def test_registries_are_collected_once_and_cached(pm, hooks):
    plugin = Registrations()
    pm.register(plugin)
    sources = hooks.student_sources()
    assert sources.names() == ["fake-source"]
    assert hooks.student_sources() is sources
    algorithms = hooks.assessment_algorithms()
    assert hooks.assessment_algorithms() is algorithms
    assert algorithms.names() == ["fake-algorithm", "smart-random", "flash"]  # + the defaults
    referentials = hooks.referentials()
    assert hooks.referentials() is referentials
    assert referentials.get("fake-referential").name == "Faux"
    providers = hooks.identity_providers()
    assert hooks.identity_providers() is providers
    assert providers.names() == ["fake-idp"]
    assert plugin.calls == {"sources": 1, "algorithms": 1, "referentials": 1, "providers": 1}


def test_registration_hooks_receive_the_settings(pm):
    plugin = Registrations()
    pm.register(plugin)
    settings = Settings(plugins={"fake": {"source": "configured-source"}})
    assert Hooks(pm, settings).student_sources().names() == ["configured-source"]
    assert plugin.settings_seen == [settings]


def test_each_facade_has_its_own_cache(pm, settings):
    plugin = Registrations()
    pm.register(plugin)
    first, second = Hooks(pm, settings), Hooks(pm, settings)
    assert first.student_sources() is not second.student_sources()
    assert plugin.calls["sources"] == 2


def test_two_plugins_registering_the_same_name_fail(pm, hooks):
    pm.register(Registrations(), name="one")
    pm.register(Registrations(), name="two")
    with pytest.raises(PluginError) as info:
        hooks.student_sources()
    assert "fake-source" in info.value.message


def test_empty_registries_without_plugins(hooks):
    assert len(hooks.student_sources()) == 0
    assert len(hooks.identity_providers()) == 0


def test_register_commands_adds_the_core_commands(hooks):
    @click.group()
    def cli() -> None:
        pass

    hooks.register_commands(cli)
    assert {"db", "demo", "organizations", "plugins"} <= set(cli.commands)


def test_facade_defaults_to_default_settings(pm):
    assert Hooks(pm).settings == Settings()
