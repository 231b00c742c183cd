"""The interview end to end: the installed ``needlecheck`` in a real pseudo-terminal.

Each test types what a person would (numbers, arrows, Enter, Ctrl-C) and waits for each
question on screen before answering it. Home and state folders are temporary, so no
real draft is read or written; every wait has a timeout, and so does every test.
"""

from __future__ import annotations

import json
import os
import re
import signal
import stat
import subprocess
from collections.abc import Iterator, Mapping
from pathlib import Path
from types import FrameType

import pexpect
import pytest

from conftest import (
    DATA_FOLDER,
    EXAMPLES,
    GUARDED_PYTHONPATH,
    NEEDLECHECK,
    STATE_FOLDER,
    bound_by_file_modes,
    home_variables,
)
from needlecheck.engine import applicable_answers
from needlecheck.model.answers import Answer, Mode
from needlecheck.model.content import Content, Question, validate_answers

pytestmark = pytest.mark.pty

EXPECT_TIMEOUT = 15  # seconds for any one thing to appear on screen
TEST_TIMEOUT = 120  # seconds for a whole test
UP = "\x1b[A"
CLEAR_LINE = "\x15"  # Ctrl-U: clears a typed answer offered as the default
BETWEEN_WORDS = r"(?:\s|\x1b\[[0-9;?]*[A-Za-z])+"  # spaces, or the terminal's cursor moves


@pytest.fixture(autouse=True)
def deadline() -> Iterator[None]:
    """Fail a test that runs longer than TEST_TIMEOUT (pexpect guards each wait)."""

    def too_slow(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"the test took longer than {TEST_TIMEOUT} s")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(TEST_TIMEOUT)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def on_screen(text: str) -> str:
    """A pattern for ``text`` as a terminal draws it (spaces may be cursor moves)."""
    return BETWEEN_WORDS.join(re.escape(word) for word in text.split())


