"""What a person sees, at 80×24 and 40×24: the interview read through a terminal emulator.

Each test answers like a person (waiting for each question on screen, then keys) and
checks the screen itself: a word cut off at the right edge or scrolled away is missing.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from conftest import EXAMPLES, home_variables, run_needlecheck, safe_answers
from needlecheck.engine import applicable_answers, assess
from needlecheck.loading.content import load_content
from needlecheck.model.answers import Answer, Mode
from needlecheck.model.content import Content, Question
from needlecheck.report.build import build_report
from screen_terminal import ScreenTerminal, flat
from test_content import SPEC_ANSWER_ORDER
from test_pty_interview import shown_prompt

pytestmark = pytest.mark.pty

SIZES = [(80, 24), (40, 24)]
SHORTCUTS = "1234567890acdefghijklmopqrstvwxz"  # questionary's, without b, n, u and y
PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"
INTERRUPT = KeyboardInterrupt()


def key_for(question: Question, value: str) -> str:
    """The key a person presses: n or y where they exist, else the option's number."""
    if value in ("no", "none"):
        return "n"
    if value == "yes":
        return "y"
    return SHORTCUTS[question.shown_order.index(value)]


def spec_order(question: Question) -> list[str]:
    """The labels of a question's answers in the order spec 3 (v2) shows them."""
    key = "yes_no" if question.type == "yes_no" else question.id
    return [question.option_labels[v] for v in SPEC_ANSWER_ORDER.get(key, question.options)]


def wait_for_question(
    terminal: ScreenTerminal, content: Content, asked: list[str], qid: str, mode: Mode = "self"
) -> None:
    """Until question ``qid`` is on screen, whole: wording, help and every option (for a
    list, drawn as its rows: the instruction line names some labels before the list is
    drawn, and a test reading the rows must not read them half drawn)."""
    question = content.question_by_id[qid]
    number = asked.index(qid) + 1
    words = [f"question {number} of", shown_prompt(question, mode), question.help]
    labels = [question.option_labels[value] for value in question.options]
    terminal.see(*(w for w in words + labels if w))
    if question.type in ("choice", "yes_no"):
        terminal.wait_until(
            lambda: sorted(options_on_screen(terminal, labels)) == sorted(labels),
            f"the rows of {qid}'s answers",
        )


def answer(
    terminal: ScreenTerminal, content: Content, qid: str, value: Answer, mode: Mode = "self"
) -> None:
    """Keys for an answer; in clinician mode a list's key and a 0-6 digit answer at once."""
    question = content.question_by_id[qid]
    at_once = mode == "clinician"
    if question.type in ("choice", "yes_no"):
        assert isinstance(value, str)
        terminal.send(key_for(question, value) + ("" if at_once else "\r"))
    elif at_once and question.type == "integer" and (question.max or 10) <= 9:
        terminal.send(str(value))
    elif question.type == "multi":
        assert isinstance(value, tuple)
        terminal.send("".join(SHORTCUTS[question.options.index(v)] for v in value) + "\r")
        if not value:
            terminal.see(content.text("interview.confirm_none"))
            terminal.send("\r")
    else:
        # A note ends with Enter on an empty line: one Enter more than its text.
        enter = "\r\r" if question.report_notes and value else "\r"
        if isinstance(value, str) and not value.isprintable():
            terminal.send(PASTE_START + value + PASTE_END + enter)  # pasted, as a person would
        else:
            terminal.send(f"{value}{enter}")


def answer_all(
    terminal: ScreenTerminal, content: Content, answers: Mapping[str, Answer], mode: Mode = "self"
) -> Iterator[str]:
    """Answer every question that applies, yielding each id once it is on screen."""
    asked = [q.id for q in applicable_answers(content, answers, mode)[1]]
    for qid in asked:
        wait_for_question(terminal, content, asked, qid, mode)
        yield qid
        answer(terminal, content, qid, answers[qid], mode)


