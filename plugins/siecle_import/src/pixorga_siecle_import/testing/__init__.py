"""Test material for SIECLE imports, with invented pupils only; not used by the plugin at run time.

* :mod:`pixorga_siecle_import.testing.samples`: small exports built pupil by pupil;
* :mod:`pixorga_siecle_import.testing.synthetic`: realistic exports of any size, deterministic by
  seed (``bench/make_siecle.py`` is its command line);
* :mod:`pixorga_siecle_import.testing.mutations`: hypothesis strategies that damage valid
  exports (property tests, ``bench/fuzz_siecle.py``; needs the ``testing`` extra).
"""
