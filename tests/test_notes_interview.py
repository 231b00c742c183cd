"""Clinician notes of several lines in the interview (issue 14 item 3), through the
scripted prompter: asked as a prompt of several lines, kept whole in the draft and
offered whole again, shown line by line in the review, and Back still goes back."""

from __future__ import annotations

from itertools import pairwise
from pathlib import Path

import pytest

from conftest import safe_answers
from needlecheck.errors import Interrupted
from needlecheck.interview.drafts import DraftStore
from needlecheck.interview.flow import DraftPolicy
from needlecheck.interview.prompter import BACK
from needlecheck.model.answers import Answer
from needlecheck.model.content import Content
from test_interview_flow import INTERRUPT, Script, confirm, run

NOTES = "Called from work.\nPrefers mornings.\nDaughter may answer."
REF = "AB12"


@pytest.fixture
def store(tmp_path: Path) -> DraftStore:
    return DraftStore(tmp_path / "state" / "needlecheck")


def caller(content: Content) -> dict[str, Answer]:
    return safe_answers(content, "clinician") | {"clinician_notes": NOTES}


def test_only_the_notes_are_asked_on_several_lines_and_kept_whole(
    content: Content, store: DraftStore
) -> None:
    script = Script(content, "clinician", confirm(caller(content)))
    finished = run(content, script, store=store, ref=REF)
    assert script.several_lines == {"clinician_notes"}
    assert finished.answers["clinician_notes"] == NOTES


def test_a_draft_keeps_the_note_of_several_lines_and_offers_it_again(
    content: Content, store: DraftStore
) -> None:
    script = Script(content, "clinician", caller(content), [("review_question", INTERRUPT)])
    with pytest.raises(Interrupted):
        run(content, script, store=store, ref=REF)
    draft = store.load(content, "clinician", REF)
    assert draft is not None and draft.snapshot.answers["clinician_notes"] == NOTES

    # Carried on, the review reopens the note: it is offered whole, to keep or change.
    total = len([q for q in script.asked if q in content.question_by_id])
    steps: list[tuple[str, object]] = [
        ("review_question", "change"),
        ("review_pick", str(total)),
        ("clinician_notes", NOTES + "\nCall back Monday."),
    ]
    script = Script(content, "clinician", confirm(caller(content)), steps)
    finished = run(content, script, store=store, ref=REF, policy=DraftPolicy.RESUME)
    assert ("clinician_notes", NOTES) in script.defaults
    assert finished.answers["clinician_notes"] == NOTES + "\nCall back Monday."


def test_back_from_the_notes_goes_to_the_question_before(
    content: Content, store: DraftStore
) -> None:
    steps: list[tuple[str, object]] = [("clinician_notes", BACK)]
    script = Script(content, "clinician", confirm(caller(content)), steps)
    finished = run(content, script, store=store, ref=REF)
    questions = [q for q in script.asked if q in content.question_by_id]
    assert questions[-3:] == ["clinician_notes", questions[-4], "clinician_notes"]
    assert ("clinician_notes", True) in script.backs_offered
    assert finished.answers["clinician_notes"] == NOTES


def test_the_review_shows_each_line_of_the_note_on_a_line_of_its_own(
    content: Content, store: DraftStore
) -> None:
    script = Script(content, "clinician", confirm(caller(content)), size=(60, 500))
    run(content, script, store=store, ref=REF)
    lines = [line for page in script.pages for line, _ in page]
    label = content.question_by_id["clinician_notes"].label
    first, second, third = NOTES.split("\n")
    assert any(
        a.endswith(f"{label}: {first}") and b.strip() == second for a, b in pairwise(lines)
    ), lines
    follows = [b for a, b in pairwise(lines) if a.strip() == second]
    assert follows and follows[0].strip() == third
    # each line hangs under the answer's start, not at the left edge
    assert follows[0].startswith(" ") and len(follows[0]) - len(follows[0].lstrip()) >= 4
    assert "\\n" not in "".join(lines)
