"""How long until the interview's first question is on screen, against plain questionary.

Run with ``python benchmarks/interview_startup.py`` (``--help`` for options). Both
programs run in a real pseudo-terminal (pexpect); the clock stops when the first
question's words arrive. The baseline is the smallest questionary program that asks
one question, so the figure is what needlecheck adds (Typer, the content, the welcome),
not how fast this machine or questionary is. Exits 1 if the median ratio is over the
budget.

State and home folders point at a temporary folder, so no draft is read or written
anywhere real.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pexpect

NEEDLECHECK = Path(sys.executable).parent / "needlecheck"
FIRST_QUESTION = "How old are you"
MINIMAL_PROGRAM = "import questionary\nquestionary.text('How old are you?').ask()\n"
BUDGET = 1.5  # the limit: at most 1.5 times the minimal program


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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="runs of each program (median)")
    options = parser.parse_args()

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
        }
        minimal_file = Path(folder) / "minimal_questionary.py"
        minimal_file.write_text(MINIMAL_PROGRAM, encoding="utf-8")
        programs = {
            "minimal questionary": (sys.executable, [str(minimal_file)]),
            "needlecheck": (str(NEEDLECHECK), []),
        }
        # One unmeasured run of each warms the file cache and the bytecode.
        for command, args in programs.values():
            time_to_text(command, args, env, FIRST_QUESTION)
        times: dict[str, list[float]] = {name: [] for name in programs}
        for _ in range(options.runs):  # interleaved, so a busy moment hits both alike
            for name, (command, args) in programs.items():
                times[name].append(time_to_text(command, args, env, FIRST_QUESTION))

    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, median in medians.items():
        spread = f"{min(times[name]) * 1000:.0f}–{max(times[name]) * 1000:.0f}"
        print(f"{name:>20}: first question after {median * 1000:6.0f} ms (median; {spread} ms)")
    ratio = medians["needlecheck"] / medians["minimal questionary"]
    verdict = "within" if ratio <= BUDGET else "OVER"
    print(f"{'ratio':>20}: {ratio:.2f} ({verdict} the budget of {BUDGET})")
    return 0 if ratio <= BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
