"""What the interview asks of a screen and a keyboard: the ``Prompter`` protocol.

The flow talks only to a ``Prompter``. ``prompts.TerminalPrompter`` is the real one;
tests script a fake one, so the flow is tested without a terminal. Here too are what a
prompt is given and returns (an ``Option``, ``BACK``, a ``TextKind``) and the keys both
sides agree on: the letters that answer Yes, No and Not sure, and how to ask for Back.
Nothing here imports prompt_toolkit or questionary.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Final, Literal, Protocol

from needlecheck.records import Record

if TYPE_CHECKING:
    from needlecheck.model.content import Content


class Nav(enum.Enum):
    BACK = "back"


#: What a prompt returns when the person asks to go back.
BACK: Final = Nav.BACK
Back = Literal[Nav.BACK]

#: The key that moves to the Back entry of a list.
BACK_KEY = "b"
#: Typed alone at a typed question, goes back (the lists have a "← Back" entry).
BACK_WORD = "<"

TextKind = Literal[
    "title", "heading", "plain", "muted", "progress", "emergency", "changed", "warning"
]


class Option(Record):
    value: str
    label: str


class Prompter(Protocol):
    """What the interview needs from a screen and a keyboard.

    Each prompt has a ``name`` that is never shown: the question id, or the wording key
    of an interface question ("review_question"). Scripts and tests go by it, since two
    questions can share their wording (the activity scores do).
    """

    def show(self, text: str, kind: TextKind = "plain") -> None:
        """Print a paragraph."""

    def show_lines(self, lines: Sequence[tuple[str, TextKind]]) -> None:
        """Print lines already laid out to ``screen_size`` (not wrapped again)."""

    def screen_size(self) -> tuple[int, int]:
        """(columns, rows) to lay text out in."""

    def page(self, text: str) -> None:
        """Show a long text (a rendered report) in a pager."""

    def select(
        self,
        name: str,
        message: str,
        options: Sequence[Option],
        *,
        default: str | None = None,
        help_text: str = "",
        instruction: str = "",
        back: str | None = None,
        at_once: bool = False,
    ) -> str | Back:
        """One option's value; ``back`` is the label of a Back entry (None: no Back)."""

    def checkbox(
        self,
        name: str,
        message: str,
        options: Sequence[Option],
        *,
        checked: Sequence[str] = (),
        help_text: str = "",
        instruction: str = "",
        back: str | None = None,
    ) -> list[str] | Back:
        """The values ticked, in the options' order."""

    def text(
        self,
        name: str,
        message: str,
        *,
        check: Callable[[str], str | None],
        default: str = "",
        help_text: str = "",
        instruction: str = "",
        back_word: str | None = None,
        at_once_keys: str = "",
        several_lines: bool = False,
    ) -> str | Back:
        """Typed text that ``check`` accepted (it returns the reason for refusing, or None).

        Typing ``back_word`` alone goes back; it is never passed to ``check``. With
        ``several_lines`` the text may take several lines (notes.py: how they end).
        """


class AnswerKeys(Record):
    """Letters that choose an option wherever it exists (spec section 3: y for Yes, n for
    No or None, u for Not sure; a language adds its own, such as s for Sí). The first is
    the one named. In clinician mode the same letters answer at once."""

    letters: str
    values: tuple[str, ...]


def answer_keys(content: Content) -> tuple[AnswerKeys, ...]:
    """The letters for No (or None), Yes and Not sure in ``content``'s language."""
    return (
        AnswerKeys(content.text("interview.no_keys"), ("no", "none")),
        AnswerKeys(content.text("interview.yes_keys"), ("yes",)),
        AnswerKeys(content.text("interview.unsure_keys"), ("not_sure", "unsure")),
    )
