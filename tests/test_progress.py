"""Comparing two screenings: meaningful-change thresholds, direction, missing scores,
older reports, and the outcome level and red flags that must come first."""

from __future__ import annotations

from datetime import datetime
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import safe_answers
from needlecheck.engine import assess
from needlecheck.errors import NotAReportError
from needlecheck.model.content import Content
from needlecheck.progress.compare import (
    MEANINGFUL,
    Comparison,
    ScoreChange,
    Threshold,
    compare,
)
from needlecheck.report.build import build_report
from needlecheck.report.json_contract import Screening, read_report, report_dict
from test_content import _broken

EARLIER = "2026-03-02T09:00:00+00:00"
LATER = "2026-03-16T09:00:00+00:00"


def screening(
    scores: dict[str, Any] | None = None,
    *,
    level: str = "may_suit",
    findings: list[dict[str, Any]] | None = None,
    answers: dict[str, Any] | None = None,
    created: str = EARLIER,
    version: str | None = "1",
) -> Screening:
    """A screening read from the smallest report dict that has what the test needs."""
    data: dict[str, Any] = {"created": created, "outcome": {"level": level}}
    if version is not None:
        data["content_version"] = version
    if scores is not None:
        data["scores"] = scores
    if findings is not None:
        data["findings"] = findings
    if answers is not None:
        data["answers"] = answers
    return read_report(data)


def row(comparison: Comparison, score_id: str) -> ScoreChange:
    return next(change for change in comparison.scores if change.id == score_id)


def verdict(content: Content, score_id: str, before: float | None, after: float | None) -> str:
    comparison = compare(
        content,
        screening({score_id: before}),
        screening({score_id: after}, created=LATER),
    )
    return row(comparison, score_id).verdict


# ── Pain: a change of at least 2 points, or at least 30% of the earlier value (FARRAR)


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (7, 5, "improved"),  # exactly 2 points
        (7, 6, "no_meaningful_change"),  # 1 point, 14%
        (3, 2, "improved"),  # 1 point but 33% of 3
        (4, 3, "no_meaningful_change"),  # 1 point, 25% of 4
        (5, 7, "worsened"),  # 2 points up
        (5, 6, "no_meaningful_change"),  # 1 point, 20%
        (3, 4, "worsened"),  # 1 point, 33% of 3: the same rule either way
        (0, 1, "no_meaningful_change"),  # a percentage of 0 is undefined; 1 < 2
        (0, 2, "worsened"),
        (1, 0, "improved"),  # 100% of 1
        (6, 6, "no_meaningful_change"),
    ],
)
@pytest.mark.parametrize("score_id", ["leg_pain", "back_pain"])
def test_pain_threshold_both_sides_of_the_boundary(
    content: Content, score_id: str, before: int, after: int, expected: str
) -> None:
    assert verdict(content, score_id, before, after) == expected


def test_percent_boundary_is_inclusive() -> None:
    percent_only = Threshold(points=None, percent=30)
    assert percent_only.met_by(10, 7)  # exactly 30%
    assert percent_only.met_by(10, 13)
    assert not percent_only.met_by(10, 7.1)  # 29%
    assert not percent_only.met_by(10, 12.9)
    assert not percent_only.met_by(0, 5)  # no percentage of nothing
    assert not percent_only.met_by(4, 4)


# ── PSFS average: higher is better, 2 points (PSFS); one decimal, compared exactly


@pytest.mark.parametrize(
    ("before", "after", "expected"),
    [
        (3.1, 5.1, "improved"),  # 5.1 - 3.1 is 1.9999999999999996 in binary floats
        (3.1, 5.0, "no_meaningful_change"),
        (5.1, 3.1, "worsened"),
        (0.3, 2.3, "improved"),
        (2.4, 4.3, "no_meaningful_change"),
        (6.0, 4.1, "no_meaningful_change"),
        (4.0, 4.0, "no_meaningful_change"),
        (2, 4.0, "improved"),
    ],
)
def test_psfs_threshold_both_sides(
    content: Content, before: float, after: float, expected: str
) -> None:
    assert verdict(content, "psfs_average", before, after) == expected


def test_psfs_has_no_percent_rule(content: Content) -> None:
    # 1 → 2 is +100%, but PSFS's threshold is 2 points only.
    assert verdict(content, "psfs_average", 1.0, 2.0) == "no_meaningful_change"


def _farrar(before: int, after: int) -> bool:
    size = abs(after - before)
    return size >= 2 or (before > 0 and Fraction(size, before) >= Fraction(3, 10))


@given(before=st.integers(0, 10), after=st.integers(0, 10))
def test_pain_verdict_matches_the_published_rule(content: Content, before: int, after: int) -> None:
    result = verdict(content, "leg_pain", before, after)
    if after == before or not _farrar(before, after):
        assert result == "no_meaningful_change"
    else:
        assert result == ("improved" if after < before else "worsened")