class Terminal:
    """``needlecheck`` running in a pseudo-terminal, and a person at its keyboard."""

    def __init__(
        self,
        content: Content,
        home: Path,
        *args: str,
        mode: Mode = "self",
        file_modes_bind: bool = False,
    ) -> None:
        """``file_modes_bind``: file modes bind it even under root (``bound_by_file_modes``)."""
        self.content, self.mode = content, mode
        env = {
            **os.environ,
            **home_variables(home),
            "TERM": "xterm",
            "NO_COLOR": "1",
            # pexpect does not answer the cursor-position request prompt_toolkit sends.
            "PROMPT_TOOLKIT_NO_CPR": "1",
            # Nothing leaves the machine: any network use is refused and recorded.
            "PYTHONPATH": GUARDED_PYTHONPATH,
            "NEEDLECHECK_NETWORK_LOG": str(home.parent / "network.log"),
        }
        self.network_log = home.parent / "network.log"
        argv = [str(NEEDLECHECK), *args]
        if file_modes_bind:
            argv = bound_by_file_modes(argv)
        self.child = pexpect.spawn(
            argv[0],
            argv[1:],
            env=env,
            encoding="utf-8",
            timeout=EXPECT_TIMEOUT,
            dimensions=(50, 220),  # wide enough that no question wraps
        )
        # Keys are sent only once their prompt is on screen, so no pause before each.
        self.child.delaybeforesend = None

    def see(self, text: str) -> None:
        self.child.expect(on_screen(text))

    def question(self, question_id: str) -> None:
        """Wait until the question is on screen, ready for an answer."""
        prompt = shown_prompt(self.content.question_by_id[question_id], self.mode)
        self.see(prompt[:60])

    def answer(self, question_id: str, value: Answer, *, replace: bool = False) -> None:
        """Answer a question once it is on screen: number keys for lists, typing for text.

        In clinician mode an option's number answers at once, and so does the digit of a
        0-6 scale; nothing more is sent (a stray Enter would reach the next question).
        """
        self.question(question_id)
        question = self.content.question_by_id[question_id]
        at_once = self.mode == "clinician"
        if question.type in ("choice", "yes_no"):
            assert isinstance(value, str)
            self.child.send(shortcut(question.shown_order.index(value)) + ("" if at_once else "\r"))
        elif at_once and question.type == "integer" and (question.max or 10) <= 9:
            self.child.send(str(value))
        elif question.type == "multi":
            assert isinstance(value, tuple)
            for option in value:
                self.child.send(shortcut(question.options.index(option)))
            self.child.send("\r")
            if not value:  # Enter with nothing ticked asks once more
                self.see(self.content.text("interview.confirm_none"))
                self.child.send("\r")
        elif question.report_notes:  # each line ends with Enter, the note with one more
            lines = str(value).split("\n") if value else []
            self.child.send(
                (CLEAR_LINE if replace else "") + "".join(f"{line}\r" for line in lines) + "\r"
            )
        else:
            self.child.send((CLEAR_LINE if replace else "") + str(value) + "\r")

    def answer_all(self, answers: Mapping[str, Answer], *, start: str | None = None) -> None:
        """Answer every question that applies, in order, from ``start`` on."""
        asked = [q.id for q in applicable_answers(self.content, answers, self.mode)[1]]
        for question_id in asked[asked.index(start) if start else 0 :]:
            self.answer(question_id, answers[question_id])

    def choose(self, key: str, value: str | None = None) -> None:
        """Answer an interface question (review, emergency, resume) with its option's key."""
        self.see(self.content.text(f"interview.{key}").split("{")[0])
        if value is not None:
            self.child.send(value)
        self.child.send("\r")

    def before(self) -> str:
        """What was printed before the text the last ``expect`` matched."""
        assert self.child.before is not None
        return self.child.before

    def confirm_review(self) -> None:
        """Page through the review with Enter (the default: next page, then "Yes")."""
        key = "interview.review_title" + ("_clinician" if self.mode == "clinician" else "")
        title = self.content.text(key, page="PAGENUMBER", pages="PAGECOUNT")
        pattern = on_screen(title).replace("PAGENUMBER", r"(\d+)").replace("PAGECOUNT", r"(\d+)")
        while True:
            self.child.expect(pattern)
            match = self.child.match
            assert isinstance(match, re.Match)
            page, pages = match.group(1), match.group(2)
            self.choose("review_question")
            if page == pages:
                return

    def finish(self, *, keep: bool = False) -> tuple[int, str]:
        """Wait for the program to end: its exit code and the rest of the screen.

        After the one-screen result the interview offers the full report (Enter: no) and
        then asks whether to keep the screening: ``keep`` is the answer (the default, no,
        is Enter).
        """
        key = "interview.keep_question" + ("_clinician" if self.mode == "clinician" else "")
        keep_question = on_screen(self.content.text(key).split("(")[0])
        full_report = on_screen(self.content.text("interview.full_report_question"))
        rest = ""
        seen = self.child.expect([full_report, keep_question, pexpect.EOF])
        if seen == 0:
            rest += self.before()
            self.child.send("\r")
            seen = 1 + self.child.expect([keep_question, pexpect.EOF])
        if seen == 1:
            rest += self.before()
            self.child.send("2\r" if keep else "\r")
            self.child.expect(pexpect.EOF)
        rest += self.before()
        self.child.close()
        assert self.child.exitstatus is not None, "needlecheck was killed"
        assert "Traceback" not in rest
        assert not self.network_log.exists(), self.network_log.read_text("utf-8")
        return self.child.exitstatus, rest


def shown_prompt(question: Question, mode: Mode) -> str:
    """The question as the interview words it: read aloud in clinician mode, unless it is
    the PT's own (clinician-only) question."""
    if mode == "clinician" and len(question.modes) == 1:
        return question.prompt_clinician
    return question.prompt_self


def shortcut(index: int) -> str:
    """The key questionary shows for the option at ``index``: 1–9, then 0, then a, b, …"""
    return "1234567890abcdefghijklmnopqrstuvwxyz"[index]


