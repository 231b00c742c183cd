"""The phone workload: keystrokes and wall time for a clinician screening a caller.

Run with ``python benchmarks/phone_screening.py`` (``--help`` for options). The real
``needlecheck --clinician`` runs in a pseudo-terminal of 80x24 (pexpect), and a PT at
its keyboard answers a typical caller (no warning signs, one precaution: the
``runner-right-buttock`` example, with consent and a note) with the fewest keys the
interview needs, waiting for each question before answering it; the review is paged
with its defaults, the full report is not read and the screening is not kept. Every key
pressed is counted: a one-key answer, an option's number, Enter, a tick. What is typed
(the age, a 0-10 pain score, an activity, the note) is counted apart as typed text, with
the Enter that ends it counted as a key (and the Enter on an empty line that ends the
note). Exits 1 if the keystrokes are over the budget.

Then the same caller with an answers file filled in before the call (the age and the
symptoms): ``needlecheck screen --answers partial.json --ask-missing --clinician``, which
asks only the questions that apply and are unanswered, then the review.

Home and state folders point at a temporary folder, so no draft is read or written
anywhere real.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

import pexpect

from needlecheck.engine import applicable_answers
from needlecheck.loading.content import load_content
from needlecheck.model.answers import Answer
from needlecheck.model.content import Content, Question

NEEDLECHECK = Path(sys.executable).parent / "needlecheck"
BUDGET = 70  # keystrokes, besides typed text (issue 14)
TIMEOUT = 20  # seconds for anything to appear on screen
BETWEEN_WORDS = r"(?:\s|\x1b\[[0-9;?]*[A-Za-z])+"  # spaces, or the terminal's cursor moves
SHORTCUTS = "1234567890"
#: A typical caller: no warning signs, one precaution (mild fear of needles).
TYPICAL_CALLER: dict[str, Answer] = {
    "age": 36,
    "first_episode": "no",
    **dict.fromkeys(
        [
            "saddle_numbness",
            "bladder_change",
            "bowel_change",
            "sexual_change",
            "both_legs_recent",
            "cancer_history",
            "weight_loss",
            "fever_unwell",
            "major_trauma",
            "fall_or_lift_onset",
            "night_pain",
            "upper_back_pain",
            "osteoporosis",
            "steroids_long_term",
            "immune_weakened",
            "recent_surgery",
        ],
        "no",
    ),
    "leg_weakness": "none",
    "pain_areas": ("lower_back", "buttock"),
    "pain_side": "right",
    "duration": "6_to_12_weeks",
    "leg_pain": 4,
    "back_pain": 5,
    "sbi_leg_pain": 2,
    "sbi_numbness": 0,
    "sbi_weakness": 0,
    "sbi_sitting": 5,
    "cough_sneeze_worse": "no",
    "worse_when_sitting": "yes",
    "muscle_tightness": "yes",
    "consent_capacity": "yes",
    "willing_needles": "yes",
    "needle_fear": "mild",
    "pregnant": "not_applicable",
    "diabetes": "no",
    "epilepsy": "no",
    **dict.fromkeys(
        [
            "fainting_history",
            "bleeding_disorder",
            "blood_thinners",
            "skin_problem_area",
            "lymphoedema",
            "vascular_disease",
            "heart_valve",
            "metal_allergy",
            "implanted_device",
        ],
        "no",
    ),
    "treatments_tried": ("stretching", "exercise_physio"),
    "treatment_relief": "short_lived",
    "goals": ("return_to_work_or_sport", "less_pain"),
    "activity_1": "running 5 km",
    "activity_1_score": 2,
    "activity_2": "driving over an hour",
    "activity_2_score": 5,
    "activity_3": "",
    "clinician_notes": "Called from work; prefers mornings.",
}


def on_screen(text: str) -> str:
    """A pattern for ``text`` as a terminal draws it (spaces may be cursor moves)."""
    return BETWEEN_WORDS.join(re.escape(word) for word in text.split())


def words(content: Content, key: str, **values: object) -> str:
    """Interface wording as clinician mode shows it (its ``_clinician`` variant, if any)."""
    if f"{key}_clinician" in content.ui:
        key += "_clinician"
    return content.text(key, **values)


class Keyboard:
    """The PT's keyboard: sends keys to the interview and counts them."""

    def __init__(self, child: pexpect.spawn) -> None:  # type: ignore[type-arg]
        self.child = child
        self.keys = 0
        self.typed = 0

    def press(self, keys: str) -> None:
        """Keys pressed one by one (each counts as a keystroke)."""
        self.keys += len(keys)
        self.child.send(keys)

    def type(self, text: str) -> None:
        """Typed text, then Enter (the text counts apart; Enter is a keystroke)."""
        self.typed += len(text)
        self.child.send(text)
        self.press("\r")


