"""pixorga's own default plugins, registered from code after external plugins (``trylast``)."""

from __future__ import annotations
