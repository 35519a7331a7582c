"""Competence referentials: the file format's JSON Schema, the loader, and the quality rules.

The format is described in :doc:`/referential-format`. The French demo referential ships as
package data in ``pixorga_core/referentials/demo``; :mod:`pixorga_core.defaults.referentials`
registers it.
"""

from __future__ import annotations

from pixorga_core.referentials.loader import load_referential
from pixorga_core.referentials.problems import ReferentialProblem

__all__ = ["ReferentialProblem", "load_referential"]
