"""pixorga core: schools, pupils, campaigns and adaptive tests, extensible through pluggy hooks."""

from __future__ import annotations

from pixorga_core.config import Settings, load_settings
from pixorga_core.errors import (
    AlreadyExistsError,
    AuthenticationError,
    ConfigurationError,
    InvalidInputError,
    InvitationAlreadyUsedError,
    InvitationCancelledError,
    InvitationError,
    InvitationNotFoundError,
    LastAdministratorError,
    LoginBlockedError,
    LoginTemporarilyBlockedError,
    NotFoundError,
    OrgaAccessDeniedError,
    PermissionDeniedError,
    PixorgaError,
    PluginError,
    ReferentialNotFoundError,
    TargetProfileNotFoundError,
    TooSoonError,
)
from pixorga_core.facade import Hooks
from pixorga_core.hooks import hookimpl
from pixorga_core.pluginmanager import create_plugin_manager

__all__ = [
    "AlreadyExistsError",
    "AuthenticationError",
    "ConfigurationError",
    "Hooks",
    "InvalidInputError",
    "InvitationAlreadyUsedError",
    "InvitationCancelledError",
    "InvitationError",
    "InvitationNotFoundError",
    "LastAdministratorError",
    "LoginBlockedError",
    "LoginTemporarilyBlockedError",
    "NotFoundError",
    "OrgaAccessDeniedError",
    "PermissionDeniedError",
    "PixorgaError",
    "PluginError",
    "ReferentialNotFoundError",
    "Settings",
    "TargetProfileNotFoundError",
    "TooSoonError",
    "create_plugin_manager",
    "hookimpl",
    "load_settings",
]
