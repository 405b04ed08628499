"""Crash test: the projection process is killed with SIGKILL at random moments, 20 times, while it
catches up on 50,000 events. After each restart it continues where it committed last; at the end
every read model equals a clean rebuild: nothing lost, nothing applied twice (the report's
timelines and the shortlists' decision histories would show an event applied twice)."""

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
from services.store import Store

PLAIN = ["board", "directory", "shortlists", "calendar", "report"]
ROOT = Path(__file__).resolve().parents[2]


def test_killed_twenty_times_while_catching_up_nothing_lost_nothing_twice(location: str) -> None:
    store = Store(location)
    events = grow(store, 50_000)
    assert events >= 50_000
    # Small pages make many commits, so that the kills land inside the catch-up (SQLite commits fast).
    page = "100" if location.startswith("postgres") else "20"
    env = {**os.environ, "MATCHMAKER_STORE": location, "MATCHMAKER_PROJECTION_PAGE": page}
    command = [sys.executable, "-m", "services.cli.main", "project", "run", *PLAIN]
    models = ReadModels(store, location)
    rng = random.Random(2021)
    positions = []
    for _ in range(20):
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.7, 1.5))
        process.send_signal(signal.SIGKILL)
        process.wait()
        positions.append(sum(models.runners[name].position() for name in PLAIN))
    head = store.recorder.max_notification_id()
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
