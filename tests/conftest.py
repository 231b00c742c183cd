"""Shared fixtures: the real content, the shared example files, answer sets, and
throwaway homes."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from needlecheck.loading.content import load_content
from needlecheck.model.answers import Answer
from needlecheck.model.content import Content
from needlecheck.progress.history import screenings_folder

ROOT = Path(__file__).resolve().parent.parent
#: The project's shared folder (spec, examples) sits beside the checkout.
SHARED = ROOT.parent / "shared"
EXAMPLES = SHARED / "examples"
#: The installed console script, run as a person runs it.
NEEDLECHECK = Path(sys.executable).parent / "needlecheck"
#: Put on PYTHONPATH (with NEEDLECHECK_NETWORK_LOG set) to refuse and record network use.
NETWORK_GUARD = Path(__file__).parent / "support"
#: PYTHONPATH for a needlecheck subprocess: the network guard first, then the path this
#: run was given (a worktree's src/), so the code under test is the code that runs.
GUARDED_PYTHONPATH = os.pathsep.join(
    [str(NETWORK_GUARD), *filter(None, [os.environ.get("PYTHONPATH")])]
)
#: Root reads and writes files whatever their mode (CI runs as root).
AS_ROOT = os.geteuid() == 0
#: The capabilities that let root ignore file modes.
FILE_MODE_OVERRIDES = "-dac_override,-dac_read_search"


def bound_by_file_modes(argv: list[str]) -> list[str]:
    """``argv`` run so that file modes bind it as they bind a person: under root, without
    the capabilities that let root read and write any file."""
    if not AS_ROOT:
        return argv
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root, and without setpriv root reads and writes any file")
    return [
        setpriv,
        f"--bounding-set={FILE_MODE_OVERRIDES}",
        f"--inh-caps={FILE_MODE_OVERRIDES}",
        "--",
        *argv,
    ]


def run_needlecheck(
    *args: str,
    env: Mapping[str, str],
    cwd: Path | None = None,
    stdin: bytes = b"",
    file_modes_bind: bool = False,
) -> subprocess.CompletedProcess[str]:
    """The console script run as a person runs it; its output decoded leniently, since a
    test may feed it bytes that are not UTF-8. ``file_modes_bind``: even under root."""
    argv = [str(NEEDLECHECK), *args]
    result = subprocess.run(
        bound_by_file_modes(argv) if file_modes_bind else argv,
        input=stdin,
        capture_output=True,
        env=env,
        cwd=cwd,
        timeout=60,
        check=False,
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )


def pytest_configure(config: pytest.Config) -> None:
    # A shell's background job (a CI run under `&`) starts with Ctrl-C ignored, and every
    # program the tests start would inherit that: Ctrl-C pressed between two prompts, and
    # SIGINT sent to a batch, would then be lost. The tests run as if at a terminal.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    # Dates are shown in local time: the tests run in UTC wherever they run, so the times
    # they expect hold on any machine (and in every program they start). A test about
    # another zone sets TZ itself (test_local_dates.py).
    os.environ["TZ"] = "UTC"
    time.tzset()


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


def write_answers(path: Path, answers: Mapping[str, object]) -> Path:
    """Write ``answers`` to ``path`` as a JSON answers file (spec section 8)."""
    plain = {qid: list(v) if isinstance(v, tuple) else v for qid, v in answers.items()}
    path.write_text(json.dumps(plain, ensure_ascii=False), "utf-8")
    return path


#: Where, inside a home from ``home_variables``, needlecheck keeps saved screenings
#: (data) and interview drafts (state).
DATA_FOLDER = Path(".local", "share", "needlecheck")
STATE_FOLDER = Path(".local", "state", "needlecheck")


def home_variables(home: Path) -> dict[str, str]:
    """HOME and the XDG folders, all inside ``home``: tests never read or write anyone's
    real answers."""
    return {
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / ".config"),
        "XDG_DATA_HOME": str(home / DATA_FOLDER.parent),
        "XDG_STATE_HOME": str(home / STATE_FOLDER.parent),
        "XDG_CACHE_HOME": str(home / ".cache"),
    }


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """A throwaway home, not yet created: a run that writes nothing leaves none."""
    return tmp_path / "home"


@pytest.fixture
def throwaway_home(home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """``home``, and HOME and the XDG folders pointing into it for in-process runs."""
    for name, value in home_variables(home).items():
        monkeypatch.setenv(name, value)
    # Guard: if the XDG variables were ever ignored, stop before touching the real home.
    assert screenings_folder().is_relative_to(home / DATA_FOLDER)
    return home


@pytest.fixture
def data_home(throwaway_home: Path) -> Path:
    """Where in-process runs keep saved screenings. The whole home is throwaway, not just
    this folder: forget also removes interview drafts (the state folder)."""
    return throwaway_home / DATA_FOLDER


@pytest.fixture
def home_without_locale(throwaway_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A throwaway home and no locale (LANG=C.UTF-8): the language is English unless a
    test's ``--lang`` says otherwise, whatever the machine's locale."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    return throwaway_home


@pytest.fixture
def isolated_env(tmp_path: Path) -> dict[str, str]:
    """The environment for a needlecheck subprocess, with a throwaway home."""
    home = tmp_path / "home"
    home.mkdir()
    return {**os.environ, **home_variables(home)}
