"""The referential linter behind ``pixorga referentials check``: every warning in one list.

:func:`lint` gathers the content quality rules (:mod:`~pixorga_core.referentials.quality`),
the guessability rules (:mod:`~pixorga_core.referentials.guessability`), the example answers
of open questions run through the answer checker, and the Markdown subset rules:

- every QROC, QROCM and QROCM-dep lists ``examples``: answers that must be ``accepted`` and
  answers that must be ``refused``, at least one of each; each is run through the checker;
- a Markdown link shows its address: ``[texte](https://…)`` is refused unless the text is the
  address itself (write the address as plain text: a printed or offline page hides the target);
- no image (``![…](…)``): pictures are inline SVG ``illustration``;
- fenced code blocks (lines of three backquotes) are closed.

The checker is passed in (this layer sits below the engine): the command passes
:func:`pixorga_core.engine.answers.is_right`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

from pixorga_core.domain.referential import Challenge, ChallengeType, ExampleAnswer, Referential
from pixorga_core.referentials.guessability import guessability_problems
from pixorga_core.referentials.quality import quality_problems

#: Whether a response to a challenge is right: ``is_right(challenge, response)``.
AnswerChecker = Callable[[Challenge, object], bool]
OPEN_TYPES = (ChallengeType.QROC, ChallengeType.QROCM, ChallengeType.QROCM_DEP)
_LINK = re.compile(r"(?<!!)\[([^\]\n]*)\]\(([^)\s]*)[^)]*\)")
_IMAGE = re.compile(r"!\[[^\]\n]*\]\([^)]*\)")
_FENCE = re.compile(r"^\s*(```|~~~)", re.MULTILINE)


def lint(referential: Referential, is_right: AnswerChecker) -> list[str]:
    """Every warning ``pixorga referentials check`` prints for ``referential``."""
    return [
        *quality_problems(referential),
        *guessability_problems(referential),
        *example_problems(referential, is_right),
        *markdown_problems(referential),
    ]


def example_problems(referential: Referential, is_right: AnswerChecker) -> list[str]:
    problems = []
    for challenge in referential.challenges:
        if challenge.type not in OPEN_TYPES:
            continue
        examples = challenge.examples
        if examples is None or not examples.accepted or not examples.refused:
            problems.append(
                f"challenge {challenge.id}: list example answers, accepted and refused "
                '("examples": {"accepted": […], "refused": […]})'
            )
            continue
        for expected, answers in ((True, examples.accepted), (False, examples.refused)):
            for answer in answers:
                if is_right(challenge, response_of(answer)) is not expected:
                    verdict = "refuses" if expected else "accepts"
                    problems.append(
                        f"challenge {challenge.id}: the checker {verdict} the example "
                        f"{_show(answer)}"
                    )
    return problems


def response_of(example: ExampleAnswer) -> str | dict[str, str]:
    """The response an example stands for (text, or field key → text)."""
    return example if isinstance(example, str) else dict(example)


def _show(example: ExampleAnswer) -> str:
    if isinstance(example, str):
        return f"« {example} »"
    return ", ".join(f"{key}=« {value} »" for key, value in example)


def markdown_problems(referential: Referential) -> list[str]:
    problems = []
    for ident, text in _markdown_texts(referential):
        for found in _LINK.finditer(text):
            label, address = found.group(1).strip(), found.group(2)
            if label != address:
                problems.append(
                    f"{ident}: the link [{label[:30]}]({address[:40]}) hides its address; "
                    "write the address as plain text"
                )
        if _IMAGE.search(text):
            problems.append(f"{ident}: Markdown image; use an inline SVG illustration")
        if len(_FENCE.findall(text)) % 2:
            problems.append(f"{ident}: a fenced code block is not closed")
    return problems


def _markdown_texts(referential: Referential) -> Iterator[tuple[str, str]]:
    for challenge in referential.challenges:
        yield f"challenge {challenge.id}", challenge.instruction
        if challenge.document is not None:
            yield f"challenge {challenge.id}", challenge.document.content
    for tutorial in referential.tutorials:
        yield f"tutorial {tutorial.id}", tutorial.content
