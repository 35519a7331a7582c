"""The typed facade services call instead of ``pm.hook`` (pluggy calls are untyped)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
import pluggy

from pixorga_core.config import Settings
from pixorga_core.errors import PluginError
from pixorga_core.events import after_commit
from pixorga_core.registries import (
    AlgorithmRegistry,
    IdentityProviderRegistry,
    ReferentialRegistry,
    StudentSourceRegistry,
)

if TYPE_CHECKING:
    import click
    from sqlalchemy.orm import Session

    from pixorga_core.domain.imports import ImportReport
    from pixorga_core.domain.learners import LearnerRecord, OrganizationLearner
    from pixorga_core.domain.matching import DeclaredIdentity, MatchResult
    from pixorga_core.domain.messages import DeliveryResult, MessageRequest, OutboundMessage
    from pixorga_core.domain.organizations import Organization
    from pixorga_core.domain.users import User

_T = TypeVar("_T")


@attrs.define
class Hooks:
    """One typed method per hook, forwarding keywords to the plugin manager.

    Registrations are collected once per facade and cached. Decision methods raise
    :class:`~pixorga_core.errors.PluginError` when no plugin answers. Event methods take the
    ``Session`` whose commit they wait for.
    """

    pm: pluggy.PluginManager
    settings: Settings = attrs.field(factory=Settings)
    _student_sources: StudentSourceRegistry | None = attrs.field(default=None, init=False)
    _algorithms: AlgorithmRegistry | None = attrs.field(default=None, init=False)
    _referentials: ReferentialRegistry | None = attrs.field(default=None, init=False)
    _identity_providers: IdentityProviderRegistry | None = attrs.field(default=None, init=False)

    @property
    def _hook(self) -> Any:
        return self.pm.hook

    # -- start-up -------------------------------------------------------------------------------

    def register_commands(self, cli: click.Group) -> None:
        self._hook.pixorga_register_commands(cli=cli, settings=self.settings)

    def check_settings(self) -> None:
        """Let every plugin check its options; a wrong one raises ConfigurationError."""
        self._hook.pixorga_check_settings(settings=self.settings)

    # -- registrations --------------------------------------------------------------------------

    def student_sources(self) -> StudentSourceRegistry:
        if self._student_sources is None:
            registry = StudentSourceRegistry()
            self._hook.pixorga_register_student_sources(registry=registry, settings=self.settings)
            self._student_sources = registry
        return self._student_sources

    def assessment_algorithms(self) -> AlgorithmRegistry:
        if self._algorithms is None:
            registry = AlgorithmRegistry()
            self._hook.pixorga_register_assessment_algorithms(
                registry=registry, settings=self.settings
            )
            self._algorithms = registry
        return self._algorithms

    def referentials(self) -> ReferentialRegistry:
        if self._referentials is None:
            registry = ReferentialRegistry()
            self._hook.pixorga_register_referentials(registry=registry, settings=self.settings)
            self._referentials = registry
        return self._referentials

    def identity_providers(self) -> IdentityProviderRegistry:
        if self._identity_providers is None:
            registry = IdentityProviderRegistry()
            self._hook.pixorga_register_identity_providers(
                registry=registry, settings=self.settings
            )
            self._identity_providers = registry
        return self._identity_providers

    # -- decisions ------------------------------------------------------------------------------

    def match_learner(
        self, declared: DeclaredIdentity, candidates: Sequence[OrganizationLearner]
    ) -> MatchResult:
        result: MatchResult | None = self._hook.pixorga_match_learner(
            declared=declared, candidates=list(candidates)
        )
        return _required(result, "pixorga_match_learner")

    def generate_username(self, learner: LearnerRecord, is_taken: Callable[[str], bool]) -> str:
        result: str | None = self._hook.pixorga_generate_username(
            learner=learner, is_taken=is_taken
        )
        username = _required(result, "pixorga_generate_username")
        if is_taken(username):
            msg = f"pixorga_generate_username returned {username!r}, which is already taken"
            raise PluginError(msg)
        return username

    def generate_temporary_password(self) -> str:
        result: str | None = self._hook.pixorga_generate_temporary_password()
        return _required(result, "pixorga_generate_temporary_password")

    def render_message(self, request: MessageRequest) -> OutboundMessage:
        result: OutboundMessage | None = self._hook.pixorga_render_message(request=request)
        return _required(result, "pixorga_render_message")

    def deliver_message(self, message: OutboundMessage) -> DeliveryResult:
        result: DeliveryResult | None = self._hook.pixorga_deliver_message(
            message=message, settings=self.settings
        )
        return _required(result, "pixorga_deliver_message")

    # -- events (after commit) ------------------------------------------------------------------

    def account_created(
        self, session: Session, *, user: User, learner: OrganizationLearner | None = None
    ) -> None:
        after_commit(
            session,
            lambda: self._hook.pixorga_account_created(user=user, learner=learner),
            description="pixorga_account_created",
        )

    def learners_imported(
        self, session: Session, *, organization: Organization, report: ImportReport
    ) -> None:
        after_commit(
            session,
            lambda: self._hook.pixorga_learners_imported(organization=organization, report=report),
            description="pixorga_learners_imported",
        )


def _required(result: _T | None, hook_name: str) -> _T:
    if result is None:
        msg = f"no plugin answered {hook_name}: install or enable a plugin that implements it"
        raise PluginError(msg)
    return result
