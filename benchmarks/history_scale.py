"""History at scale: ``compare`` and ``history`` with 10 and with 10,000 saved screenings.

Run with ``python benchmarks/history_scale.py`` (``--help`` for options). It saves a few
real screenings through the CLI (``screen --answers FILE --save``, with and without a
clinician reference), then fills two temporary data folders from them, one with 10 and
one with 10,000 saved screenings (a minute apart, spread over 50 references and none,
named as ``history.save`` names them), and times each command through the real CLI on
one core: the runs of the two folders take turns, and each figure is a median.

Targets (issue 15): with 10,000 saved, ``compare`` within 1.2x its time with 10, and
``history`` at most 2x. The ``--ref`` forms are shown too. Exits 1 if a target is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from batch import NEEDLECHECK, one_core
from bench import example_answers
from needlecheck.progress.saved_names import saved_name

REFERENCES = [f"R{number:04d}" for number in range(50)]
#: The command, and the most its time with 10,000 saved may be, as a multiple of 10.
TARGETS: dict[str, float | None] = {
    "compare": 1.2,
    "history": 2.0,
    "compare --ref R0001": None,
    "history --ref R0001": None,
}


def environment(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "HOME": str(home),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "COLUMNS": "100",
    }


def saved_reports(home: Path, answers: Path) -> list[dict[str, Any]]:
    """Screenings saved through the CLI: one without a reference, one with."""
    env = environment(home)
    for extra in ([], ["--clinician", "--ref", "R0000"]):
        command = [str(NEEDLECHECK), "screen", "--answers", str(answers), "--save", *extra]
        subprocess.run(command, env=env, capture_output=True, check=True)
    folder = home / "data" / "needlecheck" / "screenings"
    return [json.loads(path.read_text("utf-8")) for path in sorted(folder.iterdir())]


def fill(home: Path, templates: list[dict[str, Any]], count: int) -> None:
    """``count`` saved screenings, a minute apart, each private (0600 in a 0700 folder)."""
    folder = home / "data" / "needlecheck" / "screenings"
    folder.mkdir(parents=True, mode=0o700)
    folder.parent.chmod(0o700)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    for number in range(count):
        when = start + timedelta(minutes=number)
        # Two sessions running for each reference, so the two latest are one person's.
        ref = None if number % 51 == 50 else REFERENCES[number // 2 % len(REFERENCES)]
        report = {**templates[number % len(templates)], "created": when.isoformat(), "ref": ref}
        report["scores"] = {**report["scores"], "leg_pain": number % 11}
        name = saved_name(when.strftime("%Y%m%dT%H%M%S%fZ"), secrets.token_hex(4), ref)
        descriptor = os.open(folder / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump(report, file, indent=2, ensure_ascii=False)


def timed(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--many", type=int, default=10_000, help="saved screenings, many")
    parser.add_argument("--few", type=int, default=10, help="saved screenings, few")
    parser.add_argument("--runs", type=int, default=15, help="runs of each command (median)")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="needlecheck-history-") as temporary:
        folder = Path(temporary)
        answers = example_answers(folder)
        templates = saved_reports(folder / "seed", answers)
        homes = {count: folder / f"home-{count}" for count in (options.few, options.many)}
        for count, home in homes.items():
            fill(home, templates, count)
        results: dict[str, dict[int, list[float]]] = {}
        for name in TARGETS:
            command = one_core([str(NEEDLECHECK), *name.split()])
            times: dict[int, list[float]] = {count: [] for count in homes}
            for home in homes.values():  # once each first: caches warm, output checked
                subprocess.run(command, env=environment(home), capture_output=True, check=True)
            for _ in range(options.runs):
                for count, home in homes.items():
                    times[count].append(timed(command, environment(home)))
            results[name] = times

    print(
        f"History at scale: {options.few:,} and {options.many:,} saved screenings, "
        f"one core, median of {options.runs} runs taking turns"
    )
    missed, counts = False, (options.few, options.many)
    for name, target in TARGETS.items():
        few, many = (statistics.median(results[name][count]) for count in counts)
        fastest = "/".join(f"{min(results[name][count]) * 1000:.0f}" for count in counts)
        ratio = many / few
        verdict = ""
        if target is not None:
            missed |= ratio > target
            verdict = f"; target <= {target}x: {'PASS' if ratio <= target else 'OVER'}"
        print(
            f"  {name:<20} {few * 1000:6.0f} ms with {options.few:,}, "
            f"{many * 1000:6.0f} ms with {options.many:,}: {ratio:.2f}x{verdict} "
            f"(fastest {fastest} ms)"
        )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