def confirm_review(terminal: ScreenTerminal, content: Content) -> str:
    """Page through the review with Enter up to its last page; what every page showed."""
    confirm = flat(content.text("interview.review_confirm"))
    seen = ""
    while True:
        terminal.see(content.text("interview.review_question"))
        terminal.settle()
        seen += " " + terminal.text()
        if confirm in terminal.text():
            return seen
        terminal.send("\r")  # next page


def options_on_screen(terminal: ScreenTerminal, labels: list[str]) -> list[str]:
    """Which of ``labels`` the list on screen shows, in the order shown (a label wrapped
    onto two lines is known by its first line)."""
    shown = []
    for line in terminal.lines():
        match = re.match(r"^ [ »] \w\) (.*)$", line)
        if match:
            first = match.group(1)
            exact = [label for label in labels if label == first]
            shown += exact or [label for label in labels if label.startswith(first)][:1]
    return shown


@pytest.mark.parametrize(("columns", "rows"), SIZES)
def test_every_warning_sign_question_is_whole_on_screen_and_answered_by_its_keys(
    content: Content, home: Path, columns: int, rows: int
) -> None:
    answers = safe_answers(content)
    terminal = ScreenTerminal(home, columns=columns, rows=rows)
    red_flags = [q.id for q in content.questions if q.section == "red_flags"]
    assert len(red_flags) >= 16
    seen: list[str] = []
    for qid in answer_all(terminal, content, answers):
        question = content.question_by_id[qid]
        if question.section != "red_flags":
            if seen:
                break
            continue
        seen.append(qid)
        # every word was checked by answer_all; now the order and the keys
        labels = spec_order(question)
        assert options_on_screen(terminal, labels) == labels, terminal.dump()
    assert seen == red_flags
    terminal.send("\x03")
    assert terminal.finish() == 130


@pytest.mark.parametrize(("mode", "columns"), [("clinician", 80), ("self", 40), ("clinician", 40)])
def test_every_question_shows_the_spec_order_and_n_and_y_choose_no_and_yes(
    content: Content, home: Path, mode: Mode, columns: int
) -> None:
    if mode == "clinician":
        content = load_content(reader="clinician")  # what the PT reads: help of the caller
    answers = safe_answers(content, mode)
    # Yes wherever it is a safe answer, so y is pressed as often as n.
    answers |= {"first_episode": "yes", "willing_needles": "yes", "cough_sneeze_worse": "yes"}
    answers |= {"worse_when_sitting": "yes", "muscle_tightness": "yes"}
    answers |= {"treatments_tried": ("stretching",), "treatment_relief": "none"}  # None first
    output = home / "report.json"
    args = ("--clinician",) if mode == "clinician" else ()
    terminal = ScreenTerminal(home, *args, "--output", str(output), columns=columns)
    lists = 0
    for qid in answer_all(terminal, content, answers, mode):
        question = content.question_by_id[qid]
        if question.type in ("choice", "yes_no"):
            lists += 1
            labels = spec_order(question)
            assert options_on_screen(terminal, labels) == labels, terminal.dump()
    assert lists >= 30
    confirm_review(terminal, content)
    terminal.send("\r")
    terminal.see(content.text(f"interview.keep_question{'_clinician' * (mode == 'clinician')}"))
    terminal.send("\r")
    assert terminal.finish() == 0
    given = json.loads(output.read_text("utf-8"))["answers"]
    assert given == {qid: list(v) if isinstance(v, tuple) else v for qid, v in answers.items()}


def test_enter_alone_never_answers_and_y_chooses_yes(content: Content, home: Path) -> None:
    terminal = ScreenTerminal(home)
    asked = [q.id for q in applicable_answers(content, safe_answers(content), "self")[1]]
    wait_for_question(terminal, content, asked, "age")
    terminal.send("45\r")
    wait_for_question(terminal, content, asked, "first_episode")
    terminal.send("\r")
    terminal.see(content.text("interview.choose_first"))
    terminal.send("y\r")
    first_episode = content.question_by_id["first_episode"]
    terminal.see(f"? {first_episode.prompt('self')} {first_episode.option_labels['yes']}")
    wait_for_question(terminal, content, asked, "saddle_numbness")
    terminal.send("\x03")
    assert terminal.finish() == 130


