"""Conformance kits: test classes a plugin's suite subclasses.

* :mod:`~pixorga_core.testing.conformance.plugin`: :class:`PluginConformance`, for every plugin
  distribution (it uses the ``pm`` fixture);
* :mod:`~pixorga_core.testing.conformance.student_source`: :class:`StudentSourceConformance`;
* :mod:`~pixorga_core.testing.conformance.algorithm`: :class:`AlgorithmConformance`, which
  needs no fixture of the pytest plugin and imports no database machinery.
"""
