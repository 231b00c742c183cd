"""The interview's cursor: order, show-if, Back along the questions actually asked, review."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import safe_answers
from needlecheck.engine import applicable_answers
from needlecheck.interview.cursor import Cursor, Snapshot
from needlecheck.model.answers import MODES, Answer, Mode
from needlecheck.model.conditions import questions_in
from needlecheck.model.content import Content
from strategies import answer_sets


def walk(cursor: Cursor, answers: dict[str, Answer]) -> list[str]:
    """Answer every question the cursor asks from ``answers``; the ids asked, in order."""
    asked = []
    while (question := cursor.current()) is not None:
        asked.append(question.id)
        cursor.answer(question.id, answers[question.id])
    return asked


def test_questions_come_in_the_spec_order_and_skip_hidden_ones(content: Content) -> None:
    answers = safe_answers(content)  # nothing tried, every activity left blank
    asked = walk(Cursor(content, "self"), answers)
    expected = [q.id for q in applicable_answers(content, answers, "self")[1]]
    assert asked == expected
    sections = list(dict.fromkeys(content.question_by_id[qid].section for qid in asked))
    assert sections == ["about", "red_flags", "symptoms", "needling", "history"]
    assert "treatment_relief" not in asked
    assert "activity_1_score" not in asked
    assert "consent_capacity" not in asked and "clinician_notes" not in asked


def test_clinician_mode_adds_consent_first_in_needling_and_notes_last(content: Content) -> None:
    asked = walk(Cursor(content, "clinician"), safe_answers(content, "clinician"))
    needling = [qid for qid in asked if content.question_by_id[qid].section == "needling"]
    assert needling[0] == "consent_capacity"
    assert asked[-1] == "clinician_notes"


def test_a_show_if_answered_true_brings_its_question_next(content: Content) -> None:
    cursor = Cursor(content, "self")
    answers = safe_answers(content) | {"treatments_tried": ("massage", "dry_needling")}
    answers |= {"treatment_relief": "none", "dry_needling_response": "helped"}
    asked = walk(cursor, answers)
    position = asked.index("treatments_tried")
    assert asked[position + 1 : position + 3] == ["treatment_relief", "dry_needling_response"]


def test_progress_counts_the_questions_that_apply(content: Content) -> None:
    cursor = Cursor(content, "self")
    first = cursor.current()
    assert first is not None and first.id == "age"
    number, total = cursor.progress(first)
    assert number == 1
    # Unanswered show-if inputs count as shown, so the total starts as an upper bound...
    assert total == len(applicable_answers(content, {}, "self")[1])
    walk(cursor, safe_answers(content))
    # ...and ends as the exact number asked.
    assert cursor.progress(first)[1] == len(cursor.answers)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), mode=st.sampled_from(MODES))
def test_question_n_of_m_counts_up_and_its_total_only_loses_what_the_answer_just_ruled_out(
    content: Content, data: st.DataObject, mode: Mode
) -> None:
    """Through a whole interview, "question N of M": N goes up by one, and M never counts
    a question a known answer has ruled out, never grows, and only shrinks right after an
    answer that a dropped question's show-if reads."""
    answers = data.draw(answer_sets(content, mode, complete=True))
    asked = walk(Cursor(content, mode), answers)
    cursor = Cursor(content, mode)
    counted_before: set[str] | None = None
    previous = ""  # the question asked before, once there is one
    for number, qid in enumerate(asked, 1):
        question = cursor.current()
        assert question is not None and question.id == qid
        counted = {q.id for q in cursor.applicable()}
        assert cursor.progress(question) == (number, len(counted))
        for never_asked in counted - set(asked):
            show_if = content.question_by_id[never_asked].show_if
            assert show_if is not None
            assert not set(questions_in(show_if)) <= cursor.answers.keys(), never_asked
        if counted_before is not None:
            assert counted <= counted_before
            for dropped in counted_before - counted:
                show_if = content.question_by_id[dropped].show_if
                assert show_if is not None and previous in questions_in(show_if), dropped
        counted_before, previous = counted, qid
        cursor.answer(qid, answers[qid])


def test_back_returns_to_the_question_actually_asked_before(content: Content) -> None:
    cursor = Cursor(content, "self")
    answers = safe_answers(content)
    for qid in ("age", "first_episode"):
        cursor.answer(qid, answers[qid])
    assert cursor.can_go_back()
    cursor.back()
    current = cursor.current()
    assert current is not None and current.id == "first_episode"
    assert cursor.answers["first_episode"] == "no"  # kept, to be offered as the default
    cursor.back()
    current = cursor.current()
    assert current is not None and current.id == "age"
    assert not cursor.can_go_back()


