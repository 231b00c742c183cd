"""needlecheck benchmarks: engine throughput and start-up times.

Run with ``python benchmarks/bench.py`` (``--help`` for options). It needs only the
standard library and the installed needlecheck (with its Typer); the interview's figures
need pexpect too (a test dependency) and are skipped without it. Start-up is measured
against minimal Typer apps written to a temporary folder, so the budgets are about what
needlecheck adds, not about how fast this machine or Typer is; and against honest floors
that Typer does not share: the same screening behind plain argparse, and ``python -c pass``.
The interview's first question is timed on every entry path against a minimal questionary
program (``interview_startup.py``). ``--callgrind`` also counts the instructions of each
start-up command under ``valgrind --tool=callgrind``: nearly the same count every run,
however busy the machine, where wall times on a shared machine vary by tens of percent.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from pathlib import Path

from needlecheck import engine
from needlecheck.loading.content import load_content
from needlecheck.model.answers import MODES, Answer, Mode
from needlecheck.model.content import Content, Question, validate_answers

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT.parent / "shared" / "examples" / "runner-right-buttock.json"

ENGINE_TARGET = 20_000  # assessments per second on one core
VERSION_HELP_BUDGET = 1.15  # needlecheck --version/--help vs a same-size minimal Typer app
#: Against the honest floors: the same screening behind plain argparse, and bare Python.
#: (The one-command Typer app only prints the file, so beside it needlecheck's screening
#: work would count as overhead; it is shown for reference, without a budget.)
ARGPARSE_SCREEN_BUDGET = 1.6  # needlecheck screen --format json vs the argparse floor
VERSION_PYTHON_BUDGET = 2.0  # needlecheck --version vs python -c pass

#: Free-text answers: short, empty, non-ASCII and at the length limit.
TEXT_SAMPLES = ("", "running 5 km", "Gartenarbeit (1 Std.)", "走る 🏃", "x" * 500)
#: Share of questions left out of an answer set, picked per set.
MISSING_SHARES = (0.0, 0.0, 0.02, 0.1, 0.3)
#: Share of questions given any valid answer rather than the calm one, picked per set:
#: wholly random sets are nearly all emergencies, which is not what people send.
UNUSUAL_SHARES = (0.0, 0.02, 0.05, 0.1, 0.3, 1.0)

AnswerSets = list[tuple[dict[str, Answer], Mode]]


# ── Engine throughput ────────────────────────────────────────────────────────────────


def calm_answer(question: Question, rng: random.Random) -> object:
    """The unremarkable answer: "no", else the first option (the content lists the calm
    option first), an empty list; numbers are random because every value is ordinary."""
    if question.type == "integer":
        assert question.min is not None and question.max is not None
        return rng.randint(question.min, question.max)
    if question.type == "text":
        return rng.choice(TEXT_SAMPLES)
    if question.type == "multi":
        return []
    return "no" if question.type == "yes_no" else question.options[0]


def random_answer(question: Question, rng: random.Random) -> object:
    """Any valid raw answer, as it would appear in an answers file."""
    if question.type == "multi":
        return rng.sample(question.options, rng.randint(0, len(question.options)))
    if question.type in ("choice", "yes_no"):
        return rng.choice(question.options)
    return calm_answer(question, rng)


def random_answer_sets(content: Content, count: int, rng: random.Random) -> AnswerSets:
    """Varied valid answer sets, each with a mode; some questions left out of many."""
    sets: AnswerSets = []
    for _ in range(count):
        missing_share = rng.choice(MISSING_SHARES)
        unusual_share = rng.choice(UNUSUAL_SHARES)
        raw = {
            question.id: (
                random_answer(question, rng)
                if rng.random() < unusual_share
                else calm_answer(question, rng)
            )
            for question in content.questions
            if rng.random() >= missing_share
        }
        answers, problems = validate_answers(content, raw)
        assert not problems, problems
        sets.append((answers, rng.choice(MODES)))
    return sets


def time_engine(content: Content, answer_sets: AnswerSets, passes: int) -> list[float]:
    """CPU seconds per pass over all answer sets.

    CPU time, not wall time: on a shared machine other work would otherwise count
    against the engine. The engine is single-threaded and does no I/O, so the two
    agree on an idle core.
    """
    assess = engine.assess
    timings = []
    for _ in range(passes):
        start = time.process_time()
        for answers, mode in answer_sets:
            assess(content, answers, mode)
        timings.append(time.process_time() - start)
    return timings


def profile_engine(content: Content, answer_sets: AnswerSets) -> str:
    profiler = cProfile.Profile()
    profiler.enable()
    for answers, mode in answer_sets:
        engine.assess(content, answers, mode)
    profiler.disable()
    stream = io.StringIO()
    pstats.Stats(profiler, stream=stream).sort_stats("tottime").print_stats(15)
    return stream.getvalue()


def engine_benchmark(args: argparse.Namespace) -> bool:
    content = load_content()
    rng = random.Random(args.seed)
    answer_sets = random_answer_sets(content, args.answer_sets, rng)
    levels = Counter(engine.assess(content, a, m).level for a, m in answer_sets)
    timings = time_engine(content, answer_sets, args.passes)
    # The best pass is the verdict: on a shared machine, noise only ever slows a pass.
    best = len(answer_sets) / min(timings)
    median = len(answer_sets) / statistics.median(timings)
    passed = best >= ENGINE_TARGET
    print(
        f"Engine: {len(answer_sets):,} generated answer sets, {args.passes} passes, "
        "one core (CPU time)"
    )
    print("  outcomes: " + ", ".join(f"{level} {n}" for level, n in levels.most_common()))
    print(
        f"  {best:,.0f} assessments/s (best pass; median {median:,.0f}/s); "
        f"target >= {ENGINE_TARGET:,}/s: {'PASS' if passed else 'OVER'}"
    )
    if args.profile or not passed:
        print(textwrap.indent(profile_engine(content, answer_sets), "  "))
    return passed


# ── Start-up times ───────────────────────────────────────────────────────────────────

ONE_COMMAND_APP = '''\
from pathlib import Path
import typer

app = typer.Typer(add_completion=False)


@app.command()
def screen(answers: str = typer.Option(...), format: str = typer.Option("text")) -> None:
    """Print an answers file."""
    print(Path(answers).read_text())


app()
'''

#: The floor for ``screen --answers FILE --format json``: the same work (content, answers
#: file, engine, report, JSON) behind plain argparse, so only Typer's share is left out.
ARGPARSE_SCREEN = """\
import argparse
import sys

