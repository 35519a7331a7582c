"""The adaptive engine: answer checking, knowledge elements, Smart Random and Flash.

Pure functions over immutable :class:`~pixorga_core.domain.assessments.AssessmentState` values;
no database, no web. :mod:`pixorga_core.engine.service` is the one code path the web app and the
simulator share.
"""

from __future__ import annotations
