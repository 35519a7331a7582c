"""The simulation harness behind ``pixorga simulate``: simulated pupils, scoring, reports.

:func:`~pixorga_core.simulation.harness.simulate` runs pupils drawn from an IRT model through
the engine with each algorithm; :mod:`~pixorga_core.simulation.report` prints, writes CSV and
plots; :mod:`~pixorga_core.simulation.synthetic` builds referentials of any size.
"""

from __future__ import annotations
