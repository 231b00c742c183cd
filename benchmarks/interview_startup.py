"""How long until the interview's first question is on screen, against plain questionary.

Run with ``python benchmarks/interview_startup.py`` (``--help`` for options). Both
programs run in a real pseudo-terminal (pexpect); the clock stops when the first
question's words arrive. The baseline is the smallest questionary program that asks
one question, so the figure is what needlecheck adds (Typer, the content, the welcome),
not how fast this machine or questionary is. Every way into the interview is measured
(``needlecheck``, ``screen``, ``--clinician``, ``--resume``, ``--no-draft``); ``--resume``
finds no draft in the empty home, so it pays for the look-up and then asks the first
question. Exits 1 if any entry path's median ratio is over the budget. ``bench.py`` runs
this too, beside its start-up figures.

``--callgrind`` counts instructions instead (``valgrind --tool=callgrind``, each program
run until its first question is on screen, then stopped): slower, but the same count on a
busy machine as on an idle one, so two versions can be compared where seconds are noise.

State and home folders point at a temporary folder, so no draft is read or written
anywhere real.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pexpect

NEEDLECHECK = Path(sys.executable).parent / "needlecheck"
FIRST_QUESTION = "How old are you"
CLINICIAN_FIRST_QUESTION = "How old are you"  # read aloud to the caller (spec 3.6 v2)
#: Each way into the interview: its arguments and the first question it asks.
ENTRY_PATHS = {
    "needlecheck": ([], FIRST_QUESTION),
    "needlecheck screen": (["screen"], FIRST_QUESTION),
    "needlecheck --clinician": (["--clinician"], CLINICIAN_FIRST_QUESTION),
    "needlecheck --resume": (["--resume"], FIRST_QUESTION),
    "needlecheck --no-draft": (["--no-draft"], FIRST_QUESTION),
}
MINIMAL = "minimal questionary"
MINIMAL_PROGRAM = "import questionary\nquestionary.text('How old are you?').ask()\n"
BUDGET = 1.3  # at most 1.3 times the minimal program, on every entry path


def time_to_text(command: str, args: list[str], env: dict[str, str], text: str) -> float:
    """Seconds from start until ``text`` is on screen; the program is then stopped."""
    started = time.perf_counter()
    child = pexpect.spawn(command, args, env=env, encoding="utf-8", timeout=30)
    try:
        child.expect_exact(text)
        elapsed = time.perf_counter() - started
    finally:
        child.terminate(force=True)
    return elapsed


def instructions_to_text(command: str, args: list[str], env: dict[str, str], text: str) -> int:
    """Instructions run until ``text`` is on screen, counted by callgrind."""
    with tempfile.TemporaryDirectory() as folder:
        counts = Path(folder) / "callgrind.out"
        child = pexpect.spawn(
            "valgrind",
            ["--tool=callgrind", f"--callgrind-out-file={counts}", command, *args],
            env=env,
            encoding="utf-8",
            timeout=600,
        )
        child.expect_exact(text)
        child.kill(signal.SIGTERM)  # callgrind writes its counts as the program ends
        child.expect(pexpect.EOF)
        for line in counts.read_text(encoding="utf-8").splitlines():
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError("callgrind wrote no total")


Program = tuple[str, list[str], str]  # command, arguments, the first question's words


@contextmanager
def programs() -> Iterator[tuple[dict[str, Program], dict[str, str]]]:
    """The minimal questionary program and every entry path, with an environment whose
    home and state folders are a temporary folder; each program has run once, unmeasured,
    to warm the file cache, the bytecode and the content cache."""
    with tempfile.TemporaryDirectory() as folder:
        env = {
            # Bytecode is cached as for an installed program (pip compiles at install);
            # the unmeasured first run writes it for an editable install.
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "HOME": folder,
            "XDG_STATE_HOME": str(Path(folder) / "state"),
            "XDG_DATA_HOME": str(Path(folder) / "data"),
            "TERM": "xterm",
            # pexpect does not answer cursor-position requests; skip them in both programs.
            "PROMPT_TOOLKIT_NO_CPR": "1",
            "PYTHONHASHSEED": "0",  # the same count run after run under callgrind
        }
        minimal_file = Path(folder) / "minimal_questionary.py"
        minimal_file.write_text(MINIMAL_PROGRAM, encoding="utf-8")
        every: dict[str, Program] = {
            MINIMAL: (sys.executable, [str(minimal_file)], FIRST_QUESTION),
            **{
                name: (str(NEEDLECHECK), args, question)
                for name, (args, question) in ENTRY_PATHS.items()
            },
        }
        for command, args, question in every.values():
            time_to_text(command, args, env, question)
        yield every, env


def first_question_times(runs: int) -> dict[str, list[float]]:
    """Seconds until the first question, ``runs`` times for each program (the minimal
    questionary program first, then every entry path), interleaved."""
    with programs() as (every, env):
        times: dict[str, list[float]] = {name: [] for name in every}
        for _ in range(runs):  # interleaved, so a busy moment hits all alike
            for name, (command, args, question) in every.items():
                times[name].append(time_to_text(command, args, env, question))
    return times


def first_question_instructions() -> dict[str, int]:
    """Instructions until the first question, once for each program (a count repeats)."""
    with programs() as (every, env):
        return {
            name: instructions_to_text(command, args, env, question)
            for name, (command, args, question) in every.items()
        }


def print_ratios(figures: dict[str, float], indent: str = "") -> bool:
    """Each entry path's ratio to the minimal program; True if every one is in budget."""
    width = max(map(len, figures))
    passed = True
    for name in ENTRY_PATHS:
        ratio = figures[name] / figures[MINIMAL]
        verdict = "within" if ratio <= BUDGET else "OVER"
        passed &= ratio <= BUDGET
        print(
            f"{indent}{name:>{width}}: {ratio:.2f}x the minimal program "
            f"({verdict} the budget of {BUDGET})"
        )
    return passed


def print_first_question(times: dict[str, list[float]], indent: str = "") -> bool:
    """Each program's median and spread, then each entry path's ratio to the minimal
    program; True if every one is within the budget."""
    medians = {name: statistics.median(values) for name, values in times.items()}
    width = max(map(len, medians))
    for name, median in medians.items():
        spread = f"{min(times[name]) * 1000:.0f}–{max(times[name]) * 1000:.0f}"
        print(
            f"{indent}{name:>{width}}: first question after {median * 1000:6.0f} ms "
            f"(median; {spread} ms)"
        )
    return print_ratios(medians, indent)


def print_first_question_instructions(counts: dict[str, int], indent: str = "") -> bool:
    """Each program's instruction count, then each entry path's ratio (as above)."""
    width = max(map(len, counts))
    for name, count in counts.items():
        print(f"{indent}{name:>{width}}: {count / 1e6:7.1f} M instructions to the first question")
    return print_ratios({name: float(count) for name, count in counts.items()}, indent)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each program (median)")
    parser.add_argument(
        "--callgrind", action="store_true", help="count instructions (valgrind) instead of time"
    )
    options = parser.parse_args()
    if options.callgrind:
        if shutil.which("valgrind") is None:
            parser.error("--callgrind needs valgrind (Debian: apt install valgrind)")
        return 0 if print_first_question_instructions(first_question_instructions()) else 1
    return 0 if print_first_question(first_question_times(options.runs)) else 1


if __name__ == "__main__":
    sys.exit(main())
