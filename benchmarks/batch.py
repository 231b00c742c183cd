"""Batch screening throughput: a clinic's archive of answers files in one process.

Run with ``python benchmarks/batch.py`` (``--help`` for options; to time a worktree's
code, ``PYTHONPATH=src``). It writes 10,000 varied answers files (valid ones, JSON and
one in ten TOML, as ``bench.py`` generates them) to a temporary folder, and the same
answers as JSON Lines, then times on one core (``taskset``), each the median of a few
runs, every run checked for a report per file:

- ``needlecheck screen --answers FOLDER --format jsonl`` (issue 15's figure);
- ``needlecheck screen --answers - --format jsonl`` with the JSON Lines on standard input;
- ``needlecheck screen --answers FOLDER --output-dir D --format json`` (a report file
  per answers file, in a new folder each run);
- a shell loop that runs ``needlecheck screen --answers FILE --format json`` once per file
  over the first 200 files, extrapolated to all of them.

Targets (issue 15's Done-when): at least 1,000 files per second to JSON Lines (from the
folder, and from standard input), and the folder at least 100 times the loop. Exits 1 if
any is missed. --output-dir has no target: each report is its own file, written
atomically and synced to disk (``storage.write_private``), which the disk's speed bounds.
Wall time is what the targets are about; CPU time is shown beside it, and how much of
the wall time needlecheck had the core: on a shared machine other work on the same core
lengthens the wall time (the CPU figure is what the core does for needlecheck alone).
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


def write_archive(folder: Path, json_lines: Path, count: int, seed: int) -> None:
    """``count`` answers files in ``folder`` (mostly JSON, one in ten TOML), and the same
    answers in ``json_lines``, one object a line."""
    content = load_content()
    lines = []
    for number, (answers, _) in enumerate(random_answer_sets(content, count, random.Random(seed))):
        plain = {k: list(v) if isinstance(v, tuple) else v for k, v in answers.items()}
        lines.append(json.dumps(plain, ensure_ascii=False))
        if number % 10 == 9:
            toml = [
                f"{key} = {json.dumps(value, ensure_ascii=False)}" for key, value in plain.items()
            ]
            (folder / f"{number:06d}.toml").write_text("\n".join(toml) + "\n", "utf-8")
        else:
            (folder / f"{number:06d}.json").write_text(lines[-1], "utf-8")
    json_lines.write_text("\n".join(lines) + "\n", "utf-8")


def one_core(command: list[str]) -> list[str]:
    taskset = shutil.which("taskset")
    return [taskset, "-c", str(min(os.sched_getaffinity(0))), *command] if taskset else command


def timed(
    command: list[str],
    env: dict[str, str],
    *,
    stdin: Path | None = None,
    reports: int | None = None,
) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, children included) of one run; with
    ``reports``, checks that standard output held that many lines."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(stdin or os.devnull, "rb") as given, tempfile.TemporaryFile() as taken:
        started = time.perf_counter()
        run = subprocess.run(
            command, env=env, stdin=given, stdout=taken, stderr=subprocess.PIPE, check=False
        )
        wall = time.perf_counter() - started
        taken.seek(0)
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: taken.read(1 << 20), b""))
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if run.returncode != 0 or reports not in (None, lines):
        sys.exit(f"{command}: exit {run.returncode}, {lines} lines\n{run.stderr[-500:].decode()}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def median_of(runs: list[tuple[float, float]]) -> tuple[float, float]:
    return statistics.median(run[0] for run in runs), statistics.median(run[1] for run in runs)


def throughput(name: str, files: int, wall: float, cpu: float, *, target: bool = True) -> bool:
    """Prints the figure; whether it meets the target (if it has one)."""
    met = files / wall >= FILES_PER_SECOND_TARGET
    verdict = f"target >= {FILES_PER_SECOND_TARGET:,}/s: {'PASS' if met else 'MISS'}"
    print(
        f"  {name}: {wall:.2f} s wall ({cpu:.2f} s CPU, the core {cpu / wall:.0%} of the time): "
        f"{files / wall:,.0f} files/s ({files / cpu:,.0f} per CPU second); "
        f"{verdict if target else 'no target'}"
    )
    return met or not target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=10_000, help="answers files in the archive")
    parser.add_argument("--loop-files", type=int, default=200, help="files the shell loop runs")
    parser.add_argument("--runs", type=int, default=3, help="runs of each batch (median)")
    parser.add_argument("--seed", type=int, default=15)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="needlecheck-batch-") as temporary:
        folder = Path(temporary)
        archive, json_lines, home = folder / "archive", folder / "answers.jsonl", folder / "home"
        archive.mkdir()
        env = {
            **{k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"},
            "HOME": str(home),
            "XDG_DATA_HOME": str(home / "data"),
            "XDG_STATE_HOME": str(home / "state"),
            "XDG_CACHE_HOME": str(home / "cache"),
        }
        write_archive(archive, json_lines, options.files, options.seed)
        screen = [str(NEEDLECHECK), "screen", "--answers"]
        from_folder = one_core([*screen, str(archive), "--format", "jsonl"])
        from_stdin = one_core([*screen, "-", "--format", "jsonl"])
        timed(from_folder, env, reports=options.files)  # bytecode written, caches warm
        folder_runs, stdin_runs, output_dir_runs = [], [], []
        for run in range(options.runs):  # interleaved: a busy spell hits each alike
            folder_runs.append(timed(from_folder, env, reports=options.files))
            stdin_runs.append(timed(from_stdin, env, stdin=json_lines, reports=options.files))
            reports = folder / f"reports-{run}"
            to_folder = [*screen, str(archive), "--output-dir", str(reports), "--format", "json"]
            output_dir_runs.append(timed(one_core(to_folder), env))
            written = sum(1 for _ in reports.iterdir())
            if written != options.files:
                sys.exit(f"--output-dir: {written} reports for {options.files} files")
            shutil.rmtree(reports)
        files = sorted(archive.iterdir())[: options.loop_files]
        list_file = folder / "loop-files"
        list_file.write_text("\n".join(map(str, files)) + "\n", "utf-8")
        loop = (
            f'while read -r f; do "{NEEDLECHECK}" screen --answers "$f" --format json '
            f'|| exit 1; done < "{list_file}"'
        )
        loop_wall, loop_cpu = timed(one_core(["sh", "-c", loop]), env)

    print(f"Batch: {options.files:,} answers files, one core, median of {options.runs} runs each")
    wall, cpu = median_of(folder_runs)
    met = [throughput("a folder to JSON Lines", options.files, wall, cpu)]
    met.append(throughput("JSON Lines on standard input", options.files, *median_of(stdin_runs)))
    output_dir = median_of(output_dir_runs)
    throughput("a folder to --output-dir (JSON)", options.files, *output_dir, target=False)
    loop_all = loop_wall / len(files) * options.files
    print(
        f"  shell loop, one needlecheck per file: {len(files)} files in {loop_wall:.2f} s "
        f"({loop_cpu:.2f} s CPU), so {loop_all:,.0f} s for {options.files:,}"
    )
    speedup = loop_all / wall
    met.append(speedup >= LOOP_SPEEDUP_TARGET)
    print(
        f"  a folder to JSON Lines is {speedup:,.0f}x the loop; target >= "
        f"{LOOP_SPEEDUP_TARGET}x: {'PASS' if met[-1] else 'MISS'}"
    )
    return 0 if all(met) else 1


if __name__ == "__main__":
    sys.exit(main())