@given(before_tenths=st.integers(0, 100), after_tenths=st.integers(0, 100))
def test_psfs_verdict_matches_the_published_rule(
    content: Content, before_tenths: int, after_tenths: int
) -> None:
    before, after = before_tenths / 10, after_tenths / 10
    result = verdict(content, "psfs_average", before, after)
    if abs(after_tenths - before_tenths) < 20:
        assert result == "no_meaningful_change"
    else:
        assert result == ("improved" if after > before else "worsened")


# ── SBI: no published threshold, so direction only, and items crossing "bothersome"


@given(before=st.integers(0, 24), after=st.integers(0, 24))
def test_sbi_total_is_never_called_meaningful(content: Content, before: int, after: int) -> None:
    result = verdict(content, "sbi_total", before, after)
    assert result not in MEANINGFUL
    expected = "unchanged" if before == after else "better" if after < before else "worse"
    assert result == expected


def test_sbi_items_follow_the_total_and_say_when_they_cross_bothersome(
    content: Content,
) -> None:
    before = screening(
        {"sbi_total": 14},
        answers={"sbi_leg_pain": 5, "sbi_numbness": 3, "sbi_weakness": 4, "sbi_sitting": 2},
    )
    after = screening(
        {"sbi_total": 14},
        answers={"sbi_leg_pain": 3, "sbi_numbness": 4, "sbi_weakness": 6},
        created=LATER,
    )
    comparison = compare(content, before, after)
    ids = [change.id for change in comparison.scores]
    start = ids.index("sbi_total")
    assert ids[start : start + 5] == [
        "sbi_total",
        "sbi_leg_pain",
        "sbi_numbness",
        "sbi_weakness",
        "sbi_sitting",
    ]
    leg, numbness, weakness, sitting = comparison.scores[start + 1 : start + 5]
    assert (leg.verdict, leg.crossing, leg.change) == ("better", "no_longer_bothersome", -2)
    assert (numbness.verdict, numbness.crossing) == ("worse", "became_bothersome")
    assert (weakness.verdict, weakness.crossing) == ("worse", None)  # bothersome both times
    assert (sitting.verdict, sitting.crossing) == ("missing", None)
    assert {leg.item_of, sitting.item_of} == {"sbi_total"}


# ── Missing scores and older content versions


def test_missing_scores_are_shown_as_missing_never_guessed(content: Content) -> None:
    before = screening({"leg_pain": 7, "back_pain": None, "psfs_average": 3.0})
    after = screening({"leg_pain": None, "back_pain": 4}, created=LATER)
    comparison = compare(content, before, after)
    for score_id, expected_before, expected_after in [
        ("leg_pain", 7, None),
        ("back_pain", None, 4),
        ("psfs_average", 3.0, None),  # absent from the later report altogether
        ("sbi_total", None, None),
    ]:
        change = row(comparison, score_id)
        assert (change.before, change.after) == (expected_before, expected_after)
        assert change.verdict == "missing"
        assert change.change is None
    assert comparison.meaningful == ()


def test_an_older_content_version_compares_by_score_name(content: Content) -> None:
    older = screening(
        {"leg_pain": 8, "oswestry": 40}, version="0", findings=[{"id": "x", "level": "not_advised"}]
    )
    newer = screening({"leg_pain": 5, "back_pain": 3, "sbi_total": 9}, created=LATER)
    comparison = compare(content, older, newer)
    assert comparison.versions_differ
    assert row(comparison, "leg_pain").verdict == "improved"
    assert row(comparison, "back_pain").verdict == "missing"
    assert comparison.unknown_scores == ("oswestry",)


def test_a_report_without_a_content_version_still_compares(content: Content) -> None:
    comparison = compare(
        content, screening({"leg_pain": 6}, version=None), screening({"leg_pain": 6})
    )
    assert comparison.versions_differ
    assert row(comparison, "leg_pain").verdict == "no_meaningful_change"


# ── Outcome level and new red flags


@pytest.mark.parametrize(
    ("before", "after", "raised"),
    [
        ("may_suit", "discuss_precautions", True),
        ("discuss_precautions", "may_suit", False),
        ("urgent_review", "incomplete", True),  # spec 2: incomplete ranks above urgent
        ("emergency", "emergency", False),
        ("not_advised", "emergency", True),
    ],
)
def test_level_raised_follows_the_spec_order(
    content: Content, before: str, after: str, raised: bool
) -> None:
    comparison = compare(content, screening(level=before), screening(level=after, created=LATER))
    assert comparison.level_raised is raised


