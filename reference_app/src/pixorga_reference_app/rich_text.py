"""The referentials' Markdown as safe HTML, for the challenge pages.

The subset the referential format documents (paragraphs, bold, italic, bullet and numbered lists,
inline code, tables, quotes, links) is rendered by markdown-it-py in CommonMark mode with raw HTML
off: every ``<`` of the source is escaped, and links with a ``javascript:``, ``vbscript:``,
``file:`` or ``data:`` target are not made links (markdown-it's ``validateLink``). Images are
turned off: a challenge's illustration is a separate, embedded SVG shown with its alternative text.
:func:`summary` gives the plain text of the same Markdown, shortened, for lists such as the
checkpoint's « Vos réponses ».
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


#: Characters of a :func:`summary`, the ellipsis included.
SUMMARY_LENGTH = 160
_TEXT_TOKENS = frozenset({"text", "code_inline"})
_BREAK_TOKENS = frozenset({"softbreak", "hardbreak"})


def plain_text(text: str) -> str:
    """The words of ``text`` (the referential's Markdown) without its markup: what a reader of
    the rendered HTML reads, on one line (blocks and line breaks become spaces)."""
    words: list[str] = []
    for token in _parser().parse(text or ""):
        if token.type in ("code_block", "fence"):
            words.append(token.content)
        for child in token.children or ():
            if child.type in _TEXT_TOKENS:
                words.append(child.content)
            elif child.type in _BREAK_TOKENS:
                words.append(" ")
        words.append(" ")
    return " ".join("".join(words).split())


def summary(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """:func:`plain_text` of ``text``, shortened to at most ``limit`` characters on a word
    boundary, with an ellipsis when shortened."""
    plain = plain_text(text)
    if len(plain) <= limit:
        return plain
    cut = plain[: limit - 1]
    if plain[limit - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:.-–—") + "…"


def svg_data_uri(svg: str) -> str:
    """An embedded SVG illustration as a ``data:`` URI for an ``<img>`` (an image never runs
    scripts, and the page's CSP allows ``img-src data:``)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
