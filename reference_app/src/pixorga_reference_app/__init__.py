"""pixorga's reference web app (Bottle + waitress, French UI).

:func:`make_app` is imported on first use: the package is also the plugin that adds
``pixorga serve``, and ``pixorga --help`` (or any other command) must not load Bottle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from pixorga_reference_app.app import make_app

__all__ = ["make_app"]


def __getattr__(name: str) -> Any:
    if name == "make_app":
        from pixorga_reference_app.app import make_app

        return make_app
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