def example(content: Content, name: str) -> dict[str, Answer]:
    raw = json.loads((EXAMPLES / name).read_text("utf-8"))
    answers, problems = validate_answers(content, raw)
    assert not problems
    return answers


def complete(
    content: Content, answers: dict[str, Answer], mode: Mode = "self"
) -> dict[str, Answer]:
    """``answers`` with a blank for every text question left out (the interview asks them)."""
    for question in applicable_answers(content, answers, mode)[1]:
        if question.type == "text":
            answers.setdefault(question.id, "")
    return answers


def report(path: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(path.read_text("utf-8"))
    return loaded


def draft_files(home: Path) -> list[Path]:
    folder = home / STATE_FOLDER
    return sorted(folder.glob("draft-*.json")) if folder.exists() else []


# ── the tests ────────────────────────────────────────────────────────────────────────


def test_a_full_self_screen_ends_with_the_result(content: Content, home: Path) -> None:
    answers = complete(content, example(content, "runner-right-buttock.json"))
    terminal = Terminal(content, home)
    terminal.see(content.text("interview.welcome_title"))
    terminal.see("About you · question 1 of")
    terminal.answer_all(answers)
    terminal.confirm_review()  # the default on every page: on, then these answers are right
    code, screen = terminal.finish()
    assert code == 0
    assert re.search(on_screen(content.outcomes["discuss_precautions"].title), screen)
    assert draft_files(home) == []  # a finished interview deletes its draft
    assert not (home / DATA_FOLDER).exists()  # nothing kept without a yes


def test_saying_yes_at_the_end_keeps_the_screening(content: Content, home: Path) -> None:
    answers = complete(content, example(content, "runner-right-buttock.json"))
    terminal = Terminal(content, home)
    terminal.answer_all(answers)
    terminal.confirm_review()
    code, _ = terminal.finish(keep=True)
    assert code == 0
    saved = list((home / DATA_FOLDER / "screenings").glob("*.json"))
    assert len(saved) == 1
    assert stat.S_IMODE(saved[0].stat().st_mode) == 0o600
    assert report(saved[0])["outcome"]["level"] == "discuss_precautions"  # type: ignore[index]


def test_going_back_and_changing_answers(content: Content, home: Path) -> None:
    answers = complete(content, example(content, "runner-right-buttock.json"))
    output = home / "report.json"
    terminal = Terminal(content, home, "--output", str(output))
    terminal.answer("age", 36)
    terminal.question("first_episode")
    terminal.child.send("\r")  # a habitual Enter does not answer a new question
    terminal.see(content.text("interview.choose_first"))
    terminal.child.send("b\r")  # ← Back, by its key
    terminal.answer("age", 71, replace=True)  # 36 is offered; it becomes 71

    asked = [q.id for q in applicable_answers(content, answers, "self")[1]]
    for question_id in asked[asked.index("first_episode") : asked.index("treatment_relief")]:
        terminal.answer(question_id, answers[question_id])
    terminal.question("treatment_relief")
    terminal.child.send(UP + "\r")  # up from the top wraps round to ← Back; Enter
    terminal.question("treatments_tried")  # stretching and exercise are still ticked
    options = content.question_by_id["treatments_tried"].options
    terminal.child.send(shortcut(options.index("stretching")))  # untick
    terminal.child.send(shortcut(options.index("dry_needling")) + "\r")  # tick
    terminal.answer("treatment_relief", "short_lived")
    terminal.answer("dry_needling_response", "helped")  # a question that appears now
    terminal.answer_all(answers, start="goals")
    terminal.confirm_review()
    code, _ = terminal.finish()
    assert code == 0
    saved = report(output)["answers"]
    assert saved["age"] == 71  # type: ignore[index]
    assert saved["treatments_tried"] == ["exercise_physio", "dry_needling"]  # type: ignore[index]
    assert saved["dry_needling_response"] == "helped"  # type: ignore[index]
    assert stat.S_IMODE(output.stat().st_mode) == 0o600


def test_changing_an_answer_on_the_review_screen(content: Content, home: Path) -> None:
    answers = complete(content, example(content, "runner-right-buttock.json"))
    output = home / "report.json"
    terminal = Terminal(content, home, "--output", str(output))
    terminal.answer_all(answers)
    asked = [q.id for q in applicable_answers(content, answers, "self")[1]]
    terminal.choose("review_question", "2")  # change an answer
    terminal.see(content.text("interview.review_pick", total=len(asked))[:40])
    terminal.child.send(f"{asked.index('leg_pain') + 1}\r")
    terminal.answer("leg_pain", 8, replace=True)
    terminal.confirm_review()
    code, _ = terminal.finish()
    assert code == 0
    saved = report(output)
    assert saved["answers"]["leg_pain"] == 8  # type: ignore[index]
    assert saved["scores"]["leg_pain"] == 8  # type: ignore[index]


def test_ctrl_c_keeps_the_answers_and_the_next_run_carries_on(content: Content, home: Path) -> None:
    answers = complete(content, example(content, "runner-right-buttock.json"))
    terminal = Terminal(content, home)
    for question_id in ("age", "first_episode", "saddle_numbness"):
        terminal.answer(question_id, answers[question_id])
    terminal.question("bladder_change")
    terminal.child.sendcontrol("c")
    code, screen = terminal.finish()
    assert code == 130
    assert screen.count("needlecheck:") == 1  # one line on how to carry on
    assert re.search(
        on_screen(f"needlecheck: {content.text('interview.interrupted_saved')}"), screen
    )
    (draft,) = draft_files(home)
    assert stat.S_IMODE(draft.stat().st_mode) == 0o600
    assert list(json.loads(draft.read_text("utf-8"))["answers"]) == [
        "age",
        "first_episode",
        "saddle_numbness",
    ]

    output = home / "report.json"
    terminal = Terminal(content, home, "--output", str(output))
    terminal.choose("resume_question")  # the default: carry on
    terminal.answer_all(answers, start="bladder_change")
    terminal.confirm_review()
    code, _ = terminal.finish()
    assert code == 0
    assert report(output)["answers"] == json.loads(json.dumps(answers))
    assert draft_files(home) == []


def test_end_of_input_keeps_the_answers_too(content: Content, home: Path) -> None:
    terminal = Terminal(content, home)
    terminal.answer("age", 50)
    terminal.question("first_episode")
    terminal.child.sendcontrol("d")
    code, _ = terminal.finish()
    assert code == 130
    assert len(draft_files(home)) == 1


def test_the_emergency_stop(content: Content, home: Path) -> None:
    terminal = Terminal(content, home)
    terminal.answer("age", 45)
    terminal.answer("first_episode", "no")
    terminal.answer("saddle_numbness", "yes")
    terminal.see(content.outcomes["emergency"].title)
    terminal.see(content.outcomes["emergency"].next_step[:60])
    terminal.choose("emergency_question")  # the default: stop here
    code, screen = terminal.finish()
    assert code == 0
    assert re.search(on_screen(content.outcomes["emergency"].title), screen)
    assert not re.search(on_screen(content.question_by_id["bladder_change"].prompt_self), screen)
    assert draft_files(home) == []


def test_two_callers_back_to_back_never_share_a_draft(content: Content, home: Path) -> None:
    answers = complete(content, example(content, "runner-right-buttock.json"), "clinician")
    answers |= {"consent_capacity": "yes", "clinician_notes": ""}
    terminal = Terminal(content, home, "--clinician", "--ref", "AB12", mode="clinician")
    terminal.answer("age", 71)
    terminal.question("first_episode")
    terminal.child.sendcontrol("c")
    code, _ = terminal.finish()
    assert code == 130

    output = home / "cd34.json"
    args = ("--clinician", "--ref", "CD34", "--output", str(output))
    terminal = Terminal(content, home, *args, mode="clinician")
    terminal.question("age")  # first question at once: AB12's answers are not offered
    assert "unfinished" not in terminal.before()
    terminal.child.send("35\r")
    terminal.answer_all(answers, start="first_episode")
    terminal.confirm_review()
    code, _ = terminal.finish()
    assert code == 0
    assert report(output)["ref"] == "CD34"
    assert report(output)["answers"]["age"] == 35  # type: ignore[index]

    output = home / "ab12.json"
    args = ("--clinician", "--ref", "AB12", "--output", str(output))
    terminal = Terminal(content, home, *args, mode="clinician")
    terminal.see("unfinished clinician screening for reference AB12, saved on")
    terminal.child.send("\r")  # the default: carry on
    terminal.answer_all(answers, start="first_episode")
    terminal.confirm_review()
    code, _ = terminal.finish()
    assert code == 0
    assert report(output)["answers"]["age"] == 71  # type: ignore[index]
    assert draft_files(home) == []


def test_clinician_mode(content: Content, home: Path) -> None:
    answers = complete(content, example(content, "runner-right-buttock.json"), "clinician")
    answers |= {"consent_capacity": "yes", "clinician_notes": "called from work"}
    output = home / "report.json"
    terminal = Terminal(
        content, home, "--clinician", "--ref", "AB12", "--output", str(output), mode="clinician"
    )
    terminal.see(content.text("interview.welcome_title_clinician"))
    terminal.answer("age", 36)
    terminal.question("first_episode")
    terminal.child.send("\r")  # a stray Enter answers nothing
    terminal.see(content.text("interview.choose_first_at_once"))
    terminal.child.send("u")  # Not sure, at once
    terminal.question("saddle_numbness")
    terminal.child.send("b")  # Back, at once
    terminal.question("first_episode")
    terminal.child.send("n")  # No, at once
    terminal.answer_all(answers, start="saddle_numbness")
    terminal.confirm_review()
    code, _ = terminal.finish()
    assert code == 0
    saved = report(output)
    assert saved["mode"] == "clinician" and saved["ref"] == "AB12"
    assert saved["answers"] == {
        qid: list(value) if isinstance(value, tuple) else value for qid, value in answers.items()
    }
    assert saved["answers"]["consent_capacity"] == "yes"
    assert saved["answers"]["clinician_notes"] == "called from work"


def test_no_draft_writes_nothing(content: Content, home: Path) -> None:
    terminal = Terminal(content, home, "--no-draft")
    terminal.see(content.text("interview.no_draft"))
    terminal.answer("age", 50)
    terminal.question("first_episode")
    terminal.child.sendcontrol("c")
    code, screen = terminal.finish()
    assert code == 130
    assert content.text("interview.interrupted_not_saved") in screen
    content_cache = home / ".cache" / "needlecheck" / "content"  # parsed TOML, no answers
    assert [p for p in home.rglob("*") if p.is_file() and content_cache not in p.parents] == []


def test_forget_removes_the_draft_and_says_so(content: Content, home: Path) -> None:
    terminal = Terminal(content, home)
    terminal.answer("age", 50)
    terminal.question("first_episode")
    terminal.child.sendcontrol("c")
    assert terminal.finish()[0] == 130
    (draft,) = draft_files(home)
    forget = Terminal(content, home, "forget", "--yes")
    code, screen = forget.finish()
    assert code == 0
    assert str(draft) in screen.replace("\r\n", "")
    assert draft_files(home) == []


def test_standard_input_not_a_terminal_points_to_answers(home: Path) -> None:
    env = {**os.environ, **home_variables(home)}
    for args in ([], ["screen"], ["--clinician"]):
        result = subprocess.run(
            [str(NEEDLECHECK), *args],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            env=env,
            timeout=EXPECT_TIMEOUT,
            check=False,
        )
        assert result.returncode == 2
        assert result.stdout == ""
        assert result.stderr.count("\n") == 1
        assert result.stderr.startswith("needlecheck: ") and "--answers" in result.stderr
    content_cache = home / ".cache" / "needlecheck" / "content"  # parsed TOML, no answers
    assert [p for p in home.rglob("*") if p.is_file() and content_cache not in p.parents] == []