def test_after_stop_here_the_emergency_advice_is_on_screen(content: Content, home: Path) -> None:
    terminal = ScreenTerminal(home)
    answers = safe_answers(content) | {"saddle_numbness": "yes"}
    for qid in answer_all(terminal, content, answers):
        if qid == "saddle_numbness":
            break
    terminal.send("y\r")
    emergency = content.outcomes["emergency"]
    terminal.see(emergency.title, emergency.next_step)
    terminal.see(content.text("interview.emergency_stop"))
    terminal.send("\r")  # the default: stop here
    terminal.see(content.text("interview.full_report_question"))
    terminal.see(emergency.title, emergency.advice, emergency.next_step)
    given = {qid: answers[qid] for qid in ("age", "first_episode", "saddle_numbness")}
    not_asked = len(assess(content, given).unanswered)
    terminal.see(content.text("interview.result_not_asked", count=not_asked))
    assert "cannot give a result" not in terminal.text()
    terminal.send("\r")  # no full report
    terminal.see(content.text("interview.keep_question"))
    terminal.send("\r")
    assert terminal.finish() == 0


def review_row(content: Content, answers: Mapping[str, Answer], qid: str) -> int:
    return [q.id for q in applicable_answers(content, answers, "self")[1]].index(qid) + 1


def test_an_edit_to_yes_in_the_review_shows_the_emergency_advice_at_once(
    content: Content, home: Path
) -> None:
    answers = safe_answers(content)
    terminal = ScreenTerminal(home)
    for _ in answer_all(terminal, content, answers):
        pass
    terminal.see(content.text("interview.review_question"))
    terminal.send("2\r")  # change an answer
    terminal.see(content.text("interview.review_pick", total=len(answers)))
    terminal.send(f"{review_row(content, answers, 'bladder_change')}\r")
    terminal.see(content.question_by_id["bladder_change"].prompt("self"))
    terminal.send("y\r")
    emergency = content.outcomes["emergency"]
    terminal.see(emergency.title, emergency.next_step, content.text("interview.emergency_stop"))
    terminal.send("\x03")
    assert terminal.finish() == 130


def test_typed_markup_and_escapes_are_shown_literally(content: Content, home: Path) -> None:
    typed = {
        "activity_1": "tennis [/]",
        "activity_2": "[bold]x[/]",
        "activity_3": "go\x1b]0;owned\x07 \x1b[31mred",
    }
    answers = safe_answers(content) | typed
    answers |= {"activity_1_score": 3, "activity_2_score": 4, "activity_3_score": 5}
    terminal = ScreenTerminal(home)
    for _ in answer_all(terminal, content, answers):
        pass
    shown = ["Activity 1: tennis [/]", "Activity 2: [bold]x[/]", r"go\x1b]0;owned\x07 \x1b[31mred"]
    review = confirm_review(terminal, content)
    assert [text for text in shown if flat(text) not in review] == [], terminal.dump()
    assert terminal.screen.title != "owned"
    terminal.send("\r")
    terminal.see(content.text("interview.full_report_question"))
    terminal.send("\r")
    terminal.see(content.text("interview.keep_question"))
    terminal.send("\r")
    assert terminal.finish() == 0


