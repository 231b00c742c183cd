"""Content v2 keeps v1's public interface (spec, opening paragraph): every v1 question id,
type and option value, and every v1 rule id, mean what they meant; v1 answers files stay
valid; a report saved under v1 still compares with a v2 one.

``data/content-v1-ids.json`` and ``data/report-content-v1.json`` were written by
needlecheck 1.0.0 with content v1 (the runner example, screened on 2026-11-20).
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from conftest import EXAMPLES
from needlecheck.answers.files import read_answers
from needlecheck.engine import assess
from needlecheck.model.content import Content, validate_answers
from needlecheck.progress.compare import compare
from needlecheck.report.build import build_report
from needlecheck.report.json_contract import read_report, report_dict
from test_history import run, screen_and_save

# Saves go to a throwaway home.
pytestmark = pytest.mark.usefixtures("data_home")
DATA = Path(__file__).parent / "data"
V1_IDS: dict[str, Any] = json.loads((DATA / "content-v1-ids.json").read_text("utf-8"))
V1_REPORT = DATA / "report-content-v1.json"


def test_this_is_content_v2(content: Content) -> None:
    assert V1_IDS["content_version"] == "1"
    assert content.content_version == "2"


@pytest.mark.parametrize("qid", sorted(V1_IDS["questions"]))
def test_every_v1_question_keeps_its_type_and_option_values(content: Content, qid: str) -> None:
    v1 = V1_IDS["questions"][qid]
    question = content.question_by_id[qid]
    assert question.type == v1["type"]
    assert list(question.options) == v1["options"]
    # The one move of v2 (spec 3.2): recent_surgery is now a warning sign.
    expected_section = "red_flags" if qid == "recent_surgery" else v1["section"]
    assert question.section == expected_section


def test_every_v1_rule_keeps_its_id_and_level(content: Content) -> None:
    levels = {rule.id: rule.level for rule in content.rules}
    assert {rid: levels.get(rid) for rid in V1_IDS["rules"]} == V1_IDS["rules"]
    assert set(levels) - set(V1_IDS["rules"]) == {"text_warning_sign"}


@pytest.mark.parametrize("example", sorted(EXAMPLES.glob("*.*")), ids=lambda p: p.name)
def test_v1_answers_files_stay_valid(content: Content, example: Path) -> None:
    if example.suffix not in (".json", ".toml") or example.stem == "invalid":
        pytest.skip("not an answers file that should be valid")
    read_answers(content, str(example))  # raises on any problem


def test_a_saved_v1_report_holds_answers_v2_accepts(content: Content) -> None:
    saved = json.loads(V1_REPORT.read_text("utf-8"))
    assert saved["content_version"] == "1"
    answers, problems = validate_answers(content, saved["answers"])
    assert problems == []
    assert assess(content, answers).level == saved["outcome"]["level"]


def test_a_saved_v1_report_compares_with_a_v2_one(content: Content) -> None:
    before = read_report(json.loads(V1_REPORT.read_text("utf-8")))
    answers = read_answers(content, str(EXAMPLES / "runner-right-buttock.json"))
    answers = {**answers, "leg_pain": 1}
    now = build_report(content, assess(content, answers), created=datetime.now().astimezone())
    comparison = compare(content, before, read_report(report_dict(now)))
    assert comparison.versions_differ
    assert comparison.unknown_scores == ()
    verdicts = {change.id: change.verdict for change in comparison.scores if not change.item_of}
    assert verdicts == {
        "sbi_total": "unchanged",
        "leg_pain": "improved",
        "back_pain": "no_meaningful_change",
        "psfs_average": "no_meaningful_change",
    }


def test_compare_and_history_read_a_saved_v1_report() -> None:
    now = screen_and_save(EXAMPLES / "runner-right-buttock.json")
    result = run("compare", V1_REPORT, now)
    assert result.exit_code == 0, result.output
    assert "different content versions (1 and 2)" in " ".join(result.stdout.split())
