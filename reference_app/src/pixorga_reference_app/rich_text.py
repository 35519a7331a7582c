"""The referentials' Markdown as safe HTML, for the challenge pages.

The subset the referential format documents (paragraphs, bold, italic, bullet and numbered lists,
inline code, tables, quotes, links) is rendered by markdown-it-py in CommonMark mode with raw HTML
off: every ``<`` of the source is escaped, and links with a ``javascript:``, ``vbscript:``,
``file:`` or ``data:`` target are not made links (markdown-it's ``validateLink``). Images are
turned off: a challenge's illustration is a separate, embedded SVG shown with its alternative text.
"""

from __future__ import annotations

import base64
import functools

from markdown_it import MarkdownIt


@functools.cache
def _parser() -> MarkdownIt:
    return (
        MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table").disable("image")
    )


@functools.lru_cache(maxsize=4096)
def markdown(text: str) -> str:
    """``text`` (the referential's Markdown) as HTML, with anything else escaped.

    Cached: a referential's texts do not change while the process runs, and a class of pupils
    sees the same instructions and checkpoint reviews again and again."""
    return str(_parser().render(text or ""))


def svg_data_uri(svg: str) -> str:
    """An embedded SVG illustration as a ``data:`` URI for an ``<img>`` (an image never runs
    scripts, and the page's CSP allows ``img-src data:``)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
