"""The terminal side of the interview: ``TerminalPrompter``, the real ``Prompter``.

Built on questionary's choice list and prompt_toolkit: with ``widgets`` (the list and
its keys) and ``screen_text`` (wrapping), the only modules that import them.

Three kinds of prompt, each answered with Enter, so a habitual Enter cannot skip past a
question:

* ``select``: one answer from a list, by the arrow keys or the number shown. A question
  not answered before has no answer chosen: Enter asks the person to choose first.
  With ``at_once`` (a PT on the phone, a trained user) an answer's key (its number,
  ``n``, ``y``, ``u``, or ``b`` for Back) answers at once; Enter alone still answers
  nothing new.
* ``checkbox``: any number of answers; Space or the number ticks. Enter with nothing
  ticked asks once more before it means "none".
* ``text``: typed, and checked as typed by the caller's ``check`` (the reason is shown
  and the prompt stays until the answer is accepted). A key of ``at_once_keys`` typed
  on a line not yet edited is the whole answer, checked the same way.

Each can offer Back: a last "← Back" entry in lists, a word for typed answers. Ctrl-C
raises ``KeyboardInterrupt`` and Ctrl-D ``EOFError`` from every prompt; the flow saves
the draft and stops.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from prompt_toolkit import PromptSession
from prompt_toolkit.application import get_app, get_app_session
from prompt_toolkit.filters import Condition
from prompt_toolkit.formatted_text import FormattedText
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from prompt_toolkit.renderer import print_formatted_text as print_styled
from prompt_toolkit.validation import ValidationError, Validator
from questionary import Choice, Separator

from needlecheck.interview import screen_text
from needlecheck.interview.notes import add_note_keys
from needlecheck.interview.prompter import BACK, BACK_KEY, Back, Option, TextKind, answer_keys
from needlecheck.interview.widgets import (
    BACK_VALUE,
    Notice,
    WrappedList,
    faults_end_the_prompt,
    interrupt,
    list_bindings,
    run_list,
    toggle,
)

if TYPE_CHECKING:
    from prompt_toolkit.document import Document

    from needlecheck.model.content import Content


class TerminalPrompter:
    """Prompts in a real terminal, with the interface wording of ``content``."""

    def __init__(self, content: Content) -> None:
        self.content = content

    def show(self, text: str, kind: TextKind = "plain") -> None:
        screen_text.show(text, kind)

    def screen_size(self) -> tuple[int, int]:
        size = get_app_session().output.get_size()
        return screen_text.columns(), max(size.rows, 10)

    def page(self, text: str) -> None:
        # $PAGER (or $MANPAGER) if set, else less; rendered colours need less -R.
        import os
        import pydoc

        os.environ.setdefault("LESS", "-R")
        pydoc.pager(text)

    def show_lines(self, lines: Sequence[tuple[str, TextKind]]) -> None:
        output = get_app_session().output
        fragments = [(f"class:{kind}", line) for line, kind in lines]
        text = FormattedText([part for fragment in fragments for part in (fragment, ("", "\n"))])
        print_styled(output, text, screen_text.STYLE)
        output.flush()

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
        choices: list[Choice] = []
        if default is None:
            # Nothing is chosen until the person chooses: the pointer starts on this line.
            choices.append(Separator(self.content.text("interview.placeholder")))
        choices += [Choice(option.label, value=option.value) for option in options]
        if back is not None:
            choices.append(Choice(back, value=BACK_VALUE, shortcut_key=BACK_KEY))
        control = WrappedList(
            choices,
            answer_keys(self.content),
            initial_choice=default,
            use_indicator=False,
            use_shortcuts=True,
        )
        if default is None:
            control.pointed_at = 0
        notice = Notice()
        bindings = list_bindings(control, notice, answers_at_once=at_once)

        @bindings.add(Keys.ControlM, eager=True)
        def submit(event: KeyPressEvent) -> None:
            if not control.is_selection_valid():
                key = "choose_first_at_once" if at_once else "choose_first"
                notice.text = self.content.text(f"interview.{key}")
                return
            control.is_answered = True
            event.app.exit(result=control.get_pointed_at().value)

        def answer_shown() -> str:
            return control.label(control.get_pointed_at())

        value = run_list(control, notice, bindings, message, help_text, instruction, answer_shown)
        return BACK if value == BACK_VALUE else str(value)

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
        choices = [
            Choice(option.label, value=option.value, checked=option.value in checked)
            for option in options
        ]
        if back is not None:
            choices.append(Choice(back, value=BACK_VALUE, shortcut_key=BACK_KEY))
        control = WrappedList(
            choices, answer_keys(self.content), use_indicator=True, use_shortcuts=True
        )
        order = [option.value for option in options]
        labels = {option.value: option.label for option in options}
        notice = Notice()
        bindings = list_bindings(control, notice, toggles=True)
        empty_confirmed = False

        def ticked() -> list[str]:
            return [value for value in order if value in control.selected_options]

        @bindings.add(" ", eager=True)
        def space(event: KeyPressEvent) -> None:
            toggle(control, notice)

        @bindings.add(Keys.ControlM, eager=True)
        def submit(event: KeyPressEvent) -> None:
            nonlocal empty_confirmed
            if control.get_pointed_at().value == BACK_VALUE:
                control.is_answered = True
                event.app.exit(result=BACK_VALUE)
                return
            if not ticked() and not empty_confirmed:
                empty_confirmed = True
                notice.text = self.content.text("interview.confirm_none")
                return
            control.is_answered = True
            event.app.exit(result=ticked())

        def answer_shown() -> str:
            if control.get_pointed_at().value == BACK_VALUE and control.is_answered:
                return str(back)
            chosen = ticked()
            return (
                ", ".join(labels[v] for v in chosen)
                if chosen
                else self.content.text("interview.none")
            )

        result = run_list(control, notice, bindings, message, help_text, instruction, answer_shown)
        return BACK if result == BACK_VALUE else list(result)

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
        def is_back(typed: str) -> bool:
            return back_word is not None and typed.strip() == back_word

        # Why an answer was refused, shown above the typed line, wrapped: prompt_toolkit's
        # own one-line toolbar (left empty) would cut it off at the window's edge.
        refused = Notice()

        class Checked(Validator):
            def validate(self, document: Document) -> None:
                if is_back(document.text):
                    return
                refused.text = check(document.text)
                if refused.text is not None:
                    raise ValidationError(cursor_position=len(document.text), message="")

        def tokens() -> FormattedText:
            parts = screen_text.question(message)
            if not get_app().is_done:
                parts += screen_text.guidance(help_text, instruction)
                if refused.text and get_app().current_buffer.validation_error is not None:
                    parts.append(screen_text.indented("class:notice", refused.text))
                parts.append(("class:pointer", "\n» "))
            return FormattedText(parts)

        bindings = KeyBindings()
        bindings.add(Keys.ControlQ, eager=True)(interrupt)
        # Only on a line not yet edited: once the person types, the keys type as usual.
        untouched = Condition(lambda: get_app().current_buffer.text in ("", default))
        for key in at_once_keys:

            def answer_at_once(event: KeyPressEvent, key: str = key) -> None:
                event.current_buffer.text = key
                event.current_buffer.validate_and_handle()

            bindings.add(key, filter=untouched, eager=True)(answer_at_once)
        if several_lines:  # how a note's lines end, and $EDITOR (notes.py)
            add_note_keys(bindings, self.content, back_word)
        session: PromptSession[str] = PromptSession(
            tokens,
            validator=Checked(),
            validate_while_typing=False,
            style=screen_text.STYLE,
            key_bindings=bindings,
            multiline=several_lines,
            prompt_continuation="  ",
            input_processors=[screen_text.VisibleControls()],
        )
        faults_end_the_prompt(session.app)
        typed = session.prompt(default=default)
        return BACK if is_back(typed) else typed