@pytest.mark.parametrize(("columns", "rows"), SIZES)
def test_typed_words_of_a_warning_sign_ask_it_again_and_a_yes_shows_the_emergency(
    content: Content, home: Path, columns: int, rows: int
) -> None:
    answers = safe_answers(content) | {"activity_1": "walking, but I wet myself"}
    terminal = ScreenTerminal(home, columns=columns, rows=rows)
    for qid in answer_all(terminal, content, answers):
        if qid == "activity_1":
            break
    terminal.send("walking, but I wet myself\r")
    bladder = content.question_by_id["bladder_change"]
    field = content.question_by_id["activity_1"].label
    why = content.text("interview.text_sign_again", term="wet myself", field=field)
    labels = [bladder.option_labels[value] for value in bladder.options]
    terminal.see(why, bladder.prompt("self"), bladder.help, *labels)
    terminal.send("\r")  # nothing is chosen for it: Enter does not keep the earlier No
    terminal.see(content.text("interview.choose_first"))
    terminal.send("y\r")
    emergency = content.outcomes["emergency"]
    terminal.see(emergency.title, emergency.next_step, content.text("interview.emergency_stop"))
    terminal.send("\x03")
    assert terminal.finish() == 130


def test_a_resumed_emergency_answer_shows_the_advice_at_once(content: Content, home: Path) -> None:
    answers = safe_answers(content) | {"bowel_change": "yes"}
    terminal = ScreenTerminal(home)
    for qid in answer_all(terminal, content, answers):
        if qid == "bowel_change":
            break
    terminal.send("y\r")
    terminal.see(content.text("interview.emergency_continue"))
    terminal.send("2\r")  # carry on
    asked = [q.id for q in applicable_answers(content, answers, "self")[1]]
    wait_for_question(terminal, content, asked, "sexual_change")
    terminal.send("\x03")
    assert terminal.finish() == 130

    terminal = ScreenTerminal(home)
    terminal.see(content.text("interview.resume_choice"))
    terminal.send("\r")  # the default: carry on
    emergency = content.outcomes["emergency"]
    terminal.see(emergency.title, emergency.next_step, content.text("interview.emergency_stop"))
    terminal.send("\r")  # stop here
    terminal.see(content.text("interview.full_report_question"))
    terminal.send("\r")
    terminal.see(content.text("interview.keep_question"))
    terminal.send("\r")
    assert terminal.finish() == 0


def test_the_review_marks_answers_that_disagree(content: Content, home: Path) -> None:
    answers = safe_answers(content) | {"pain_side": "back_only", "pain_areas": ("foot",)}
    terminal = ScreenTerminal(home)
    for _ in answer_all(terminal, content, answers):
        pass
    (contradiction,) = content.contradictions
    marked_rows: list[str] = []
    while True:  # every page: a page with a marked row says why above it
        terminal.see(content.text("interview.review_question"))
        terminal.settle()
        rows = [line for line in terminal.lines() if re.match(r"^! +\d+\. ", line)]
        if rows:
            assert flat(contradiction.text) in terminal.text(), terminal.dump()
        marked_rows += [row for row in rows if row not in marked_rows]
        if flat(content.text("interview.review_confirm")) in terminal.text():
            break
        terminal.send("\r")
    labels = [content.question_by_id[qid].label for qid in ("pain_areas", "pain_side")]
    assert sorted(row.split(". ", 1)[1].split(":")[0] for row in marked_rows) == labels
    terminal.send("\x03")
    assert terminal.finish() == 130


def test_ctrl_c_after_an_urgent_answer_says_within_days_then_how_to_carry_on(
    content: Content, home: Path
) -> None:
    answers = safe_answers(content) | {"weight_loss": "yes"}  # urgent_review
    terminal = ScreenTerminal(home)
    for qid in answer_all(terminal, content, answers):
        if qid == "fever_unwell":
            break
    terminal.send("\x03")
    assert terminal.finish() == 130
    urgent = flat(content.text("interview.interrupted_urgent"))
    hint = flat(f"needlecheck: {content.text('interview.interrupted_saved')}")
    shown = terminal.text()
    assert urgent in shown and hint in shown, terminal.dump()
    assert shown.index(urgent) < shown.index(hint)
    assert shown.count("needlecheck:") == 1


