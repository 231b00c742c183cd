"""What the comparison, history and chart say, in words (before a renderer lays them out)."""

from __future__ import annotations

from typing import get_args

from needlecheck.model.content import Content
from needlecheck.model.logic import Better
from needlecheck.progress.compare import Crossing, Verdict, compare
from needlecheck.render import text
from needlecheck.render.blocks import BAR_WIDTH
from needlecheck.render.progress_view import (
    Series,
    act_first_lines,
    chart_blocks,
    format_change,
    history_entries,
    meaningful_lines,
    result_words,
    threshold_words,
)
from test_progress import EARLIER, LATER, screening


def test_meaningful_changes_in_plain_words_worse_news_first(content: Content) -> None:
    comparison = compare(
        content,
        screening({"leg_pain": 7, "back_pain": 3, "psfs_average": 3.5}),
        screening({"leg_pain": 4, "back_pain": 6, "psfs_average": 5.5}, created=LATER),
    )
    assert meaningful_lines(content, comparison) == [
        "Back pain worsened meaningfully: 3 → 6",
        "Leg pain improved meaningfully: 7 → 4",
        "Activities score (PSFS) improved meaningfully: 3.5 → 5.5",
    ]


def test_no_meaningful_change_is_said_too(content: Content) -> None:
    comparison = compare(
        content, screening({"leg_pain": 7}), screening({"leg_pain": 6}, created=LATER)
    )
    assert meaningful_lines(content, comparison) == ["No score changed by a meaningful amount."]


def test_a_raised_level_comes_with_the_new_next_step(content: Content) -> None:
    comparison = compare(
        content, screening(level="may_suit"), screening(level="not_advised", created=LATER)
    )
    lines = act_first_lines(content, comparison)
    assert lines[0] == (
        "The outcome is more serious than on 2026-03-02 09:00: "
        "Dry needling may suit you → Dry needling is not advised for you now."
    )
    assert lines[-1].startswith("Next step: ")
    assert content.outcomes["not_advised"].next_step in lines[-1]


def test_new_red_flags_come_before_the_level(content: Content) -> None:
    finding = {"id": "ces_bladder", "level": "emergency", "summary": "Bladder", "message": "Go."}
    comparison = compare(
        content,
        screening(level="may_suit"),
        screening(level="emergency", findings=[finding], created=LATER),
    )
    lines = act_first_lines(content, comparison)
    assert lines[0] == "New since 2026-03-02 09:00: Bladder. Go."
    assert "more serious" in lines[1]


def test_a_lasting_emergency_is_still_shown_first(content: Content) -> None:
    finding = {"id": "ces_bladder", "level": "emergency", "summary": "Bladder"}
    comparison = compare(
        content,
        screening(level="emergency", findings=[finding]),
        screening(level="emergency", findings=[finding], created=LATER),
    )
    lines = act_first_lines(content, comparison)
    assert lines[0] == "The latest screening still says: Get emergency care now."


def test_nothing_to_act_on_when_things_are_calm_or_better(content: Content) -> None:
    comparison = compare(
        content, screening(level="not_advised"), screening(level="may_suit", created=LATER)
    )
    assert act_first_lines(content, comparison) == []


def test_thresholds_and_results_in_words(content: Content) -> None:
    comparison = compare(
        content,
        screening({"sbi_total": 12}, answers={"sbi_sitting": 5}),
        screening({"sbi_total": 9}, answers={"sbi_sitting": 2}, created=LATER),
    )
    by_id = {change.id: change for change in comparison.scores}
    assert threshold_words(content, by_id["leg_pain"].threshold) == "2 points or 30%"
    assert threshold_words(content, by_id["psfs_average"].threshold) == "2 points"
    assert threshold_words(content, by_id["sbi_total"].threshold) == "none published"
    assert result_words(content, by_id["sbi_total"]) == "better"
    assert result_words(content, by_id["sbi_sitting"]) == "better; no longer bothersome"
    assert result_words(content, by_id["leg_pain"]) == "cannot compare"


def test_change_is_signed_and_zero_is_plain() -> None:
    assert [format_change(v) for v in (-3, 2, 0, 2.0, -0.5, 0.0, None)] == [
        "-3",
        "+2",
        "0",
        "+2.0",
        "-0.5",
        "0",
        "",
    ]


def test_history_entries_give_date_outcome_reference_and_scores(content: Content) -> None:
    first = screening({"leg_pain": 7, "sbi_total": 14, "psfs_average": 3.0})
    entries = history_entries(content, [first])
    assert entries == [
        "2026-03-02 09:00  Dry needling may suit you\n"
        "Sciatica bothersomeness 14/24; Leg pain 7/10; Back pain missing; "
        "Activities score (PSFS) 3.0/10"
    ]


def test_chart_bars_scale_to_each_score_and_show_the_value(content: Content) -> None:
    screenings = [
        screening({"leg_pain": 10, "sbi_total": 12}, created=EARLIER),
        screening({"leg_pain": 5, "sbi_total": 6}, created=LATER),
        screening({"leg_pain": None, "sbi_total": 0}, created="2026-03-30T09:00:00+00:00"),
    ]
    chart = chart_blocks(content, Series(None, screenings, named=False))
    lines = text.render_blocks(chart).splitlines()
    leg = lines.index("Leg pain (0 to 10, lower is better)")
    assert lines[leg + 1] == "  2026-03-02 09:00  " + "█" * BAR_WIDTH + "  10"
    assert lines[leg + 2] == "  2026-03-16 09:00  " + "█" * 10 + "·" * 10 + "  5"
    assert lines[leg + 3] == "  2026-03-30 09:00  missing"
    sbi = lines.index("Sciatica bothersomeness (0 to 24, lower is better)")
    assert lines[sbi + 1].endswith("█" * 10 + "·" * 10 + "  12")
    assert lines[sbi + 3].endswith("·" * BAR_WIDTH + "  0")
    assert "Activities score (PSFS) (0 to 10, higher is better)" in lines


def test_every_verdict_and_crossing_has_wording(content: Content) -> None:
    for verdict in get_args(Verdict):
        assert f"progress.verdict_{verdict}" in content.ui
    for crossing in get_args(Crossing):
        assert f"progress.crossing_{crossing}" in content.ui
    for direction in get_args(Better):
        assert f"progress.chart_{direction}" in content.ui
