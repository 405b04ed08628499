"""Crash test: the projection process is killed with SIGKILL at random moments while it catches up
on a 20,000-event history. After each restart it continues where it committed last; at the end
every read model equals a clean rebuild: nothing lost, nothing applied twice (the report's
timelines, the shortlists' decision histories and the matching index's versions would show an
event applied twice).

Each kill waits for a committed position, never for time: a runner that needs seconds to start on a
busy machine is killed only once it has committed past a random target, which lie spread over the
catch-up (then a random moment more, so that it dies inside its next page). A few such kills, each
mid-catch-up and each after progress, show as much as many: every restart crosses a commit boundary.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from benchmarks.workload import grow
from projections.manager import ReadModels
from services.infrastructure.store import Store

PLAIN = ["board", "directory", "shortlists", "calendar", "report", "matching"]
EVENTS = 20_000
KILLS = 6
PATIENCE = 300.0  # seconds a runner may take to start and commit past its target on a busy machine
ROOT = Path(__file__).resolve().parents[2]


def kill_targets(total: int, rng: random.Random) -> list[int]:
    """One random position in each of KILLS equal slices of the catch-up's middle 5–85 %."""
    low, high = 0.05 * total, 0.85 * total
    width = (high - low) / KILLS
    return [int(low + width * (i + rng.random())) for i in range(KILLS)]


def test_killed_while_catching_up_nothing_lost_nothing_twice(location: str) -> None:
    store = Store(location)
    assert grow(store, EVENTS) >= EVENTS
    # Small pages make many commits, so that the kills land inside the catch-up (SQLite commits fast).
    page = "200" if location.startswith("postgres") else "100"
    env = {**os.environ, "MATCHMAKER_STORE": location, "MATCHMAKER_PROJECTION_PAGE": page}
    command = [sys.executable, "-m", "services.entrypoints.cli.main", "project", "run", *PLAIN]
    models = ReadModels(store, location)
    head = store.recorder.max_notification_id() or 0
    total = len(PLAIN) * head

    # The generations are fixed until the rebuild: asked once, and each model opened (its tables
    # made) here before any runner starts, so that polling neither races the runner's DDL nor
    # opens a connection per look.
    generations = {name: models.runners[name].catalog.active(name) for name in PLAIN}

    def committed() -> int:
        return sum(models.runners[name].position(generations[name]) for name in PLAIN)

    assert committed() == 0

    rng = random.Random(2021)
    positions = [0]
    for target in kill_targets(total, rng):
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            deadline = time.monotonic() + PATIENCE
            while (reached := committed()) <= max(target, positions[-1]):  # a commit past the target
                assert process.poll() is None, f"the runner exited with {process.returncode} at {reached}"
                assert time.monotonic() < deadline, f"no commit past {target} within {PATIENCE} s"
                time.sleep(0.02)
            time.sleep(rng.uniform(0.0, 0.2))  # then a random moment inside its next page
        finally:  # whatever happened, no runner outlives its turn
            process.send_signal(signal.SIGKILL)
            process.wait()
        positions.append(committed())
    print(f"positions summed over {len(PLAIN)} read models after each kill (of {total}):", positions)
    assert positions == sorted(set(positions)), positions  # each restart went on from its last commit
    assert positions[-1] < total, positions  # and every kill came before the end
    subprocess.run([*command, "--once"], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
    assert all(models.runners[name].position() == head for name in PLAIN)
    survived = {name: models.view(name, current=False).all() for name in PLAIN}
    for name in PLAIN:
        models.rebuild(name)
    rebuilt = {name: models.view(name, current=False).all() for name in PLAIN}
    for name in PLAIN:
        assert survived[name] == rebuilt[name], f"{name} differs from a clean rebuild"
    models.close()
    store.close()
