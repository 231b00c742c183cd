"""How a prompt's text is laid out on the screen: wrapped at words to the terminal's
width (asked anew at every redraw, so a resized window re-wraps), and styled; what is
typed is shown with its controls as visible escapes.

Used by every prompt in ``prompts`` and by the list in ``widgets``.
"""

from __future__ import annotations

from bisect import bisect_right

from prompt_toolkit.application import get_app_session
from prompt_toolkit.formatted_text import FormattedText, StyleAndTextTuples
from prompt_toolkit.layout.processors import Processor, Transformation, TransformationInput
from prompt_toolkit.layout.utils import explode_text_fragments
from prompt_toolkit.renderer import print_formatted_text
from prompt_toolkit.styles import Style

from needlecheck import escaping, out

STYLE = Style(
    [
        ("qmark", "fg:ansicyan bold"),
        ("question", "bold"),
        ("answer", "fg:ansicyan bold"),
        ("help", ""),
        ("instruction", "fg:ansibrightblack"),
        ("pointer", "fg:ansicyan bold"),
        ("highlighted", "fg:ansicyan bold"),
        ("selected", "fg:ansicyan"),
        ("separator", "fg:ansibrightblack"),
        ("notice", "fg:ansiyellow bold"),
        # TextKind, for show()
        ("title", "bold"),
        ("heading", "fg:ansicyan bold"),
        ("plain", ""),
        ("muted", "fg:ansibrightblack"),
        ("progress", "fg:ansibrightblack"),
        ("emergency", "fg:ansired bold"),
        ("changed", "reverse"),
        ("warning", "fg:ansiyellow"),
    ]
)


def columns() -> int:
    """Columns to lay a prompt out in: one less than the terminal, whose last column
    would make some terminals wrap the line themselves. Asked at every redraw, so the
    text is wrapped anew when the window is resized."""
    return max(out.MIN_WIDTH, get_app_session().output.get_size().columns - 1)


def show(text: str, kind: str = "plain") -> None:
    """``text`` above the prompt, wrapped to the terminal, in the style of ``kind``."""
    # prompt_toolkit is loaded for the prompts anyway (rich would add to start-up), and
    # its low-level printer skips rebuilding the default styles on every call.
    output = get_app_session().output
    text = out.wrap(text, columns())
    print_formatted_text(output, FormattedText([(f"class:{kind}", text + "\n")]), STYLE)
    output.flush()


def question(message: str, answer: str = "") -> list[tuple[str, str]]:
    """The question, wrapped at words; once answered, with the answer after it."""
    width = columns()
    wrapped = out.wrap(message, width, indent="  ")[2:]
    parts = [("class:qmark", "?"), ("class:question", f" {wrapped} ")]
    if answer:
        last_line = len(wrapped.rsplit("\n", 1)[-1]) + 2
        if last_line + 1 + len(answer) > width:
            answer = "\n" + out.wrap(answer, width, indent="  ")
        parts.append(("class:answer", answer))
    return parts


def indented(style: str, text: str) -> tuple[str, str]:
    """A paragraph under the question, on its own lines, indented under it."""
    return (style, "\n" + out.wrap(text, columns(), indent="  "))


def guidance(help_text: str, instruction: str) -> list[tuple[str, str]]:
    """The question's help and how to answer it, under the question."""
    parts = []
    if help_text:
        parts.append(indented("class:help", help_text))
    if instruction:
        parts.append(indented("class:instruction", instruction))
    return parts


class VisibleControls(Processor):
    """Typed text shown as ``escaping.visible`` shows it everywhere else: a control, bidi or
    zero-width character as its escape, while it is typed and in the answer left on
    screen, so nothing typed or pasted drives the terminal or hides what follows."""

    def apply_transformation(self, transformation_input: TransformationInput) -> Transformation:
        fragments = transformation_input.fragments
        if all(escaping.visible(text) == text for _, text, *_ in fragments):
            return Transformation(fragments)
        shown: StyleAndTextTuples = []
        #: Where each typed character starts on screen, then the end (the cursor's too).
        starts: list[int] = []
        position = 0
        for style, char, *_ in explode_text_fragments(fragments):
            starts.append(position)
            shown.append((style, escaping.visible(char)))
            position += len(shown[-1][1])
        starts += [position, position + 1]
        return Transformation(
            shown,
            source_to_display=lambda position: starts[min(position, len(starts) - 1)],
            display_to_source=lambda position: max(0, bisect_right(starts, position) - 1),
        )
