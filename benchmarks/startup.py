"""How long the command line takes to start, as a user runs it: `matchmaker --help` and
`matchmaker challenge list` on a small store, each a fresh process, against `python -c pass`
started the same way in the same run.

- *warm*: the best of several runs, alternated with the baseline (bytecode compiled, files cached,
  the store's read models caught up): what every command after the first costs.
- *cold*: the first run after an install, with an empty bytecode cache (every module compiled
  anew, `PYTHONPYCACHEPREFIX` pointing to an empty folder) on a fresh copy of the store (its read
  models built on this first read); the baseline starts Python with an empty cache too.

The issue's target is 0.3 s for a warm start on a quiet machine; the ratio column is
`python -c pass` ÷ the command (1.00 would be as fast as Python itself), and each figure's name
says how many times `python -c pass` it took.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from benchmarks.runner import Figure, benchmark

#: Runs of each command for the warm figures; the best is taken.
REPEATS = int(os.environ.get("MATCHMAKER_BENCH_STARTUP_REPEATS") or 9)
#: The issue's target for a warm start, in milliseconds.
TARGET_MS = 300.0


def matchmaker() -> list[str]:
    """The `matchmaker` script beside this interpreter (what `./run` runs), else the module."""
    script = Path(sys.executable).parent / "matchmaker"
    return [str(script)] if script.exists() else [sys.executable, "-m", "services.entrypoints.cli.main"]


def timed(command: Sequence[str], env: dict[str, str]) -> float:
    """Wall seconds of one run to its end, its output discarded; a failing run is an error."""
    started = time.perf_counter()
    subprocess.run(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=True)
    return time.perf_counter() - started


def small_store(folder: Path) -> Path:
    """A programme and three challenges, recorded through the application layer (no startups:
    nothing to embed, so no model is loaded)."""
    from domain import Actor, When
    from services.application.commands import DraftChallenge, LaunchProgramme, handle
    from services.infrastructure.store import Store

    path = folder / "store.db"
    store = Store(str(path))
    manager, when = Actor("Benchmark", "manager"), When(date(2019, 2, 1))
    handle(
        store, LaunchProgramme("Data-Hub-Programm", "Herne", ["Gründerallianz Ruhr"]), by=manager, when=when
    )
    for title in (
        "Smart Waste Hunter: Intelligente Sperrmüllprozesse",
        "Smart Energy Monitoring for municipal buildings",
        "Wärmewende im Bestand",
    ):
        details = {"title": title, "owner": "Stadt Herne", "sector": "energy"}
        handle(store, DraftChallenge(details, "data-hub-programm"), by=manager, when=when)
    store.close()
    return path


@benchmark(
    "startup", "start-up of `matchmaker --help` and `challenge list` (small store) vs `python -c pass`"
)
def startup_benchmark(scale: int) -> list[Figure]:
    cli = matchmaker()
    commands = {
        "matchmaker --help": [*cli, "--help"],
        "matchmaker challenge list": [*cli, "challenge", "list"],
    }
    with tempfile.TemporaryDirectory() as folder:
        store = small_store(Path(folder))
        env = {**os.environ, "MATCHMAKER_STORE": str(store), "COLUMNS": "120"}
        env.pop("MATCHMAKER_ON", None)
        baseline = [sys.executable, "-c", "pass"]
        figures = [*cold(commands, baseline, env, Path(folder), store)]
        timed(commands["matchmaker challenge list"], env)  # the read models caught up once
        best = {name: float("inf") for name in [*commands, "pass"]}
        for _ in range(REPEATS * scale):
            best["pass"] = min(best["pass"], timed(baseline, env))
            for name, command in commands.items():
                best[name] = min(best[name], timed(command, env))
        figures += [figure(f"{name}, warm", best[name], best["pass"], limit=TARGET_MS) for name in commands]
    return figures


def cold(
    commands: dict[str, list[str]], baseline: list[str], env: dict[str, str], folder: Path, store: Path
) -> list[Figure]:
    """Each command once with an empty bytecode cache and a fresh copy of the store."""
    figures = []
    for number, (name, command) in enumerate(commands.items()):
        fresh = folder / f"cold-{number}"
        fresh.mkdir()
        copy = fresh / "store.db"
        shutil.copy(store, copy)
        empty = {**env, "MATCHMAKER_STORE": str(copy), "PYTHONPYCACHEPREFIX": str(fresh / "pycache")}
        value = timed(command, empty)
        pass_env = {**env, "PYTHONPYCACHEPREFIX": str(fresh / "pycache-pass")}
        figures.append(figure(f"{name}, cold", value, timed(baseline, pass_env)))
    return figures


def figure(name: str, seconds: float, baseline: float, limit: float | None = None) -> Figure:
    times = seconds / baseline if baseline else float("nan")
    return Figure(
        f"{name} ({times:.1f}× python -c pass)",
        seconds * 1000,
        "python -c pass",
        baseline * 1000,
        "ms",
        higher_is_better=False,
        limit=limit,
    )
