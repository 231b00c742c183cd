"""The prompt_toolkit side of the prompts: questionary's list made for the interview,
the notice under it, the key bindings of the lists, and how any prompt ends (Ctrl-C,
Ctrl-Q, Ctrl-D, or a fault in one of its callbacks).

``prompts`` builds the three prompts from these; nothing here knows a question.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from prompt_toolkit.application import Application
from prompt_toolkit.key_binding import KeyBindings, KeyPressEvent
from prompt_toolkit.keys import Keys
from questionary import Choice, Separator
from questionary.prompts.common import InquirerControl, create_inquirer_layout

from needlecheck import out
from needlecheck.interview import screen_text
from needlecheck.interview.prompter import AnswerKeys

#: The value of a list's Back entry: one no content option can have.
BACK_VALUE = "\x00back"


class WrappedList(InquirerControl):
    """questionary's list, with every option wrapped at words to the terminal's width
    (anew at each redraw, so a resized window re-wraps), and the letters for Yes and No
    kept for them rather than handed out as shortcuts."""

    def __init__(
        self, choices: Sequence[Choice], keys: Sequence[AnswerKeys], **options: Any
    ) -> None:
        self.keys = keys
        taken = {letter for key in keys for letter in key.letters}
        self.SHORTCUT_KEYS = [key for key in self.SHORTCUT_KEYS if key not in taken]
        super().__init__(choices, **options)
        self._labels = {id(choice): str(choice.title) for choice in self.choices}

    def label(self, choice: Choice) -> str:
        """The option's wording, unwrapped."""
        return self._labels[id(choice)]

    def _get_choice_tokens(self) -> Any:
        columns = screen_text.columns()
        for choice in self.choices:
            lead = 3  # the pointer
            if not isinstance(choice, Separator):
                shortcut = choice.get_shortcut_title()  # type: ignore[no-untyped-call]
                lead += len(shortcut) + (2 if self.use_indicator else 0)
            choice.title = out.wrap(self.label(choice), columns, indent=" " * lead)[lead:]
        return super()._get_choice_tokens()  # type: ignore[no-untyped-call]


class Notice:
    """A line shown under a list until the next key, such as "choose an answer first".

    It is part of the prompt, not prompt_toolkit's bottom toolbar, which a terminal that
    does not report the cursor position never shows.
    """

    __slots__ = ("text",)

    def __init__(self) -> None:
        self.text: str | None = None


def list_bindings(
    control: WrappedList,
    notice: Notice,
    *,
    toggles: bool = False,
    answers_at_once: bool = False,
) -> KeyBindings:
    """Moving in a list: arrow keys, and each entry's number (which also ticks, in a
    checkbox, or answers at once with ``answers_at_once``). Ctrl-C and Ctrl-D stop; any
    other key does nothing."""
    bindings = KeyBindings()
    bindings.add(Keys.ControlC, eager=True)(interrupt)
    bindings.add(Keys.ControlQ, eager=True)(interrupt)

    @bindings.add(Keys.ControlD, eager=True)
    def end_of_input(event: KeyPressEvent) -> None:
        event.app.exit(exception=EOFError, style="class:aborting")

    def move(step: int) -> None:
        notice.text = None
        control.pointed_at = (control.pointed_at + step) % control.choice_count
        while not control.is_selection_valid():
            control.pointed_at = (control.pointed_at + step) % control.choice_count

    bindings.add(Keys.Down, eager=True)(lambda event: move(1))
    bindings.add(Keys.Up, eager=True)(lambda event: move(-1))

    for index, choice in enumerate(control.choices):
        if isinstance(choice, Separator) or choice.shortcut_key is None:
            continue

        def jump(event: KeyPressEvent, index: int = index) -> None:
            notice.text = None
            control.pointed_at = index
            if toggles:
                toggle(control, notice)
            elif answers_at_once:
                control.is_answered = True
                event.app.exit(result=control.get_pointed_at().value)

        bindings.add(str(choice.shortcut_key), eager=True)(jump)
        for key in control.keys:
            if choice.value in key.values:
                for letter in key.letters:
                    bindings.add(letter, eager=True)(jump)

    @bindings.add(Keys.Any)
    def ignore(event: KeyPressEvent) -> None:
        """Typing anything else does nothing."""

    return bindings


def toggle(control: InquirerControl, notice: Notice) -> None:
    """Tick or untick the entry pointed at (never the Back entry)."""
    value = control.get_pointed_at().value
    if value == BACK_VALUE:
        return
    notice.text = None
    if value in control.selected_options:
        control.selected_options.remove(value)
    else:
        control.selected_options.append(value)


def interrupt(event: KeyPressEvent) -> None:
    """Stop the prompt as Ctrl-C does."""
    event.app.exit(exception=KeyboardInterrupt, style="class:aborting")


def run_list(
    control: InquirerControl,
    notice: Notice,
    bindings: KeyBindings,
    message: str,
    help_text: str,
    instruction: str,
    answer_shown: Callable[[], str],
) -> Any:
    """Show a list prompt until it is answered; once answered, one line remains."""

    def tokens() -> list[tuple[str, str]]:
        if control.is_answered:
            return screen_text.question(message, answer_shown())
        parts = screen_text.question(message) + screen_text.guidance(help_text, instruction)
        if notice.text:
            parts.append(screen_text.indented("class:notice", notice.text))
        return parts

    application: Application[Any] = Application(
        layout=create_inquirer_layout(control, tokens),
        key_bindings=bindings,
        style=screen_text.STYLE,
    )
    faults_end_the_prompt(application)
    return application.run()


def faults_end_the_prompt(application: Application[Any]) -> None:
    """A fault inside a callback of the prompt (a check, a key binding) ends the prompt
    with that fault, so that the CLI handles it as any other: one line, the traceback
    only with --debug. prompt_toolkit itself would print the traceback, with what was
    typed in it, and wait for Enter."""

    def end_with_fault(loop: Any, context: dict[str, Any]) -> None:
        fault = context.get("exception") or RuntimeError("a fault in the prompt")
        if application.future is not None and not application.future.done():
            application.exit(exception=fault)

    # The event loop's handler, which prompt_toolkit installs from this attribute.
    application._handle_exception = end_with_fault  # type: ignore[method-assign]