def review_pages(terminal: ScreenTerminal, content: Content) -> list[list[str]]:
    """Page through the review with Enter to its last page: the lines of each page, from
    the page's title down, read once its question is on screen."""
    title = flat(content.text("interview.review_title", page="NUMBER", pages="COUNT"))
    title_pattern = re.escape(title).replace("NUMBER", r"\d+").replace("COUNT", r"\d+")
    pages = []
    while True:
        terminal.see(content.text("interview.review_question"))
        terminal.settle()
        lines = terminal.lines()
        starts = [i for i, line in enumerate(lines) if re.fullmatch(title_pattern, flat(line))]
        assert starts, f"the page's title scrolled away:\n{terminal.dump()}"
        pages.append(lines[starts[-1] :])
        if flat(content.text("interview.review_confirm")) in terminal.text():
            return pages
        terminal.send("\r")  # next page


def row_numbers(page: list[str]) -> list[int]:
    return [int(m.group(1)) for line in page if (m := re.match(r"^[ ▸!] +(\d+)\. ", line))]


@pytest.mark.parametrize(("columns", "rows"), SIZES)
def test_the_review_is_by_section_a_screen_a_page_and_marks_the_changed_row(
    content: Content, home: Path, columns: int, rows: int
) -> None:
    answers = safe_answers(content)
    terminal = ScreenTerminal(home, columns=columns, rows=rows)
    for _ in answer_all(terminal, content, answers):
        pass
    pages = review_pages(terminal, content)
    assert len(pages) > 1
    # every answer once, in order, each page whole on the 24 lines with its question
    assert [n for page in pages for n in row_numbers(page)] == list(range(1, len(answers) + 1))
    # each section's heading right above its first answer, in the sections' order
    read = flat(" ".join(line for page in pages for line in page))
    asked = [q.id for q in applicable_answers(content, answers, "self")[1]]
    firsts: dict[str, str] = {}
    for number, qid in enumerate(asked, 1):
        question = content.question_by_id[qid]
        firsts.setdefault(question.section, f"{number}. {question.label}:")
    places = [read.find(f"{s.title} {firsts[s.id]}") for s in content.sections]
    assert -1 not in places and places == sorted(places), read

    terminal.send("2\r")  # change an answer
    terminal.see(content.text("interview.review_pick", total=len(answers)))
    row = review_row(content, answers, "leg_pain")
    terminal.send(f"{row}\r")
    terminal.see(content.question_by_id["leg_pain"].prompt("self"))
    terminal.send("\x15" + "8\r")  # Ctrl-U clears the answer offered
    terminal.see(content.text("interview.review_question"))
    terminal.settle()
    # the page showing the changed row, the row marked and in reverse video
    changed_rows = [(y, line) for y, line in enumerate(terminal.lines()) if line.startswith("▸")]
    assert len(changed_rows) == 1, terminal.dump()
    ((y, line),) = changed_rows
    label = content.question_by_id["leg_pain"].label
    assert line.startswith(f"▸ {row}. {label}: 8"), terminal.dump()
    assert all(terminal.screen.buffer[y][x].reverse for x in range(len(line))), "not highlighted"
    shown = terminal.lines()
    others = row_numbers(shown[:y] + shown[y + 1 :])  # the rest of its page, unmarked
    assert others and row not in others
    terminal.send("\x03")
    assert terminal.finish() == 130


@pytest.mark.parametrize(("columns", "rows"), SIZES)
def test_after_stop_here_the_screen_names_the_regions_emergency_number(
    home: Path, columns: int, rows: int
) -> None:
    region = {"NEEDLECHECK_REGION": "GB"}
    content = load_content(environment=tuple(region.items()))
    emergency = content.outcomes["emergency"]
    assert "999" in emergency.next_step and "A&E" in emergency.next_step
    terminal = ScreenTerminal(home, columns=columns, rows=rows, env=region)
    answers = safe_answers(content) | {"bladder_change": "yes"}
    for qid in answer_all(terminal, content, answers):
        if qid == "bladder_change":
            break
    terminal.send("y\r")
    terminal.see(content.text("interview.emergency_stop"))
    terminal.send("\r")  # the default: stop here
    terminal.see(content.text("interview.full_report_question"))
    terminal.settle()
    given = {qid: answers[qid] for qid in ("age", "first_episode", "saddle_numbness")}
    not_asked = len(assess(content, given | {"bladder_change": "yes"}).unanswered)
    # the result at once: the outcome, where to go and the number to call, what was not
    # asked and where the full report is (at 80 columns the explanation too)
    terminal.see(
        emergency.title,
        *([emergency.advice] if columns == 80 else []),
        emergency.next_step,
        content.text("interview.result_not_asked", count=not_asked),
        content.text("interview.result_where_pager"),
    )
    terminal.send("\r")  # no full report
    terminal.see(content.text("interview.keep_question"))
    terminal.send("\r")
    assert terminal.finish() == 0


