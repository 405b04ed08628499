"""Crash test: the projection process is killed with SIGKILL at random moments, 20 times, while it
catches up on 50,000 events. After each restart it continues where it committed last; at the end
every read model equals a clean rebuild: nothing lost, nothing applied twice (the report's
timelines, the shortlists' decision histories and the matching index's versions would show an
event applied twice).

Each kill comes after the runner was seen to commit (its tracking position moved), plus a random
moment: however slowly the process starts on a busy machine, it dies inside the catch-up."""

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
PATIENCE = 300.0  # seconds a restarted runner may take to commit its first page on a busy machine
ROOT = Path(__file__).resolve().parents[2]


def test_killed_twenty_times_while_catching_up_nothing_lost_nothing_twice(location: str) -> None:
    store = Store(location)
    events = grow(store, 50_000)
    assert events >= 50_000
    # Small pages make many commits, so that the kills land inside the catch-up (SQLite commits fast).
    page = "100" if location.startswith("postgres") else "20"
    env = {**os.environ, "MATCHMAKER_STORE": location, "MATCHMAKER_PROJECTION_PAGE": page}
    command = [sys.executable, "-m", "services.entrypoints.cli.main", "project", "run", *PLAIN]
    models = ReadModels(store, location)
    rng = random.Random(2021)
    positions = []
    reached = 0
    head = store.recorder.max_notification_id() or 0
    for _ in range(20):
        if reached == len(PLAIN) * head:
            break  # caught up already (a fast machine)
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        deadline = time.monotonic() + PATIENCE
        while sum(models.runners[name].position() for name in PLAIN) <= reached:  # wait for a commit
            assert process.poll() is None, "the runner stopped before committing anything"
            assert time.monotonic() < deadline, f"no commit within {PATIENCE} s"
            time.sleep(0.01)
        time.sleep(rng.uniform(0.0, 0.3))  # then a random moment of the catch-up
        process.send_signal(signal.SIGKILL)
        process.wait()
        reached = sum(models.runners[name].position() for name in PLAIN)
        positions.append(reached)
    print(f"positions summed over {len(PLAIN)} read models after each kill (head {head}):", positions)
    assert positions[-1] > positions[0] > 0, positions  # it was catching up across the kills
    assert positions[0] < len(PLAIN) * head  # and had not finished before the first kill
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
