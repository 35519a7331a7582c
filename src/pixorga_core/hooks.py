"""Hook specifications: the seams where plugins change what pixorga does.

Every hook is prefixed ``pixorga_``. There are three shapes:

* **registrations** — ``pixorga_register_<things>(registry, …)``: called once when the
  :class:`~pixorga_core.facade.Hooks` facade first needs the things; each implementation calls
  ``registry.add(…)``. All implementations run.
* **decisions** — ``firstresult`` hooks: implementations are asked in turn (plugins before the
  ``trylast`` defaults) and the first non-None answer wins. Returning None means "not mine, ask
  the next one".
* **events** — ``pixorga_<noun>_<past participle>``: called only **after** the database
  transaction that made the change has committed, never when it rolled back. They cannot undo the
  change; an exception they raise is logged with the hook's name and does not reach the user.

Plugins implement hooks with :data:`~pixorga_core.hooks.hookimpl` and are found through the
entry-point group ``pixorga``. Implementations may accept fewer arguments than the spec names
(pluggy's opt-in arguments), so new arguments can be added without breaking them.

See pluggy's documentation on `firstresult
<https://pluggy.readthedocs.io/en/stable/#first-result-only>`_ for the decision semantics.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    import click

    from pixorga_core.config import Settings
    from pixorga_core.domain.imports import ImportReport
    from pixorga_core.domain.learners import LearnerRecord, OrganizationLearner
    from pixorga_core.domain.matching import DeclaredIdentity, MatchResult
    from pixorga_core.domain.messages import DeliveryResult, MessageRequest, OutboundMessage
    from pixorga_core.domain.organizations import Organization
    from pixorga_core.domain.users import User
    from pixorga_core.registries import (
        AlgorithmRegistry,
        IdentityProviderRegistry,
        ReferentialRegistry,
        StudentSourceRegistry,
    )

PROJECT_NAME = "pixorga"

_hookspec = pluggy.HookspecMarker(PROJECT_NAME)

#: Marker for hook implementations, in plugins and in pixorga's own default plugins.
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


# -------------------------------------------------------------------------------------------------
# Start-up
# -------------------------------------------------------------------------------------------------


@_hookspec
def pixorga_register_commands(cli: click.Group, settings: Settings) -> None:
    """Add sub-commands to the ``pixorga`` command line.

    Called once when the ``pixorga`` command starts, before the arguments are parsed. All
    implementations run.

    :param cli: The ``pixorga`` :class:`click.Group`; call ``cli.add_command(...)``.
    :param settings: The settings the command runs with.

    Default implementation: the modules of :mod:`pixorga_core.commands`, one internal plugin
    per group, add ``db``, ``demo``, ``organizations``, ``outbox``, ``import-siecle``,
    ``plugins``, ``simulate`` and ``referentials``; the reference app adds ``serve``; the
    ``email_invite`` plugin adds ``mail-sink``. A command receives a
    :class:`~pixorga_core.commands.context.CliContext` and reports a
    :class:`~pixorga_core.errors.PixorgaError` through
    :func:`~pixorga_core.commands.context.reports_errors`.

    .. versionadded:: 0.1
    """


@_hookspec
def pixorga_check_settings(settings: Settings) -> None:
    """Check a plugin's own settings when pixorga starts, before any work is done.

    Called once by the ``pixorga`` command line (before the arguments are parsed) and by the
    reference app when it is built. All implementations run. A plugin whose
    ``[plugins.NAME]`` table is wrong raises :class:`~pixorga_core.errors.ConfigurationError`
    (as :meth:`~pixorga_core.config.Settings.plugin_options` does), so that a mistyped port or
    an unknown key stops start-up with the message instead of failing at the first use.

    :param settings: The settings pixorga runs with.

    Default implementation: none in the core (its own settings are checked when loaded); the
    ``email_invite`` plugin checks its SMTP options.

    .. versionadded:: 0.1
    """


# -------------------------------------------------------------------------------------------------
# Student source
# -------------------------------------------------------------------------------------------------


@_hookspec
def pixorga_register_student_sources(registry: StudentSourceRegistry, settings: Settings) -> None:
    """Register readers for kinds of school files (SIECLE XML, CSV…).

    Called once, the first time an import needs the list of sources. All implementations run;
    each calls ``registry.add(source)`` with an object following
    :class:`~pixorga_core.registries.StudentSource`. A file is read by the first registered source
    whose ``accepts(head, filename)`` returns True, so register specific sources before generic
    ones.

    :param registry: The registrar to add sources to. Adding a name twice raises
        :class:`~pixorga_core.errors.PluginError`.
    :param settings: The running settings; a source reads its own options with
        ``settings.plugin_options("<plugin name>", OptionsClass)``.

    Default implementation: none in the core; the ``siecle_import`` plugin registers the SIECLE
    XML/zip reader and the SIECLE-like CSV reader.

    .. versionadded:: 0.1
    """


@_hookspec
def pixorga_learners_imported(organization: Organization, report: ImportReport) -> None:
    """Called after an import of pupils has been committed.

    An event: it runs after the commit and cannot undo the import. All implementations run.
    A file that changes nothing (the same file again) is not an import: no call, no history row.

    :param organization: The organization whose pupils were imported.
    :param report: What changed: counts of created, updated, disabled and re-enabled pupils, the
        file name and who imported it, and the warnings.

    Default implementation: none.

    .. versionadded:: 0.1
    """


# -------------------------------------------------------------------------------------------------
# Identity matching
# -------------------------------------------------------------------------------------------------


@_hookspec(firstresult=True)
def pixorga_match_learner(
    declared: DeclaredIdentity, candidates: Sequence[OrganizationLearner]
) -> MatchResult | None:
    """Decide which imported pupil, if any, a declared identity designates.

    Called when a pupil joins a closed campaign (or a GAR user links an account) with their first
    name, last name and birthdate. The caller has already kept only the enabled learners of the
    campaign's organization **born on the declared birthdate**, so implementations compare names.

    Stops at first non-None result (see `firstresult <https://pluggy.readthedocs.io/en/stable/#first-result-only>`_).

    :param declared: What the pupil typed: first name, last name, birthdate.
    :param candidates: The enabled learners of the organization with that birthdate, possibly
        empty.
    :returns: A :class:`~pixorga_core.domain.matching.MatchResult`: ``matched`` with the learner,
        ``not_found`` or ``ambiguous`` with a reason. Return None to let the next implementation
        decide.

    Default implementation: ``pixorga_core.defaults.matching`` — the reference algorithm of
    pix-rules §4.1 (normalised names, Levenshtein ratio 0 then 0.25, the three given names against
    the last or usage name, a slot counts only when exactly one learner matches it).

    .. versionadded:: 0.1
    """


# -------------------------------------------------------------------------------------------------
# Account creation
# -------------------------------------------------------------------------------------------------


@_hookspec(firstresult=True)
def pixorga_generate_username(
    learner: LearnerRecord, is_taken: Callable[[str], bool]
) -> str | None:
    """Propose a username for a pupil's new account.

    Called when a pupil chooses a username account, or when a teacher generates logins. Built
    from the learner's **imported** data, never from what the pupil typed.

    Stops at first non-None result (see `firstresult <https://pluggy.readthedocs.io/en/stable/#first-result-only>`_).

    :param learner: The pupil the account is for.
    :param is_taken: Tells whether a candidate username is already used; implementations must
        only return a name for which it returns False.
    :returns: A free username, or None to let the next implementation decide. When no
        implementation answers, the account cannot be created and the caller reports it.

    Default implementation: the ``login_generator`` plugin — ``prenom.nom`` followed by the day and
    month of birth, four random digits instead when that is taken.

    .. versionadded:: 0.1
    """


@_hookspec(firstresult=True)
def pixorga_generate_temporary_password() -> str | None:
    """Generate a one-time password that a teacher hands to a pupil.

    The account is flagged so that the pupil must choose a new password at first login.

    Stops at first non-None result (see `firstresult <https://pluggy.readthedocs.io/en/stable/#first-result-only>`_).

    :returns: The password in clear (shown once, never stored in clear), or None to let the next
        implementation decide.

    Default implementation: the ``login_generator`` plugin — six unambiguous lower-case letters and
    two digits.

    .. versionadded:: 0.1
    """


@_hookspec
def pixorga_account_created(user: User, learner: OrganizationLearner | None) -> None:
    """Called after a user account has been created and committed.

    An event: it runs after the commit and cannot undo the creation. All implementations run.

    :param user: The new account.
    :param learner: The pupil the account was linked to, or None for an account created by
        sign-up without a campaign (a teacher, for instance).

    Default implementation: none. Messages are not sent from here: an event runs after the
    commit, outside any transaction, so a message queued from it could be lost. The "account
    created" message (:attr:`~pixorga_core.domain.messages.MessageKind.ACCOUNT_CREATED`, rendered
    by the ``email_invite`` plugin) is queued in the outbox by the service that creates the
    account, in the same transaction.

    .. versionadded:: 0.1
    """


# -------------------------------------------------------------------------------------------------
# Invitation delivery
# -------------------------------------------------------------------------------------------------


@_hookspec(firstresult=True)
def pixorga_render_message(request: MessageRequest) -> OutboundMessage | None:
    """Turn a message request (an invitation, an account notice) into subject and bodies.

    Called when pixorga has something to tell someone, before the message is queued.

    Stops at first non-None result (see `firstresult <https://pluggy.readthedocs.io/en/stable/#first-result-only>`_).

    :param request: The kind of message, its recipient, its locale and the values to fill in
        (``context``). Invitations carry ``organization_name``, ``invitation_link`` and ``role``
        (the French label, empty when decided at acceptance); activation and administrator-access
        invitations add ``reason`` (``activation`` or ``admin_request``) and, for the latter,
        ``requested_at`` (date and time, Europe/Paris, ``01/09/2026 à 10:00``) and
        ``request_page`` (the absolute link of the request form). A « Mot de passe oublié »
        message (``PASSWORD_RESET``) carries ``reset_link``, single-use and valid one hour.
        Every message carries ``service_name``, the name of the service (the setting). No value
        is text typed by an anonymous visitor: a template must not add any either (the request
        e-mail goes to the school's official mailbox, next to an administrator link; a reset
        e-mail goes only to an address that has an account). Administrator invitations' links
        work 7 days. Values are plain text, never HTML: escape them in HTML bodies.
    :returns: The rendered message, or None to let the next implementation render it. The
        outbox stores it and hands it to :func:`pixorga_deliver_message`.

    Default implementation: the ``email_invite`` plugin — French HTML and plain-text templates;
    when no plugin renders messages, ``pixorga_core.defaults.messages`` (``trylast``) writes a
    short French plain text.

    .. versionadded:: 0.1
    """


@_hookspec(firstresult=True)
def pixorga_deliver_message(message: OutboundMessage, settings: Settings) -> DeliveryResult | None:
    """Deliver one rendered message through a channel (e-mail, an ENT messaging system…).

    Called by the outbox (:mod:`pixorga_core.services.outbox`) after the transaction that
    queued the message has committed, and again for each retry of a failed delivery (1 min, 2,
    4… 6 h apart; ``pixorga outbox send`` runs the retries). It is called outside any database
    transaction; a message is delivered by one caller at a time. ``message.message_id`` stays the
    same across retries: pass it on so that the receiving side can drop a duplicate. A channel
    should not raise; if it does, the outbox logs it and retries.

    Stops at first non-None result (see `firstresult <https://pluggy.readthedocs.io/en/stable/#first-result-only>`_).

    :param message: The message to deliver.
    :param settings: The running settings (SMTP server and so on).
    :returns: A :class:`~pixorga_core.domain.messages.DeliveryResult` saying whether it was
        delivered and, if not, whether retrying may help. Return None when this channel does not
        handle the message (for example an ENT channel for an address outside the ENT).

    Default implementation: the ``email_invite`` plugin — SMTP. With no channel installed,
    messages stay pending in the outbox.

    .. versionadded:: 0.1
    """


# -------------------------------------------------------------------------------------------------
# Skill selection
# -------------------------------------------------------------------------------------------------


@_hookspec
def pixorga_register_assessment_algorithms(registry: AlgorithmRegistry, settings: Settings) -> None:
    """Register adaptive algorithms that choose the next challenge of an assessment.

    Called once, the first time an assessment or the simulator needs the list. All
    implementations run; each calls ``registry.add(algorithm)`` with an object following
    :class:`~pixorga_core.registries.AssessmentAlgorithm`, whose
    ``next_challenge(state, rng)`` receives the
    :class:`~pixorga_core.domain.assessments.AssessmentState`
    and returns the next challenge, or None to end the assessment. A campaign names the algorithm
    it runs.

    :param registry: The registrar to add algorithms to.
    :param settings: The running settings.

    Default implementation: ``pixorga_core.defaults.algorithms`` — Smart Random (the default)
    and Flash. See :doc:`/algorithms` to write another one.

    .. versionadded:: 0.1
    """


@_hookspec
def pixorga_register_referentials(registry: ReferentialRegistry, settings: Settings) -> None:
    """Register competence referentials (skills, challenges, target profiles).

    Called once, the first time a referential is needed. All implementations run.

    :param registry: The registrar to add referentials to; ids must be unique.
    :param settings: The running settings.

    Default implementation: ``pixorga_core.defaults.referentials`` — the core's French demo
    referential. The file format is described in :doc:`/referential-format`.

    .. versionadded:: 0.1
    """


# -------------------------------------------------------------------------------------------------
# Single sign-on
# -------------------------------------------------------------------------------------------------


@_hookspec
def pixorga_register_identity_providers(
    registry: IdentityProviderRegistry, settings: Settings
) -> None:
    """Register single sign-on identity providers.

    Called once, when the web app starts. All implementations run; each calls
    ``registry.add(provider)`` with an object following
    :class:`~pixorga_core.registries.IdentityProvider`. A provider is named by its ``name``
    (lower-case, unique; ``pix`` is reserved for pixorga's passwords and refused with a
    :class:`~pixorga_core.errors.PluginError`), which is also what the authentication methods it
    creates store. The web app mounts ``/sso/<name>/login``, ``/sso/<name>/acs`` and
    ``/sso/<name>/metadata`` for each provider; providers never see the web framework. The
    ``state`` of the :class:`~pixorga_core.domain.sso.LoginRedirect` a provider returns is kept
    in the user's signed session cookie and handed back to ``complete_login(form, state)``.

    :param registry: The registrar to add providers to.
    :param settings: The running settings; a provider reads its keys and IdP metadata with
        ``settings.plugin_options("<plugin name>", OptionsClass)``.

    Default implementation: none in the core; the ``gar_sso`` plugin registers the GAR SAML
    provider.

    .. versionadded:: 0.1
    """