@pytest.mark.parametrize("mode", ["self", "clinician"])
@pytest.mark.parametrize(("columns", "rows"), SIZES)
def test_the_emergency_title_number_and_choice_are_on_screen_together(
    home: Path, columns: int, rows: int, mode: Mode
) -> None:
    region = {"NEEDLECHECK_REGION": "GB"}
    content = load_content(reader=mode, environment=tuple(region.items()))
    emergency = content.outcomes["emergency"]
    assert "999" in emergency.next_step
    args = ("--clinician",) if mode == "clinician" else ()
    terminal = ScreenTerminal(home, *args, columns=columns, rows=rows, env=region)
    answers = safe_answers(content, mode) | {"saddle_numbness": "yes"}
    for qid in answer_all(terminal, content, answers, mode):
        if qid == "saddle_numbness":
            break
    answer(terminal, content, "saddle_numbness", "yes", mode)
    choice = [content.text(f"interview.emergency_{key}") for key in ("stop", "continue", "back")]
    terminal.wait_until(
        lambda: options_on_screen(terminal, choice) == choice, "the rows of the emergency choice"
    )
    terminal.settle()
    # at the moment the choice is asked: what it is about, and the number to call
    shown = terminal.text()
    wanted = [emergency.title, "999", content.text("interview.emergency_question"), *choice]
    assert [text for text in wanted if flat(text) not in shown] == [], terminal.dump()
    assert options_on_screen(terminal, choice) == choice, terminal.dump()
    terminal.send("\x03")
    assert terminal.finish() == 130


#: Answers with more findings than a screen holds (none of them an emergency).
MANY_FINDINGS: dict[str, Answer] = {
    "blood_thinners": "yes",
    "diabetes": "yes_poor_control_or_numb_feet",
    "metal_allergy": "yes",
    "vascular_disease": "yes",
    "epilepsy": "uncontrolled",
    "heart_valve": "yes",
    "implanted_device": "yes",
    "fainting_history": "yes",
}


@pytest.mark.parametrize(("full_report", "columns"), [("pager", 80), ("pager", 40), ("output", 80)])
def test_the_result_fits_the_screen_then_the_full_report_is_paged_or_written(
    content: Content, home: Path, tmp_path: Path, full_report: str, columns: int
) -> None:
    answers = safe_answers(content) | MANY_FINDINGS
    paged, written = tmp_path / "paged.txt", tmp_path / "report.md"
    pager = {"PAGER": f"cat > {paged}"}  # run by the shell, as a person's pager is
    args = ("--output", str(written)) if full_report == "output" else ()
    terminal = ScreenTerminal(home, *args, columns=columns, env=pager)
    for _ in answer_all(terminal, content, answers):
        pass
    confirm_review(terminal, content)
    terminal.send("\r")  # yes: show the result
    report = build_report(content, assess(content, answers))
    first = (*report.act_first, *report.against, *report.care)[0]
    if full_report == "output":
        where = content.text("interview.result_where_file", path=str(written))
        after = content.text("interview.keep_question")
    else:
        where = content.text("interview.result_where_pager")
        after = content.text("interview.full_report_question")
    # the outcome, the next step, the first finding and where the rest is: one screen
    terminal.see(report.title, report.next_step, first.summary, where, after)
    terminal.see(content.text("interview.result_more", count=0).split("0")[0])
    if full_report == "pager":
        assert not paged.exists()
        terminal.send("y\r")
        terminal.see(content.text("interview.keep_question"))
        shown = flat(paged.read_text("utf-8"))
    else:
        shown = flat(written.read_text("utf-8"))
    titles = [f.summary for f in (*report.act_first, *report.against, *report.care)]
    assert [title for title in titles if flat(title) not in shown] == []
    terminal.send("\r")
    assert terminal.finish() == 0
    assert paged.exists() == (full_report == "pager")


