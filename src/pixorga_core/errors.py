"""Errors raised by pixorga.

Every error pixorga raises on purpose derives from :class:`PixorgaError`. Each carries a stable
``code`` (for programs, logs and tests) and a ``message``. Messages a school user can read are in
French; :class:`ConfigurationError` and :class:`PluginError` speak to the operator or the plugin
author, and are in English like the rest of the developer-facing text. The reference app maps these
classes to HTTP statuses in one place.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import timedelta


class PixorgaError(Exception):
    """Root of every error raised on purpose by pixorga."""

    code: str = "PIXORGA_ERROR"
    default_message: str = "Une erreur est survenue."

    def __init__(self, message: str | None = None, *, code: str | None = None) -> None:
        self.message = message or self.default_message
        if code is not None:
            self.code = code
        super().__init__(self.message)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(code={self.code!r}, message={self.message!r})"


class ConfigurationError(PixorgaError):
    """A setting is missing or has a value pixorga cannot use."""

    code = "CONFIGURATION_ERROR"
    default_message = "La configuration de pixorga est invalide."


class NotFoundError(PixorgaError):
    """The requested object does not exist (or is not visible to the caller)."""

    code = "NOT_FOUND"
    default_message = "La ressource demandée est introuvable."


class ReferentialNotFoundError(NotFoundError):
    """No competence referential is registered under the id a use case names."""

    code = "REFERENTIAL_NOT_FOUND"
    default_message = "Ce référentiel de compétences est introuvable."

    def __init__(self, referential_id: str | None = None) -> None:
        super().__init__(
            None
            if referential_id is None
            else f"Le référentiel de compétences « {referential_id} » est introuvable."
        )
        self.referential_id = referential_id


class TargetProfileNotFoundError(NotFoundError):
    """No referential (or ``referential_id``) has the target profile, or several do (``holders``).

    ``holders`` names the referentials that have a profile with that id when there are several.
    """

    code = "TARGET_PROFILE_NOT_FOUND"
    default_message = "Ce profil cible est introuvable."

    def __init__(
        self,
        profile_id: str | None = None,
        *,
        referential_id: str | None = None,
        holders: Sequence[str] = (),
    ) -> None:
        message: str | None
        if profile_id is None:
            message = None
        elif referential_id is not None:
            message = (
                f"Le profil cible « {profile_id} » n'existe pas dans le référentiel "
                f"« {referential_id} »."
            )
        elif holders:
            message = (
                f"Plusieurs référentiels ont un profil cible « {profile_id} » "
                f"({', '.join(holders)}) : précisez le référentiel."
            )
        else:
            message = f"Aucun référentiel n'a de profil cible « {profile_id} »."
        super().__init__(message)
        self.profile_id = profile_id
        self.referential_id = referential_id
        self.holders = tuple(holders)


class AlreadyExistsError(PixorgaError):
    """Creating the object would break a uniqueness rule."""

    code = "ALREADY_EXISTS"
    default_message = "Cet élément existe déjà."


class InvalidInputError(PixorgaError):
    """Input failed validation; ``field_errors`` maps a field name to its French message."""

    code = "INVALID_INPUT"
    default_message = "Certaines informations saisies sont invalides."

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        field_errors: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message, code=code)
        self.field_errors: dict[str, str] = dict(field_errors or {})


class PermissionDeniedError(PixorgaError):
    """The caller is known but not allowed to do this."""

    code = "PERMISSION_DENIED"
    default_message = "Vous n'avez pas les droits nécessaires pour effectuer cette action."


class OrgaAccessDeniedError(PermissionDeniedError):
    """The user is not an active member of any (or of this) organization."""

    code = "ORGA_ACCESS_DENIED"
    default_message = (
        "L'accès à Pix Orga est limité aux membres invités. Chaque espace est géré par un "
        "administrateur Pix Orga propre à l'organisation qui l'utilise. Contactez-le pour qu'il "
        "vous invite."
    )


class AuthenticationError(PixorgaError):
    """Login failed: unknown login or wrong password (never says which)."""

    code = "INVALID_CREDENTIALS"
    default_message = (
        "L'adresse e-mail ou l'identifiant et/ou le mot de passe saisis sont incorrects."
    )


class LoginTemporarilyBlockedError(AuthenticationError):
    """Too many consecutive failures: logins are refused for a while (2, 4, 8… minutes)."""

    code = "USER_IS_TEMPORARILY_BLOCKED"
    default_message = (
        "Vous avez effectué trop de tentatives de connexion. Réessayez plus tard ou cliquez sur "
        "« Mot de passe oublié » pour le réinitialiser."
    )

    @classmethod
    def lasting(cls, remaining: timedelta) -> LoginTemporarilyBlockedError:
        """The error saying how long to wait: ``remaining``, rounded up to the minute."""
        minutes = max(1, math.ceil(remaining.total_seconds() / 60))
        wait = "1 minute" if minutes == 1 else f"{minutes} minutes"
        return cls(
            "Vous avez effectué trop de tentatives de connexion. Réessayez dans "
            f"{wait}, ou cliquez sur « Mot de passe oublié » pour choisir un nouveau mot de "
            "passe tout de suite."
        )


class LoginBlockedError(AuthenticationError):
    """Fifty consecutive failures: the account stays blocked until someone unblocks it."""

    code = "USER_IS_BLOCKED"
    default_message = (
        "Votre compte est bloqué car vous avez effectué trop de tentatives de connexion. "
        "Pour le débloquer, cliquez sur « Mot de passe oublié » si votre compte a une adresse "
        "e-mail, ou contactez votre enseignant ou l'administrateur de votre établissement."
    )


class PasswordResetLinkError(PixorgaError):
    """A « Mot de passe oublié » link that cannot be used (used, expired, unknown)."""

    code = "PASSWORD_RESET_LINK_UNAVAILABLE"
    default_message = "Ce lien de réinitialisation du mot de passe n'est pas valable."


class PluginError(PixorgaError):
    """A plugin failed to load, broke a hook contract, or no plugin provides a needed hook."""

    code = "PLUGIN_ERROR"
    default_message = "Une extension de pixorga est défaillante."

    def __init__(self, message: str, *, plugin: str | None = None) -> None:
        super().__init__(message)
        self.plugin = plugin


class ReferentialError(PixorgaError):
    """A referential directory does not follow the format; ``problems`` names each culprit.

    Like :class:`PluginError`, it speaks to the referential's author, in English: each problem
    gives the file, the JSON path and the id of the element at fault.
    """

    code = "INVALID_REFERENTIAL"
    default_message = "Le référentiel de compétences est invalide."

    def __init__(self, message: str | None = None, *, problems: Sequence[object] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


class InvitationError(PixorgaError):
    """An invitation link cannot be used (unknown, already used, cancelled, school closed)."""

    code = "INVITATION_UNAVAILABLE"
    default_message = "Cette invitation n'est pas valide."


class InvitationNotFoundError(InvitationError):
    """No invitation matches this link (wrong code, mistyped or made-up link)."""

    code = "INVITATION_NOT_FOUND"
    default_message = (
        "Ce lien d'invitation n'est pas reconnu. Vérifiez que vous avez copié le lien complet "
        "reçu par e-mail, ou demandez à un administrateur de votre établissement de vous "
        "inviter à nouveau."
    )


class InvitationAlreadyUsedError(InvitationError):
    """The invitation has already been accepted: a link works once."""

    code = "INVITATION_ALREADY_ACCEPTED"
    default_message = (
        "Cette invitation a déjà été acceptée : le lien est à usage unique. Si vous l'avez "
        "acceptée vous-même, connectez-vous à Pix Orga ; sinon demandez à un administrateur de "
        "votre établissement de vous inviter à nouveau."
    )


class InvitationCancelledError(InvitationError):
    """An administrator cancelled the invitation."""

    code = "INVITATION_CANCELLED"
    default_message = (
        "Cette invitation a été annulée par un administrateur de l'établissement. Demandez-lui "
        "de vous inviter à nouveau si vous devez rejoindre l'espace."
    )


class InvitationExpiredError(InvitationError):
    """An administrator invitation is used after its 7 days."""

    code = "INVITATION_EXPIRED"
    default_message = (
        "Ce lien d'invitation a expiré : une invitation d'administrateur n'est valable que 7 "
        "jours. Faites une nouvelle demande d'accès administrateur : un nouveau lien sera "
        "envoyé à l'adresse e-mail de l'établissement."
    )


class LastAdministratorError(PixorgaError):
    """The change would leave an organization without an active administrator."""

    code = "LAST_ADMINISTRATOR"
    default_message = (
        "Cet espace doit toujours avoir au moins un administrateur : nommez d'abord un autre "
        "administrateur."
    )


class TooSoonError(PixorgaError):
    """The same action was done a moment ago (resending an invitation, for instance)."""

    code = "TOO_SOON"
    default_message = "Cette action vient d'être effectuée ; réessayez dans une minute."


class SchemaOutOfDateError(PixorgaError):
    """The database schema is not the one this version of pixorga expects.

    Commands never migrate silently: the message names ``pixorga db upgrade``.
    """

    code = "SCHEMA_OUT_OF_DATE"
    default_message = (
        "Le schéma de la base de données n'est pas à jour : lancez `pixorga db upgrade`."
    )


__all__ = [
    "AlreadyExistsError",
    "AuthenticationError",
    "ConfigurationError",
    "InvalidInputError",
    "InvitationAlreadyUsedError",
    "InvitationCancelledError",
    "InvitationError",
    "InvitationExpiredError",
    "InvitationNotFoundError",
    "LastAdministratorError",
    "LoginBlockedError",
    "LoginTemporarilyBlockedError",
    "NotFoundError",
    "OrgaAccessDeniedError",
    "PermissionDeniedError",
    "PixorgaError",
    "PluginError",
    "ReferentialError",
    "ReferentialNotFoundError",
    "SchemaOutOfDateError",
    "TargetProfileNotFoundError",
    "TooSoonError",
]