parser = argparse.ArgumentParser(prog="floor")
parser.add_argument("command", choices=["screen"])
parser.add_argument("--answers", required=True)
parser.add_argument("--format", default="json")
args = parser.parse_args()

from needlecheck.answers.files import read_answers
from needlecheck.engine import assess
from needlecheck.loading.content import load_content
from needlecheck.render import render
from needlecheck.report.build import build_report

content = load_content()
assessment = assess(content, read_answers(content, args.answers), "self")
sys.stdout.write(render(build_report(content, assessment), args.format))
"""

MANY_COMMANDS_HEADER = '''\
import typer

app = typer.Typer(add_completion=False, help="A minimal app with as many commands as needlecheck.")


def _version(value: bool) -> None:
    if value:
        print("minimal 1.0.0")
        raise typer.Exit()


@app.callback()
def root(version: bool = typer.Option(None, "--version", callback=_version, is_eager=True)) -> None:
    """The root."""

'''

MANY_COMMANDS_BODY = '''

@app.command()
def command_{number}(name: str = typer.Option("x", help="A name.")) -> None:
    """Command number {number}."""
    print(name)
'''


def needlecheck_command_count() -> int:
    """How many commands needlecheck has right now (others add commands as they work)."""
    import typer.main

    from needlecheck.cli import app

    return len(typer.main.get_group(app).commands)


def write_minimal_apps(folder: Path, command_count: int) -> tuple[Path, Path, Path]:
    one = folder / "one_command.py"
    one.write_text(ONE_COMMAND_APP)
    many = folder / "many_commands.py"
    bodies = "".join(MANY_COMMANDS_BODY.format(number=n) for n in range(1, command_count + 1))
    many.write_text(MANY_COMMANDS_HEADER + bodies + "\n\napp()\n")
    floor = folder / "argparse_screen.py"
    floor.write_text(ARGPARSE_SCREEN)
    return one, many, floor


def example_answers(folder: Path) -> Path:
    if EXAMPLE.is_file():
        return EXAMPLE
    # No shared folder here: any valid answers file will do for timing.
    content = load_content()
    answers, _ = random_answer_sets(content, 1, random.Random(0))[0]
    generated = folder / "answers.json"
    generated.write_text(
        json.dumps({k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()})
    )
    return generated


def wall_times(
    commands: dict[str, list[str]], runs: int, environment: dict[str, str], cwd: Path
) -> dict[str, list[float]]:
    """Seconds per run of each command; runs are interleaved so machine noise hits all alike."""
    timings: dict[str, list[float]] = {name: [] for name in commands}
    for run in range(runs + 1):
        for name, command in commands.items():
            start = time.perf_counter()
            result = subprocess.run(
                command, env=environment, cwd=cwd, capture_output=True, check=False
            )
            elapsed = time.perf_counter() - start
            if result.returncode != 0:
                raise SystemExit(
                    f"{name} failed ({result.returncode}):\n{result.stderr.decode(errors='replace')}"
                )
            if run:  # the first run writes the caches: not counted
                timings[name].append(elapsed)
    return timings


def import_times(command: list[str], environment: dict[str, str], cwd: Path) -> dict[str, int]:
    """Microseconds each module took to import itself (``python -X importtime``)."""
    python, *rest = command
    result = subprocess.run(
        [python, "-X", "importtime", *rest],
        env=environment,
        cwd=cwd,
        capture_output=True,
        check=True,
    )
    times = {}
    for line in result.stderr.decode(errors="replace").splitlines():
        if line.startswith("import time:") and "self [us]" not in line:
            own, _, module = line.removeprefix("import time:").split("|")
            times[module.strip()] = int(own)
    return times


def extra_imports(
    command: list[str], baseline: list[str], environment: dict[str, str], cwd: Path
) -> list[tuple[str, int]]:
    """Modules ``command`` imports and ``baseline`` does not, slowest first."""
    theirs = import_times(baseline, environment, cwd)
    ours = import_times(command, environment, cwd)
    extra = [(module, own) for module, own in ours.items() if module not in theirs]
    return sorted(extra, key=lambda item: -item[1])


#: The line callgrind ends with: how many instructions the program ran.
COLLECTED = re.compile(rb"Collected\s*:\s*(\d+)")


def instruction_counts(
    commands: dict[str, list[str]], environment: dict[str, str], cwd: Path
) -> dict[str, int]:
    """Instructions each command runs, counted by ``valgrind --tool=callgrind`` (hash
    randomisation off, so that one count is the same the next time)."""
    counts = {}
    for name, command in commands.items():
        result = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={cwd / 'callgrind.out.%p'}",
                *command,
            ],
            env={**environment, "PYTHONHASHSEED": "0"},
            cwd=cwd,
            capture_output=True,
            check=False,
        )
        found = COLLECTED.search(result.stderr)
        if result.returncode != 0 or found is None:
            raise SystemExit(f"{name} under callgrind failed:\n{result.stderr.decode()[-2000:]}")
        counts[name] = int(found.group(1))
    return counts


def ratio_lines(
    values: dict[str, float], pairs: list[tuple[str, str, float]], width: int
) -> tuple[list[str], bool]:
    """One line per (command, baseline, budget): the ratio and its verdict; and whether
    every ratio is within its budget."""
    lines, all_passed = [], True
    for name, baseline, budget in pairs:
        ratio = values[name] / values[baseline]
        passed = ratio <= budget
        all_passed &= passed
        verdict = "PASS" if passed else "OVER"
        lines.append(
            f"  {name:<{width}}  {ratio:5.2f}x  {baseline} (budget {budget:.2f}x)  {verdict}"
        )
    return lines, all_passed


def startup_benchmark(args: argparse.Namespace) -> bool:
    python = sys.executable
    needlecheck = str(Path(python).parent / "needlecheck")
    command_count = needlecheck_command_count()
    with tempfile.TemporaryDirectory(prefix="needlecheck-bench-") as temporary:
        folder = Path(temporary)
        home = folder / "home"
        home.mkdir()
        # A throwaway home: the benchmark must never read or write anyone's real data.
        environment = {
            # Measure needlecheck as installed, with its bytecode cached (pip compiles it)
            # and so its content cache too; the first, uncounted run writes what is missing.
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "XDG_DATA_HOME": str(home / ".local/share"),
            "XDG_STATE_HOME": str(home / ".local/state"),
            "XDG_CACHE_HOME": str(home / ".cache"),
        }
        one, many, floor = write_minimal_apps(folder, command_count)
        answers = str(example_answers(folder))
        screen_args = ["screen", "--answers", answers, "--format", "json"]
        many_name = f"minimal Typer, {command_count} command{'s' * (command_count != 1)}"
        minimal_screen = "minimal Typer, 1 command: screen --answers FILE"
        argparse_screen = "argparse floor: screen --answers FILE --format json"
        minimal_version, minimal_help = f"{many_name}: --version", f"{many_name}: --help"
        version, help_, screen = (
            "needlecheck --version",
            "needlecheck --help",
            "needlecheck screen --answers FILE --format json",
        )
        commands = {
            "python -c pass": [python, "-c", "pass"],
            minimal_screen: [python, str(one), *screen_args[1:]],
            argparse_screen: [python, str(floor), *screen_args],
            minimal_version: [python, str(many), "--version"],
            minimal_help: [python, str(many), "--help"],
            version: [needlecheck, "--version"],
            help_: [needlecheck, "--help"],
            screen: [needlecheck, *screen_args],
        }
        timings = wall_times(commands, args.runs, environment, folder)
        medians = {name: statistics.median(times) for name, times in timings.items()}
        counts = instruction_counts(commands, environment, folder) if args.callgrind else {}
        screen_over = medians[screen] / medians[argparse_screen] > ARGPARSE_SCREEN_BUDGET
        if args.importtime or screen_over:
            extra = extra_imports(
                [python, needlecheck, *screen_args], commands[minimal_screen], environment, folder
            )

    print(f"\nStart-up: median wall time of {args.runs} runs each (subprocesses, bytecode cached)")
    print(f"  answers file: {answers}")
    width = max(map(len, medians))
    print(f"  {'(ms)':<{width}}  {'median':>7}  {'fastest':>7}")
    for name, seconds in medians.items():
        print(f"  {name:<{width}}  {seconds * 1000:7.1f}  {min(timings[name]) * 1000:7.1f}")

    print(f"\n  Ratios (needlecheck has {command_count} command{'s' * (command_count != 1)})")
    pairs = [
        (version, minimal_version, VERSION_HELP_BUDGET),
        (help_, minimal_help, VERSION_HELP_BUDGET),
        (screen, argparse_screen, ARGPARSE_SCREEN_BUDGET),
        (version, "python -c pass", VERSION_PYTHON_BUDGET),
    ]
    lines, all_passed = ratio_lines(medians, pairs, width)
    print("\n".join(lines))
    reference = medians[screen] / medians[minimal_screen]
    print(f"  {screen:<{width}}  {reference:5.2f}x  {minimal_screen} (for reference)")
    if counts:
        print("\n  Instructions (valgrind --tool=callgrind, one run each, PYTHONHASHSEED=0)")
        for name, count in counts.items():
            print(f"  {name:<{width}}  {count / 1e6:9.1f} M")
        lines, counted_passed = ratio_lines({k: float(v) for k, v in counts.items()}, pairs, width)
        print("\n".join(lines))
        all_passed &= counted_passed
    if args.importtime or screen_over:
        total = sum(own for _, own in extra) / 1000
        print(f"\n  Imported by needlecheck screen, not by the minimal app: {total:.1f} ms in all")
        for module, own in extra[:12]:
            print(f"    {module:<40} {own / 1000:6.1f} ms")
    return all_passed


def interview_benchmark(args: argparse.Namespace) -> bool:
    """The first question on every entry path, against a minimal questionary program."""
    try:
        import interview_startup  # beside this script; needs pexpect
    except ImportError as error:
        print(f"\nFirst question: not measured ({error}; pexpect comes with '.[test]')")
        return True
    print(
        f"\nFirst question of the interview: median of {args.interview_runs} runs each, "
        "in a pseudo-terminal"
    )
    times = interview_startup.first_question_times(args.interview_runs)
    passed = interview_startup.print_first_question(times, indent="  ")
    if args.callgrind:
        print("\n  Instructions to the first question (valgrind --tool=callgrind, one run each)")
        counts = interview_startup.first_question_instructions()
        passed &= interview_startup.print_first_question_instructions(counts, indent="  ")
    return passed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="start-up runs per command")
    parser.add_argument("--answer-sets", type=int, default=2000, help="answer sets to generate")
    parser.add_argument("--passes", type=int, default=5, help="engine passes over the sets")
    parser.add_argument("--seed", type=int, default=2024, help="seed for the answer sets")
    parser.add_argument("--profile", action="store_true", help="always profile the engine")
    parser.add_argument(
        "--importtime", action="store_true", help="always list what screen imports beyond Typer"
    )
    parser.add_argument(
        "--interview-runs", type=int, default=9, help="first-question runs per entry path"
    )
    parser.add_argument(
        "--callgrind",
        action="store_true",
        help="also count each start-up command's instructions (valgrind --tool=callgrind)",
    )
    parser.add_argument("--skip-engine", action="store_true")
    parser.add_argument("--skip-startup", action="store_true")
    parser.add_argument("--skip-interview", action="store_true")
    args = parser.parse_args()
    if min(args.runs, args.answer_sets, args.passes, args.interview_runs) < 1:
        parser.error("--runs, --answer-sets, --passes and --interview-runs must be at least 1")
    if args.callgrind and shutil.which("valgrind") is None:
        parser.error("--callgrind needs valgrind (apt-get install valgrind)")
    passed = True
    if not args.skip_engine:
        passed &= engine_benchmark(args)
    if not args.skip_startup:
        passed &= startup_benchmark(args)
    if not args.skip_interview:
        passed &= interview_benchmark(args)
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
