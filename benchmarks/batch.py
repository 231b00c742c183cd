"""Batch screening throughput: a clinic's archive of answers files in one process.

Run with ``python benchmarks/batch.py`` (``--help`` for options). It writes 10,000
varied answers files (valid ones, JSON and TOML, as ``bench.py`` generates them) to a
temporary folder, then times ``needlecheck screen --answers FOLDER --format jsonl``
pinned to one core, against a shell loop that runs ``needlecheck screen --answers FILE
--format json`` once per file over the first 100 files (extrapolated to all of them).
Targets (issue 15): at least 1,000 files per second, and at least 100 times the loop.
Exits 1 if either is missed.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench import random_answer_sets
from needlecheck.loading.content import load_content

NEEDLECHECK = Path(sys.executable).parent / "needlecheck"
FILES_PER_SECOND_TARGET = 1_000
LOOP_SPEEDUP_TARGET = 100


def write_archive(folder: Path, count: int, seed: int) -> None:
    """``count`` answers files: mostly JSON, one in ten TOML."""
    content = load_content()
    for number, (answers, _) in enumerate(random_answer_sets(content, count, random.Random(seed))):
        plain = {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}
        if number % 10 == 9:
            lines = [
                f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in plain.items()
            ]
            (folder / f"{number:06d}.toml").write_text("\n".join(lines) + "\n", "utf-8")
        else:
            (folder / f"{number:06d}.json").write_text(
                json.dumps(plain, ensure_ascii=False), "utf-8"
            )


def one_core(command: list[str]) -> list[str]:
    taskset = shutil.which("taskset")
    return [taskset, "-c", str(min(os.sched_getaffinity(0))), *command] if taskset else command


def timed(command: list[str], env: dict[str, str], *, shell: bool = False) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, children included) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=True,
        shell=shell,
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000, help="answers files in the archive")
    parser.add_argument("--loop-files", type=int, default=100, help="files the shell loop runs")
    parser.add_argument("--runs", type=int, default=3, help="batch runs (median)")
    parser.add_argument("--seed", type=int, default=15)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="needlecheck-batch-") as temporary:
        folder = Path(temporary)
        archive = folder / "archive"
        archive.mkdir()
        home = folder / "home"
        env = {
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CACHE_HOME": str(home / "cache"),
        }
        write_archive(archive, options.files, options.seed)
        batch = one_core(
            [str(NEEDLECHECK), "screen", "--answers", str(archive), "--format", "jsonl"]
        )
        # Check once that every file gives a report (and warm the caches), then time.
        check = subprocess.run(batch, env=env, capture_output=True, check=True)
        assert check.stdout.count(b"\n") == options.files, check.stderr[-500:]
        runs = [timed(batch, env) for _ in range(options.runs)]
        wall = statistics.median(run[0] for run in runs)
        cpu = statistics.median(run[1] for run in runs)
        files = sorted(archive.iterdir())[: options.loop_files]
        list_file = folder / "loop-files"
        list_file.write_text("\n".join(map(str, files)) + "\n", "utf-8")
        loop = (
            f'while read -r f; do "{NEEDLECHECK}" screen --answers "$f" --format json '
            f'> /dev/null || exit 1; done < "{list_file}"'
        )
        loop_wall, _ = timed(one_core(["sh", "-c", loop]), env)

    per_second = options.files / wall
    loop_all = loop_wall / len(files) * options.files
    speedup = loop_all / wall
    print(
        f"Batch: {options.files:,} answers files to JSON Lines, one core, median of {options.runs}"
    )
    print(
        f"  one process: {wall:.2f} s wall ({cpu:.2f} s CPU): {per_second:,.0f} files/s "
        f"({options.files / cpu:,.0f} per CPU second); target >= {FILES_PER_SECOND_TARGET:,}/s: "
        f"{'PASS' if per_second >= FILES_PER_SECOND_TARGET else 'OVER'}"
    )
    print(
        f"  shell loop, one needlecheck per file: {len(files)} files in {loop_wall:.2f} s, "
        f"so {loop_all:,.0f} s for {options.files:,}"
    )
    print(
        f"  one process is {speedup:,.0f}x the loop; target >= {LOOP_SPEEDUP_TARGET}x: "
        f"{'PASS' if speedup >= LOOP_SPEEDUP_TARGET else 'OVER'}"
    )
    return 0 if per_second >= FILES_PER_SECOND_TARGET and speedup >= LOOP_SPEEDUP_TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
