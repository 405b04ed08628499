"""The shortlist path over the matching index: 1,000, 10,000 and 100,000 startups (1,000,000 with
`--scale 10`).

For each size a store is grown from the dev catalogue and the YC catalogue (names, sentence order
and capabilities varied, so that every profile is its own text), the embeddings read model gives
every text a synthetic vector (a deterministic stand-in for the model: nothing here calls it) and
writes it through the project's vector store, and the matching read model indexes the log. Then a
new process opens the store and is timed on the path the CLI and the API take
(`Shortlisting.request`: catch up, rank the pool of the day, explain the top 10, record the
Shortlist event):

- cold start: from the process's start until the index is loaded and its vectors looked up;
- steady: p50 and p95 of 30 shortlists in a row for five challenges in turn (each records an
  event that the next catches up);
- after a new startup: a startup registered and embedded, then the next shortlist;
- memory: the process's resident size after the steady shortlists, and its peak.

Baseline in the same process: a bare numpy top-10 over the same float32 matrix (one product and
an `argpartition`), the least any ranking of the pool must do.

    python -m benchmarks shortlist [--scale 10]
    python -m benchmarks.shortlist measure STORE     # the timed process, printing JSON
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
from threadpoolctl import threadpool_limits

from benchmarks.runner import Figure, benchmark
from benchmarks.workload import _texts
from domain import Actor, Challenge, Programme, Startup, When
from domain.values import Sector

SIZES = (1_000, 10_000, 100_000)
DIMENSIONS = 384
MANAGER = Actor("Benchmark", "manager")
ON = When(date(2024, 1, 2))
STEADY = 30
CHALLENGES = 5  # the first challenges of the dev set, asked for in turn
AFTER_NEW = 5
CITIES = [
    "Herne", "Bochum", "Dortmund", "Essen", "Gelsenkirchen", "Köln", "Düsseldorf", "Münster", "Berlin",
    "Hamburg", "München", "Leipzig", "Wien", "Amsterdam", "Paris", "Kopenhagen", "San Francisco", "Austin",
]  # fmt: skip
STAGES = ["idea", "pre-seed", "seed", "series-a", "growth"]
SUFFIXES = "Nord Süd Ost West Digital Labs Systems Works Hub Tech Data Solutions Analytics Cloud".split()
SENTENCE = re.compile(r"(?<=[.!?])\s+")


class Synthetic:
    """A stand-in for the embedding model: a unit vector derived from each text's digest, so that
    the benchmark times the engine around the model without the model's minutes of encoding."""

    name = "synthetic vectors (benchmark)"
    fingerprint = "synthetic-bench-1"

    def embed(self, texts: list[str]) -> np.ndarray:
        vectors = np.empty((len(texts), DIMENSIONS), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
            vectors[i] = np.random.default_rng(seed).standard_normal(DIMENSIONS)
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def catalogue(size: int, seed: int = 2021) -> list[dict[str, Any]]:
    """`size` distinct profiles grown from the real catalogues."""
    texts = _texts()
    rng = random.Random(seed)
    capabilities = sorted({c for t in texts for c in t["capabilities"]})
    sectors = [s.value for s in Sector]
    profiles = []
    for n in range(size):
        base = texts[n % len(texts)]
        sentences = SENTENCE.split(base["description"])
        rng.shuffle(sentences)
        profiles.append(
            {
                "name": f"{rng.choice(SUFFIXES)} {n} {rng.choice(SUFFIXES)}",
                "description": " ".join(sentences),
                "capabilities": [*base["capabilities"][:5], rng.choice(capabilities)],
                "sectors": rng.sample(sectors, rng.choice((1, 1, 2))),
                "languages": [base["language"]],
                "city": rng.choice(CITIES),
                "stage": rng.choice(STAGES),
            }
        )
    return profiles


def grow(location: str, size: int) -> dict[str, float]:
    """A store with a published challenge and `size` startups, embedded and indexed."""
    from services.application.readmodels import read_models
    from services.application.shortlisting import Shortlisting, use
    from services.infrastructure.store import Store

    store = Store(location)
    programme = Programme.launch(
        ref="bench",
        name="Bench",
        city="Herne",
        partners=["Gründerallianz Ruhr"],
        starts_on=ON.on,
        by=MANAGER,
        when=ON,
    )
    dev = Path(__file__).resolve().parents[1].joinpath("data/eval-dev/challenges.jsonl").read_text()
    fields = ("title", "owner", "description", "required_capabilities", "sector", "language")
    tendered = []
    for n, line in enumerate(dev.splitlines()[:CHALLENGES]):
        record = json.loads(line)
        challenge = Challenge.draft(
            ref=f"bench-challenge-{n}",
            programme_id=programme.id,
            details={k: record[k] for k in fields},
            by=MANAGER,
            when=ON,
        )
        challenge.publish(date(2099, 1, 1), by=MANAGER, when=ON)
        tendered.append(challenge)
    store.save(programme, *tendered)
    started = time.perf_counter()
    batch: list[Startup] = []
    for n, profile in enumerate(catalogue(size)):
        batch.append(Startup.register(ref=f"bench-{n}", profile=profile, by=MANAGER, when=ON))
        if len(batch) == 1000:
            store.save(*batch)
            batch.clear()
    if batch:
        store.save(*batch)
    recorded = time.perf_counter() - started
    models = read_models(store)
    embedder = synthetic_embedder(location)
    models.enable("embeddings", {"embedder": embedder})
    started = time.perf_counter()
    models.catch_up(["embeddings"])
    embedded = time.perf_counter() - started
    started = time.perf_counter()
    use(store, Shortlisting(store, dense=[(embedder, 1.0)])).current()
    indexed = time.perf_counter() - started
    store.close()
    return {"record": recorded, "embed": embedded, "index": indexed}


def synthetic_embedder(location: str) -> Any:
    from matching.vectors import CachedEmbedder, vectors_beside

    return CachedEmbedder(Synthetic(), vectors_beside(location))  # type: ignore[arg-type]


def rss() -> tuple[float, float]:
    """Resident and peak resident size of this process in MB."""
    status = Path("/proc/self/status").read_text()
    values = {k: float(v.split()[0]) / 1024 for k, v in re.findall(r"(VmRSS|VmHWM):\s+(\d+ kB)", status)}
    return values["VmRSS"], values["VmHWM"]


def measure(location: str, started: float) -> dict[str, Any]:
    """The timed process: load, rank, register, rank again."""
    from services.application.commands import RegisterStartup, handle
    from services.application.readmodels import read_models
    from services.application.shortlisting import Request, Shortlisting, use
    from services.infrastructure.store import Store

    store = Store(location)
    embedder = synthetic_embedder(location)
    read_models(store).enable("embeddings", {"embedder": embedder})
    service = use(store, Shortlisting(store, dense=[(embedder, 1.0)]))
    index, pool = service.warm_up()
    ready = time.time() - started
    timed = time.perf_counter()
    service.request("bench-challenge-0", Request(top=10), by=MANAGER)
    first = time.perf_counter() - timed
    steady = []
    for n in range(STEADY):
        timed = time.perf_counter()
        shortlist, ranking = service.request(f"bench-challenge-{n % CHALLENGES}", Request(top=10), by=MANAGER)
        steady.append(time.perf_counter() - timed)
    assert ranking.not_embedded == 0 and len(shortlist.candidates) == 10
    memory, peak = rss()
    blocks, _ = index.vectors_for(embedder.fingerprint)
    matrix = np.concatenate(blocks.blocks)[: index.row_count]
    query = embedder.embed(["bench query"])[0]
    bare = []
    with threadpool_limits(limits=os.cpu_count() or 1, user_api="blas"):  # numpy as it comes: all cores
        for _ in range(STEADY):
            timed = time.perf_counter()
            scores = matrix @ query
            top = np.argpartition(-scores, 10)[:10]
            top[np.argsort(-scores[top])]
            bare.append(time.perf_counter() - timed)
    del matrix
    after = []
    for n in range(AFTER_NEW):
        profile = catalogue(1, seed=n + 7)[0] | {"name": f"Neu gegründet {n}"}
        handle(store, RegisterStartup(profile), by=MANAGER)
        read_models(store).catch_up(["embeddings"])
        timed = time.perf_counter()
        service.request(f"bench-challenge-{n % CHALLENGES}", Request(top=10), by=MANAGER)
        after.append(time.perf_counter() - timed)
    store.close()
    return {
        "startups": len(pool),
        "cold_start": ready,
        "first": first,
        "steady_p50": statistics.median(steady),
        "steady_p95": float(np.percentile(steady, 95)),
        "after_new_p50": statistics.median(after),
        "bare_p50": statistics.median(bare),
        "rss_mb": memory,
        "peak_mb": peak,
    }


def run_size(size: int) -> tuple[dict[str, float], dict[str, Any]]:
    folder = Path(tempfile.mkdtemp(prefix=f"matchmaker-bench-{size}-"))
    try:
        location = str(folder / "store.db")
        built = grow(location, size)
        started = time.time()
        output = subprocess.run(
            [sys.executable, "-m", "benchmarks.shortlist", "measure", location, str(started)],
            check=True,
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
        )
        return built, json.loads(output.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@benchmark(
    "shortlist", "ranked shortlists over the matching index at 1k, 10k and 100k startups (1M with --scale 10)"
)
def shortlist_benchmark(scale: int) -> list[Figure]:
    sizes = SIZES + ((1_000_000,) if scale >= 10 else ())
    figures = []
    for size in sizes:
        built, measured = run_size(size)
        label = f"{size:,}"
        ms = 1000.0
        print(
            f"  {label} startups: recorded {built['record']:.1f} s, embedded {built['embed']:.1f} s, "
            f"indexed {built['index']:.1f} s; {json.dumps(measured)}",
            file=sys.stderr,
        )
        steady_limit = 1000.0 if size >= 1_000_000 else 100.0 if size >= 100_000 else None
        figures += [
            Figure(
                f"shortlist p50, {label}",
                measured["steady_p50"] * ms,
                "bare numpy top-10",
                measured["bare_p50"] * ms,
                "ms",
                target_ratio=0.2 if size == 100_000 else None,
                higher_is_better=False,
                limit=steady_limit,
            ),
            Figure(
                f"shortlist p95, {label}",
                measured["steady_p95"] * ms,
                "bare numpy top-10",
                measured["bare_p50"] * ms,
                "ms",
                higher_is_better=False,
            ),
            Figure(
                f"after one new startup, {label}",
                measured["after_new_p50"] * ms,
                "steady p50",
                measured["steady_p50"] * ms,
                "ms",
                higher_is_better=False,
                limit=200.0 if size == 100_000 else None,
            ),
            Figure(
                f"cold start, {label}",
                measured["cold_start"] * ms,
                "steady p50",
                measured["steady_p50"] * ms,
                "ms",
                higher_is_better=False,
                limit=5000.0 if size == 100_000 else None,
            ),
            Figure(
                f"memory (resident), {label}",
                measured["rss_mb"],
                "peak",
                measured["peak_mb"],
                "MB",
                higher_is_better=False,
                limit=600.0 if size == 100_000 else None,
            ),
        ]
    return figures


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "measure":
        begun = float(sys.argv[3]) if len(sys.argv) > 3 else time.time()
        print(json.dumps(measure(sys.argv[2], begun)))
    else:
        os.execv(sys.executable, [sys.executable, "-m", "benchmarks", "shortlist", *sys.argv[1:]])
