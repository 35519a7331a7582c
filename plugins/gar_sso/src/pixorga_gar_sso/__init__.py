"""pixorga plugin: single sign-on through the GAR (Gestionnaire d'Accès aux Ressources), SAML."""

from __future__ import annotations
