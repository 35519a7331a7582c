"""Sphinx configuration of the pixorga documentation.

Build with warnings as errors::

    .venv/bin/sphinx-build -W --keep-going -b html docs docs/_build/html

The hook reference (``hooks.rst``) is generated from the docstrings of
``pixorga_core.hooks``; ``tests/test_hooks_docs.py`` checks those docstrings and that every hook
has its ``autofunction`` entry there. No intersphinx: the build must work offline.
"""

from __future__ import annotations

import sys
from pathlib import Path

_ROOT = Path(__file__).resolve().parent.parent
# Build from a source checkout even when pixorga-core is not installed.
sys.path.insert(0, str(_ROOT / "src"))

project = "pixorga"
author = "The pixorga developers"
copyright = "the pixorga developers"
release = "0.1"
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.viewcode",
]

language = "en"
root_doc = "index"
exclude_patterns = ["_build", "examples"]
nitpicky = False

# -- autodoc -------------------------------------------------------------------------------------
autodoc_member_order = "bysource"
autodoc_typehints = "signature"
# Argument types of the hook specs are imported under TYPE_CHECKING only (so that importing
# ``pixorga_core.hooks`` costs nothing); autodoc shows them as written, and links them to the
# classes documented in domain.rst.

# -- HTML ----------------------------------------------------------------------------------------
html_theme = "alabaster"
html_title = "pixorga documentation"
html_theme_options = {
    "description": "Pix Orga for schools, as a library, plugins and a reference app.",
    "fixed_sidebar": True,
    "page_width": "1100px",
    "sidebar_width": "240px",
}