#: Typed controls of each class that a terminal would act on or hide: a C1 control (CSI),
#: a bidi override, a zero-width space and a BEL (C0).
TYPED_CONTROLS = {
    "activity_1": "left\u202ethgir",
    "activity_2": "zero\u200bwidth",
    "activity_3": "c1\x9b31m red\x07",
}


def test_controls_typed_as_activities_are_visible_escapes_everywhere_shown(
    content: Content, home: Path
) -> None:
    answers = safe_answers(content) | TYPED_CONTROLS
    answers |= {"activity_1_score": 3, "activity_2_score": 4, "activity_3_score": 5}
    terminal = ScreenTerminal(home)
    for _ in answer_all(terminal, content, answers):
        pass
    review = confirm_review(terminal, content)
    shown = [r"left\u202ethgir", r"zero\u200bwidth", r"c1\x9b31m red\x07"]
    assert [text for text in shown if text not in review] == [], terminal.dump()
    terminal.send("\r")
    terminal.see(content.text("interview.full_report_question"))
    terminal.send("\r")
    terminal.see(content.text("interview.keep_question"))
    terminal.send("\r")
    assert terminal.finish() == 0
    raw = [
        char
        for char in ("\u202e", "\u200b", "\x9b", "\x07")
        if char.encode("utf-8") in terminal.printed
    ]
    assert raw == [], "reached the terminal as typed, not as an escape"