def answer(keyboard: Keyboard, question: Question, value: Answer) -> None:
    """The fewest keys that give ``value``, as clinician mode asks for them: an option's
    key answers at once, and so does the digit of a 0-6 scale. (A key the interview did
    not take at once would leave the next question off screen, and the run would fail.)"""
    if question.type in ("choice", "yes_no"):
        assert isinstance(value, str)
        keyboard.press(SHORTCUTS[question.shown_order.index(value)])
    elif question.type == "integer" and question.max is not None and question.max <= 9:
        keyboard.press(str(value))
    elif question.type == "multi":
        assert isinstance(value, tuple)
        keyboard.press("".join(SHORTCUTS[question.shown_order.index(v)] for v in value) + "\r")
    elif question.report_notes:  # each line typed, then Enter on an empty line ends it
        assert isinstance(value, str)
        for line in value.split("\n") if value else []:
            keyboard.type(line)
        keyboard.press("\r")
    else:
        keyboard.type(str(value))


#: The second caller's answers file, filled in before the call: the age and the symptoms.
PREFILLED_SECTIONS = ("symptoms",)


def prefilled_answers(content: Content) -> dict[str, Answer]:
    """What the prefilled caller's file holds: the typical caller's age and symptoms."""
    symptoms = {q.id for q in content.questions if q.section in PREFILLED_SECTIONS}
    return {qid: value for qid, value in TYPICAL_CALLER.items() if qid == "age" or qid in symptoms}


def screen_once(
    content: Content, folder: Path, prefilled: dict[str, Answer]
) -> tuple[int, int, float]:
    """One screening of the typical caller, the answers in ``prefilled`` given in a file
    (``--ask-missing``; none: the whole interview): (keystrokes, typed characters, seconds)."""
    folder.mkdir(parents=True)
    env = {
        **os.environ,
        "HOME": str(folder),
        "XDG_STATE_HOME": str(folder / "state"),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CACHE_HOME": str(folder / "cache"),
        "TERM": "xterm",
        "NO_COLOR": "1",
        # pexpect does not answer the cursor-position request prompt_toolkit sends.
        "PROMPT_TOOLKIT_NO_CPR": "1",
    }
    args = ["--clinician", "--ref", "AB12", "--no-draft"]
    if prefilled:
        partial = folder / "partial.json"
        as_json = {k: list(v) if isinstance(v, tuple) else v for k, v in prefilled.items()}
        partial.write_text(json.dumps(as_json), "utf-8")
        args = ["screen", "--answers", str(partial), "--ask-missing", *args]
    started = time.perf_counter()
    child = pexpect.spawn(
        str(NEEDLECHECK), args, env=env, encoding="utf-8", timeout=TIMEOUT, dimensions=(24, 80)
    )
    child.delaybeforesend = None
    keyboard = Keyboard(child)
    try:
        for question in applicable_answers(content, TYPICAL_CALLER, "clinician")[1]:
            if question.id in prefilled:
                continue
            # Read aloud as worded for the caller, but for the PT's own questions.
            own = question.modes == {"clinician"}
            child.expect(on_screen(question.prompt("clinician" if own else "self")[:50]))
            answer(keyboard, question, TYPICAL_CALLER[question.id])
        title = words(content, "interview.review_title", page="PAGE", pages="PAGES")
        pattern = on_screen(title).replace("PAGES", r"(\d+)").replace("PAGE", r"(\d+)")
        while True:  # the review, paged with its default (next page, then confirm)
            child.expect(pattern)
            page, pages = child.match.group(1), child.match.group(2)
            child.expect(on_screen(words(content, "interview.review_question")))
            keyboard.press("\r")
            if page == pages:
                break
        child.expect(on_screen(words(content, "interview.full_report_question")))
        keyboard.press("\r")  # the full report not read now (the default)
        child.expect(on_screen(words(content, "interview.keep_question").split("(")[0]))
        keyboard.press("\r")  # not kept (the default)
        child.expect(pexpect.EOF)
    finally:
        child.close(force=True)
    elapsed = time.perf_counter() - started
    if child.exitstatus != 0:
        raise SystemExit(f"needlecheck exited with {child.exitstatus}")
    return keyboard.keys, keyboard.typed, elapsed


class Figures(NamedTuple):
    keys: int
    typed: int
    seconds: float  # the median wall time
    runs: int

    def __str__(self) -> str:
        return (
            f"{self.keys} keystrokes plus {self.typed} typed characters, "
            f"{self.seconds:.1f} s (median of {self.runs})"
        )


def measure(content: Content, folder: Path, prefilled: dict[str, Answer], runs: int) -> Figures:
    """Keystrokes, typed characters and the median wall time of ``runs`` screenings."""
    times = []
    for run in range(runs):
        keys, typed, seconds = screen_once(content, folder / str(run), prefilled)
        times.append(seconds)
    times.sort()
    return Figures(keys, typed, times[len(times) // 2], runs)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="screenings timed (median)")
    options = parser.parse_args()
    content = load_content()
    with tempfile.TemporaryDirectory() as name:
        full = measure(content, Path(name) / "full", {}, options.runs)
        print(f"typical caller, the whole interview (budget {BUDGET} keystrokes): {full}")
        prefilled = prefilled_answers(content)
        given = measure(content, Path(name) / "prefilled", prefilled, options.runs)
        print(f"the same caller, age and symptoms from a file (--ask-missing): {given}")
    return 0 if full.keys <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
