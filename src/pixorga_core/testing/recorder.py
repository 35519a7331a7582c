"""What a plugin manager was asked: :class:`HookRecorder`, after pytest's pytester recorder.

The ``hook_recorder`` fixture records every hook call made through the test's ``pm``::

    def test_sign_up_announces_the_account(session, hooks, hook_recorder):
        created = accounts.sign_up(session, hooks, ...)
        session.commit()
        hook_recorder.assert_contains([("pixorga_account_created", "user.id == created.id")])
        call = hook_recorder.popcall("pixorga_account_created")
        assert call.kwargs["learner"] is None
        assert hook_recorder.calls("pixorga_account_created") == []

``calls(name)``, ``names()`` and ``clear()`` read and reset the record; ``popcall(name)`` and
``assert_contains(entries)`` behave as their namesakes in pytest's ``pytester``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

import attrs
import pytest

__all__ = ["HookCall", "HookRecorder"]


@attrs.frozen
class HookCall:
    """One hook call: the hook's name and the keyword arguments it was called with."""

    name: str
    kwargs: dict[str, Any]


@attrs.define
class HookRecorder:
    """Every hook call made through one plugin manager, in order."""

    recorded: list[HookCall] = attrs.field(factory=list)

    def calls(self, name: str) -> list[HookCall]:
        return [c for c in self.recorded if c.name == name]

    def names(self) -> list[str]:
        return [c.name for c in self.recorded]

    def clear(self) -> None:
        self.recorded.clear()

    def popcall(self, name: str) -> HookCall:
        """Remove and return the first recorded call of hook ``name``; fail the test if none.

        The failure lists the calls recorded so far. Popping lets a test check the calls of one
        hook one by one, and then that no other is left (``hook_recorder.calls(name) == []``).
        """
        __tracebackhide__ = True
        for index, call in enumerate(self.recorded):
            if call.name == name:
                del self.recorded[index]
                return call
        pytest.fail(f"no call of {name!r} was recorded, in:\n{self._listing()}", pytrace=False)

    def assert_contains(self, entries: Sequence[tuple[str, str]]) -> None:
        """Check that calls matching ``entries`` were recorded, in this order (others may come
        between them).

        Each entry is ``(hook name, check)``: ``check`` is a Python expression evaluated with the
        call's keyword arguments as local names, over the globals and locals of the caller (as in
        pytest's ``HookRecorder.assert_contains``), for example
        ``("pixorga_learners_imported", "report.created == 2 and organization.id == school.id")``.
        For each entry the first matching call after the previous match is taken; the test fails
        with the recorded calls listed when an entry finds none. Nothing is removed.
        """
        __tracebackhide__ = True
        caller = sys._getframe(1)
        namespace = {**caller.f_globals, **caller.f_locals}
        start = 0
        for name, check in entries:
            for index in range(start, len(self.recorded)):
                call = self.recorded[index]
                if call.name == name and eval(check, namespace, dict(call.kwargs)):  # noqa: S307
                    start = index + 1
                    break
            else:
                pytest.fail(
                    f"no call of {name!r} with {check!r} was recorded"
                    f"{' after the previous match' if start else ''}, in:\n{self._listing()}",
                    pytrace=False,
                )

    def _listing(self) -> str:
        if not self.recorded:
            return "  (no hook call)"
        return "\n".join(f"  {call.name}({_arguments(call.kwargs)})" for call in self.recorded)


def _arguments(kwargs: dict[str, Any], width: int = 60) -> str:
    shown = []
    for key, value in kwargs.items():
        text = repr(value)
        shown.append(f"{key}={text if len(text) <= width else text[: width - 1] + '…'}")
    return ", ".join(shown)