def test_only_new_emergency_or_urgent_findings_are_new_red_flags(content: Content) -> None:
    before = screening(
        level="urgent_review",
        findings=[{"id": "night_pain", "level": "urgent_review", "summary": "Night pain"}],
    )
    after = screening(
        level="emergency",
        findings=[
            {"id": "ces_bladder", "level": "emergency", "summary": "Bladder", "message": "Go."},
            {"id": "night_pain", "level": "urgent_review", "summary": "Night pain"},
            {"id": "pregnancy", "level": "not_advised", "summary": "Pregnant"},
        ],
        created=LATER,
    )
    comparison = compare(content, before, after)
    assert [finding.id for finding in comparison.new_red_flags] == ["ces_bladder"]
    assert comparison.new_red_flags[0].message == "Go."


# ── Reading reports: real ones round-trip, damaged and foreign ones are refused


def test_a_real_report_round_trips(content: Content) -> None:
    answers = {**safe_answers(content), "leg_pain": 6}
    report = build_report(content, assess(content, answers), created=datetime.now().astimezone())
    data = report_dict(report)
    read = read_report(data)
    assert read.scores == data["scores"]
    assert read.level == "may_suit"
    assert read.content_version == content.content_version
    assert read.answers["sbi_leg_pain"] == answers["sbi_leg_pain"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ([1, 2], "not a JSON object"),
        ({"name": "some-package", "version": "1.0"}, "no outcome level"),
        ({"created": EARLIER, "outcome": {"level": "fine"}}, "no outcome level"),
        ({"outcome": {"level": "may_suit"}}, "no date"),
        ({"created": "last Tuesday", "outcome": {"level": "may_suit"}}, "no date"),
        ({"created": EARLIER, "outcome": {"level": "may_suit"}, "scores": []}, "'scores'"),
        (
            {"created": EARLIER, "outcome": {"level": "may_suit"}, "scores": {"leg_pain": "7"}},
            "'leg_pain' is not a number",
        ),
        (
            {"created": EARLIER, "outcome": {"level": "may_suit"}, "scores": {"leg_pain": True}},
            "'leg_pain' is not a number",
        ),
        (
            {"created": EARLIER, "outcome": {"level": "may_suit"}, "scores": {"x": float("nan")}},
            "'x' is not a number",
        ),
        ({"created": EARLIER, "outcome": {"level": "may_suit"}, "findings": {}}, "'findings'"),
        (
            {"created": EARLIER, "outcome": {"level": "may_suit"}, "findings": [{"id": 3}]},
            "a finding",
        ),
        ({"created": EARLIER, "outcome": {"level": "may_suit"}, "ref": 12}, "'ref'"),
        ({"created": EARLIER, "outcome": {"level": "may_suit"}, "answers": []}, "'answers'"),
    ],
)
def test_damaged_or_foreign_reports_are_refused_with_a_reason(data: object, reason: str) -> None:
    with pytest.raises(NotAReportError, match=reason):
        read_report(data)


def test_a_refusal_never_quotes_a_value_from_the_file() -> None:
    data = {"created": EARLIER, "outcome": {"level": "may_suit"}, "scores": {"leg_pain": "HIV"}}
    with pytest.raises(NotAReportError) as caught:
        read_report(data)
    assert "HIV" not in str(caught.value)


def test_a_date_without_an_offset_is_taken_as_local_time() -> None:
    read = screening(created="2026-03-02T09:00:00")
    assert read.created.tzinfo is not None
    # …so it sorts against reports that do carry an offset.
    assert read.created < screening(created="2099-01-01T00:00:00+00:00").created


# ── The score data behind all this: direction and thresholds are checked on loading


def test_direction_and_thresholds_come_from_the_content(content: Content) -> None:
    scores = {score.id: score for score in content.scores}
    assert {sid: s.better for sid, s in scores.items()} == {
        "sbi_total": "lower",
        "leg_pain": "lower",
        "back_pain": "lower",
        "psfs_average": "higher",
    }
    assert Threshold.of(scores["leg_pain"]) == Threshold(points=2, percent=30)  # FARRAR
    assert Threshold.of(scores["psfs_average"]) == Threshold(points=2, percent=None)  # PSFS
    assert Threshold.of(scores["sbi_total"]) is None  # none published


def _leg_pain(logic: dict[str, Any]) -> dict[str, Any]:
    return next(score for score in logic["scores"] if score["id"] == "leg_pain")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda score: score.pop("better"), "'better' must be 'lower' or 'higher'"),
        (lambda score: score.update(better="down"), "'better' must be 'lower' or 'higher'"),
        (
            lambda score: score.update(meaningful_change=0),
            "'meaningful_change' must be a positive number",
        ),
        (
            lambda score: score.update(meaningful_change=True),
            "'meaningful_change' must be a positive number",
        ),
        (
            lambda score: score.update(meaningful_change_percent="30%"),
            "'meaningful_change_percent' must be a positive number",
        ),
    ],
)
def test_broken_score_data_fails_loudly(change: Any, expected: str) -> None:
    problems = _broken(lambda logic, text: change(_leg_pain(logic)))
    assert f"screening.toml: score 'leg_pain': {expected}" in problems
