"""Hypothesis strategies for answer sets, built from the content itself."""

from __future__ import annotations

from hypothesis import strategies as st

from needlecheck.model.answers import Answer
from needlecheck.model.content import Content, Question

#: Free text: empty, plain, markup, words that may describe a warning sign (spec 4.6),
#: and near misses that must not ("speed" holds "pee", "manuscript" holds "anus").
WARNING_TEXTS = (
    "I wet myself twice",
    "foot-drop when walking",
    "Both legs ache",
    "erections",
    "me orino encima",
    "tengo el pie caido",
)
TEXTS = (
    "",
    "   ",
    "running",
    "[bold]lifting[/bold] <b>",
    "speed walking",
    "manuscript",
    "hace un año",
    *WARNING_TEXTS,
)


def answer_value(question: Question) -> st.SearchStrategy[Answer]:
    """Any valid answer to one question."""
    if question.type == "integer":
        assert question.min is not None and question.max is not None
        return st.integers(question.min, question.max)
    if question.type == "text":
        return st.sampled_from(TEXTS)
    if question.type == "multi":
        return st.sets(st.sampled_from(question.options)).map(
            lambda chosen: tuple(o for o in question.options if o in chosen)
        )
    return st.sampled_from(question.options)


@st.composite
def answer_sets(
    draw: st.DrawFn, content: Content, mode: str = "self", *, complete: bool = False
) -> dict[str, Answer]:
    """A valid answer set for ``mode``; unless ``complete``, any question may be missing."""
    answers: dict[str, Answer] = {}
    for question in content.questions:
        if mode not in question.modes:
            continue
        if not complete and draw(st.integers(0, 9)) == 0:
            continue
        answers[question.id] = draw(answer_value(question))
    return answers
