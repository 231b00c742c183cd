"""A real forms tool fills needlecheck's Questionnaire: LHC-Forms (npm ``lforms``, pinned
in tests/browser/package-lock.json) in headless Chromium (Debian's ``chromium``, driven
by ``playwright-core``), from local files only. A person's clicks go in, LHC-Forms' own
export comes out, and ``needlecheck screen --answers`` must screen it exactly as it
screens the same answers typed into an answers file.

`.ci/run` installs Chromium and the npm packages; without them the test is skipped with
the reason, except in CI (``CI=true``), where it fails.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from needlecheck.engine import applicable_answers
from needlecheck.loading.content import load_content
from needlecheck.model.answers import Answer
from needlecheck.model.content import Content, Question
from needlecheck.model.fhir_terms import emergency_warning, none_label
from needlecheck.render.fhir_questionnaire import emergency_rules, questionnaire

BROWSER_DIR = Path(__file__).parent / "browser"
CHROMIUM = os.environ.get("NEEDLECHECK_CHROMIUM", "/usr/bin/chromium")
CONTENT = load_content()
#: Typed answers (the other integers take the middle of their range). The activities are
#: typed because FHIR shows a follow-up only once its input is answered (needlecheck
#: would ask an activity's score even with the activity left empty).
TYPED: dict[str, Answer] = {
    "age": 45,
    "leg_pain": 7,
    "back_pain": 4,
    "activity_1": "walking to the shops",
    "activity_2": "sitting through a film",
    "activity_3": "gardening",
}


def _missing_tools() -> str | None:
    if shutil.which("node") is None:
        return "node is not installed"
    if not os.access(CHROMIUM, os.X_OK):
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    for package in ("lforms", "playwright-core"):
        if not (BROWSER_DIR / "node_modules" / package / "package.json").exists():
            return f"npm package {package} is missing (npm ci --prefix tests/browser)"
    return None


@pytest.fixture(scope="module", autouse=True)
def _browser_tools() -> None:
    missing = _missing_tools()
    if missing is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"the LHC-Forms test must run in CI: {missing}")
    pytest.skip(f"LHC-Forms test skipped: {missing}")


def _first_shown(question: Question) -> Answer:
    """What a person with nothing to report picks: "No", "None", "None of these"."""
    if question.id in TYPED:
        return TYPED[question.id]
    if question.type == "integer":
        assert question.min is not None and question.max is not None
        return (question.min + question.max) // 2
    if question.type == "multi":
        return ()
    return question.shown_order[0]


def _answers(changes: dict[str, Answer]) -> dict[str, Answer]:
    """A person's answers to every question the form shows them."""
    given = {
        q.id: changes.get(q.id, _first_shown(q))
        for q in CONTENT.questions
        if q.applies_in("self") and (q.type != "text" or q.id in TYPED)
    }
    used, _, _ = applicable_answers(CONTENT, given, "self")
    return used


def _step(question: Question, answer: Answer) -> dict[str, Any]:
    if isinstance(answer, int | str) and question.type in ("integer", "text"):
        return {"linkId": question.id, "type": "typed", "value": answer}
    chosen = answer if isinstance(answer, tuple) else (str(answer),)
    labels = [question.option_labels[value] for value in chosen] or [none_label(CONTENT)]
    kind = "multi" if question.type == "multi" else "choice"
    return {"linkId": question.id, "type": kind, "labels": labels}


def _warning_ids(content: Content) -> dict[str, str]:
    """The emergency warning items of the Questionnaire, by linkId, with their text."""
    return {
        f"{question.id}.{rule.id}": emergency_warning(content, rule)
        for question in content.questions
        for rule in emergency_rules(content, question)
    }


def _fill_in_lhc_forms(answers: dict[str, Answer], tmp_path: Path) -> dict[str, Any]:
    plan = {
        "questionnaire": questionnaire(CONTENT, "self"),
        "warnings": list(_warning_ids(CONTENT)),
        "steps": [_step(CONTENT.question_by_id[qid], value) for qid, value in answers.items()],
    }
    (tmp_path / "plan.json").write_text(json.dumps(plan), "utf-8")
    subprocess.run(
        ["node", str(BROWSER_DIR / "fill_form.mjs"), "plan.json", "result.json", "form.png"],
        cwd=tmp_path,
        check=True,
        timeout=300,
    )
    result: dict[str, Any] = json.loads((tmp_path / "result.json").read_text("utf-8"))
    assert result["outside"] == [], "a request left the machine"
    assert result["errors"] == []
    return result


def _screen(path: Path) -> dict[str, Any]:
    """The real command's JSON report, without its time stamp."""
    done = subprocess.run(
        [sys.executable, "-m", "needlecheck", "screen", "--answers", str(path), "--format", "json"],
        capture_output=True,
        check=False,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    report: dict[str, Any] = json.loads(done.stdout)
    report.pop("created")
    return report


def _screened_both_ways(
    answers: dict[str, Answer], result: dict[str, Any], tmp_path: Path
) -> dict[str, Any]:
    """The report of LHC-Forms' export, checked equal to that of the same answers file."""
    exported = tmp_path / "from-lhc-forms.json"
    exported.write_text(json.dumps(result["response"]), "utf-8")
    typed = tmp_path / "answers.json"
    typed.write_text(
        json.dumps({k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}),
        "utf-8",
    )
    report = _screen(exported)
    assert report == _screen(typed)
    return report


def _shown_questions(result: dict[str, Any]) -> set[str]:
    return {link for link in result["shown"] if link in CONTENT.question_by_id}


def _applying(answers: dict[str, Answer]) -> set[str]:
    _, applying, _ = applicable_answers(CONTENT, answers, "self")
    return {q.id for q in applying}


def test_a_bladder_change_shows_the_warning_at_once_and_screens_as_emergency(
    tmp_path: Path,
) -> None:
    answers = _answers({"bladder_change": "yes"})
    result = _fill_in_lhc_forms(answers, tmp_path)
    warning = "bladder_change.ces_bladder"
    asked = list(answers)
    at = asked.index("bladder_change") + 1  # result["warnings"][0] is before any answer
    assert all(shown == [] for shown in result["warnings"][:at])
    assert all(shown == [warning] for shown in result["warnings"][at:])
    assert result["warningText"][warning].strip() == _warning_ids(CONTENT)[warning]
    # LHC-Forms shows the questions needlecheck asks, no more and no fewer.
    assert _shown_questions(result) == _applying(answers)
    report = _screened_both_ways(answers, result, tmp_path)
    assert report["outcome"]["level"] == "emergency"
    assert "ces_bladder" in [finding["id"] for finding in report["findings"]]


def test_none_of_these_in_the_form_is_an_empty_answer(tmp_path: Path) -> None:
    answers = _answers({})
    assert answers["pain_areas"] == () and answers["treatments_tried"] == ()
    result = _fill_in_lhc_forms(answers, tmp_path)
    assert all(shown == [] for shown in result["warnings"])
    assert _shown_questions(result) == _applying(answers)
    report = _screened_both_ways(answers, result, tmp_path)
    assert report["answers"]["pain_areas"] == []
    assert report["outcome"]["level"] != "incomplete"
    assert report["unanswered"] == [q for q in report["unanswered"] if q not in answers]