def answer_up_to(cursor: Cursor, answers: dict[str, Answer], stop_at: str) -> None:
    """Answer what the cursor asks until it reaches ``stop_at``."""
    while (question := cursor.current()) is not None and question.id != stop_at:
        cursor.answer(question.id, answers[question.id])


def test_back_skips_questions_a_show_if_hid(content: Content) -> None:
    cursor = Cursor(content, "self")
    answers = safe_answers(content) | {"activity_2": "gardening", "activity_2_score": 4}
    answer_up_to(cursor, answers, "activity_2_score")
    cursor.back()
    current = cursor.current()
    assert current is not None and current.id == "activity_2"
    cursor.back()  # activity_1_score was never asked: activity_1 was left blank
    current = cursor.current()
    assert current is not None and current.id == "activity_1"


def test_changing_an_answer_on_the_way_back_drops_questions_that_no_longer_apply(
    content: Content,
) -> None:
    cursor = Cursor(content, "self")
    answers = safe_answers(content) | {"treatments_tried": ("dry_needling",)}
    answers |= {"treatment_relief": "none", "dry_needling_response": "worse"}
    answer_up_to(cursor, answers, "goals")
    for _ in range(3):
        cursor.back()
    current = cursor.current()
    assert current is not None and current.id == "treatments_tried"
    cursor.answer("treatments_tried", ())
    assert "treatment_relief" not in cursor.answers
    assert "dry_needling_response" not in cursor.answers
    next_question = cursor.current()
    assert next_question is not None and next_question.id == "goals"


def test_walking_on_after_back_offers_the_later_answers_again(content: Content) -> None:
    cursor = Cursor(content, "self")
    answers = safe_answers(content)
    for qid in ("age", "first_episode", "saddle_numbness"):
        cursor.answer(qid, answers[qid])
    cursor.back()
    cursor.back()
    cursor.answer("first_episode", "yes")
    current = cursor.current()
    assert current is not None and current.id == "saddle_numbness"
    assert cursor.answers["saddle_numbness"] == "no"


def test_review_edit_asks_only_new_questions_then_returns(content: Content) -> None:
    cursor = Cursor(content, "self")
    walk(cursor, safe_answers(content))
    cursor.start_review()
    assert cursor.current() is None
    cursor.reopen("treatments_tried")
    current = cursor.current()
    assert current is not None and current.id == "treatments_tried"
    cursor.answer("treatments_tried", ("dry_needling",))
    asked = []
    while (question := cursor.current()) is not None:
        asked.append(question.id)
        cursor.answer(question.id, {"treatment_relief": "none"}.get(question.id, "helped"))
    assert asked == ["treatment_relief", "dry_needling_response"]


def test_back_from_a_question_reopened_at_the_review_returns_to_the_review(
    content: Content,
) -> None:
    cursor = Cursor(content, "self")
    walk(cursor, safe_answers(content))
    cursor.start_review()
    cursor.reopen("age")
    cursor.back()
    assert cursor.current() is None
    assert cursor.answers["age"] == 40


def test_back_from_the_review_reopens_the_last_question_asked(content: Content) -> None:
    cursor = Cursor(content, "self")
    asked = walk(cursor, safe_answers(content))
    cursor.start_review()
    cursor.back()
    current = cursor.current()
    assert current is not None and current.id == asked[-1]


def test_a_snapshot_restores_the_same_place(content: Content) -> None:
    cursor = Cursor(content, "self")
    answers = safe_answers(content)
    for qid in ("age", "first_episode", "saddle_numbness", "bladder_change"):
        cursor.answer(qid, answers[qid])
    cursor.back()  # now at bladder_change again
    restored = Cursor.restore(content, "self", cursor.snapshot())
    current = restored.current()
    assert current is not None and current.id == "bladder_change"
    assert restored.answers == cursor.answers


def test_restore_drops_history_that_does_not_fit(content: Content) -> None:
    mode: Mode = "self"
    snapshot = Snapshot({"age": 40}, ("age", "not_a_question", "first_episode"), False)
    cursor = Cursor.restore(content, mode, snapshot)
    assert cursor.history == ["age"]
    current = cursor.current()
    assert current is not None and current.id == "first_episode"
