"""The emergency advice at the interview's stop, laid out to fit the screen above its
choice (principle 9: the advice, with the local emergency number, is on screen when the
person chooses).

The essentials are the outcome's title and its next step (where to go now and the number
to call); they are always shown. The why comes with them as room allows: each rule's
whole message, else one line naming each sign, else nothing (the report says it in full).
Without room for the frame the advice goes unframed.

Pure layout, no terminal: texts in, lines out.
"""

from __future__ import annotations

from collections.abc import Sequence

from needlecheck import out

#: Columns the list indents an option's label by: the pointer, its key and ``) ``.
OPTION_INDENT = 6


def choice_height(question: str, labels: Sequence[str], columns: int) -> int:
    """Lines the choice under the advice takes: its question, each option wrapped as the
    list wraps it, and one line for a notice under the list."""
    asked = _height([question], columns, indent="  ")
    return asked + _height(labels, columns, indent=" " * OPTION_INDENT) + 1


def advice_lines(
    title: str,
    reasons: Sequence[str],
    signs: Sequence[str],
    next_step: str,
    columns: int,
    room: int,
) -> list[str]:
    """The advice's lines, each to be wrapped at ``columns``, taking at most ``room`` lines
    where they can: the title, why (the rules' ``reasons`` in full, else the ``signs`` they
    found, one item each), and the ``next_step``; framed by a rule above and below if
    there is room."""
    rule = "━" * min(columns, 80)
    in_full = [line for reason in reasons for line in ("", reason)]
    layouts = [
        [rule, title, *why, next_step, rule]
        for why in ([*in_full, ""], [f"• {sign}" for sign in signs], [])
    ] + [[title, next_step]]
    return next((lines for lines in layouts if _height(lines, columns) <= room), layouts[-1])


def _height(paragraphs: Sequence[str], columns: int, indent: str = "") -> int:
    """Lines ``paragraphs`` take wrapped at ``columns``, each on its own lines."""
    return sum(out.wrap(text, columns, indent=indent).count("\n") + 1 for text in paragraphs)
