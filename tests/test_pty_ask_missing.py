"""``screen --answers FILE --ask-missing`` end to end: the installed ``needlecheck`` in a
real pseudo-terminal asks only what the file leaves out and what applies.

Everything the program prints is recorded, so a test can tell each question asked from
each one that was not (a question from the file must never be asked again).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from conftest import NEEDLECHECK, STATE_FOLDER, home_variables, run_needlecheck
from needlecheck.engine import applicable_answers
from needlecheck.model.answers import Answer, Mode
from needlecheck.model.content import Content
from test_pty_interview import (
    EXPECT_TIMEOUT,
    Terminal,
    complete,
    deadline,  # noqa: F401  (the autouse fixture: every test has a time limit)
    example,
    on_screen,
    report,
    shown_prompt,
)

pytestmark = pytest.mark.pty

#: Left out of the runner example, with the answers the person gives when asked. Some
#: answers decide what applies: a treatment of dry needling brings its follow-up
#: question, and a blank third activity leaves its score out.
LEFT_OUT: dict[str, Answer] = {
    "leg_pain": 6,
    "willing_needles": "yes",
    "treatments_tried": ("dry_needling",),
    "dry_needling_response": "helped",
    "activity_2_score": 3,
    "activity_3": "",
    "consent_capacity": "yes",  # clinician mode only
}


def environment(home: Path) -> dict[str, str]:
    return {**os.environ, **home_variables(home)}


def file_answers(content: Content) -> dict[str, Answer]:
    answers = example(content, "runner-right-buttock.json")
    for question_id in LEFT_OUT:
        answers.pop(question_id, None)
    return answers


def as_json(answers: dict[str, Answer]) -> str:
    return json.dumps({k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()})


def screen_missing(
    content: Content, home: Path, answers_file: Path, known: dict[str, Answer], mode: Mode
) -> tuple[str, dict[str, object]]:
    """Run ``--ask-missing`` on ``answers_file``, answering each missing question that
    applies from ``known`` and ``LEFT_OUT``: (everything printed, the JSON report)."""
    full = complete(content, known | LEFT_OUT, mode)
    output = home / "report.json"
    args = ["screen", "--answers", str(answers_file), "--ask-missing", "--output", str(output)]
    if mode == "clinician":
        args += ["--clinician", "--ref", "AB12"]
    terminal = Terminal(content, home, *args, mode=mode)
    printed = io.StringIO()
    terminal.child.logfile_read = printed
    terminal.see(f"{answers_file}: {len(known)}.")
    for question_id in expected_missing(content, known, mode):
        terminal.answer(question_id, full[question_id])
    terminal.confirm_review()
    code, _ = terminal.finish()
    assert code == 0
    return printed.getvalue(), report(output)


def expected_missing(content: Content, known: dict[str, Answer], mode: Mode) -> list[str]:
    full = complete(content, known | LEFT_OUT, mode)
    return [q.id for q in applicable_answers(content, full, mode)[1] if q.id not in known]


def assert_asked_exactly(content: Content, printed: str, missing: list[str], mode: Mode) -> None:
    """Every question in ``missing`` was asked (the run waited for each) and no other: the
    interview prints a progress line for each question it asks, and no question from the
    file was shown (questions worded alike, such as the activity scores, are told apart
    by the count alone)."""
    progress = content.text("interview.progress", section="", number="NUMBER", total="TOTAL")
    pattern = on_screen(progress).replace("NUMBER", r"\d+").replace("TOTAL", r"\d+")
    assert len(re.findall(pattern, printed)) == len(missing)
    asked_wording = {shown_prompt(content.question_by_id[qid], mode) for qid in missing}
    shown_again = [
        question.id
        for question in content.questions
        if question.id not in missing
        and shown_prompt(question, mode) not in asked_wording
        and re.search(on_screen(shown_prompt(question, mode)), printed)
    ]
    assert shown_again == []


def test_a_json_file_asks_exactly_the_missing_questions_that_apply(
    content: Content, home: Path, tmp_path: Path
) -> None:
    known = file_answers(content)
    answers_file = tmp_path / "partial.json"
    answers_file.write_text(as_json(known), "utf-8")
    printed, saved = screen_missing(content, home, answers_file, known, "self")
    missing = expected_missing(content, known, "self")
    assert_asked_exactly(content, printed, missing, "self")
    # what the answers decide: the dry-needling follow-up applies, no third activity score
    assert "dry_needling_response" in missing and "activity_3_score" not in missing
    assert "activity_2_score" in missing and "activity_1_score" not in missing
    assert saved["answers"]["leg_pain"] == 6  # type: ignore[index]
    assert saved["answers"]["age"] == known["age"]  # type: ignore[index]


def test_a_fhir_response_asks_exactly_the_missing_questions_in_clinician_mode(
    content: Content, home: Path, tmp_path: Path
) -> None:
    known = file_answers(content)
    partial = tmp_path / "partial.json"
    partial.write_text(as_json(known), "utf-8")
    response = tmp_path / "from-the-portal"  # recognised by its resourceType, not its name
    exported = run_needlecheck(
        "screen", "--answers", str(partial), "--format", "fhir", env=environment(home)
    )
    assert exported.returncode == 0, exported.stderr
    assert json.loads(exported.stdout)["resourceType"] == "QuestionnaireResponse"
    response.write_text(exported.stdout, "utf-8")
    printed, saved = screen_missing(content, home, response, known, "clinician")
    missing = expected_missing(content, known, "clinician")
    assert_asked_exactly(content, printed, missing, "clinician")
    assert {"consent_capacity", "clinician_notes"} <= set(missing)  # the PT's own questions
    assert saved["answers"]["leg_pain"] == 6  # type: ignore[index]
    assert saved["mode"] == "clinician" and saved["ref"] == "AB12"


def test_a_toml_file_asks_exactly_the_missing_questions_in_clinician_mode(
    content: Content, home: Path, tmp_path: Path
) -> None:
    known = file_answers(content)
    answers_file = tmp_path / "partial.toml"
    as_toml = (
        f"{qid} = {json.dumps(list(value) if isinstance(value, tuple) else value)}\n"
        for qid, value in known.items()
    )
    answers_file.write_text("# a TOML answers file\n" + "".join(as_toml), "utf-8")
    printed, saved = screen_missing(content, home, answers_file, known, "clinician")
    missing = expected_missing(content, known, "clinician")
    assert_asked_exactly(content, printed, missing, "clinician")
    assert "dry_needling_response" in missing and "activity_3_score" not in missing
    assert {"consent_capacity", "clinician_notes"} <= set(missing)
    assert saved["answers"]["leg_pain"] == 6  # type: ignore[index]
    assert saved["answers"]["pain_areas"] == list(known["pain_areas"])  # type: ignore[index,arg-type]


@pytest.mark.parametrize("stdin", ["file", "answers on standard input"])
def test_without_a_terminal_ask_missing_is_one_line_and_exit_2(
    home: Path, tmp_path: Path, stdin: str
) -> None:
    answers_file = tmp_path / "partial.json"
    answers_file.write_text('{"age": 40}', "utf-8")
    source = "-" if stdin != "file" else str(answers_file)
    result = subprocess.run(
        [str(NEEDLECHECK), "screen", "--answers", source, "--ask-missing"],
        input=answers_file.read_bytes(),
        capture_output=True,
        env=environment(home),
        timeout=EXPECT_TIMEOUT,
        check=False,
    )
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.count(b"\n") == 1
    assert result.stderr.startswith(b"needlecheck: ") and b"--ask-missing" in result.stderr
    assert not (home / STATE_FOLDER).exists()  # no draft


def test_ask_missing_needs_an_answers_file(home: Path) -> None:
    result = run_needlecheck("screen", "--ask-missing", env=environment(home))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "--answers FILE" in result.stderr