@pytest.mark.parametrize(
    "args",
    [
        ["screen", "--answers", "missing.json"],
        ["screen", "--answers", "invalid.json"],
        ["compare"],
    ],
    ids=["missing file", "invalid file", "compare with nothing saved"],
)
def test_errors_are_wrapped_at_words_on_a_narrow_terminal(
    home: Path,
    isolated_env: dict[str, str],
    args: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The same words as the one line each the error is to a pipe, none cut in two. (The
    file is named from beside it: a path longer than the line must be cut, as any word.)"""
    shutil.copy(EXAMPLES / "invalid.json", tmp_path)
    monkeypatch.chdir(tmp_path)
    piped = run_needlecheck(*args, env=isolated_env)
    assert piped.returncode == 2 and piped.stderr.count("needlecheck:") == 1
    terminal = ScreenTerminal(home, *args, columns=40)
    assert terminal.finish() == 2
    assert max(len(line) for line in piped.stderr.splitlines()) > 40  # it had to wrap
    assert terminal.text() == flat(piped.stderr), terminal.dump()


@pytest.mark.parametrize("columns", [80, 40])
def test_compare_and_history_break_no_word_on_a_terminal(home: Path, columns: int) -> None:
    """Every word on screen (the lines of a box aside) is one of the words the views print
    when nothing needs to wrap: none is cut in two, in prose or in the table of scores."""
    env = {**os.environ, **home_variables(home)}
    for example in (
        "runner-right-buttock.json",
        "warfarin-diabetes.toml",
        "emergency-bladder.json",
    ):
        saved = run_needlecheck("screen", "--answers", str(EXAMPLES / example), "--save", env=env)
        assert saved.returncode == 0, saved.stderr
    for args in (["compare"], ["history", "--plot"]):
        wide = run_needlecheck(*args, env=env | {"COLUMNS": "400"})
        terminal = ScreenTerminal(home, *args, columns=columns, rows=200)
        assert terminal.finish() == 0
        words = {word for word in terminal.text().split() if any(c.isalnum() for c in word)}
        known = set(wide.stdout.split())
        known |= {f"{word}:" for word in known}  # a narrow table names each cell's column
        cut = sorted(words - known)
        assert cut == [], terminal.dump()


def test_a_question_is_wrapped_anew_when_the_window_narrows(content: Content, home: Path) -> None:
    answers = safe_answers(content)
    asked = [q.id for q in applicable_answers(content, answers, "self")[1]]
    terminal = ScreenTerminal(home, columns=80)
    for qid in answer_all(terminal, content, answers):
        if qid == "saddle_numbness":
            break
    terminal.resize(40, 24)
    # drawn again at 40 columns: every word of it whole, each line within the window
    wait_for_question(terminal, content, asked, "saddle_numbness")
    terminal.send("n\r")
    wait_for_question(terminal, content, asked, "bladder_change")
    terminal.send("\x03")
    assert terminal.finish() == 130


@pytest.mark.parametrize("file_format", ["text", "markdown"])
def test_a_format_chosen_for_the_interview_is_the_full_report_offered_after_the_result(
    content: Content, home: Path, tmp_path: Path, file_format: str
) -> None:
    answers = safe_answers(content) | MANY_FINDINGS
    paged = tmp_path / "paged.txt"
    terminal = ScreenTerminal(home, "--format", file_format, env={"PAGER": f"cat > {paged}"})
    for _ in answer_all(terminal, content, answers):
        pass
    confirm_review(terminal, content)
    terminal.send("\r")  # yes: show the result
    report = build_report(content, assess(content, answers))
    where = content.text("interview.result_where_pager")
    terminal.see(
        report.title, report.next_step, where, content.text("interview.full_report_question")
    )
    terminal.send("y\r")
    terminal.see(content.text("interview.keep_question"))
    full = paged.read_text("utf-8")
    assert "\x1b" not in full  # the format chosen, not the terminal's colours
    assert full.startswith("# ") == (file_format == "markdown")
    titles = [f.summary for f in (*report.act_first, *report.against, *report.care)]
    assert [title for title in titles if flat(title) not in flat(full)] == []
    terminal.send("\r")
    assert terminal.finish() == 0


def refusal(content: Content, qid: str, typed: str) -> str:
    """Why the interview refuses ``typed`` at question ``qid``, as its prompt is told."""
    from needlecheck.errors import Interrupted
    from needlecheck.interview.flow import DraftPolicy, Interview
    from test_interview_flow import Script

    steps = [(qid, typed), (qid, INTERRUPT)]
    script = Script(content, "self", safe_answers(content), steps)
    with pytest.raises(Interrupted):
        Interview(content, "self", script, store=None).run(DraftPolicy.OFF)
    ((_, reason),) = script.refused
    return reason


@pytest.mark.parametrize(("qid", "typed"), [("age", "abc"), ("age", "999"), ("leg_pain", "")])
def test_why_a_typed_answer_is_refused_is_whole_on_a_narrow_screen(
    content: Content, home: Path, qid: str, typed: str
) -> None:
    reason = refusal(content, qid, typed)
    assert len(reason) >= 40  # wider than the 39 columns a line takes: it has to wrap
    answers = safe_answers(content)
    terminal = ScreenTerminal(home, columns=40)
    for asked in answer_all(terminal, content, answers):
        if asked == qid:
            break
    terminal.send(f"{typed}\r")
    terminal.see(reason)
    terminal.send("\x15" + f"{answers[qid]}\r")  # Ctrl-U, then an answer it takes
    terminal.wait_until(lambda: flat(reason) not in terminal.text(), "the reason gone")
    # Ctrl-C once the next question is drawn and waits for a key: pressed while one prompt
    # ends and the next begins, it can reach neither (a person presses it again).
    terminal.settle()
    terminal.send("\x03")
    assert terminal.finish() == 130
