"""pixorga plugin: renders pixorga's messages and sends them by e-mail (SMTP)."""

from __future__ import annotations
