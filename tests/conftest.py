"""Shared fixtures: the real content, the shared example files, and answer sets."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from needlecheck.loader import load_content
from needlecheck.model import Answer, Content

ROOT = Path(__file__).resolve().parent.parent
#: The project's shared folder (spec, examples) sits beside the checkout.
SHARED = ROOT.parent / "shared"
EXAMPLES = SHARED / "examples"


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content()


def safe_answers(content: Content, mode: str = "self") -> dict[str, Answer]:
    """A complete answer set on which no rule fires: the safest answer to everything.

    Tests start from this and change one thing, so each test shows exactly what
    that one answer does.
    """
    safest: dict[str, Any] = {
        "age": 40,
        "first_episode": "no",
        "sexual_change": "no",
        "leg_weakness": "none",
        "cancer_history": "no",
        "pain_areas": ("lower_back", "buttock"),
        "pain_side": "right",
        "duration": "under_6_weeks",
        "leg_pain": 3,
        "back_pain": 4,
        "sbi_leg_pain": 2,
        "sbi_numbness": 0,
        "sbi_weakness": 0,
        "sbi_sitting": 2,
        "consent_capacity": "yes",
        "willing_needles": "yes",
        "needle_fear": "none",
        "pregnant": "no",
        "diabetes": "no",
        "epilepsy": "no",
        "treatments_tried": (),
        "goals": ("move_better",),
        "activity_1": "",
        "activity_2": "",
        "activity_3": "",
    }
    answers: dict[str, Answer] = {}
    for question in content.questions:
        if mode not in question.modes:
            continue
        if question.id in safest:
            answers[question.id] = safest[question.id]
        elif question.type == "yes_no":
            answers[question.id] = "no"
        elif question.type == "text":
            answers[question.id] = ""
    return answers
